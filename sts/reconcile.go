package sts

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/stsim/stsim/api"
	"github.com/stsim/stsim/storage"
)

// Gates are the Kubernetes feature gates the controller's behaviour depends
// on. The zero value is not v1.37's default; use DefaultGates.
type Gates struct {
	// MaxUnavailableStatefulSet honours rollingUpdate.maxUnavailable
	// (beta, on by default in v1.37).
	MaxUnavailableStatefulSet bool
}

// DefaultGates returns the gates as Kubernetes v1.37 ships them.
func DefaultGates() Gates { return Gates{MaxUnavailableStatefulSet: true} }

// Claims looks up PersistentVolumeClaims by name in the set's namespace.
type Claims interface {
	Claim(name string) *storage.PersistentVolumeClaim
}

// RevisionNames looks up ControllerRevisions by name in the set's
// namespace, whoever controls them: the API server answers a revision
// create under a name that is taken with AlreadyExists, listed or not.
type RevisionNames interface {
	Revision(name string) *ControllerRevision
}

// Observed is everything one sync of a StatefulSet sees: the set, the pods
// it owns, its ControllerRevisions sorted by SortRevisions (those it
// controls and the orphans that match its selector, upstream's
// ListRevisions), the claims, and the instant of the sync (upstream passes
// one `now` to every availability decision of a sync).
type Observed struct {
	Set       *StatefulSet
	Pods      *Index
	Revisions []*ControllerRevision
	// RevisionNames finds the revision under a name, listed or not, as
	// the API server's answer to a create does (nil: only Revisions
	// exist).
	RevisionNames RevisionNames
	Claims        Claims // nil: no claim exists
	Now           time.Duration
	Gates         Gates
}

// sync carries the state of one Reconcile call.
type sync struct {
	Observed
	set        *StatefulSet
	revs       revisions
	start, end int32
	monotonic  bool
	plan       Plan
	batch      int
	// chain and call are the numbers of Action.Chain and Action.Call last
	// given; newChain and newCall ask add for the next ones.
	chain, call       int
	newChain, newCall bool
	// createdOld holds the pods this sync created at a revision other than
	// the update revision (Parallel only): upstream's update step still sees
	// them (stateful_set_control.go updateStatefulSet keeps the just-created
	// pod in replicas[i]) and replaces them as outdated.
	createdOld map[int32]*api.Pod
	// deleting are the "pvc … is being deleted" errors of the last
	// createClaims.
	deleting []string
}

// ownerRefs returns the owner references of a new pod of the set: one
// slice, kept by the index, that all its new pods share (objects are
// copied on write, never changed in place).
func (s *sync) ownerRefs() []api.OwnerReference {
	x := s.Pods
	if x.owners == nil {
		x.owners = []api.OwnerReference{ControllerRef(s.set)}
	}
	return x.owners
}

// Reconcile is one sync of the StatefulSet controller: a pure function from
// what the controller observes to the writes it makes, each with a reason
// (upstream: stateful_set_control.go UpdateStatefulSet, performUpdate,
// updateStatefulSet). The observed objects are not changed; the index
// refreshes its time-dependent caches.
func Reconcile(o Observed) Plan {
	s := &sync{Observed: o, set: o.Set}
	s.start, s.end = s.set.startOrdinal(), s.set.endOrdinal()
	s.monotonic = s.set.monotonic()
	o.Pods.refresh(s.set, o.Now)
	s.revs = selectRevisions(s.set, o.Revisions, o.RevisionNames, o.Pods.templateData(s.set))
	s.plan.Actions = append(s.plan.Actions, s.revs.actions...)
	s.batch = len(s.plan.Actions)
	s.run()
	s.finish()
	return s.plan
}

// run makes the pod writes (upstream: updateStatefulSet).
func (s *sync) run() {
	if s.set.DeletionTimestamp != nil {
		s.plan.Wait = "StatefulSet is being deleted: status only"
		return
	}
	if s.replicasPass() || s.condemnedClaimsPass() || s.condemnedPass() {
		return
	}
	if s.set.Spec.UpdateStrategy.Type == OnDelete {
		return
	}
	s.updatePass()
}

// finish computes the status, completes a finished rollout, and truncates
// history (upstream: updateStatus, completeUpdate, inconsistentStatus,
// truncateHistory).
func (s *sync) finish() {
	x := s.Pods
	cc := s.set.Status.CollisionCount // shared when unchanged: statuses are not written in place
	if cc == nil || *cc != s.revs.collisionCount {
		cc = new(s.revs.collisionCount)
	}
	st := Status{
		ObservedGeneration: s.set.Generation,
		Replicas:           x.created,
		ReadyReplicas:      x.ready,
		AvailableReplicas:  x.available,
		CurrentReplicas:    x.revisions.live(s.revs.current.Name),
		UpdatedReplicas:    x.revisions.live(s.revs.update.Name),
		CurrentRevision:    s.revs.current.Name,
		UpdateRevision:     s.revs.update.Name,
		CollisionCount:     cc,
		Conditions:         s.set.Status.Conditions,
	}
	for _, a := range s.plan.Actions {
		if a.DecrementsCurrent {
			st.CurrentReplicas--
		}
	}
	want := s.set.replicas()
	if st.UpdatedReplicas == want && st.ReadyReplicas == want && st.Replicas == want {
		st.CurrentReplicas = st.UpdatedReplicas
		st.CurrentRevision = st.UpdateRevision
	}
	s.plan.Status = st
	s.plan.StatusChanged = statusChanged(&s.set.Status, &st)
	if s.set.Spec.MinReadySeconds > 0 && x.ready != x.available {
		s.plan.Wake = x.nextAvailable()
	}
	live := x.revisions.any
	s.plan.Actions = append(s.plan.Actions, truncateHistory(s.set, s.Revisions, live, s.revs)...)
}

// StatusChanged reports whether st differs from the stored status old in a
// field the controller compares before writing (upstream:
// stateful_set_utils.go inconsistentStatus).
func StatusChanged(old, st *Status) bool { return statusChanged(old, st) }

// statusChanged is upstream's inconsistentStatus.
func statusChanged(old, st *Status) bool {
	return st.ObservedGeneration > old.ObservedGeneration ||
		st.Replicas != old.Replicas ||
		st.CurrentReplicas != old.CurrentReplicas ||
		st.ReadyReplicas != old.ReadyReplicas ||
		st.UpdatedReplicas != old.UpdatedReplicas ||
		st.CurrentRevision != old.CurrentRevision ||
		st.AvailableReplicas != old.AvailableReplicas ||
		st.UpdateRevision != old.UpdateRevision ||
		!conditionsEqual(old.Conditions, st.Conditions)
}

func conditionsEqual(a, b []Condition) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// add appends an action to the current batch, chain and call. Chains and
// calls are numbered when their first write is added, so the numbers
// depend only on the writes planned, not on how many pods a pass visited.
func (s *sync) add(a Action) {
	if s.newChain {
		s.newChain, s.newCall = false, true
		s.chain++
		if s.monotonic {
			s.batch++
		}
	}
	if s.newCall {
		s.newCall = false
		s.call++
	}
	a.Batch, a.Chain, a.Call = s.batch, s.chain, s.call
	s.plan.Actions = append(s.plan.Actions, a)
}

// beginChain starts the writes of one pod that upstream makes one after
// another and stops at the first error (processReplica, fixPodClaim,
// processCondemned, a rolling-update delete). In OrderedReady every chain
// is its own batch: runForAll stops at the first pod with an error.
func (s *sync) beginChain() { s.newChain = true }

// nextCall starts the next pod-control call of the current chain.
func (s *sync) nextCall() { s.newCall = true }

// addAlone appends a write that is a chain of its own.
func (s *sync) addAlone(a Action) {
	s.beginChain()
	s.add(a)
}

// wait records why the sync blocks and returns true (block). The message
// is format with its %s verbs replaced by args, in order.
func (s *sync) wait(format string, args ...string) bool {
	s.plan.Wait = s.Pods.waits.message(format, args)
	return true
}

// waitMemo keeps the last wait message with what it was made of: most
// syncs of an OrderedReady rollout repeat the wait of the one before, and
// get the same string without formatting it again.
type waitMemo struct {
	format string
	args   []string
	text   string
}

func (m *waitMemo) message(format string, args []string) string {
	if format == m.format && slices.Equal(args, m.args) {
		return m.text
	}
	m.text = sprintf(format, args)
	m.format, m.args = format, slices.Clone(args)
	return m.text
}

// sprintf is fmt.Sprintf for wait messages, whose arguments are strings
// and whose verbs are %s: written without fmt's machinery (and without
// boxing the arguments); anything else goes to fmt.Sprintf.
func sprintf(format string, args []string) string {
	var buf [192]byte
	b, n := buf[:0], 0
	for i := 0; i < len(format); i++ {
		if format[i] != '%' {
			j := strings.IndexByte(format[i:], '%')
			if j < 0 {
				j = len(format) - i
			}
			b = append(b, format[i:i+j]...)
			i += j - 1
			continue
		}
		if i+1 == len(format) || n == len(args) || format[i+1] != 's' {
			return fmtString(format, args)
		}
		i++
		b = append(b, args[n]...)
		n++
	}
	if n != len(args) {
		return fmtString(format, args)
	}
	return string(b)
}

// fmtString is fmt.Sprintf of string arguments.
func fmtString(format string, args []string) string {
	boxed := make([]any, len(args))
	for i, a := range args {
		boxed[i] = a
	}
	return fmt.Sprintf(format, boxed...)
}
