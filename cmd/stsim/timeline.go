package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/stsim/stsim/script"
	"github.com/stsim/stsim/sim"
	"github.com/stsim/stsim/timeline"
)

// timelineTrace keeps the trace for --timeline. The runner writes the trace
// to it as JSON lines; it decodes each line, keeps the event, and passes the
// line on in the form --trace asked for, to where it would have gone.
type timelineTrace struct {
	mode   script.TraceMode
	out    io.Writer
	line   []byte // a line not yet ended
	events []sim.Event
}

func (t *timelineTrace) Write(p []byte) (int, error) {
	t.line = append(t.line, p...)
	for {
		i := bytes.IndexByte(t.line, '\n')
		if i < 0 {
			return len(p), nil
		}
		line := t.line[:i+1]
		e, err := timeline.ParseEvent(line)
		if err == nil {
			t.events = append(t.events, e)
		}
		switch t.mode {
		case script.TraceText:
			if err == nil {
				_, err = fmt.Fprintln(t.out, e)
			} else {
				_, err = t.out.Write(line) // not an event: as the runner wrote it
			}
		case script.TraceJSON:
			_, err = t.out.Write(line)
		default:
			err = nil
		}
		t.line = t.line[i+1:]
		if err != nil {
			return len(p), err
		}
	}
}

// withTimeline routes the run's trace through a timelineTrace.
func withTimeline(opts *script.Options, stdout io.Writer) *timelineTrace {
	t := &timelineTrace{mode: opts.Trace, out: opts.TraceOut}
	if t.out == nil {
		t.out = stdout
	}
	opts.Trace, opts.TraceOut = script.TraceJSON, t
	return t
}

// write renders the timeline of the run to path.
func (t *timelineTrace) write(path, scriptPath string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	err = timeline.Render(f, t.events, timeline.Options{Title: "stsim run " + filepath.Base(scriptPath)})
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}
