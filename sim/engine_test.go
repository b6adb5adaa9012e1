package sim

import (
	"cmp"
	"slices"
	"testing"
	"time"

	"pgregory.net/rapid"
)

// The queue runs events by instant, then in the order they were scheduled,
// whatever the interleaving of pushes and pops, as a stable sort of the
// same events by instant would: the one total order that makes a run
// deterministic.
func TestQueueOrder(t *testing.T) {
	type want struct {
		at         time.Duration
		id         int
		background bool
	}
	rapid.Check(t, func(t *rapid.T) {
		var e engine
		var queued []want // kept sorted by (at, id)
		var ran, expected []int
		// delays up to 60ms: enough pending instants for the queue to
		// find its buckets by a map (mapFrom) and to go back to a scan
		ops := rapid.SliceOfN(rapid.IntRange(-20, 60), 1, 300).Draw(t, "ops")
		if rapid.Bool().Draw(t, "spread") { // many instants pending at once
			for i := range 2 * mapFrom {
				ops = append([]int{i % 60}, ops...)
			}
		}
		for id, op := range ops {
			if op < 0 { // run the next event
				if !e.step(1 << 62) {
					if len(queued) != 0 {
						t.Fatalf("queue empty with %d events pending", len(queued))
					}
					continue
				}
				if e.now != queued[0].at {
					t.Fatalf("now %s, want %s", e.now, queued[0].at)
				}
				expected = append(expected, queued[0].id)
				queued = queued[1:]
				continue
			}
			// schedule at now + op ms (op 0: now), background every third
			at := e.now + time.Duration(op)*time.Millisecond
			fn := func() { ran = append(ran, id) }
			bg := id%3 == 0
			if bg {
				e.backgroundAt(at, "a", "w", "n", fn)
			} else {
				e.after(time.Duration(op)*time.Millisecond, "a", "w", "n", fn)
			}
			queued = append(queued, want{at, id, bg})
			slices.SortStableFunc(queued, func(a, b want) int { return cmp.Compare(a.at, b.at) })
			fg := 0
			for _, w := range queued {
				if !w.background {
					fg++
				}
			}
			if e.q.foreground != fg || e.q.len() != len(queued) {
				t.Fatalf("len %d foreground %d, want %d and %d", e.q.len(), e.q.foreground, len(queued), fg)
			}
			if m := e.q.buckets; m != nil {
				if len(m) != len(e.q.heap) {
					t.Fatalf("%d buckets by instant, %d in the heap", len(m), len(e.q.heap))
				}
				for _, b := range e.q.heap {
					if m[b.at] != b {
						t.Fatalf("the bucket of %s is not found by its instant", b.at)
					}
				}
			}
		}
		for e.step(1 << 62) {
			expected = append(expected, queued[0].id)
			queued = queued[1:]
		}
		if !slices.Equal(ran, expected) {
			t.Fatalf("ran %v, want %v", ran, expected)
		}
	})
}

// step never runs an event due after its limit.
func TestStepLimit(t *testing.T) {
	var e engine
	ran := 0
	e.after(2*time.Second, "a", "w", "n", func() { ran++ })
	if e.step(time.Second) || ran != 0 || e.now != 0 {
		t.Fatalf("step ran an event due after its limit")
	}
	if !e.step(2*time.Second) || ran != 1 || e.now != 2*time.Second {
		t.Fatalf("step did not run the due event")
	}
}

// pending lists the foreground events in queue order, once per line.
func TestPending(t *testing.T) {
	var e engine
	e.after(2*time.Millisecond, "kubelet", "run containers of pod/", "web-1", func() {})
	e.after(time.Millisecond, "scheduler", "schedule pod/", "web-1", func() {})
	e.after(time.Millisecond, "scheduler", "schedule pod/", "web-1", func() {})
	e.backgroundAt(0, "statefulset-controller", "retry statefulset/", "web", func() {})
	e.after(time.Millisecond, "scheduler", "schedule pod/", "web-2", func() {})
	got := e.pending(2)
	want := []string{"scheduler: schedule pod/web-1", "scheduler: schedule pod/web-2", "… and more (4 events pending)"}
	if !slices.Equal(got, want) {
		t.Fatalf("pending = %q, want %q", got, want)
	}
}

// A burst of events at one instant spans several chunks and still runs
// first in, first out, with pushes and pops interleaved.
func TestQueueBurst(t *testing.T) {
	var e engine
	var ran []int
	next := 0
	push := func(n int) {
		for range n {
			id := next
			next++
			e.at(time.Millisecond, "a", "w", "n", func() { ran = append(ran, id) })
		}
	}
	push(3*chunkEvents + 5)
	for range chunkEvents + 7 {
		e.step(time.Millisecond)
	}
	push(2 * chunkEvents) // same instant: behind the ones still queued
	for e.step(time.Millisecond) {
	}
	if len(ran) != next || e.q.len() != 0 {
		t.Fatalf("ran %d of %d events, %d left", len(ran), next, e.q.len())
	}
	for i, id := range ran {
		if id != i {
			t.Fatalf("event %d ran %dth", id, i)
		}
	}
}
