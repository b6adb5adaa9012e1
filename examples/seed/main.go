// Seed replays the seed article — a course chapter on StatefulSets — step by
// step on a simulated cluster, with the gotchas its readers ran into:
// redis-sts (2 replicas of redis:5-alpine) gets pods named by ordinal and
// created in order, each with its name as hostname; without a Service, or
// with one not named after spec.serviceName, the per-pod names do not
// resolve; redis-svc gives each pod a stable DNS name
// (redis-sts-0.redis-svc, fully redis-sts-0.redis-svc.default.svc.cluster.local);
// making the existing ClusterIP Service headless with `kubectl apply` fails
// (spec.clusterIPs[0]: Invalid value: ["None"]: may not change once set)
// and deleting and re-creating it is the way out; redis-pv-sts gets one
// claim per pod from its volumeClaimTemplates on the nfs-client
// StorageClass, Pending while the provisioner is not running and Bound once
// it is; the keys a=111 and b=222 written with redis-cli in redis-pv-sts-0
// are read back after the pod is deleted and re-created under the same name
// with the same claim. Run it with `go run ./examples/seed`.
//
// The walkthrough is the script seed.txt beside this file, with the
// article's manifests (`stsim run --trace=none examples/seed/seed.txt` runs
// it too); this program embeds them and prints each command as a prompt
// before its output.
package main

import (
	"embed"
	"fmt"
	"io"
	"os"

	"github.com/stsim/stsim/script"
)

//go:embed seed.txt *.yml
var files embed.FS

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func run(w io.Writer) error {
	src, err := files.ReadFile("seed.txt")
	if err != nil {
		return err
	}
	opts := script.Options{Name: "seed.txt", FS: files, Trace: script.TraceNone, Prompts: true}
	return script.New(w, opts).Run(script.Parse(string(src)))
}
