package sim

import (
	"testing"
	"time"
)

// The event log keeps records in order and, when full, drops the oldest
// half, as the slice it replaces did.
func TestEventLog(t *testing.T) {
	var l eventLog
	total := 2*maxEvents + 7
	want := 0
	for i := range total {
		l.add(eventRecord{first: time.Duration(i)})
		if want == maxEvents {
			want = maxEvents / 2
		}
		want++
		if l.len() != want {
			t.Fatalf("after %d adds len %d, want %d", i+1, l.len(), want)
		}
	}
	first := total - l.len()
	for i := range l.len() {
		if got := l.at(i).first; got != time.Duration(first+i) {
			t.Fatalf("record %d is %d, want %d", i, got, first+i)
		}
	}
}
