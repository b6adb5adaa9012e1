package simtest

import (
	"errors"
	"io"
	"slices"

	"github.com/stsim/stsim/script"
	"github.com/stsim/stsim/sim"
	"github.com/stsim/stsim/sim/invariants"
)

// Replay runs a script, such as Failure.Script prints, through the script
// runner (package script) with Check on — what `stsim run --check` does —
// and returns its first violation, or nil. The runner checks every
// invariant of package invariants itself, whatever o selects; o's other
// invariants are added (per event through script.Options.Checks, per
// command for EveryStep and OnceStable ones), and o.Plant is installed on
// the runner's cluster. So a failure of a builtin replays with the plain
// command line too, and one of the kit's or a user's invariant with Replay.
func Replay(src string, o Options) *Failure {
	rp := newReplayer(o)
	r := script.New(io.Discard, script.Options{Name: "replay", Trace: script.TraceNone, Check: true,
		Checks: []script.Check{rp.check}})
	op := -2 // commands up to the first apply set the scene
	for _, cmd := range script.Parse(src) {
		if op > -2 || len(cmd.Args) > 0 && cmd.Args[0] == "apply" {
			op++
		}
		var ce *script.CheckError
		if err := r.Run([]script.Command{cmd}); errors.As(err, &ce) {
			return rp.failure(src, op, ce.Violation, ce.Seed, ce.Last)
		}
		if rp.w.c != nil {
			rp.w.afterStep()
		}
		if v := rp.w.failed; v != nil {
			return rp.failure(src, op, *v, rp.w.c.Seed(), rp.w.last)
		}
	}
	return nil
}

// replayer holds the extra checks of a replay and the cluster it found.
type replayer struct {
	o Options
	w *watch
}

func newReplayer(o Options) *replayer {
	extra := slices.DeleteFunc(slices.Clone(o.invariants()), func(i Invariant) bool { return i.builtin })
	return &replayer{o: o, w: newWatch(extra)}
}

// check is the script.Check of a replay: on the first call it takes the
// runner's cluster and plants the filter; then it runs the event checks.
func (rp *replayer) check(c *sim.Cluster) []invariants.Violation {
	if rp.w.c == nil {
		rp.w.c = c
		if rp.o.Plant != nil {
			c.SetPlanFilter(rp.o.Plant)
		}
	}
	rp.w.run(rp.w.event)
	if rp.w.failed != nil {
		return []invariants.Violation{*rp.w.failed}
	}
	return nil
}

func (rp *replayer) failure(src string, op int, v invariants.Violation, seed uint64, last []sim.Event) *Failure {
	return &Failure{Invariant: v.Invariant, Message: v.Message, T: v.T, Seed: seed, Step: max(op, -1),
		Last: slices.Clone(last), src: src}
}

// ScriptChecks returns o's event invariants that package invariants does
// not have, as checks for script.Options.Checks (a runner of one's own, or
// a command-line wrapper); the first call also plants o.Plant. Use the
// result for one run only: checks with memory start fresh here.
func ScriptChecks(o Options) []script.Check {
	return []script.Check{newReplayer(o).check}
}
