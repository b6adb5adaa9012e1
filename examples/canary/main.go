// Canary shows a partitioned rolling update of a StatefulSet, the usual way
// to try a new version on some pods first: with
// spec.updateStrategy.rollingUpdate.partition set to 2, a new image for the
// 4 pods of web only replaces the pods whose ordinal is 2 or more (web-3,
// then web-2), and `kubectl rollout status` reports the partitioned rollout
// complete; the canaries are checked through their controller-revision-hash
// and the revision's template; a pod below the partition that is deleted
// comes back at the old revision; and partition 0 then rolls the update
// out to web-1 and web-0. Run it with `go run ./examples/canary`.
//
// The scenario is the script canary.txt beside this file (`stsim run
// --trace=none examples/canary/canary.txt` runs it too); this program embeds
// it and prints each command as a prompt before its output.
package main

import (
	_ "embed"
	"fmt"
	"io"
	"os"

	"github.com/stsim/stsim/script"
)

//go:embed canary.txt
var src string

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func run(w io.Writer) error {
	opts := script.Options{Name: "canary.txt", Trace: script.TraceNone, Prompts: true, Strict: true}
	return script.New(w, opts).Run(script.Parse(src))
}
