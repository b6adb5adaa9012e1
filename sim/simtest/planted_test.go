package simtest_test

import (
	"errors"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/stsim/stsim/script"
	"github.com/stsim/stsim/sim"
	"github.com/stsim/stsim/sim/invariants"
	"github.com/stsim/stsim/sim/simtest"
)

// plantedSeeds are the rapid seeds each planted bug must be caught under.
var plantedSeeds = []uint64{1, 2, 3}

// TestPlantedBugsAreCaught: a controller with one deliberately wrong rule
// is caught within rapid's default 100 checks, for each of a fixed list of
// seeds, by the invariant that states the rule; the shrunk scenario has at
// most 5 operations, and its script, written to a file and run by the
// script runner with --check, stops with the same invariant.
func TestPlantedBugsAreCaught(t *testing.T) {
	if testing.Short() {
		t.Skip("rapid makes 20 checks, not 100, under -short")
	}
	bugs := []struct {
		name  string
		plant sim.PlanFilter
		want  string
	}{
		{"create ahead of a Ready predecessor", createAhead, invariants.OrderedCreate},
		{"scale down from the lowest ordinal", lowestFirst, invariants.OrderedScaleDown},
		{"recreate before the old pod is gone", recreateEarly, invariants.OnePodPerIdentity},
	}
	seeds := plantedSeeds
	if raceDetector {
		seeds = seeds[:1] // everything is ten times slower, and Find starts no goroutine to check
	}
	for _, seed := range seeds {
		withRapid(t, seed, func() {
			t.Run("seed="+strconv.FormatUint(seed, 10), func(t *testing.T) {
				for _, bug := range bugs {
					t.Run(bug.name, func(t *testing.T) {
						t.Parallel()
						caught(t, simtest.Options{Plant: bug.plant}, bug.want)
					})
				}
			})
		})
	}
}

// caught finds the planted bug and replays its shrunk script from a file.
func caught(t *testing.T, o simtest.Options, want string) {
	f := simtest.Find(o)
	if f == nil {
		t.Fatalf("not caught in %d checks", 100)
	}
	t.Logf("caught (%s, %d ops):\n%s", f.Rapid, len(f.Scenario.Ops), f.Report())
	if f.Invariant != want {
		t.Errorf("caught by %s, want %s", f.Invariant, want)
	}
	if n := len(f.Scenario.Ops); n > 5 {
		t.Errorf("shrunk to %d operations, want at most 5", n)
	}
	path := filepath.Join(t.TempDir(), "failure.stsim")
	if err := os.WriteFile(path, []byte(f.Script()), 0o644); err != nil {
		t.Fatal(err)
	}
	err := script.RunFile(path, io.Discard, script.Options{Check: true, Checks: simtest.ScriptChecks(o)})
	var ce *script.CheckError
	switch {
	case !errors.As(err, &ce):
		t.Errorf("the script replays without a violation (%v)", err)
	case ce.Violation.Invariant != f.Invariant:
		t.Errorf("the script replays to %s, want %s", ce.Violation, f.Invariant)
	}
}

// withRapid runs fn with rapid's -rapid.seed set to seed, and a shrink
// time long enough that shrinking always runs to its end, however slow the
// machine (-race): the shrunk scenario is then the same every time.
func withRapid(t *testing.T, seed uint64, fn func()) {
	set := func(name, value string) {
		fl := flag.Lookup(name)
		old := fl.Value.String()
		if err := fl.Value.Set(value); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = fl.Value.Set(old) })
	}
	set("rapid.seed", strconv.FormatUint(seed, 10))
	set("rapid.shrinktime", "10m")
	fn()
}
