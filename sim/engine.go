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

// queue is a min-heap of events ordered by (at, seq): one total order, so
// that runs are deterministic. The heap holds small keys; the events
// themselves sit in a slab of reusable slots, so sifting moves 24 bytes, not
// a whole event.
type queue struct {
	heap       []qkey
	slots      []event
	free       []uint32
	foreground int
}

type qkey struct {
	at   time.Duration
	seq  uint64
	slot uint32
}

func (a qkey) before(b qkey) bool { return a.at < b.at || (a.at == b.at && a.seq < b.seq) }

func (q *queue) len() int { return len(q.heap) }

// peek returns the time of the next event; the queue must not be empty.
func (q *queue) peek() time.Duration { return q.heap[0].at }

func (q *queue) push(e event) {
	if !e.background {
		q.foreground++
	}
	var slot uint32
	if n := len(q.free); n > 0 {
		slot = q.free[n-1]
		q.free = q.free[:n-1]
		q.slots[slot] = e
	} else {
		slot = uint32(len(q.slots))
		q.slots = append(q.slots, e)
	}
	k := qkey{e.at, e.seq, slot}
	q.heap = append(q.heap, k)
	i := len(q.heap) - 1
	for i > 0 {
		p := (i - 1) / 2
		if !k.before(q.heap[p]) {
			break
		}
		q.heap[i] = q.heap[p]
		i = p
	}
	q.heap[i] = k
}

func (q *queue) pop() event {
	top := q.heap[0]
	n := len(q.heap) - 1
	last := q.heap[n]
	q.heap = q.heap[:n]
	if n > 0 {
		i := 0
		for {
			m := 2*i + 1
			if m >= n {
				break
			}
			if r := m + 1; r < n && q.heap[r].before(q.heap[m]) {
				m = r
			}
			if !q.heap[m].before(last) {
				break
			}
			q.heap[i] = q.heap[m]
			i = m
		}
		q.heap[i] = last
	}
	e := q.slots[top.slot]
	q.slots[top.slot] = event{}
	q.free = append(q.free, top.slot)
	if !e.background {
		q.foreground--
	}
	return e
}

// each calls fn for every queued event, in no particular order.
func (q *queue) each(fn func(e *event)) {
	for _, k := range q.heap {
		fn(&q.slots[k.slot])
	}
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
	if e.q.len() == 0 || e.q.peek() > limit {
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
	e.q.each(func(ev *event) {
		if !ev.background {
			evs = append(evs, *ev)
		}
	})
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
