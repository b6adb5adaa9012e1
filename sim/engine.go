package sim

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/stsim/stsim/api"
)

// event is one scheduled piece of simulated activity. Its instant is its
// bucket's (queue).
type event struct {
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

// queue holds the pending events in one total order: by instant, then in
// the order they were scheduled, so that runs are deterministic. Simulated
// durations are whole milliseconds and many actors wait the same durations,
// so many events share an instant: the queue is a min-heap of buckets, one
// per instant, each a FIFO of its events. A push costs a lookup of its
// instant's bucket (the last two are at hand) and an append, not a sift
// through every pending event; a pop mostly just advances the earliest
// bucket's head.
type queue struct {
	heap    []*bucket // min-heap by instant
	buckets map[time.Duration]*bucket
	recent  [2]*bucket // the buckets of the last pushes, nil once drained
	spare   []*bucket  // drained buckets, kept for their capacity
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

// peek returns the instant of the next event; the queue must not be empty.
func (q *queue) peek() time.Duration { return q.heap[0].at }

func (q *queue) push(at time.Duration, e event) {
	if !e.background {
		q.foreground++
	}
	q.n++
	var b *bucket
	switch {
	case q.recent[0] != nil && q.recent[0].at == at:
		b = q.recent[0]
	case q.recent[1] != nil && q.recent[1].at == at:
		b = q.recent[1]
		q.recent[0], q.recent[1] = b, q.recent[0]
	default:
		if b = q.buckets[at]; b == nil {
			b = q.newBucket(at)
		}
		q.recent[0], q.recent[1] = b, q.recent[0]
	}
	b.evs = append(b.evs, e)
}

// newBucket makes the bucket of instant at and puts it in the heap.
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
	q.heap = append(q.heap, b)
	i := len(q.heap) - 1
	for i > 0 {
		p := (i - 1) / 2
		if q.heap[p].at <= at {
			break
		}
		q.heap[i] = q.heap[p]
		i = p
	}
	q.heap[i] = b
	return b
}

// pop removes the next event and returns it with its instant.
func (q *queue) pop() (time.Duration, event) {
	b := q.heap[0]
	e := b.evs[b.head]
	b.evs[b.head] = event{}
	b.head++
	q.n--
	if !e.background {
		q.foreground--
	}
	at := b.at
	if b.head == len(b.evs) {
		q.dropHead(b)
	}
	return at, e
}

// dropHead removes the drained bucket b of the earliest instant.
func (q *queue) dropHead(b *bucket) {
	delete(q.buckets, b.at)
	for i, r := range q.recent {
		if r == b {
			q.recent[i] = nil
		}
	}
	b.evs, b.head = b.evs[:0], 0
	if cap(b.evs) > maxSpareEvents {
		b.evs = nil // a burst's array is not kept once the burst is over
	}
	if len(q.spare) < maxSpare {
		q.spare = append(q.spare, b)
	}
	n := len(q.heap) - 1
	last := q.heap[n]
	q.heap[n] = nil
	q.heap = q.heap[:n]
	if n == 0 {
		return
	}
	i := 0
	for {
		m := 2*i + 1
		if m >= n {
			break
		}
		if r := m + 1; r < n && q.heap[r].at < q.heap[m].at {
			m = r
		}
		if q.heap[m].at >= last.at {
			break
		}
		q.heap[i] = q.heap[m]
		i = m
	}
	q.heap[i] = last
}

// inOrder calls fn for every queued event in queue order.
func (q *queue) inOrder(fn func(at time.Duration, e *event)) {
	bs := slices.Clone(q.heap)
	slices.SortFunc(bs, func(a, b *bucket) int { return cmp.Compare(a.at, b.at) })
	for _, b := range bs {
		for i := b.head; i < len(b.evs); i++ {
			fn(b.at, &b.evs[i])
		}
	}
}

// engine is the clock and the event loop.
type engine struct {
	now    time.Duration
	q      queue
	events uint64 // events run so far
}

// at schedules fn at virtual time t (never in the past).
func (e *engine) at(t time.Duration, actor, what, name string, fn func()) {
	e.q.push(max(t, e.now), event{fn: fn, actor: actor, what: what, name: name})
}

// after schedules fn d after now.
func (e *engine) after(d time.Duration, actor, what, name string, fn func()) {
	e.at(e.now+d, actor, what, name, fn)
}

// background schedules fn as a background event.
func (e *engine) backgroundAt(t time.Duration, actor, what, name string, fn func()) {
	e.q.push(max(t, e.now), event{fn: fn, background: true, actor: actor, what: what, name: name})
}

// atStep schedules s.runStep(p, arg) at virtual time t (never in the past).
func (e *engine) atStep(t time.Duration, background bool, actor, what, name string, s stepper, p *api.Pod, arg uint64) {
	e.q.push(max(t, e.now), event{step: s, pod: p, arg: arg, background: background, actor: actor, what: what, name: name})
}

// step runs the next event if it is due by limit.
func (e *engine) step(limit time.Duration) bool {
	if e.q.len() == 0 || e.q.peek() > limit {
		return false
	}
	at, ev := e.q.pop()
	e.now = at
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
	total := 0
	e.q.inOrder(func(_ time.Duration, ev *event) {
		if !ev.background {
			total++
		}
	})
	seen := map[string]bool{}
	var out []string
	more := false
	e.q.inOrder(func(_ time.Duration, ev *event) {
		if ev.background || more {
			return
		}
		line := ev.actor + ": " + ev.what + ev.name
		if seen[line] {
			return
		}
		seen[line] = true
		if len(out) == limit {
			out = append(out, fmt.Sprintf("… and more (%d events pending)", total))
			more = true
			return
		}
		out = append(out, line)
	})
	return out
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
