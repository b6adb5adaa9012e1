package simtest

import (
	"fmt"
	"strings"
	"time"

	"github.com/stsim/stsim/sim"
)

// Failure is a violated invariant with its reproduction recipe.
type Failure struct {
	// Invariant is the violated invariant's name; Message says how.
	Invariant, Message string
	// T is the virtual time of the violation.
	T time.Duration
	// Seed is the simulation seed.
	Seed uint64
	// Step is the index in Scenario.Ops of the op during which the
	// invariant broke; -1 means during the initial apply.
	Step int
	// Scenario is the failing scenario, ending with the failing op.
	Scenario Scenario
	// Last are the last trace events, the violating one last.
	Last []sim.Event
	// Rapid, when the failure comes from Find or Check, is rapid's flag to
	// run the same search again (-rapid.seed=N).
	Rapid string

	src string // the script replayed, for failures from Replay
}

// Error returns the violation in one line.
func (f *Failure) Error() string {
	return fmt.Sprintf("%s at t=%.3fs: %s", f.Invariant, f.T.Seconds(), f.Message)
}

// Script returns the failing scenario as a script that
// `stsim run --check` replays to the same failure.
func (f *Failure) Script() string {
	if f.src != "" {
		return f.src
	}
	return f.Scenario.Script()
}

// Report returns the reproduction recipe: the violation, the seed, the op
// during which it happened, the last trace lines and the shrunk script.
func (f *Failure) Report() string {
	var b strings.Builder
	fmt.Fprintf(&b, "invariant %s violated at t=%.3fs (seed %d): %s\n", f.Invariant, f.T.Seconds(), f.Seed, f.Message)
	switch {
	case f.Step < 0:
		fmt.Fprintf(&b, "  during the initial apply\n")
	case f.Step < len(f.Scenario.Ops):
		fmt.Fprintf(&b, "  during op %d of %d: %s\n", f.Step+1, len(f.Scenario.Ops), f.Scenario.Ops[f.Step])
	default:
		fmt.Fprintf(&b, "  during op %d\n", f.Step+1)
	}
	if f.Rapid != "" {
		fmt.Fprintf(&b, "  search again with: go test -run=... %s\n", f.Rapid)
	}
	fmt.Fprintf(&b, "  last trace events:\n")
	for _, e := range f.Last {
		fmt.Fprintf(&b, "  %s\n", e)
	}
	fmt.Fprintf(&b, "  replay: save the script between the marks as FILE, then: stsim run --check FILE\n")
	fmt.Fprintf(&b, "-- 8< --\n%s-- >8 --\n", f.Script())
	return b.String()
}
