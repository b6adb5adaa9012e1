package sim_test

import (
	"fmt"
	"runtime"
	"testing"
	"time"

	"github.com/stsim/stsim/api"
	"github.com/stsim/stsim/sim"
	"github.com/stsim/stsim/sts"
)

func benchSet(name, policy string, replicas int32) *sts.StatefulSet {
	labels := map[string]string{"app": name}
	return &sts.StatefulSet{
		ObjectMeta: api.ObjectMeta{Name: name},
		Spec: sts.Spec{
			Replicas: &replicas, ServiceName: name, PodManagementPolicy: policy,
			Selector: &api.LabelSelector{MatchLabels: labels},
			Template: api.PodTemplateSpec{Labels: labels, Spec: api.PodSpec{
				Containers: []api.Container{{Name: "app", Image: "nginx:1.27"}}}},
		},
	}
}

// benchScaleUp measures a scale-up from 0 to n replicas until stable. Nodes
// are sized so every pod fits (NodePods: each of the 3 nodes could hold
// them all, so the scheduler's choices are those of unlimited nodes); the
// trace is not kept (NoTrace) since the benchmark measures the controller
// and the event loop. Only the scale-up is timed: making the cluster and
// the forced collections that measure the heap (about 4 ms each in this
// test binary) are outside the timer.
func benchScaleUp(b *testing.B, policy string, n int32) {
	var events uint64
	var perPod float64
	for b.Loop() {
		b.StopTimer()
		c := sim.NewCluster(sim.Config{Seed: 1, NoTrace: true, StableBound: 1000 * time.Hour, NodePods: n})
		var before runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		b.StartTimer()
		if _, err := c.ApplyStatefulSet(benchSet("web", policy, n)); err != nil {
			b.Fatal(err)
		}
		if err := c.RunUntilStable(); err != nil {
			b.Fatal(err)
		}
		set, _ := c.StatefulSet("web")
		if set.Status.ReadyReplicas != n {
			b.Fatalf("ready %d, want %d", set.Status.ReadyReplicas, n)
		}
		events += c.Events()
		b.StopTimer()
		var after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&after)
		perPod = float64(after.HeapAlloc-before.HeapAlloc) / float64(n)
		runtime.KeepAlive(c)
		b.StartTimer()
	}
	b.ReportMetric(float64(events)/b.Elapsed().Seconds(), "events/s")
	b.ReportMetric(perPod, "B/pod")
}

func BenchmarkParallelScaleUp(b *testing.B) {
	for _, n := range []int32{1000, 10000, 100000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) { benchScaleUp(b, sts.Parallel, n) })
	}
}

func BenchmarkOrderedReadyScaleUp(b *testing.B) {
	for _, n := range []int32{1000, 10000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) { benchScaleUp(b, sts.OrderedReady, n) })
	}
}
