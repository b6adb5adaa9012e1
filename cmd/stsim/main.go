// Command stsim runs stsim's scenario scripts against a simulated
// Kubernetes cluster:
//
//	stsim run [--seed N] [--trace=text|json|none] [--trace-file PATH] [--timeline PATH] [--strict] [--check] SCRIPT
//	stsim apply -f FILE... [--run] [--seed N]
//	stsim version
//	stsim help
//
// It exits 0 on success, 1 when --strict or --check stopped the run (or the
// script cannot be read) or when apply could not apply a manifest, and 2 on
// a usage error.
package main

import (
	"fmt"
	"io"
	"os"
	"runtime/debug"

	"github.com/stsim/stsim/script"
)

// Exit codes.
const (
	exitOK     = 0
	exitFailed = 1
	exitUsage  = 2
)

// kubernetesVersion is the Kubernetes release the simulator follows.
const kubernetesVersion = "v1.37.2"

const usage = `usage:
  stsim run [--seed N] [--trace=text|json|none] [--trace-file PATH] [--timeline PATH]
            [--strict] [--check] SCRIPT
  stsim apply -f FILE... [--run] [--seed N]
  stsim version
  stsim help

run executes a scenario script (see shared/spec/scripts.md): the trace events
and each command's output are printed as they happen.

  --seed N           the random seed (overrides the script's seed command)
  --trace MODE       text (default), json (one JSON object per line) or none
  --trace-file PATH  write the trace to PATH instead of standard output
  --timeline PATH    write an SVG picture of the pods' lifecycles to PATH
  --strict           stop at the first error and exit 1
  --check            run every invariant after every event; stop at the
                     first violation and exit 1

apply applies the manifests of the files and directories (their .yaml, .yml
and .json files) to a new simulated cluster as kubectl apply would, and
prints the tables of the StatefulSets, pods (-o wide), claims and services
it then holds (only the kinds that hold objects).

  -f FILE            a manifest file or directory (repeatable, or a,b)
  --run              run until the cluster is stable before printing
  --seed N           the random seed
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr, env{}))
}

// env is what tests add to a run: extra invariants for --check.
type env struct {
	checks []script.Check
}

// run is the command line: it returns the exit code.
func run(args []string, stdout, stderr io.Writer, e env) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	switch args[0] {
	case "run":
		return runScript(args[1:], stdout, stderr, e)
	case "apply":
		return applyFiles(args[1:], stdout, stderr)
	case "version":
		fmt.Fprintf(stdout, "stsim %s (simulates Kubernetes %s)\n", version(), kubernetesVersion)
		return exitOK
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return exitOK
	}
	fmt.Fprintf(stderr, "stsim: unknown command %q\n%s", args[0], usage)
	return exitUsage
}

// version is the module version stsim was built from.
func version() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		return bi.Main.Version
	}
	return "(devel)"
}
