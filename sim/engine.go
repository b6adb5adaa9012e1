package sim

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/stsim/stsim/api"
)

// event is one scheduled piece of simulated activity.
type event struct {
	at  time.Duration
	seq uint64
	// fn runs the event, or, when nil, step.runStep(pod, arg) does: the
	// steps every pod takes are scheduled without allocating a closure.
	fn   func()
	step stepper
	pod  *api.Pod
	arg  uint64
	// background events (periodic resyncs, back-off retries of things that
	// cannot progress) do not keep the cluster from being stable.
	background bool
	// actor, what and name describe the event for "still pending" reports
	// (what+name is e.g. "watch pod/web-0"); they are joined only then.
	actor, what, name string
}

// stepper is an actor that runs some of its events without a closure.
// The event gives it back the pod the step is about and a number.
type stepper interface {
	runStep(p *api.Pod, arg uint64)
}

// queue holds the pending events in one total order, (at, seq), so that runs
// are deterministic. Simulated durations are whole milliseconds and many
// actors wait the same durations, so many events share an instant: the
// queue is a min-heap of distinct instants, each with a FIFO bucket of its
// events. Sequence numbers only grow, so a bucket in push order is in seq
// order; a push costs a map lookup and an append, not a sift through every
// pending event, and a pop mostly just advances the bucket's head.
type queue struct {
	times   []time.Duration // min-heap of the instants that have a bucket
	buckets map[time.Duration]*bucket
	spare   []*bucket // drained buckets, kept for their capacity
	last    *bucket   // the bucket of the last push (pushes come in runs), nil once drained
	n       int
	// foreground counts the queued events that are not background.
	foreground int
}

// maxSpare drained buckets of at most maxSpareEvents events are kept for
// reuse.
const maxSpare, maxSpareEvents = 16, 128

type bucket struct {
	at   time.Duration
	evs  []event
	head int
}

func (q *queue) len() int { return q.n }

// peek returns the time of the next event; the queue must not be empty.
func (q *queue) peek() time.Duration { return q.times[0] }

func (q *queue) push(e event) {
	if !e.background {
		q.foreground++
	}
	q.n++
	b := q.last
	if b == nil || b.at != e.at {
		b = q.buckets[e.at]
		if b == nil {
			b = q.newBucket(e.at)
		}
		q.last = b
	}
	b.evs = append(b.evs, e)
}

// newBucket makes the bucket of instant at and puts at in the heap.
func (q *queue) newBucket(at time.Duration) *bucket {
	var b *bucket
	if n := len(q.spare); n > 0 {
		b, q.spare = q.spare[n-1], q.spare[:n-1]
	} else {
		b = &bucket{}
	}
	b.at = at
	if q.buckets == nil {
		q.buckets = map[time.Duration]*bucket{}
	}
	q.buckets[at] = b
	q.times = append(q.times, at)
	i := len(q.times) - 1
	for i > 0 {
		p := (i - 1) / 2
		if q.times[p] <= at {
			break
		}
		q.times[i] = q.times[p]
		i = p
	}
	q.times[i] = at
	return b
}

func (q *queue) pop() event {
	b := q.buckets[q.times[0]]
	e := b.evs[b.head]
	b.evs[b.head] = event{}
	b.head++
	q.n--
	if !e.background {
		q.foreground--
	}
	if b.head == len(b.evs) {
		q.dropHead(b)
	}
	return e
}

// dropHead removes the drained bucket b of the earliest instant.
func (q *queue) dropHead(b *bucket) {
	delete(q.buckets, b.at)
	if q.last == b {
		q.last = nil
	}
	b.evs, b.head = b.evs[:0], 0
	if cap(b.evs) > maxSpareEvents {
		b.evs = nil // a burst's array is not kept once the burst is over
	}
	if len(q.spare) < maxSpare {
		q.spare = append(q.spare, b)
	}
	n := len(q.times) - 1
	last := q.times[n]
	q.times = q.times[:n]
	if n == 0 {
		return
	}
	i := 0
	for {
		m := 2*i + 1
		if m >= n {
			break
		}
		if r := m + 1; r < n && q.times[r] < q.times[m] {
			m = r
		}
		if q.times[m] >= last {
			break
		}
		q.times[i] = q.times[m]
		i = m
	}
	q.times[i] = last
}

// each calls fn for every queued event, in no particular order.
func (q *queue) each(fn func(e *event)) {
	for _, at := range q.times {
		b := q.buckets[at]
		for i := b.head; i < len(b.evs); i++ {
			fn(&b.evs[i])
		}
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

// atStep schedules s.runStep(p, arg) at virtual time t (never in the past).
func (e *engine) atStep(t time.Duration, background bool, actor, what, name string, s stepper, p *api.Pod, arg uint64) {
	e.seq++
	e.q.push(event{at: max(t, e.now), seq: e.seq, step: s, pod: p, arg: arg, background: background, actor: actor, what: what, name: name})
}

// step runs the next event if it is due by limit.
func (e *engine) step(limit time.Duration) bool {
	if e.q.len() == 0 || e.q.peek() > limit {
		return false
	}
	ev := e.q.pop()
	e.now = ev.at
	e.events++
	if ev.fn != nil {
		ev.fn()
	} else {
		ev.step.runStep(ev.pod, ev.arg)
	}
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
