// Package script runs stsim's kubectl-flavoured scenario scripts (the
// contract is shared/spec/scripts.md): one command per line, split into
// words as a POSIX shell splits them, run against a simulated cluster that is
// created on the first command that needs it.
//
// Parse turns a script into Commands; a Runner runs them, printing each
// command's output, and each trace event as it happens, on one writer.
// Errors are printed exactly as kubectl prints them and the script goes on,
// unless Options.Strict stops it at the first one. Each command is one small
// handler in its own file (cmd_*.go), registered in the table of
// commands.go.
//
// apply and patch work on Kubernetes JSON at the edge, as kubectl and the
// API server do: patch applies a strategic merge, JSON merge or JSON
// patch (patch_*.go); apply over a StatefulSet that exists applies
// kubectl's three-way merge of the live set, the last manifest applied and
// the new one (apply_threeway.go), so that what no manifest gave (replicas
// set by scale, a label set by label) survives a re-apply. The last
// manifest applied is kept by the Runner, not in the
// last-applied-configuration annotation kubectl writes, so that outputs
// stay as they are.
package script
