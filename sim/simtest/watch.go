package simtest

import (
	"github.com/stsim/stsim/sim"
	"github.com/stsim/stsim/sim/invariants"
)

// lastEvents is how many trace events a failure report shows, as the
// script runner's does.
const lastEvents = 10

// watch checks one run's invariants, in the order and at the moments the
// script runner's --check does, and keeps what a failure report needs.
type watch struct {
	c       *sim.Cluster
	k       *invariants.Checker // nil when no builtin is selected
	builtin map[string]bool     // the selected builtins
	event   []namedCheck
	step    []namedCheck
	stable  []namedCheck
	failed  *invariants.Violation
	last    []sim.Event
	budget  uint64 // events a run may take before it is cut short
	cut     bool   // the run took more
}

// namedCheck is one invariant's check for one run.
type namedCheck struct {
	name  string
	check func(*sim.Cluster) error
}

func newWatch(invs []Invariant) *watch {
	w := &watch{builtin: map[string]bool{}}
	for _, inv := range invs {
		if inv.builtin {
			w.builtin[inv.Name] = true
			continue
		}
		nc := namedCheck{inv.Name, inv.fresh()}
		switch inv.When {
		case EveryStep:
			w.step = append(w.step, nc)
		case OnceStable:
			w.stable = append(w.stable, nc)
		default:
			w.event = append(w.event, nc)
		}
	}
	if len(w.builtin) > 0 {
		w.k = invariants.New()
	}
	return w
}

// onEvent is sim.Config.OnEvent.
func (w *watch) onEvent(e sim.Event) {
	if len(w.last) == lastEvents {
		w.last = append(w.last[:0], w.last[1:]...)
	}
	w.last = append(w.last, e)
	if w.c == nil || w.failed != nil { // c is nil while NewCluster runs
		return
	}
	if w.budget > 0 && w.c.Events() > w.budget {
		w.cut = true
	}
	if w.k != nil {
		w.first(w.k.Check(w.c))
	}
	w.run(w.event)
}

// onSync is sim.Config.OnSync.
func (w *watch) onSync(s sim.Sync) {
	if w.k == nil {
		return
	}
	w.k.ObserveSync(s)
	if w.c != nil && w.failed == nil {
		w.first(w.k.Violations())
	}
}

// afterStep runs the step checks, and the stable ones if nothing is
// pending.
func (w *watch) afterStep() {
	w.run(w.step)
	if w.c.Stable() {
		w.run(w.stable)
	}
}

// disrupt turns off the checks that hold only without disruption.
func (w *watch) disrupt() {
	if w.k != nil {
		w.k.Disrupted = true
	}
}

// stopped reports whether a violation was found, or the run went over its
// budget; runs stop on it.
func (w *watch) stopped(*sim.Cluster) bool { return w.failed != nil || w.cut }

// first records the first violation of a selected builtin.
func (w *watch) first(vs []invariants.Violation) {
	for _, v := range vs {
		if w.failed == nil && w.builtin[v.Invariant] {
			w.failed = &v
		}
	}
}

// run runs checks until one fails.
func (w *watch) run(checks []namedCheck) {
	for _, nc := range checks {
		if w.failed != nil {
			return
		}
		if err := nc.check(w.c); err != nil {
			w.failed = &invariants.Violation{Invariant: nc.name, T: w.c.Now(), Message: err.Error()}
		}
	}
}
