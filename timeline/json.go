package timeline

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"time"

	"github.com/stsim/stsim/sim"
)

// jsonEvent is a trace event in the JSON form sim.Event marshals to.
type jsonEvent struct {
	T         *float64        `json:"t"`
	Actor     string          `json:"actor"`
	Verb      string          `json:"verb"`
	Kind      string          `json:"kind"`
	Name      string          `json:"name"`
	Namespace string          `json:"namespace"`
	Reason    string          `json:"reason"`
	Revision  string          `json:"revision"`
	Detail    json.RawMessage `json:"detail"`
}

// ParseEvent parses one trace event in its JSON form (the form of
// `stsim run --trace=json`). The detail, if any, is kept as a
// json.RawMessage, which Bands reads.
func ParseEvent(line []byte) (sim.Event, error) {
	var j jsonEvent
	if err := json.Unmarshal(line, &j); err != nil {
		return sim.Event{}, err
	}
	if j.T == nil || math.IsNaN(*j.T) || *j.T < 0 {
		return sim.Event{}, fmt.Errorf("trace event without a valid \"t\": %s", line)
	}
	e := sim.Event{
		T:     time.Duration(math.Round(*j.T * float64(time.Second))),
		Actor: j.Actor, Verb: j.Verb, Kind: j.Kind, Name: j.Name, Namespace: j.Namespace,
		Reason: j.Reason, Revision: j.Revision,
	}
	if len(j.Detail) > 0 && !bytes.Equal(j.Detail, []byte("null")) {
		e.Detail = j.Detail
	}
	return e, nil
}

// ReadJSON reads a JSON trace, one event per line. Lines that are not JSON
// objects (the command output `stsim run --trace=json` interleaves on
// standard output) are skipped; a malformed object is an error.
func ReadJSON(r io.Reader) ([]sim.Event, error) {
	var events []sim.Event
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 16*1024*1024)
	n := 0
	for sc.Scan() {
		n++
		line := bytes.TrimSpace(sc.Bytes())
		if !bytes.HasPrefix(line, []byte(`{"t":`)) {
			continue
		}
		e, err := ParseEvent(line)
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", n, err)
		}
		events = append(events, e)
	}
	return events, sc.Err()
}
