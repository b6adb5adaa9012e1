package sim

import (
	"testing"

	"pgregory.net/rapid"
)

// TestFifoIsFirstInFirstOut checks the chunked queue against a slice
// across chunk boundaries, drained and refilled.
func TestFifoIsFirstInFirstOut(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		var q fifo[int]
		var want []int
		next := 0
		for _, push := range rapid.SliceOfN(rapid.IntRange(-3*fifoChunk, 3*fifoChunk), 1, 12).Draw(t, "ops") {
			for range max(push, 0) {
				q.push(next)
				want = append(want, next)
				next++
			}
			for range min(-push, len(want)) {
				if got := *q.front(); got != want[0] {
					t.Fatalf("front %d, want %d", got, want[0])
				}
				q.pop()
				want = want[1:]
			}
			if q.len() != len(want) {
				t.Fatalf("len %d, want %d", q.len(), len(want))
			}
			if len(q.spare) > fifoSpareChunks {
				t.Fatalf("%d spare chunks kept", len(q.spare))
			}
		}
	})
}
