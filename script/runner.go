package script

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/stsim/stsim/sim"
	"github.com/stsim/stsim/sim/invariants"
)

// TraceMode says how trace events are printed as they happen.
type TraceMode int

// The trace modes.
const (
	// TraceText prints each event in the trace's text form (the default).
	TraceText TraceMode = iota
	// TraceJSON prints each event as one line of JSON.
	TraceJSON
	// TraceNone prints no event (the `trace` command still works).
	TraceNone
)

// Check is an extra invariant that Options.Check runs after every event,
// beside those of package invariants.
type Check func(*sim.Cluster) []invariants.Violation

// Options configure a run.
type Options struct {
	// Name is the script's path as the user gave it, for messages.
	Name string
	// Dir is the directory that `apply -f` paths are relative to.
	Dir string
	// FS, when set, is where `apply -f` reads manifests instead of the
	// operating system's files (an embedded script and the manifests
	// beside it); Dir is then a directory of FS ("" or "." for its root).
	FS fs.FS
	// Seed, when non-zero, overrides the script's `seed` command.
	Seed uint64
	// Trace is how trace events are printed.
	Trace TraceMode
	// TraceOut receives the trace events; nil means the command output.
	TraceOut io.Writer
	// Strict stops the run at the first error.
	Strict bool
	// Check runs every invariant after every event and stops the run at
	// the first violation.
	Check bool
	// Checks are extra invariants for Check (tests plant faulty ones).
	Checks []Check
	// Prompts makes Run print each command before its output, as a
	// terminal session shows it (see Prompt); an echo after other
	// commands is set off by a blank line. The examples use it.
	Prompts bool
}

// Runner runs script commands against one simulated cluster, which it
// creates on the first command that needs it.
type Runner struct {
	out   io.Writer
	opts  Options
	c     *sim.Cluster
	seed  uint64
	gates map[string]bool
	ns    string

	checker   *invariants.Checker
	failed    *CheckError
	last      []sim.Event // the last trace events, for a failure report
	traceMark int         // trace length at the last `trace` command
	cmd       Command     // the command being run
	stdin     bool        // the current command's input is a heredoc

	// claimRefApplied records, by volume, whether the last manifest
	// applied for it gave a claimRef (kubectl's last-applied state).
	claimRefApplied map[string]bool
	// lastApplied is, by "namespace/name", the last manifest applied for a
	// StatefulSet, as Kubernetes JSON: what kubectl keeps in the
	// kubectl.kubernetes.io/last-applied-configuration annotation.
	lastApplied map[string]map[string]any
}

// lastEvents is how many trace events a check failure reports.
const lastEvents = 10

// New returns a Runner that prints on out.
func New(out io.Writer, opts Options) *Runner {
	return &Runner{out: out, opts: opts, seed: 1, ns: "default", checker: invariants.New(),
		claimRefApplied: map[string]bool{}, lastApplied: map[string]map[string]any{}}
}

// RunFile reads, parses and runs the script at path; `apply -f` paths are
// relative to its directory unless opts.Dir says otherwise.
func RunFile(path string, out io.Writer, opts Options) error {
	src, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if opts.Dir == "" {
		opts.Dir = filepath.Dir(path)
	}
	if opts.Name == "" {
		opts.Name = path
	}
	return New(out, opts).Run(Parse(string(src)))
}

// Run runs the commands in order. It returns nil; or, with Strict, a
// *CommandError for the first command that failed; or, with Check, the
// *CheckError of the first violation. Everything, errors included, is
// printed on the runner's writer as it happens.
func (r *Runner) Run(cmds []Command) error {
	for i, cmd := range cmds {
		if r.opts.Prompts {
			r.prompt(cmd, i == 0)
		}
		err := r.Exec(cmd)
		if r.failed != nil {
			r.report(r.failed)
			return r.failed
		}
		if err != nil && r.opts.Strict {
			return &CommandError{Line: cmd.Line, Command: cmd.String(), Err: err}
		}
	}
	return nil
}

// Exec runs one command and prints its output and its error, if any; the
// error is returned too.
func (r *Runner) Exec(cmd Command) error {
	r.cmd = cmd
	r.stdin = cmd.Heredoc
	err := r.dispatch(cmd)
	if err != nil {
		r.printErr(err)
	}
	return err
}

// dispatch finds the command's handler and runs it.
func (r *Runner) dispatch(cmd Command) error {
	if cmd.Err != nil {
		return cmd.Err
	}
	h, ok := handlers[cmd.Args[0]]
	if !ok {
		return fmt.Errorf("unknown command %q", cmd.Args[0])
	}
	if cmd.Heredoc && !takesHeredoc[cmd.Args[0]] {
		return fmt.Errorf("%s does not take a heredoc", cmd.Args[0])
	}
	return h(r, cmd.Args[1:])
}

// Cluster returns the simulated cluster, creating it, with the seed and
// feature gates set so far, if no command has needed it yet.
func (r *Runner) Cluster() *sim.Cluster { return r.cluster() }

// cluster returns the simulated cluster, creating it on first use with the
// seed and feature gates set so far.
func (r *Runner) cluster() *sim.Cluster {
	if r.c == nil {
		seed := r.seed
		if r.opts.Seed != 0 {
			seed = r.opts.Seed
		}
		r.c = sim.NewCluster(sim.Config{Seed: seed, FeatureGates: r.gates, OnEvent: r.onEvent, OnSync: r.onSync})
	}
	return r.c
}

// printf prints command output.
func (r *Runner) printf(format string, args ...any) {
	fmt.Fprintf(r.out, format, args...)
}
