package sim

import (
	"encoding/json"
	"strconv"
	"strings"
	"time"
)

// Actors that appear in the trace (the script contract's spellings).
const (
	ActorUser             = "user"
	ActorStatefulSet      = "statefulset-controller"
	ActorKubelet          = "kubelet"
	ActorScheduler        = "scheduler"
	ActorGarbageCollector = "garbage-collector"
	ActorFault            = "fault"
)

// Verbs that appear in the trace.
const (
	VerbCreate = "create"
	VerbUpdate = "update"
	VerbPatch  = "patch"
	VerbDelete = "delete" // graceful deletion started
	VerbRemove = "remove" // the object is gone from the store
	VerbStatus = "status"
	VerbWait   = "wait"
)

// Event is one trace event: a change to the cluster, or a controller's
// decision to wait, with the reason.
type Event struct {
	T         time.Duration
	Actor     string
	Verb      string
	Kind      string
	Name      string
	Namespace string
	Reason    string
	// Revision is the controller-revision-hash of a created pod.
	Revision string
	// Detail holds changed fields (status counts, phase, node); it is
	// marshalled as a JSON object.
	Detail any
}

// String renders the event in the text form of the trace:
// "  12.400s  statefulset-controller  create  pod/redis-sts-1  redis-sts-0 is Running and Ready".
func (e Event) String() string {
	var b strings.Builder
	secs := strconv.FormatFloat(e.T.Seconds(), 'f', 3, 64)
	b.WriteString(strings.Repeat(" ", max(0, 8-len(secs))))
	b.WriteString(secs)
	b.WriteString("s  ")
	b.WriteString(e.Actor)
	b.WriteString("  ")
	b.WriteString(e.Verb)
	b.WriteString("  ")
	b.WriteString(strings.ToLower(e.Kind))
	b.WriteByte('/')
	b.WriteString(e.Name)
	if e.Reason != "" {
		b.WriteString("  ")
		b.WriteString(e.Reason)
	}
	return b.String()
}

// MarshalJSON renders the event as one compact JSON object whose first key
// is "t" (virtual seconds), as the script contract fixes.
func (e Event) MarshalJSON() ([]byte, error) {
	b := []byte(`{"t":`)
	b = strconv.AppendFloat(b, e.T.Seconds(), 'f', -1, 64)
	b = appendField(b, "actor", e.Actor)
	b = appendField(b, "verb", e.Verb)
	b = appendField(b, "kind", e.Kind)
	b = appendField(b, "name", e.Name)
	b = appendField(b, "namespace", e.Namespace)
	b = appendField(b, "reason", e.Reason)
	if e.Revision != "" {
		b = appendField(b, "revision", e.Revision)
	}
	if e.Detail != nil {
		d, err := json.Marshal(e.Detail)
		if err != nil {
			return nil, err
		}
		b = append(b, `,"detail":`...)
		b = append(b, d...)
	}
	return append(b, '}'), nil
}

func appendField(b []byte, k, v string) []byte {
	b = append(b, ',', '"')
	b = append(b, k...)
	b = append(b, '"', ':')
	q, _ := json.Marshal(v)
	return append(b, q...)
}
