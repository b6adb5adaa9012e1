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
package script
