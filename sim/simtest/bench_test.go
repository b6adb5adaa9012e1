package simtest_test

import (
	"context"
	"testing"

	"github.com/stsim/stsim/sim/simtest"
)

// BenchmarkThousandScenarios draws and plays 1000 random scenarios of 50
// operations (and a final run until stable) each, checking every
// invariant of Default after every event, on all cores (Sweep): the kit's
// throughput, with a target of under 5 s per 1000 (BENCHMARKS.md).
func BenchmarkThousandScenarios(b *testing.B) { benchScenarios(b, 0) }

// BenchmarkThousandScenariosOneCore is the same on one worker.
func BenchmarkThousandScenariosOneCore(b *testing.B) { benchScenarios(b, 1) }

func benchScenarios(b *testing.B, workers int) {
	o := simtest.Options{MinOps: 50, MaxOps: 50}
	var events, ops, failures uint64
	for b.Loop() {
		rs, err := simtest.Sweep(context.Background(), simtest.SeedRange(1, 1000), workers, func(seed uint64) simtest.Result {
			return simtest.Explore(o, seed)
		})
		if err != nil {
			b.Fatal(err)
		}
		for _, r := range rs {
			events, ops = events+r.Events, ops+uint64(r.Ops)
			if r.Failure != nil {
				failures++
				b.Log(r.Failure.Report())
			}
		}
	}
	b.ReportMetric(float64(events)/b.Elapsed().Seconds(), "events/s")
	b.ReportMetric(float64(ops)/b.Elapsed().Seconds(), "ops/s")
	if failures > 0 {
		b.Errorf("%d failing scenarios", failures)
	}
}
