// Package timeline draws pod lifecycles over virtual time from a stsim
// trace: one row per pod identity (namespace/name), with a band for each
// state a pod incarnation went through (Pending, ContainerCreating,
// Running but not Ready, Ready, Terminating, Failed) and marks for creations
// and deletions.
//
// Bands derives the rows from the trace events; Render writes them as a
// self-contained SVG whose bands carry the trace event that started them as
// a hover title.
package timeline

import (
	"cmp"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/stsim/stsim/sim"
)

// State is a pod's lifecycle state, as the timeline draws it.
type State int

// The states, in lifecycle order.
const (
	// Pending: created, not yet bound to a node.
	Pending State = iota
	// ContainerCreating: bound to a node, containers not running yet
	// (image pull, volume mounts, container start).
	ContainerCreating
	// RunningNotReady: phase Running but the Ready condition is false
	// (readiness probe not yet passing, or a container crashed).
	RunningNotReady
	// Ready: phase Running and Ready.
	Ready
	// Terminating: graceful deletion requested, the object not yet removed.
	Terminating
	// Failed: a terminal phase (Failed, or Succeeded) reported while the pod
	// was not being deleted, e.g. an eviction.
	Failed
)

// States lists every state in lifecycle order (the legend's order).
var States = []State{Pending, ContainerCreating, RunningNotReady, Ready, Terminating, Failed}

// String returns the state's name as the legend shows it.
func (s State) String() string {
	switch s {
	case Pending:
		return "Pending"
	case ContainerCreating:
		return "ContainerCreating"
	case RunningNotReady:
		return "Running, not Ready"
	case Ready:
		return "Ready"
	case Terminating:
		return "Terminating"
	case Failed:
		return "Failed"
	}
	return "State(" + strconv.Itoa(int(s)) + ")"
}

// MarkKind is what a mark on a row records.
type MarkKind int

// The kinds of mark.
const (
	// Created: the pod object was created.
	Created MarkKind = iota
	// Deleted: graceful deletion was requested (the Terminating band
	// starts here).
	Deleted
	// Removed: the object left the store after graceful termination.
	Removed
	// RemovedAtOnce: the object left the store without a graceful
	// termination: a forced deletion, or the deletion of a pod that was not
	// bound to a node.
	RemovedAtOnce
)

// String returns the mark's name.
func (k MarkKind) String() string {
	switch k {
	case Created:
		return "created"
	case Deleted:
		return "deletion requested"
	case Removed:
		return "removed"
	case RemovedAtOnce:
		return "removed at once"
	}
	return "MarkKind(" + strconv.Itoa(int(k)) + ")"
}

// Cause is the trace event behind a band, a mark or a note.
type Cause struct {
	T      time.Duration
	Actor  string
	Verb   string
	Reason string
}

// Band is one stretch of time a pod incarnation spent in one state.
type Band struct {
	State      State
	Start, End time.Duration
	// Open reports that the pod was still in this state when the trace
	// ended; End is then the time of the trace's last event.
	Open bool
	// Life is the incarnation of the pod identity, counted from 0: a pod
	// deleted and created again under the same name starts life 1.
	Life int
	// Cause is the event that put the pod in this state.
	Cause Cause
	// Notes are the pod's later events that did not change its state
	// (an image pull failure, a label patch, a repeated status write).
	Notes []Cause
}

// Mark is a point event on a row: a creation or a deletion.
type Mark struct {
	Kind  MarkKind
	Life  int
	Cause Cause
}

// Row is the history of one pod identity.
type Row struct {
	Namespace, Name string
	// Set and Ordinal split the name at its last "-N": "web-12" is set
	// "web", ordinal 12. A name without an ordinal suffix has Set = Name
	// and Ordinal -1.
	Set     string
	Ordinal int
	// Lives is how many incarnations the trace shows.
	Lives int
	Bands []Band
	Marks []Mark
}

// ID returns the row's namespace/name.
func (r *Row) ID() string { return r.Namespace + "/" + r.Name }

// Bands derives the rows of a trace: one per pod identity seen being
// created (or, for a trace that starts midway, seen changing state), sorted
// by namespace, then set name, then ordinal numerically. Events of other
// kinds are ignored. Bands still open at the end of the trace end at the
// last event's time and have Open set.
//
// The states come from the events as the simulator writes them: create
// starts an incarnation (Pending); the scheduler's update binds it
// (ContainerCreating); a status event's detail gives the phase and
// readiness ({"phase":"Running","ready":true} is Ready); delete starts
// Terminating; remove ends the incarnation. Events that change nothing
// become notes on the current band.
func Bands(events []sim.Event) []Row {
	var end time.Duration
	for _, e := range events {
		end = max(end, e.T)
	}
	b := builder{rows: map[string]*rowState{}}
	for _, e := range events {
		if strings.EqualFold(e.Kind, "Pod") {
			b.event(e)
		}
	}
	rows := make([]Row, 0, len(b.rows))
	for _, rs := range b.rows {
		if rs.live {
			rs.closeBand(end, true)
		}
		rows = append(rows, rs.row)
	}
	slices.SortFunc(rows, compareRows)
	return rows
}

// compareRows orders rows by namespace, set, ordinal, then name.
func compareRows(a, b Row) int {
	return cmp.Or(
		cmp.Compare(a.Namespace, b.Namespace),
		cmp.Compare(a.Set, b.Set),
		cmp.Compare(a.Ordinal, b.Ordinal),
		cmp.Compare(a.Name, b.Name),
	)
}

// splitOrdinal splits "web-12" into ("web", 12); a name without a numeric
// suffix gives (name, -1).
func splitOrdinal(name string) (string, int) {
	i := strings.LastIndexByte(name, '-')
	if i <= 0 || i == len(name)-1 {
		return name, -1
	}
	digits := name[i+1:]
	if len(digits) > 1 && digits[0] == '0' {
		return name, -1 // "web-01" is not an ordinal the controller writes
	}
	n, err := strconv.Atoi(digits)
	if err != nil || n < 0 || strings.ContainsAny(digits, "+-") {
		return name, -1
	}
	return name[:i], n
}

type builder struct {
	rows map[string]*rowState
}

// rowState is a row being built.
type rowState struct {
	row     Row
	live    bool // an incarnation is open
	deleted bool // its graceful deletion was requested
	state   State
	start   time.Duration
	cause   Cause
	notes   []Cause
}

func (b *builder) rowFor(e sim.Event, create bool) *rowState {
	id := e.Namespace + "/" + e.Name
	rs := b.rows[id]
	if rs == nil && create {
		set, ord := splitOrdinal(e.Name)
		rs = &rowState{row: Row{Namespace: e.Namespace, Name: e.Name, Set: set, Ordinal: ord}}
		b.rows[id] = rs
	}
	return rs
}

func causeOf(e sim.Event) Cause {
	return Cause{T: e.T, Actor: e.Actor, Verb: e.Verb, Reason: e.Reason}
}

func (b *builder) event(e sim.Event) {
	c := causeOf(e)
	switch e.Verb {
	case sim.VerbCreate:
		rs := b.rowFor(e, true)
		if rs.live { // created again without a removal in the trace
			rs.closeBand(e.T, false)
		}
		rs.begin(Pending, c)
		rs.mark(Created, c)
		return
	case sim.VerbRemove:
		rs := b.rowFor(e, false)
		if rs == nil || !rs.live {
			return
		}
		rs.closeBand(e.T, false)
		if rs.deleted {
			rs.mark(Removed, c)
		} else {
			rs.mark(RemovedAtOnce, c)
		}
		rs.live = false
		return
	}
	next, ok := stateAfter(e)
	rs := b.rowFor(e, ok)
	if rs == nil {
		return // a note about a pod the trace has not shown
	}
	if !rs.live {
		if !ok {
			return
		}
		rs.begin(next, c) // the trace started after the creation
		if next == Terminating {
			rs.deleted = true
			rs.mark(Deleted, c)
		}
		return
	}
	if !ok {
		rs.notes = append(rs.notes, c)
		return
	}
	if e.Verb == sim.VerbDelete {
		if rs.deleted { // a second delete (shorter grace period)
			rs.notes = append(rs.notes, c)
			return
		}
		rs.deleted = true
		rs.mark(Deleted, c)
	}
	if rs.deleted && next != Terminating {
		next = Terminating // status writes while terminating change nothing
	}
	if next == Pending && rs.state != Pending {
		next = rs.state // a status write without a phase change
	}
	if next == rs.state {
		rs.notes = append(rs.notes, c)
		return
	}
	rs.closeBand(e.T, false)
	rs.begin(next, c)
}

// begin opens a band; it opens an incarnation if none is open.
func (rs *rowState) begin(s State, c Cause) {
	if !rs.live {
		rs.live, rs.deleted = true, false
		rs.row.Lives++
	}
	rs.state, rs.start, rs.cause, rs.notes = s, c.T, c, nil
}

// closeBand closes the open band at t.
func (rs *rowState) closeBand(t time.Duration, open bool) {
	rs.row.Bands = append(rs.row.Bands, Band{
		State: rs.state, Start: rs.start, End: max(t, rs.start), Open: open,
		Life: rs.row.Lives - 1, Cause: rs.cause, Notes: rs.notes,
	})
	rs.notes = nil
}

func (rs *rowState) mark(k MarkKind, c Cause) {
	rs.row.Marks = append(rs.row.Marks, Mark{Kind: k, Life: rs.row.Lives - 1, Cause: c})
}

// stateAfter returns the state an event puts its pod in, and false for an
// event that says nothing about the pod's state.
func stateAfter(e sim.Event) (State, bool) {
	switch {
	case e.Verb == sim.VerbDelete:
		return Terminating, true
	case e.Actor == sim.ActorScheduler && e.Verb == sim.VerbUpdate:
		return ContainerCreating, true // bound to a node
	case e.Verb != sim.VerbStatus:
		return 0, false
	}
	d, ok := statusOf(e.Detail)
	if !ok {
		return 0, false
	}
	switch d.Phase {
	case "Pending":
		if d.Node != "" {
			return ContainerCreating, true
		}
		return Pending, true
	case "Running":
		if d.Ready {
			return Ready, true
		}
		return RunningNotReady, true
	case "Failed", "Succeeded":
		return Failed, true
	}
	return 0, false
}

// podStatus is the part of a status event's detail the timeline reads.
type podStatus struct {
	Phase string `json:"phase"`
	Ready bool   `json:"ready"`
	Node  string `json:"node"`
}

// statusOf reads a status event's detail: the simulator's own detail type,
// or the map or raw JSON a trace read back from its JSON form holds.
func statusOf(detail any) (podStatus, bool) {
	var s podStatus
	switch d := detail.(type) {
	case nil:
		return s, false
	case map[string]any:
		s.Phase, _ = d["phase"].(string)
		s.Ready, _ = d["ready"].(bool)
		s.Node, _ = d["node"].(string)
		return s, s.Phase != ""
	case json.RawMessage:
		if json.Unmarshal(d, &s) != nil {
			return s, false
		}
		return s, s.Phase != ""
	}
	b, err := json.Marshal(detail)
	if err != nil || json.Unmarshal(b, &s) != nil {
		return podStatus{}, false
	}
	return s, s.Phase != ""
}
