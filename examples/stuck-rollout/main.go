// Stuck-rollout reproduces kubernetes#67250, the StatefulSet rollout that
// no template change can unstick: under the default OrderedReady policy an
// update of web (3 replicas) to an image that never becomes Ready replaces
// web-2 and stops, waiting for web-2 to be Ready; reverting the image does
// not help, because the controller only reaches its update step once every
// pod is Running and Ready, so the broken web-2 is never replaced (the
// trace shows the controller's wait and why); deleting web-2 by hand does,
// and it comes back at the reverted revision. With podManagementPolicy:
// Parallel the controller replaces the broken pod itself and the revert
// alone is enough. Run it with `go run ./examples/stuck-rollout`.
//
// The scenario is the script stuck-rollout.txt beside this file (`stsim run
// examples/stuck-rollout/stuck-rollout.txt` runs it too); this program
// embeds it and prints each command as a prompt before its output, with
// the trace of what the controllers did.
package main

import (
	_ "embed"
	"fmt"
	"io"
	"os"

	"github.com/stsim/stsim/script"
)

//go:embed stuck-rollout.txt
var src string

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func run(w io.Writer) error {
	opts := script.Options{Name: "stuck-rollout.txt", Trace: script.TraceText, Prompts: true}
	return script.New(w, opts).Run(script.Parse(src))
}
