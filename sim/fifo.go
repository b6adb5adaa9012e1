package sim

// fifo is a first-in first-out queue kept in fixed-size chunks: a push
// never copies what is queued (a burst of 100,000 watch deliveries is
// written once), a pop clears its slot so the value can be collected, and
// drained chunks are kept for reuse. The zero value is an empty queue.
type fifo[T any] struct {
	chunks [][]T // full-capacity chunks; pushes fill the last, pops drain the first
	head   int   // the next value of chunks[0]
	n      int
	spare  [][]T
}

const (
	fifoChunk       = 64
	fifoSpareChunks = 2
)

func (q *fifo[T]) len() int { return q.n }

func (q *fifo[T]) push(v T) {
	last := len(q.chunks) - 1
	if last < 0 || len(q.chunks[last]) == fifoChunk {
		var c []T
		if s := len(q.spare); s > 0 {
			c, q.spare = q.spare[s-1], q.spare[:s-1]
		} else {
			c = make([]T, 0, fifoChunk)
		}
		q.chunks = append(q.chunks, c)
		last++
	}
	q.chunks[last] = append(q.chunks[last], v)
	q.n++
}

// front returns the oldest value; the queue must not be empty.
func (q *fifo[T]) front() *T { return &q.chunks[0][q.head] }

// pop removes the oldest value; the queue must not be empty.
func (q *fifo[T]) pop() {
	c := q.chunks[0]
	var zero T
	c[q.head] = zero
	q.head++
	q.n--
	switch {
	case q.n == 0: // empty: start the chunk over
		q.chunks[0], q.head = c[:0], 0
	case q.head == len(c): // drained, and later chunks hold the rest
		q.head = 0
		q.chunks[0] = nil
		q.chunks = q.chunks[1:]
		if len(q.spare) < fifoSpareChunks {
			q.spare = append(q.spare, c[:0])
		}
	}
}
