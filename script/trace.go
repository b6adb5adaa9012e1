package script

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/stsim/stsim/sim"
)

// onEvent prints a trace event as it happens, remembers it for failure
// reports and, with Options.Check, runs the invariants.
func (r *Runner) onEvent(e sim.Event) {
	r.printEvent(e)
	if len(r.last) == lastEvents {
		r.last = append(r.last[:0], r.last[1:]...)
	}
	r.last = append(r.last, e)
	if r.opts.Check && r.failed == nil && r.c != nil { // r.c is nil while NewCluster runs
		r.checkNow()
	}
}

// printEvent writes e in the configured trace form.
func (r *Runner) printEvent(e sim.Event) {
	w := r.traceOut()
	switch r.opts.Trace {
	case TraceText:
		fmt.Fprintln(w, e)
	case TraceJSON:
		b, err := json.Marshal(e)
		if err != nil {
			b = fmt.Appendf(nil, `{"error":%q}`, err.Error())
		}
		fmt.Fprintf(w, "%s\n", b)
	}
}

func (r *Runner) traceOut() io.Writer {
	if r.opts.TraceOut != nil {
		return r.opts.TraceOut
	}
	return r.out
}

// onSync feeds a controller sync to the sync invariants.
func (r *Runner) onSync(s sim.Sync) {
	r.checker.ObserveSync(s)
	if r.opts.Check && r.failed == nil && r.c != nil {
		if v := r.checker.Violations(); len(v) > 0 {
			r.fail(v[0])
		}
	}
}
