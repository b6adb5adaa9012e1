package script

import (
	"fmt"
	"strings"

	"github.com/stsim/stsim/sim"
	"github.com/stsim/stsim/sim/invariants"
)

// CheckError is the first invariant violation that Options.Check found,
// with what reproduces it.
type CheckError struct {
	Violation invariants.Violation
	// Seed is the simulation's seed.
	Seed uint64
	// Line and Command are the script command during which it happened.
	Line    int
	Command string
	// Last are the last trace events, the violating one last.
	Last []sim.Event
}

// Error returns "check failed: " and the violation.
func (e *CheckError) Error() string { return "check failed: " + e.Violation.String() }

// Report is the failure report: the violation, where it happened, the
// seed and the last trace events.
func (e *CheckError) Report(script string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n", e.Error())
	fmt.Fprintf(&b, "  at line %d: %s\n", e.Line, e.Command)
	fmt.Fprintf(&b, "  seed %d; reproduce with: stsim run --check --seed %d %s\n", e.Seed, e.Seed, script)
	fmt.Fprintf(&b, "  last trace events:\n")
	for _, ev := range e.Last {
		fmt.Fprintf(&b, "  %s\n", ev)
	}
	return b.String()
}

// checkNow runs every state invariant, and the extra checks, on the
// cluster.
func (r *Runner) checkNow() {
	v := r.checker.Check(r.c)
	for _, check := range r.opts.Checks {
		v = append(v, check(r.c)...)
	}
	if len(v) > 0 {
		r.fail(v[0])
	}
}

// fail records the first violation; the run stops as soon as it can.
func (r *Runner) fail(v invariants.Violation) {
	r.failed = &CheckError{Violation: v, Seed: r.c.Seed(), Line: r.cmd.Line, Command: r.cmd.String(),
		Last: append([]sim.Event(nil), r.last...)}
}

// report prints a check failure.
func (r *Runner) report(e *CheckError) {
	name := r.opts.Name
	if name == "" {
		name = "SCRIPT"
	}
	r.printf("%s", e.Report(name))
}

// stopped reports whether a check failed; runs stop on it.
func (r *Runner) stopped(*sim.Cluster) bool { return r.failed != nil }

// disrupt tells the invariants that the script disrupts pods (kills,
// fails, deletes or relabels them, flips their readiness, or rolls out a
// new template): the checks that hold only without disruption are off from
// now on.
func (r *Runner) disrupt() { r.checker.Disrupted = true }
