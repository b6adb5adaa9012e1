package sim

import (
	"slices"
	"testing"
	"time"

	"pgregory.net/rapid"
)

// The queue pops events in (at, seq) order whatever the interleaving of
// pushes and pops, as a plain sort of the same events would: the one total
// order that makes a run deterministic.
func TestQueueOrder(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		var e engine
		var want []event // what is queued, kept sorted by (at, seq)
		var got []uint64
		var popped []uint64
		ops := rapid.SliceOfN(rapid.IntRange(-1, 5), 1, 200).Draw(t, "ops")
		for _, op := range ops {
			if op < 0 { // pop
				if !e.step(1 << 62) {
					if len(want) != 0 {
						t.Fatalf("queue empty with %d events pending", len(want))
					}
					continue
				}
				popped = append(popped, want[0].seq)
				want = want[1:]
				continue
			}
			// push at now + op ms (op 0: now), background every third
			seq := e.seq + 1
			at := e.now + time.Duration(op)*time.Millisecond
			fn := func() { got = append(got, seq) }
			if seq%3 == 0 {
				e.backgroundAt(at, "a", "w", "n", fn)
			} else {
				e.after(time.Duration(op)*time.Millisecond, "a", "w", "n", fn)
			}
			want = append(want, event{at: at, seq: seq, background: seq%3 == 0})
			sortEvents(want)
			fg := 0
			for _, w := range want {
				if !w.background {
					fg++
				}
			}
			if e.q.foreground != fg || e.q.len() != len(want) {
				t.Fatalf("len %d foreground %d, want %d and %d", e.q.len(), e.q.foreground, len(want), fg)
			}
		}
		for e.step(1 << 62) {
			popped = append(popped, want[0].seq)
			want = want[1:]
		}
		if !slices.Equal(got, popped) {
			t.Fatalf("popped %v, want %v", got, popped)
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
