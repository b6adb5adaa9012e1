package simtest_test

import (
	"testing"

	"pgregory.net/rapid"

	"github.com/stsim/stsim/sim/simtest"
)

// TestSameSeedSameTrace: a scenario played twice makes a byte-identical
// JSON trace (DESIGN.md principle 1).
func TestSameSeedSameTrace(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := simtest.Scenarios(simtest.Options{}).Draw(t, "scenario")
		if err := simtest.CheckDeterminism(s); err != nil {
			t.Fatalf("%v\nscript:\n%s", err, s.Script())
		}
	})
}

// TestPoliciesAndGateConverge: from the same operations, OrderedReady and
// Parallel, with MaxUnavailableStatefulSet on and off, settle on the same
// pods, claims and DNS records (STYLE.md practice 6; statefulset.md §3:
// the policy changes the order, not the outcome).
func TestPoliciesAndGateConverge(t *testing.T) {
	o := simtest.Options{Kinds: simtest.Converging, Strategies: []simtest.Strategy{simtest.Rolling}}
	rapid.Check(t, func(t *rapid.T) {
		s := simtest.Scenarios(o).Draw(t, "scenario")
		if err := simtest.CheckConvergence(s); err != nil {
			t.Fatalf("%v\nscript:\n%s", err, s.Script())
		}
	})
}
