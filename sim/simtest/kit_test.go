package simtest_test

import (
	"testing"

	"github.com/stsim/stsim/sim/simtest"
)

// TestControllerKeepsEveryInvariant: random scenarios — every kind of
// operation this build can replay, both pod management policies, both
// settings of MaxUnavailableStatefulSet — never break an invariant of
// Default, checked after every event, sync and op (statefulset.md §8;
// storage.md §3, §9; dns.md §9).
func TestControllerKeepsEveryInvariant(t *testing.T) {
	simtest.Check(t, simtest.Options{})
}

// TestCalmScenariosKeepTheOrder: with only scaling, template and partition
// changes and time, on sets of up to 6 replicas and in longer scenarios,
// every invariant holds, the readiness prefix (§8.1) included until the
// first template or partition change.
func TestCalmScenariosKeepTheOrder(t *testing.T) {
	simtest.Check(t, simtest.Options{Kinds: simtest.Calm, MaxReplicas: 6, MaxOps: 40})
}
