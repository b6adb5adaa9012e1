package sim

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"
)

// event is one scheduled piece of simulated activity.
type event struct {
	at  time.Duration
	seq uint64
	fn  func()
	// background events (periodic resyncs, back-off retries of things that
	// cannot progress) do not keep the cluster from being stable.
	background bool
	// actor, what and name describe the event for "still pending" reports
	// (what+name is e.g. "watch pod/web-0"); they are joined only then.
	actor, what, name string
}

// queue is a binary min-heap of events ordered by (at, seq): one total order,
// so that runs are deterministic.
type queue struct {
	items      []event
	foreground int
}

func (q *queue) less(i, j int) bool {
	a, b := &q.items[i], &q.items[j]
	return a.at < b.at || (a.at == b.at && a.seq < b.seq)
}

func (q *queue) push(e event) {
	if !e.background {
		q.foreground++
	}
	q.items = append(q.items, e)
	i := len(q.items) - 1
	for i > 0 {
		p := (i - 1) / 2
		if !q.less(i, p) {
			break
		}
		q.items[i], q.items[p] = q.items[p], q.items[i]
		i = p
	}
}

func (q *queue) pop() event {
	top := q.items[0]
	n := len(q.items) - 1
	q.items[0] = q.items[n]
	q.items[n] = event{}
	q.items = q.items[:n]
	for i := 0; ; {
		l, r, m := 2*i+1, 2*i+2, i
		if l < n && q.less(l, m) {
			m = l
		}
		if r < n && q.less(r, m) {
			m = r
		}
		if m == i {
			break
		}
		q.items[i], q.items[m] = q.items[m], q.items[i]
		i = m
	}
	if !top.background {
		q.foreground--
	}
	return top
}

// engine is the clock and the event loop.
type engine struct {
	now    time.Duration
	seq    uint64
	q      queue
	events uint64 // events run so far
}

// at schedules fn at virtual time t (never in the past).
func (e *engine) at(t time.Duration, actor, what, name string, fn func()) {
	e.seq++
	e.q.push(event{at: max(t, e.now), seq: e.seq, fn: fn, actor: actor, what: what, name: name})
}

// after schedules fn d after now.
func (e *engine) after(d time.Duration, actor, what, name string, fn func()) {
	e.at(e.now+d, actor, what, name, fn)
}

// background schedules fn as a background event.
func (e *engine) backgroundAt(t time.Duration, actor, what, name string, fn func()) {
	e.seq++
	e.q.push(event{at: max(t, e.now), seq: e.seq, fn: fn, background: true, actor: actor, what: what, name: name})
}

// step runs the next event if it is due by limit.
func (e *engine) step(limit time.Duration) bool {
	if len(e.q.items) == 0 || e.q.items[0].at > limit {
		return false
	}
	ev := e.q.pop()
	e.now = ev.at
	e.events++
	ev.fn()
	return true
}

// pending describes the foreground events still queued, one line each,
// deduplicated and in queue order.
func (e *engine) pending(limit int) []string {
	var evs []event
	for _, ev := range e.q.items {
		if !ev.background {
			evs = append(evs, ev)
		}
	}
	sortEvents(evs)
	seen := map[string]bool{}
	var out []string
	for _, ev := range evs {
		line := ev.actor + ": " + ev.what + ev.name
		if seen[line] {
			continue
		}
		seen[line] = true
		if len(out) == limit {
			out = append(out, fmt.Sprintf("… and more (%d events pending)", len(evs)))
			break
		}
		out = append(out, line)
	}
	return out
}

func sortEvents(evs []event) {
	slices.SortFunc(evs, func(a, b event) int {
		if a.at != b.at {
			return cmp.Compare(a.at, b.at)
		}
		return cmp.Compare(a.seq, b.seq)
	})
}

// ErrNotStable is wrapped by the errors the run calls return when their bound
// is reached with work still pending.
var ErrNotStable = fmt.Errorf("not stable")

// NotStableError says what was still pending when a run hit its bound.
type NotStableError struct {
	After   time.Duration
	Pending []string
}

func (e *NotStableError) Error() string {
	return fmt.Sprintf("not stable after %s: %s", e.After, strings.Join(e.Pending, "\n"))
}

// Unwrap makes errors.Is(err, ErrNotStable) true.
func (e *NotStableError) Unwrap() error { return ErrNotStable }
