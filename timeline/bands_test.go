package timeline

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/stsim/stsim/sim"
)

// ms is a trace time in milliseconds.
func ms(n int) time.Duration { return time.Duration(n) * time.Millisecond }

// Trace events as the simulator writes them (details in their JSON form,
// as a trace read back from `--trace=json` holds them).
func create(t time.Duration, name string) sim.Event {
	return sim.Event{T: t, Actor: sim.ActorStatefulSet, Verb: sim.VerbCreate, Kind: "Pod", Name: name, Namespace: "default", Reason: "ordinal has no pod"}
}

func bind(t time.Duration, name string) sim.Event {
	return sim.Event{T: t, Actor: sim.ActorScheduler, Verb: sim.VerbUpdate, Kind: "Pod", Name: name, Namespace: "default", Reason: "assigned to node-1",
		Detail: map[string]any{"phase": "Pending", "ready": false, "node": "node-1"}}
}

func status(t time.Duration, name, phase string, ready bool, reason string) sim.Event {
	return sim.Event{T: t, Actor: sim.ActorKubelet, Verb: sim.VerbStatus, Kind: "Pod", Name: name, Namespace: "default", Reason: reason,
		Detail: map[string]any{"phase": phase, "ready": ready}}
}

func del(t time.Duration, name string) sim.Event {
	return sim.Event{T: t, Actor: sim.ActorUser, Verb: sim.VerbDelete, Kind: "Pod", Name: name, Namespace: "default", Reason: "deleted by user"}
}

func remove(t time.Duration, name, reason string) sim.Event {
	return sim.Event{T: t, Actor: sim.ActorKubelet, Verb: sim.VerbRemove, Kind: "Pod", Name: name, Namespace: "default", Reason: reason}
}

func cause(e sim.Event) Cause {
	return Cause{T: e.T, Actor: e.Actor, Verb: e.Verb, Reason: e.Reason}
}

func band(s State, life int, from, to sim.Event, notes ...sim.Event) Band {
	b := Band{State: s, Start: from.T, End: to.T, Life: life, Cause: cause(from)}
	for _, n := range notes {
		b.Notes = append(b.Notes, cause(n))
	}
	return b
}

func open(b Band, end time.Duration) Band {
	b.Open, b.End = true, end
	return b
}

func mark(k MarkKind, life int, e sim.Event) Mark { return Mark{Kind: k, Life: life, Cause: cause(e)} }

func row(name string, lives int, bands []Band, marks ...Mark) Row {
	set, ord := splitOrdinal(name)
	return Row{Namespace: "default", Name: name, Set: set, Ordinal: ord, Lives: lives, Bands: bands, Marks: marks}
}

func TestBands(t *testing.T) {
	// One incarnation of web-0, in order.
	var (
		c0       = create(0, "web-0")
		b0       = bind(ms(20), "web-0")
		started  = status(ms(2500), "web-0", "Running", false, "containers started")
		ready    = status(ms(5500), "web-0", "Running", true, "readiness probe succeeded")
		deleted  = del(ms(10000), "web-0")
		removed  = remove(ms(10300), "web-0", "containers stopped (grace period 30s)")
		crash    = status(ms(7000), "web-0", "Running", false, "container exited with code 1 (Error); restart in 0s")
		restart  = status(ms(7000), "web-0", "Running", true, "containers started; Ready")
		later    = sim.Event{T: ms(30000), Actor: sim.ActorStatefulSet, Verb: sim.VerbStatus, Kind: "StatefulSet", Name: "web", Namespace: "default"}
		forced   = remove(ms(8000), "web-0", "deleted by user (force)")
		c1       = create(ms(10305), "web-0")
		b1       = bind(ms(10330), "web-0")
		ready1   = status(ms(11000), "web-0", "Running", true, "containers started; Ready")
		pullFail = sim.Event{T: ms(1000), Actor: sim.ActorKubelet, Verb: sim.VerbStatus, Kind: "Pod", Name: "web-0", Namespace: "default", Reason: "ErrImagePull: failed to pull image x"}
		label    = sim.Event{T: ms(6000), Actor: sim.ActorUser, Verb: sim.VerbPatch, Kind: "Pod", Name: "web-0", Namespace: "default", Reason: "labels: +a=b"}
		unsched  = sim.Event{T: ms(10), Actor: sim.ActorScheduler, Verb: sim.VerbStatus, Kind: "Pod", Name: "web-0", Namespace: "default", Reason: "Unschedulable: 0/3 nodes are available"}
		notReady = status(ms(10100), "web-0", "Running", false, "readiness probe failed")
		evicted  = sim.Event{T: ms(8000), Actor: sim.ActorFault, Verb: sim.VerbStatus, Kind: "Pod", Name: "web-0", Namespace: "default", Reason: "pod failed (evicted)", Detail: map[string]any{"phase": "Failed", "ready": false}}
		behave   = sim.Event{T: 0, Actor: sim.ActorFault, Verb: sim.VerbUpdate, Kind: "Pod", Name: "ghost-0", Namespace: "default", Reason: "behaviour never-ready"}
	)
	tests := []struct {
		name   string
		events []sim.Event
		want   []Row
	}{{
		name:   "empty",
		events: nil,
		want:   []Row{},
	}, {
		name:   "create, bind, running, ready, delete, remove",
		events: []sim.Event{c0, b0, started, ready, deleted, removed},
		want: []Row{row("web-0", 1, []Band{
			band(Pending, 0, c0, b0),
			band(ContainerCreating, 0, b0, started),
			band(RunningNotReady, 0, started, ready),
			band(Ready, 0, ready, deleted),
			band(Terminating, 0, deleted, removed),
		}, mark(Created, 0, c0), mark(Deleted, 0, deleted), mark(Removed, 0, removed))},
	}, {
		name:   "crash (ready false) and an instant restart; open band ends at the trace's end",
		events: []sim.Event{c0, b0, started, ready, crash, restart, later},
		want: []Row{row("web-0", 1, []Band{
			band(Pending, 0, c0, b0),
			band(ContainerCreating, 0, b0, started),
			band(RunningNotReady, 0, started, ready),
			band(Ready, 0, ready, crash),
			band(RunningNotReady, 0, crash, restart), // zero length: drawn as a sliver
			open(band(Ready, 0, restart, restart), later.T),
		}, mark(Created, 0, c0))},
	}, {
		name:   "force delete: remove without delete",
		events: []sim.Event{c0, b0, started, ready, forced},
		want: []Row{row("web-0", 1, []Band{
			band(Pending, 0, c0, b0),
			band(ContainerCreating, 0, b0, started),
			band(RunningNotReady, 0, started, ready),
			band(Ready, 0, ready, forced),
		}, mark(Created, 0, c0), mark(RemovedAtOnce, 0, forced))},
	}, {
		name:   "recreation of the same name: a new band sequence in the same row",
		events: []sim.Event{c0, b0, started, ready, deleted, removed, c1, b1, ready1},
		want: []Row{row("web-0", 2, []Band{
			band(Pending, 0, c0, b0),
			band(ContainerCreating, 0, b0, started),
			band(RunningNotReady, 0, started, ready),
			band(Ready, 0, ready, deleted),
			band(Terminating, 0, deleted, removed),
			band(Pending, 1, c1, b1),
			band(ContainerCreating, 1, b1, ready1),
			open(band(Ready, 1, ready1, ready1), ready1.T),
		}, mark(Created, 0, c0), mark(Deleted, 0, deleted), mark(Removed, 0, removed), mark(Created, 1, c1))},
	}, {
		name:   "events that change nothing are notes on the band",
		events: []sim.Event{c0, unsched, b0, pullFail, started, ready, label, deleted, notReady, removed},
		want: []Row{row("web-0", 1, []Band{
			band(Pending, 0, c0, b0, unsched),
			band(ContainerCreating, 0, b0, started, pullFail),
			band(RunningNotReady, 0, started, ready),
			band(Ready, 0, ready, deleted, label),
			band(Terminating, 0, deleted, removed, notReady),
		}, mark(Created, 0, c0), mark(Deleted, 0, deleted), mark(Removed, 0, removed))},
	}, {
		name:   "an unscheduled pod deleted is removed at once",
		events: []sim.Event{c0, unsched, remove(ms(50), "web-0", "deleted by user")},
		want: []Row{row("web-0", 1, []Band{
			band(Pending, 0, c0, remove(ms(50), "", ""), unsched),
		}, mark(Created, 0, c0), mark(RemovedAtOnce, 0, remove(ms(50), "web-0", "deleted by user")))},
	}, {
		name:   "eviction: Failed until deleted",
		events: []sim.Event{c0, b0, ready, evicted, deleted, removed},
		want: []Row{row("web-0", 1, []Band{
			band(Pending, 0, c0, b0),
			band(ContainerCreating, 0, b0, ready),
			band(Ready, 0, ready, evicted),
			band(Failed, 0, evicted, deleted),
			band(Terminating, 0, deleted, removed),
		}, mark(Created, 0, c0), mark(Deleted, 0, deleted), mark(Removed, 0, removed))},
	}, {
		name:   "a trace that starts after the creation",
		events: []sim.Event{ready, deleted, removed},
		want: []Row{row("web-0", 1, []Band{
			band(Ready, 0, ready, deleted),
			band(Terminating, 0, deleted, removed),
		}, mark(Deleted, 0, deleted), mark(Removed, 0, removed))},
	}, {
		name:   "a note about a pod never seen makes no row",
		events: []sim.Event{behave},
		want:   []Row{},
	}, {
		name:   "a second delete is a note",
		events: []sim.Event{c0, b0, ready, deleted, del(ms(10100), "web-0"), removed},
		want: []Row{row("web-0", 1, []Band{
			band(Pending, 0, c0, b0),
			band(ContainerCreating, 0, b0, ready),
			band(Ready, 0, ready, deleted),
			band(Terminating, 0, deleted, removed, del(ms(10100), "web-0")),
		}, mark(Created, 0, c0), mark(Deleted, 0, deleted), mark(Removed, 0, removed))},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, Bands(tt.events)); diff != "" {
				t.Errorf("Bands (-want +got):\n%s", diff)
			}
		})
	}
}

// TestBandsOrder: rows sort by namespace, set, then ordinal numerically.
func TestBandsOrder(t *testing.T) {
	var events []sim.Event
	for _, name := range []string{"web-10", "web-2", "web", "web-0", "db-1", "web-01", "db-0"} {
		events = append(events, create(0, name))
	}
	other := create(0, "x-0")
	other.Namespace = "a"
	events = append(events, other)
	var got []string
	for _, r := range Bands(events) {
		got = append(got, r.ID())
	}
	want := []string{"a/x-0", "default/db-0", "default/db-1", "default/web", "default/web-0", "default/web-2", "default/web-10", "default/web-01"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("order (-want +got):\n%s", diff)
	}
}

func TestSplitOrdinal(t *testing.T) {
	for _, tt := range []struct {
		name string
		set  string
		ord  int
	}{
		{"web-0", "web", 0},
		{"web-12", "web", 12},
		{"my-web-3", "my-web", 3},
		{"web", "web", -1},
		{"web-", "web-", -1},
		{"-1", "-1", -1},
		{"web-01", "web-01", -1},
		{"web-x", "web-x", -1},
		{"web-99999999999999999999", "web-99999999999999999999", -1},
	} {
		set, ord := splitOrdinal(tt.name)
		if set != tt.set || ord != tt.ord {
			t.Errorf("splitOrdinal(%q) = %q, %d; want %q, %d", tt.name, set, ord, tt.set, tt.ord)
		}
	}
}

// TestStatusDetailForms: the detail is read from a map, raw JSON, or any
// value that marshals to the same object.
func TestStatusDetailForms(t *testing.T) {
	type detail struct {
		Phase string `json:"phase"`
		Ready bool   `json:"ready"`
	}
	for _, d := range []any{
		map[string]any{"phase": "Running", "ready": true},
		json.RawMessage(`{"phase":"Running","ready":true}`),
		detail{Phase: "Running", Ready: true},
		&detail{Phase: "Running", Ready: true},
	} {
		e := status(0, "web-0", "", false, "")
		e.Detail = d
		if s, ok := stateAfter(e); !ok || s != Ready {
			t.Errorf("detail %#v: state %v, %v; want Ready", d, s, ok)
		}
	}
	for _, d := range []any{nil, map[string]any{}, json.RawMessage(`nope`), func() {}} {
		e := status(0, "web-0", "", false, "")
		e.Detail = d
		if _, ok := stateAfter(e); ok {
			t.Errorf("detail %#v gave a state", d)
		}
	}
}
