package simtest_test

import (
	"fmt"
	"strings"
	"testing"

	"pgregory.net/rapid"

	"github.com/stsim/stsim/sim"
	"github.com/stsim/stsim/sim/simtest"
)

// oldestFirst is a user's OnceStable invariant: web-0 is the oldest pod.
var oldestFirst = simtest.Invariant{Name: "web-0-oldest", When: simtest.OnceStable,
	Check: func(c *sim.Cluster) error {
		first, ok := c.Pod("web-0")
		for _, p := range c.Pods("default") {
			if ok && p.CreationTimestamp < first.CreationTimestamp {
				return fmt.Errorf("%s is older than web-0", p.Name)
			}
		}
		return nil
	}}

// TestReplayAgreesWithPlay: for any scenario, with or without a planted
// bug, with a user's invariant checked once stable, replaying the printed
// script through the script runner with --check fails exactly when playing
// the scenario fails, with the same invariant, at the same virtual time,
// during the same op; so every failure the kit prints is reproducible.
func TestReplayAgreesWithPlay(t *testing.T) {
	plants := []sim.PlanFilter{nil, createAhead, lowestFirst, recreateEarly}
	rapid.Check(t, func(t *rapid.T) {
		o := simtest.Options{Invariants: append(simtest.Default(), oldestFirst)}
		o.Plant = plants[rapid.IntRange(0, len(plants)-1).Draw(t, "plant")]
		s := simtest.Scenarios(o).Draw(t, "scenario")
		played, replayed := simtest.Play(s, o), simtest.Replay(s.Script(), o)
		if fmt.Sprint(played) != fmt.Sprint(replayed) || played != nil && played.Step != replayed.Step {
			t.Fatalf("played: %v\nreplayed: %v\nscript:\n%s", played, replayed, s.Script())
		}
	})
}

// TestReportIsARecipe: a failure report gives the seed, the invariant, the
// virtual time, the op, the last trace lines and the script (STYLE.md
// practice 8).
func TestReportIsARecipe(t *testing.T) {
	s := simtest.Scenario{Seed: 3, Set: simtest.NewSet("web", 2), Ops: []simtest.Op{
		simtest.Settle{}, simtest.DeletePod{Pod: "web-0"}, simtest.Settle{},
	}}
	f := simtest.Play(s, simtest.Options{Invariants: []simtest.Invariant{oldestFirst}})
	if f == nil {
		t.Fatal("no failure")
	}
	r := f.Report()
	for _, want := range []string{"invariant web-0-oldest violated at t=", "(seed 3)", "during op 3 of 3: run",
		"last trace events:", "create  pod/web-0", "stsim run --check FILE", "seed 3\n", "delete pod web-0\nrun\n"} {
		if !strings.Contains(r, want) {
			t.Errorf("report lacks %q:\n%s", want, r)
		}
	}
	if len(f.Last) == 0 || len(f.Last) > 10 {
		t.Errorf("%d last events, want 1 to 10", len(f.Last))
	}
}
