package sim

import (
	"fmt"
	"strings"
	"time"

	"github.com/stsim/stsim/api"
)

// eventTemplate is the fixed part of a Kubernetes Event: who records it,
// about what kind of object, and its message format: string verbs for the
// arguments recorded with the event, and {ns} and {name} for the namespace
// and name of the object it is about, which need not be recorded twice.
type eventTemplate struct {
	kind, typ, reason, source, format string
}

// The Kubernetes Events the simulation records, worded as upstream's
// components word them.
var (
	evCreatePod       = &eventTemplate{"StatefulSet", "Normal", "SuccessfulCreate", ActorStatefulSet, "Create Pod %s in StatefulSet {name} successful"}
	evDeletePod       = &eventTemplate{"StatefulSet", "Normal", "SuccessfulDelete", ActorStatefulSet, "Delete Pod %s in StatefulSet {name} successful"}
	evUpdatePod       = &eventTemplate{"StatefulSet", "Normal", "SuccessfulUpdate", ActorStatefulSet, "Update Pod %s in StatefulSet {name} successful"}
	evCreatePodFailed = &eventTemplate{"StatefulSet", "Warning", "FailedCreate", ActorStatefulSet, "Create Pod %s in StatefulSet {name} failed error: %s"}
	evDeletePodFailed = &eventTemplate{"StatefulSet", "Warning", "FailedDelete", ActorStatefulSet, "Delete Pod %s in StatefulSet {name} failed error: %s"}
	evUpdatePodFailed = &eventTemplate{"StatefulSet", "Warning", "FailedUpdate", ActorStatefulSet, "Update Pod %s in StatefulSet {name} failed error: %s"}
	evCreateClaim     = &eventTemplate{"StatefulSet", "Normal", "SuccessfulCreate", ActorStatefulSet, "Create Claim %s Pod %s in StatefulSet %s success"}
	evCreateClaimFail = &eventTemplate{"StatefulSet", "Warning", "FailedCreate", ActorStatefulSet, "Create Claim %s for Pod %s in StatefulSet %s failed error: %s"}
	evScheduled       = &eventTemplate{"Pod", "Normal", "Scheduled", "default-scheduler", "Successfully assigned {ns}/{name} to %s"}
	evPresent         = &eventTemplate{"Pod", "Normal", "Pulled", ActorKubelet, "Container image %q already present on machine"}
	evPulling         = &eventTemplate{"Pod", "Normal", "Pulling", ActorKubelet, "Pulling image %q"}
	evPulled          = &eventTemplate{"Pod", "Normal", "Pulled", ActorKubelet, "Successfully pulled image %q in %s"}
	evPullFailed      = &eventTemplate{"Pod", "Warning", "Failed", ActorKubelet, "Failed to pull image %q: not found"}
	evCreated         = &eventTemplate{"Pod", "Normal", "Created", ActorKubelet, "Created container: %s"}
	evStarted         = &eventTemplate{"Pod", "Normal", "Started", ActorKubelet, "Started container %s"}
	evBackOff         = &eventTemplate{"Pod", "Warning", "BackOff", ActorKubelet, "Back-off restarting failed container %s in pod %s"}
	evKilling         = &eventTemplate{"Pod", "Normal", "Killing", ActorKubelet, "Stopping container %s"}
	evEvicted         = &eventTemplate{"Pod", "Warning", "Evicted", ActorKubelet, "The node was low on resource: memory."}
)

// podEvents are the StatefulSet controller's pod events by verb, success
// first (upstream: stateful_pod_control.go recordPodEvent).
var podEvents = map[string][2]*eventTemplate{
	"create": {evCreatePod, evCreatePodFailed},
	"delete": {evDeletePod, evDeletePodFailed},
	"update": {evUpdatePod, evUpdatePodFailed},
}

// eventLog keeps the newest Kubernetes Events in chunks of eventChunk
// records, so that recording one never copies the others (a growing slice
// of 65,536 records did, at every doubling). kube-apiserver expires events
// (--event-ttl 1h); the log keeps at most maxEvents, dropping the oldest
// half when full. Records name their namespace by its index in
// namespaces (the namespaces events were recorded in, in order).
type eventLog struct {
	chunks     [][]eventRecord // all full but the last
	n          int
	namespaces []string
	nsIndex    map[string]uint32
}

const (
	eventChunk = 512
	maxEvents  = 128 * eventChunk
)

// namespace returns the index of ns in l.namespaces, adding it.
func (l *eventLog) namespace(ns string) uint32 {
	if n := len(l.namespaces); n > 0 && l.namespaces[n-1] == ns {
		return uint32(n - 1)
	}
	i, ok := l.nsIndex[ns]
	if !ok {
		if l.nsIndex == nil {
			l.nsIndex = map[string]uint32{}
		}
		i = uint32(len(l.namespaces))
		l.nsIndex[ns] = i
		l.namespaces = append(l.namespaces, ns)
	}
	return i
}

func (l *eventLog) len() int { return l.n }

// at returns the i-th record, oldest first.
func (l *eventLog) at(i int) *eventRecord { return &l.chunks[i/eventChunk][i%eventChunk] }

func (l *eventLog) add(r eventRecord) {
	if l.n == maxEvents {
		half := len(l.chunks) / 2
		l.chunks = append([][]eventRecord(nil), l.chunks[half:]...)
		l.n -= half * eventChunk
	}
	switch last := len(l.chunks) - 1; {
	case last < 0:
		l.chunks = append(l.chunks, nil) // the first chunk grows as needed: most clusters record few events
	case len(l.chunks[last]) == eventChunk:
		l.chunks = append(l.chunks, make([]eventRecord, 0, eventChunk))
	}
	last := &l.chunks[len(l.chunks)-1]
	*last = append(*last, r)
	l.n++
}

// eventRecord is a Kubernetes Event kept compactly (64 bytes): a template
// and its arguments (as many as the template's format has verbs); the
// message is rendered only when asked for.
type eventRecord struct {
	name string
	// args are the message arguments joined by argSep: most events have
	// one, kept without a copy.
	args        string
	t           *eventTemplate
	first, last time.Duration
	count       int32
	ns          uint32 // eventLog.namespaces
}

// argSep joins an event's arguments; no argument contains it.
const argSep = "\x00"

// event records a Kubernetes Event about an object, folding a repeat of one
// of the last few events as the event recorder does.
func (c *Cluster) event(ns, name string, t *eventTemplate, args ...string) {
	a := strings.Join(args, argSep)
	nsi := c.events.namespace(ns)
	for i := c.events.len() - 1; i >= 0 && i >= c.events.len()-8; i-- {
		e := c.events.at(i)
		if e.t == t && e.name == name && e.args == a && e.ns == nsi {
			e.count++
			e.last = c.eng.now
			return
		}
	}
	c.events.add(eventRecord{ns: nsi, name: name, t: t, args: a, count: 1, first: c.eng.now, last: c.eng.now})
}

// kubeEvent renders the record r of log l.
func (l *eventLog) kubeEvent(r *eventRecord) api.Event {
	var args []any
	if n := r.t.verbs(); n > 0 {
		for _, a := range strings.SplitN(r.args, argSep, n) {
			args = append(args, a)
		}
	}
	ns := l.namespaces[r.ns]
	format := r.t.format
	if strings.Contains(format, "{") {
		format = strings.NewReplacer("{ns}", ns, "{name}", r.name).Replace(format)
	}
	return api.Event{Namespace: ns, Kind: r.t.kind, Name: r.name, Type: r.t.typ, Reason: r.t.reason,
		Message: fmt.Sprintf(format, args...), Source: r.t.source, Count: r.count, First: r.first, Last: r.last}
}

// verbs returns the number of arguments the template's format takes.
func (t *eventTemplate) verbs() int {
	n := 0
	for i := 0; i < len(t.format); i++ {
		if t.format[i] == '%' {
			if i+1 < len(t.format) && t.format[i+1] == '%' {
				i++
				continue
			}
			n++
		}
	}
	return n
}
