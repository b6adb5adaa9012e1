package simtest

import (
	"fmt"
	"slices"
	"time"

	"github.com/stsim/stsim/sim"
	"github.com/stsim/stsim/sim/invariants"
)

// Play plays the scenario on a fresh cluster, checking the options'
// invariants as it goes (and with the options' planted filter), and returns
// the first violation, or nil. It stops at the violation, as
// `stsim run --check` does, and, without a failure, when the scenario
// takes more than Options.MaxEvents events.
func Play(s Scenario, o Options) *Failure {
	f, _ := play(s, o)
	return f
}

// stats is what a run measured.
type stats struct {
	events uint64
	t      time.Duration
	cut    bool // cut short (Options.MaxEvents)
}

// NamePanic is the Invariant of a failure that is a panic: of the
// simulation, of a check, or of a planted filter.
const NamePanic = "panic"

// play is Play, also returning what the run measured. A panic (of the
// simulation, a check or a planted filter) is a failure too.
func play(s Scenario, o Options) (f *Failure, st stats) {
	w := newWatch(o.invariants())
	w.budget = o.maxEvents()
	step := -1
	defer func() {
		if r := recover(); r != nil {
			w.failed = &invariants.Violation{Invariant: NamePanic, Message: fmt.Sprint(r)}
			if w.c != nil {
				w.failed.T = w.c.Now()
			}
			f = w.failure(s, step)
		}
	}()
	c := w.start(s, o)
	for i, op := range s.Ops {
		if w.stopped(c) {
			break
		}
		step = i
		if op.Disrupts(c) {
			w.disrupt()
		}
		_ = op.Apply(c, w.stopped)
		w.afterStep()
	}
	st = stats{events: c.Events(), t: c.Now(), cut: w.cut}
	if w.failed == nil {
		return nil, st
	}
	return w.failure(s, step), st
}

// start makes the scenario's cluster, watched by w, with the planted
// filter, and applies the scenario's manifests.
func (w *watch) start(s Scenario, o Options) *sim.Cluster {
	c := sim.NewCluster(sim.Config{Seed: s.seed(), FeatureGates: s.Gates,
		OnEvent: w.onEvent, OnSync: w.onSync, NoTrace: true})
	w.c = c
	if o.Plant != nil {
		c.SetPlanFilter(o.Plant)
	}
	_ = s.apply(c) // an invalid object is the scenario's business, as in a script
	w.afterStep()
	return c
}

// failure builds the report of the watch's violation during step.
func (w *watch) failure(s Scenario, step int) *Failure {
	v := w.failed
	return &Failure{Invariant: v.Invariant, Message: v.Message, T: v.T, Seed: s.seed(), Step: step,
		Scenario: s.Prefix(step + 1), Last: slices.Clone(w.last)}
}
