package simtest

import (
	"context"
	"runtime"
	"sync"
	"time"
)

// Sweep calls run for every seed on a pool of workers (workers ≤ 0 means
// GOMAXPROCS) and returns the results in the order of seeds. Each call
// must be independent of the others — build its own cluster, share nothing
// mutable — which a simulation is: a Cluster is single-threaded, so many
// run side by side, one per core. This is the one place in stsim where
// goroutines run, and they run outside any simulation.
//
// When ctx is done, no further seed starts; Sweep returns the results so
// far (zero values for the seeds not run) and ctx.Err(). To shard a nightly
// run across CI jobs, give each job its own range of seeds (SeedRange).
func Sweep[R any](ctx context.Context, seeds []uint64, workers int, run func(seed uint64) R) ([]R, error) {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	out := make([]R, len(seeds))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(workers, len(seeds)) {
		wg.Go(func() {
			for i := range next {
				out[i] = run(seeds[i])
			}
		})
	}
	var err error
feed:
	for i := range seeds {
		select {
		case next <- i:
		case <-ctx.Done():
			err = ctx.Err()
			break feed
		}
	}
	close(next)
	wg.Wait()
	return out, err
}

// SeedRange returns the n seeds first, first+1, ….
func SeedRange(first uint64, n int) []uint64 {
	out := make([]uint64, n)
	for i := range out {
		out[i] = first + uint64(i)
	}
	return out
}

// Result is what Explore found for one seed.
type Result struct {
	Seed uint64
	// Failure is the shrunk failure, or nil if the scenario passed.
	Failure *Failure
	// Ops is the number of operations the scenario had.
	Ops int
	// Events and Virtual are the simulation events run and the virtual
	// time reached by the scenario's own run.
	Events  uint64
	Virtual time.Duration
	// CutShort reports that the run took more than Options.MaxEvents
	// events and was stopped (a livelock, most likely).
	CutShort bool
}

// Explore plays the scenario Draw(o, seed) and, if it fails, shrinks the
// failure (Shrink). It is deterministic: the same options and seed give
// the same result on any machine, which makes it the function to Sweep.
func Explore(o Options, seed uint64) Result {
	s := Draw(o, seed)
	f, st := play(s, o)
	if f != nil {
		f = Shrink(f, o)
	}
	return Result{Seed: seed, Failure: f, Ops: len(s.Ops), Events: st.events, Virtual: st.t, CutShort: st.cut}
}
