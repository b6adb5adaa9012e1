package sim

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"
)

// event is one scheduled piece of simulated activity. Its instant is its
// bucket's (queue).
type event struct {
	// fn runs the event, or, when nil, step.runStep(slot, arg) does: the
	// steps every pod takes are scheduled without allocating a closure.
	fn   func()
	step stepper
	slot *podSlot
	arg  uint64
	// background events (periodic resyncs, back-off retries of things that
	// cannot progress) do not keep the cluster from being stable.
	background bool
	// actor, what and name describe the event for "still pending" reports
	// (what+name is e.g. "watch pod/web-0"); they are joined only then.
	actor, what, name string
}

// stepper is an actor that runs some of its events without a closure.
// The event gives it back the store slot of the pod the step is about (or
// nil) and a number.
type stepper interface {
	runStep(s *podSlot, arg uint64)
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
	heap []*bucket // min-heap by instant
	// buckets finds a bucket by instant once there are many (from
	// mapFrom buckets until they are down to scanBelow); with few, a scan
	// of the heap costs less than a map.
	buckets map[time.Duration]*bucket
	recent  [2]*bucket // the buckets of the last pushes, nil once drained
	spare   []*bucket  // drained buckets
	chunks  []*chunk   // drained chunks
	n       int
	// foreground counts the queued events that are not background.
	foreground int
}

// A bucket keeps its events in chunks: a burst of thousands of events at
// one instant never copies them to grow, and drained chunks are reused.
// maxSpare buckets and maxSpareChunks chunks are kept for reuse.
const (
	mapFrom        = 32
	scanBelow      = 8
	chunkEvents    = 32
	maxSpare       = 16
	maxSpareChunks = 8
)

type bucket struct {
	at     time.Duration
	chunks []*chunk // FIFO; pushes fill the last
	head   int      // the next event of chunks[0]
}

type chunk struct {
	evs [chunkEvents]event
	n   int
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
		if b = q.find(at); b == nil {
			b = q.newBucket(at)
		}
		q.recent[0], q.recent[1] = b, q.recent[0]
	}
	var c *chunk
	if n := len(b.chunks); n > 0 && b.chunks[n-1].n < chunkEvents {
		c = b.chunks[n-1]
	} else {
		c = q.newChunk()
		b.chunks = append(b.chunks, c)
	}
	c.evs[c.n] = e
	c.n++
}

func (q *queue) newChunk() *chunk {
	if n := len(q.chunks); n > 0 {
		c := q.chunks[n-1]
		q.chunks = q.chunks[:n-1]
		return c
	}
	return &chunk{}
}

// freeChunk keeps a drained chunk for reuse (its events are cleared as
// they are popped).
func (q *queue) freeChunk(c *chunk) {
	c.n = 0
	if len(q.chunks) < maxSpareChunks {
		q.chunks = append(q.chunks, c)
	}
}

// find returns the bucket of instant at, or nil.
func (q *queue) find(at time.Duration) *bucket {
	if q.buckets != nil {
		return q.buckets[at]
	}
	for _, b := range q.heap {
		if b.at == at {
			return b
		}
	}
	return nil
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
	switch {
	case q.buckets != nil:
		q.buckets[at] = b
	case len(q.heap)+1 >= mapFrom:
		q.buckets = make(map[time.Duration]*bucket, 2*mapFrom)
		for _, o := range q.heap {
			q.buckets[o.at] = o
		}
		q.buckets[at] = b
	}
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
	c := b.chunks[0]
	e := c.evs[b.head]
	c.evs[b.head] = event{}
	b.head++
	q.n--
	if !e.background {
		q.foreground--
	}
	at := b.at
	if b.head == c.n {
		if len(b.chunks) == 1 {
			q.dropHead(b) // pushes fill the last chunk: this was the last event
		} else {
			b.chunks[0] = nil
			b.chunks, b.head = b.chunks[1:], 0
			q.freeChunk(c)
		}
	}
	return at, e
}

// dropHead removes the drained bucket b of the earliest instant.
func (q *queue) dropHead(b *bucket) {
	if q.buckets != nil {
		delete(q.buckets, b.at)
		if len(q.buckets) < scanBelow {
			q.buckets = nil
		}
	}
	for i, r := range q.recent {
		if r == b {
			q.recent[i] = nil
		}
	}
	for _, c := range b.chunks {
		q.freeChunk(c)
	}
	clear(b.chunks)
	b.chunks, b.head = b.chunks[:0], 0
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
		for j, c := range b.chunks {
			i := 0
			if j == 0 {
				i = b.head
			}
			for ; i < c.n; i++ {
				fn(b.at, &c.evs[i])
			}
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

// atStep schedules s.runStep(slot, arg) at virtual time t (never in the past).
func (e *engine) atStep(t time.Duration, background bool, actor, what, name string, s stepper, slot *podSlot, arg uint64) {
	e.q.push(max(t, e.now), event{step: s, slot: slot, arg: arg, background: background, actor: actor, what: what, name: name})
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
		ev.step.runStep(ev.slot, ev.arg)
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
