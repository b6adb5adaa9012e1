package sim

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
	"unsafe"
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

// A record is 64 bytes: a 1,000-pod set keeps five or six a pod.
func TestEventRecordSize(t *testing.T) {
	if got := unsafe.Sizeof(eventRecord{}); got != 64 {
		t.Fatalf("eventRecord is %d bytes", got)
	}
}

// Records name their namespace by index: events about objects of one name
// in two namespaces are told apart, rendered with their namespace, and a
// repeat in one namespace is folded.
func TestEventNamespaces(t *testing.T) {
	c := NewCluster(Config{})
	c.events = eventLog{}
	c.event("a", "web-0", evScheduled, "node-1")
	c.event("b", "web-0", evScheduled, "node-1")
	c.event("a", "web-0", evScheduled, "node-1")
	c.event("kube-system", "x", evPulling, "img")
	var got []string
	for _, e := range c.KubeEvents() {
		got = append(got, fmt.Sprintf("%s/%s x%d %s", e.Namespace, e.Name, e.Count, e.Message))
	}
	want := []string{
		"a/web-0 x2 Successfully assigned a/web-0 to node-1",
		"b/web-0 x1 Successfully assigned b/web-0 to node-1",
		`kube-system/x x1 Pulling image "img"`,
	}
	if !slices.Equal(got, want) {
		t.Fatalf("events:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestTemplateVerbs(t *testing.T) {
	for format, want := range map[string]int{"": 0, "plain": 0, "%s": 1, "100%% of %s in %s": 2, "%q already %s": 2} {
		if got := (&eventTemplate{format: format}).verbs(); got != want {
			t.Errorf("verbs(%q) = %d, want %d", format, got, want)
		}
	}
}
