package sts

import (
	"slices"
	"strconv"
	"strings"

	"github.com/stsim/stsim/api"
	"github.com/stsim/stsim/storage"
)

// replicasPass visits the in-range ordinals that need something and reports
// whether the sync must stop (upstream: runForAll(replicas, processReplica)).
func (s *sync) replicasPass() bool {
	x := s.Pods
	if s.monotonic {
		for ord := x.firstUnclean(s.start, s.end); ord < s.end; ord = x.firstUnclean(ord+1, s.end) {
			if block, _ := s.processReplica(ord); block {
				return true
			}
		}
		return false
	}
	base, failed := s.batch, -1
	// a burst creates every missing pod: room for their writes up front
	s.plan.Actions = slices.Grow(s.plan.Actions, x.missingIn(s.start, s.end))
	for ord := range s.parallelCandidates() {
		b := base + slowStartBatch(int(ord-s.start))
		if failed >= 0 && b > failed {
			break
		}
		s.batch = b
		if _, err := s.processReplica(ord); err && failed < 0 {
			failed = b
		}
	}
	s.batch = base + slowStartBatch(int(s.end-s.start)) + 1
	return failed >= 0
}

// parallelCandidates yields, in ascending order, the in-range ordinals that
// have no pod or whose pod needs attention; healthy pods need nothing in a
// Parallel pass.
func (s *sync) parallelCandidates() func(yield func(int32) bool) {
	x := s.Pods
	return func(yield func(int32) bool) {
		missing := x.missingIn(s.start, s.end) > 0
		from := x.fromBit(s.start)
		if s.start < x.base {
			for ord := s.start; ord < min(x.base, s.end); ord++ {
				if !yield(ord) {
					return
				}
			}
		}
		endBit := int(s.end - x.base)
		m, a := endBit, x.attention.next(from)
		if missing {
			m = x.present.nextClear(from)
		}
		for {
			if a < 0 {
				a = endBit
			}
			b := min(m, a)
			if b >= endBit {
				return
			}
			if !yield(x.ord(b)) {
				return
			}
			if b == m {
				m = x.present.nextClear(b + 1)
			}
			if b == a {
				a = x.attention.next(b + 1)
			}
		}
	}
}

// processReplica runs upstream's gates for one in-range ordinal and reports
// whether the pass must block and whether it hit an error
// (upstream: processReplica).
func (s *sync) processReplica(ord int32) (block, failed bool) {
	s.beginChain()
	p := s.Pods.Get(ord)
	if p == nil {
		return s.createReplica(ord)
	}
	name := p.Name
	if isTerminal(p) {
		if !p.Terminating() {
			s.add(Action{Verb: DeletePod, Pod: p, Reason: name + " is " + string(p.Status.Phase) + ": delete it so that it is recreated"})
		}
		return s.waitIf("waiting for %s (%s) to be deleted before recreating it", name, string(p.Status.Phase)), false
	}
	if isPending(p) {
		// createMissingPersistentVolumeClaims: the claims, then (if every
		// create succeeded) their owner references.
		if s.createClaims(ord, p) {
			return true, true
		}
		s.nextCall()
		s.fixClaims(ord, p.UID)
	}
	if s.monotonic {
		switch {
		case p.Terminating():
			return s.wait("waiting for %s to terminate", name), false
		case !isRunningAndReady(p):
			return s.wait("waiting for %s to be Running and Ready%s", name, s.stuckHint(p, ord)), false
		case !api.IsPodAvailable(p, s.set.Spec.MinReadySeconds, s.Now):
			return s.wait("waiting for %s to be available (minReadySeconds %s)", name, strconv.Itoa(int(s.set.Spec.MinReadySeconds))), false
		}
	}
	storageOK := s.Pods.storageMatches(p, ord)
	// UpdateStatefulPod creates the missing claims before fixing the
	// volumes (upstream: stateful_pod_control.go UpdateStatefulPod →
	// createPersistentVolumeClaims); a Pending pod had them created above.
	s.nextCall()
	if !storageOK && !isPending(p) && s.createClaims(ord, p) {
		s.failPod(p)
		return true, true
	}
	s.nextCall()
	claimsOK := s.checkClaims(ord, p)
	if !claimsOK {
		s.fixClaims(ord, p.UID)
	}
	switch {
	case !s.Pods.identityMatches(p, ord) || !storageOK:
		s.add(Action{Verb: UpdatePod, Pod: repairPod(s.set, p, ord), Reason: "restore the identity labels and claim volumes of " + PodName(s.set.Name, ord)})
	case !claimsOK:
		// UpdateStatefulPod marks the pod dirty after fixing its claims, so
		// it sends the pod unchanged (upstream: processReplica calls it when
		// only ClaimsMatchRetentionPolicy is false).
		s.add(Action{Verb: UpdatePod, Pod: p, Reason: claimFixUpdateReason(p.Name)})
	}
	return false, false
}

func claimFixUpdateReason(pod string) string {
	return "the claims of " + pod + " were fixed for the retention policy: the pod is updated unchanged"
}

// stuckHint explains the stuck rollout (#67250, #60164; statefulset.md
// §2.6) when OrderedReady waits for a pod of a RollingUpdate that runs
// another revision than a pod created at its ordinal now would: the update
// step, which would replace it, is only reached once every pod is Running
// and Ready (upstream: updateStatefulSet returns when runForAll(replicas,
// processReplica) blocks), so only deleting it helps. A pod that is just
// starting at the update revision gets no hint.
func (s *sync) stuckHint(p *api.Pod, ord int32) string {
	if s.set.Spec.UpdateStrategy.Type != RollingUpdate {
		return ""
	}
	rev, _ := s.revisionFor(ord)
	if have := p.Labels[RevisionLabel]; have != rev.Name {
		return " (it runs revision " + have + ", a new " + p.Name + " would run " + rev.Name +
			": a rolling update never replaces a pod that is not Ready; delete it, #67250)"
	}
	return ""
}

// waitIf records a wait in OrderedReady, where it blocks; Parallel ignores
// the block flag.
func (s *sync) waitIf(format string, args ...string) bool {
	if s.monotonic {
		return s.wait(format, args...)
	}
	return true
}

// createReplica creates the claims and then the pod for an empty ordinal
// (upstream: CreateStatefulPod).
func (s *sync) createReplica(ord int32) (block, failed bool) {
	if s.podClaimIsStale(ord) {
		return s.waitIf("waiting for the claims of %s to be deleted: they belong to its previous incarnation (whenScaled=Delete)", PodName(s.set.Name, ord)), false
	}
	if s.createClaims(ord, nil) {
		s.failPod(&api.Pod{ObjectMeta: api.ObjectMeta{Name: PodName(s.set.Name, ord), Namespace: s.set.Namespace}})
		return true, true
	}
	s.nextCall()
	rev, tmpl := s.revisionFor(ord)
	pod := newPod(s.set, tmpl, rev.Name, ord, s.ownerRefs())
	s.add(Action{Verb: CreatePod, Pod: pod, Reason: s.createReason(ord)})
	s.fixClaims(ord, "")
	if s.monotonic {
		return true, false
	}
	// The update step of this sync sees the pod (upstream:
	// stateful_set_control.go updateStatefulSet keeps it in replicas[i]).
	if rev.Name != s.revs.update.Name {
		if s.createdOld == nil {
			s.createdOld = map[int32]*api.Pod{}
		}
		s.createdOld[ord] = pod
	}
	// Parallel goes on with the pod it built (no UID, no phase) to the
	// retention check, which reads the claims as the sync observed them,
	// without the fix just planned: claims that existed and did not match
	// the policy are fixed again and the pod is updated unchanged
	// (upstream: processReplica falls through after CreateStatefulPod to
	// ClaimsMatchRetentionPolicy and UpdateStatefulPod). Both writes are
	// made only if the create and its claim fix succeeded.
	s.nextCall()
	if !s.claimsMatch(ord, "") {
		s.fixClaims(ord, "")
		s.add(Action{Verb: UpdatePod, Pod: pod, Reason: claimFixUpdateReason(pod.Name)})
	}
	return false, false
}

func (s *sync) createReason(ord int32) string {
	var buf [96]byte // one allocation, the string
	b := buf[:0]
	if s.monotonic && ord > s.start {
		b = append(append(b, s.set.Name...), '-')
		b = strconv.AppendInt(b, int64(ord-1), 10)
		return string(append(b, " is Running and Ready"...))
	}
	if !s.monotonic {
		b = append(b, "Parallel: "...)
	}
	b = strconv.AppendInt(append(b, "ordinal "...), int64(ord), 10)
	b = strconv.AppendInt(append(b, " has no pod (replicas "...), int64(s.set.replicas()), 10)
	return string(append(b, ')'))
}

// createClaims plans the missing claims of the pod at ord and reports an
// error when one of them is being deleted (upstream:
// createPersistentVolumeClaims: "pvc … is being deleted"). Like upstream,
// which collects the errors and goes on, a claim being deleted does not stop
// the other templates' missing claims from being created.
func (s *sync) createClaims(ord int32, pod *api.Pod) (failed bool) {
	s.deleting = s.deleting[:0]
	for i := range s.set.Spec.VolumeClaimTemplates {
		name := ClaimName(s.set.Spec.VolumeClaimTemplates[i].Name, s.set.Name, ord)
		var have = s.claim(name)
		switch {
		case have == nil:
			c := newClaim(s.set, &s.set.Spec.VolumeClaimTemplates[i], ord)
			s.add(Action{Verb: CreateClaim, Claim: c, Reason: "claim for " + PodName(s.set.Name, ord) + " from volumeClaimTemplate " + s.set.Spec.VolumeClaimTemplates[i].Name})
		case have.Terminating():
			if !failed {
				s.wait("pvc %s is being deleted", name)
			}
			s.deleting = append(s.deleting, "pvc "+name+" is being deleted")
			failed = true
		}
	}
	return failed
}

// failPod plans the failure of the pod create (CreateStatefulPod) or
// update (UpdateStatefulPod) whose claims are being deleted: the error
// createPersistentVolumeClaims returns, which the pod control records as
// the pod's FailedCreate or FailedUpdate event before it returns it.
func (s *sync) failPod(pod *api.Pod) {
	s.nextCall()
	s.add(Action{Verb: FailPod, Pod: pod, Reason: strings.Join(s.deleting, "\n")})
}

func (s *sync) claim(name string) *storage.PersistentVolumeClaim {
	if s.Claims == nil {
		return nil
	}
	return s.Claims.Claim(name)
}

// revisionFor picks the revision a new pod at ord is made from
// (upstream: newVersionedStatefulSetPod).
func (s *sync) revisionFor(ord int32) (*ControllerRevision, *api.PodTemplateSpec) {
	st := s.set.Spec.UpdateStrategy
	cur := false
	switch {
	case st.RollingUpdate != nil:
		cur = ord < s.start+partition(st.RollingUpdate)
	case st.Type == RollingUpdate:
		cur = ord < s.start+s.set.Status.CurrentReplicas
	}
	rev := s.revs.update
	if cur {
		rev = s.revs.current
	}
	if rev.Template != nil {
		return rev, rev.Template
	}
	return rev, &s.set.Spec.Template
}

func partition(ru *RollingUpdateOptions) int32 {
	if ru == nil || ru.Partition == nil {
		return 0
	}
	return *ru.Partition
}

// condemnedPass deletes pods outside the ordinal range, highest first, and
// reports whether the sync must stop (upstream: processCondemned).
func (s *sync) condemnedPass() bool {
	if s.monotonic {
		return s.condemnedMonotonic()
	}
	// Batches are over the whole condemned list, terminating pods included
	// (they take a slot and make no write), as upstream runs
	// slowStartBatch over every condemned pod.
	base := s.batch
	i := 0
	for ord := range s.Pods.condemned(s.start, s.end, false) {
		s.batch = base + slowStartBatch(i)
		if p := s.Pods.Get(ord); !p.Terminating() {
			s.addAlone(Action{Verb: DeletePod, Pod: p, Reason: s.scaleDownReason(ord)})
		}
		i++
	}
	s.batch = base + slowStartBatch(i) + 1
	return false
}

func (s *sync) condemnedMonotonic() bool {
	x := s.Pods
	for ord := range x.condemned(s.start, s.end, false) {
		p := x.Get(ord)
		if p.Terminating() {
			return s.wait("waiting for %s to terminate before scaling down further", p.Name)
		}
		first := x.firstUnavailableCondemned(s.start, s.end)
		if ord != first && !isRunningAndReady(p) {
			return s.wait("waiting for %s to be Running and Ready before scaling down %s", PodName(s.set.Name, first), p.Name)
		}
		if ord != first && !api.IsPodAvailable(p, s.set.Spec.MinReadySeconds, s.Now) {
			return s.wait("waiting for %s to be available before scaling down %s", PodName(s.set.Name, first), p.Name)
		}
		s.addAlone(Action{Verb: DeletePod, Pod: p, Reason: s.scaleDownReason(ord)})
		return true
	}
	return false
}

func (s *sync) scaleDownReason(ord int32) string {
	if s.start == 0 {
		return "scale down: ordinal " + itoa(int64(ord)) + " ≥ replicas " + itoa(int64(s.set.replicas()))
	}
	return "scale down: ordinal " + itoa(int64(ord)) + " outside [" + itoa(int64(s.start)) + ", " + itoa(int64(s.end)) + ")"
}

// updatePass replaces outdated pods for a RollingUpdate.
func (s *sync) updatePass() {
	x := s.Pods
	upd := s.revs.update.Name
	if x.liveCreated() == x.revisions.live(upd) && s.createdOld == nil {
		return // nothing outdated
	}
	if s.Gates.MaxUnavailableStatefulSet {
		s.updateWithBudget()
		return
	}
	lo := s.start + partition(s.set.Spec.UpdateStrategy.RollingUpdate)
	if s.createdOld == nil {
		s.updateOneFast(lo)
		return
	}
	for ord := s.end - 1; ord >= lo; ord-- {
		p, unavailable := s.target(ord)
		if p != nil && p.Labels[RevisionLabel] != upd && !p.Terminating() {
			s.addAlone(Action{Verb: DeletePod, Pod: p, DecrementsCurrent: true, Reason: s.updateReason(p)})
			return
		}
		if unavailable {
			s.wait("waiting for %s to be available before updating the next pod", PodName(s.set.Name, ord))
			return
		}
	}
}

// updateOneFast is the gate-off loop above without walking the updated
// pods: the loop stops at the highest ordinal in [lo, end) that is either
// outdated and not terminating (delete it) or unavailable or missing
// (wait), so that ordinal is found from the index directly.
func (s *sync) updateOneFast(lo int32) {
	x := s.Pods
	hi := s.end - 1
	ord := max(x.prevOutdated(s.revs.update.Name, lo, hi), x.prevUnavailable(lo, hi))
	if x.missingIn(s.start, s.end) > 0 {
		ord = max(ord, x.prevMissing(lo, hi))
	}
	if ord < 0 {
		return
	}
	if p := x.Get(ord); p != nil && p.Labels[RevisionLabel] != s.revs.update.Name && !p.Terminating() {
		s.addAlone(Action{Verb: DeletePod, Pod: p, DecrementsCurrent: true, Reason: s.updateReason(p)})
		return
	}
	s.wait("waiting for %s to be available before updating the next pod", PodName(s.set.Name, ord))
}

// target returns the pod the update step sees at ord and whether it is
// unavailable (upstream isUnavailable): the observed pod, else a pod this
// sync created at an old revision (not created in upstream's eyes: phase
// empty, so unavailable), else none (unavailable).
func (s *sync) target(ord int32) (p *api.Pod, unavailable bool) {
	x := s.Pods
	if p = x.Get(ord); p != nil {
		return p, x.unavailable.has(x.bit(ord))
	}
	return s.createdOld[ord], true
}

func (s *sync) updateReason(p *api.Pod) string {
	return "rolling update: " + p.Name + " is at revision " + p.Labels[RevisionLabel] + ", update revision is " + s.revs.update.Name
}

// updateWithBudget is the maxUnavailable rolling update (upstream:
// updateStatefulSetAfterInvariantEstablished, v1.37 two-phase Parallel).
func (s *sync) updateWithBudget() {
	upd := s.revs.update.Name
	ru := s.set.Spec.UpdateStrategy.RollingUpdate
	maxU := MaxUnavailable(ru, s.set.replicas())
	lo := s.start + partition(ru)
	outdated := func(p *api.Pod) bool { return p != nil && p.Labels[RevisionLabel] != upd && !p.Terminating() }
	if s.createdOld == nil {
		s.updateWithBudgetFast(maxU, lo, outdated)
		return
	}
	unavailable, needing := 0, 0
	for ord := s.start; ord < s.end; ord++ {
		if p, u := s.target(ord); u {
			unavailable++
			if !s.monotonic && outdated(p) {
				needing++
			}
		}
	}
	if unavailable >= maxU && needing == 0 {
		s.plan.Wait = "waiting: " + itoa(int64(unavailable)) + " pods unavailable, maxUnavailable " + itoa(int64(maxU))
		return
	}
	budget := maxU - unavailable
	if !s.monotonic {
		// Phase 1: upstream's !isRunningAndAvailable is IsPodAvailable,
		// which does not look at the phase; for a non-terminating pod
		// that is exactly the unavailable bit.
		for ord := s.end - 1; ord >= lo; ord-- {
			if p, u := s.target(ord); outdated(p) && u {
				s.addSequential(Action{Verb: DeletePod, Pod: p, DecrementsCurrent: true, Reason: s.updateReason(p) + " (unavailable)"})
			}
		}
	}
	for ord := s.end - 1; ord >= lo && budget > 0; ord-- {
		p, u := s.target(ord)
		if outdated(p) && (s.monotonic || !u) {
			s.addSequential(Action{Verb: DeletePod, Pod: p, DecrementsCurrent: true, Reason: s.updateReason(p)})
			budget--
		}
	}
}

// updateWithBudgetFast is updateWithBudget driven by the index instead of
// a walk over every in-range ordinal: unavailable pods come from the
// unavailable bit set (plus missing ordinals), outdated pods from the
// per-revision bit sets, each visited from the highest ordinal down, as
// upstream's loops visit them.
func (s *sync) updateWithBudgetFast(maxU int, lo int32, outdated func(*api.Pod) bool) {
	x := s.Pods
	hi := s.end - 1
	unavailable, needing := x.missingIn(s.start, s.end), 0
	for ord := x.prevUnavailable(s.start, hi); ord >= 0; ord = x.prevUnavailable(s.start, ord-1) {
		unavailable++
		if !s.monotonic && outdated(x.Get(ord)) {
			needing++
		}
	}
	if unavailable >= maxU && needing == 0 {
		s.plan.Wait = "waiting: " + itoa(int64(unavailable)) + " pods unavailable, maxUnavailable " + itoa(int64(maxU))
		return
	}
	budget := maxU - unavailable
	if !s.monotonic {
		for ord := x.prevUnavailable(lo, hi); ord >= 0; ord = x.prevUnavailable(lo, ord-1) {
			if p := x.Get(ord); outdated(p) {
				s.addSequential(Action{Verb: DeletePod, Pod: p, DecrementsCurrent: true, Reason: s.updateReason(p) + " (unavailable)"})
			}
		}
	}
	upd := s.revs.update.Name
	for ord := x.prevOutdated(upd, lo, hi); ord >= 0 && budget > 0; ord = x.prevOutdated(upd, lo, ord-1) {
		p := x.Get(ord)
		if outdated(p) && (s.monotonic || !x.unavailable.has(x.bit(ord))) {
			s.addSequential(Action{Verb: DeletePod, Pod: p, DecrementsCurrent: true, Reason: s.updateReason(p)})
			budget--
		}
	}
}

// addSequential appends a write that upstream makes in a plain loop that
// returns at the first error (the rolling-update deletes of
// updateStatefulSetAfterInvariantEstablished), so it is its own batch in
// both pod management policies.
func (s *sync) addSequential(a Action) {
	if !s.monotonic {
		s.batch++ // beginChain starts a batch in OrderedReady
	}
	s.addAlone(a)
}

// MaxUnavailable resolves rollingUpdate.maxUnavailable against replicas:
// default 1, percentages rounded down, never below 1
// (upstream: getStatefulSetMaxUnavailable).
func MaxUnavailable(ru *RollingUpdateOptions, replicas int32) int {
	if ru == nil || ru.MaxUnavailable == nil {
		return 1
	}
	v := ru.MaxUnavailable
	n := int(v.Int)
	if v.IsString {
		pct, _ := strconv.Atoi(strings.TrimSuffix(v.Str, "%"))
		n = pct * int(replicas) / 100
	}
	return max(n, 1)
}
