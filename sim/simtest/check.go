package simtest

import (
	"testing"

	"pgregory.net/rapid"
)

// Check is the property-based test: rapid draws scenarios from
// Scenarios(o) (-rapid.checks of them, 100 by default), Play plays each
// with the options' invariants, and the first failure is shrunk by rapid
// and reported on t as a reproduction recipe (Failure.Report): the seed,
// the failing invariant, the virtual time, the last trace lines and the
// shrunk scenario as a script that `stsim run --check` replays.
func Check(t *testing.T, o Options) {
	t.Helper()
	rapid.Check(t, property(o, nil))
}

// property is the rapid property of Check and Find; it hands every failure
// to seen before failing the case.
func property(o Options, seen func(*Failure)) func(*rapid.T) {
	return func(t *rapid.T) {
		s := Scenarios(o).Draw(t, "scenario")
		if f := Play(s, o); f != nil {
			if seen != nil {
				seen(f)
			}
			t.Fatal(f.Report())
		}
	}
}
