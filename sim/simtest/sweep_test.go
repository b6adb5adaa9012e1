package simtest_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/stsim/stsim/sim/simtest"
)

// TestSweepKeepsSeedOrder: whatever the number of workers, results come
// back in the order of the seeds, each from its own seed.
func TestSweepKeepsSeedOrder(t *testing.T) {
	seeds := simtest.SeedRange(1, 200)
	for _, workers := range []int{1, 2, 7, 0} {
		got, err := simtest.Sweep(context.Background(), seeds, workers, func(seed uint64) uint64 { return seed * seed })
		if err != nil {
			t.Fatal(err)
		}
		for i, seed := range seeds {
			if got[i] != seed*seed {
				t.Fatalf("%d workers: result %d is %d, want %d", workers, i, got[i], seed*seed)
			}
		}
	}
}

// TestSweepStopsWhenCancelled: once the context is done no seed starts;
// the seeds run so far keep their results.
func TestSweepStopsWhenCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	got, err := simtest.Sweep(ctx, simtest.SeedRange(1, 1000), 1, func(seed uint64) uint64 {
		if seed == 10 {
			cancel()
		}
		return seed
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if !slices.Equal(got[:10], simtest.SeedRange(1, 10)) || got[len(got)-1] != 0 {
		t.Fatalf("results %v…%v", got[:11], got[len(got)-1])
	}
}

// TestExploreIsDeterministic: a sweep of Explore gives the same results
// on one worker and on many, every time (the nightly run's premise).
func TestExploreIsDeterministic(t *testing.T) {
	seeds := simtest.SeedRange(1, 40)
	run := func(workers int) []simtest.Result {
		r, err := simtest.Sweep(context.Background(), seeds, workers, func(seed uint64) simtest.Result {
			return simtest.Explore(simtest.Options{}, seed)
		})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	a, b := run(1), run(4)
	for i := range a {
		if a[i].Events != b[i].Events || a[i].Virtual != b[i].Virtual || (a[i].Failure == nil) != (b[i].Failure == nil) {
			t.Fatalf("seed %d: %+v, then %+v", seeds[i], a[i], b[i])
		}
		if a[i].Failure != nil {
			t.Errorf("seed %d: %s", seeds[i], a[i].Failure.Report())
		}
	}
}
