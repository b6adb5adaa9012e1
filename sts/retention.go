package sts

import (
	"slices"
	"strings"

	"github.com/stsim/stsim/api"
	"github.com/stsim/stsim/storage"
)

// Claim retention (statefulset.md §6.3): the controller expresses
// persistentVolumeClaimRetentionPolicy as owner references on the claims
// of a pod and the garbage collector deletes them; the controller itself
// never deletes a claim.
//
// Desired references on the claims of pod p (controller references):
//
//	whenScaled/whenDeleted   p in range          p condemned
//	Retain/Retain            none                none
//	Retain/Delete            set                 set
//	Delete/Retain            none                pod
//	Delete/Delete            set                 pod (set ref removed)
//
// Upstream checks the claims of every pod it visits on every sync. The
// Index keeps a work list instead (claimCheck): a pod's claims are checked
// when the pod is new to the index, when one of its claims changed
// (ClaimChanged), and for every pod when the policy or the ordinal range
// changed; a pod stays on the list until a sync finds its claims matching
// the policy, so a fix that was planned and not made is planned again
// (checkClaims). The condemned pass uses the same work list (upstream
// checks every condemned pod on every sync; the outcome is the same, since
// a condemned pod's desired references change only with the policy, the
// range, the pod or its claims).

// claimOwner identifies an owner the way upstream's matchesRef does
// (apiVersion, kind, name) plus its UID.
type claimOwner struct{ apiVersion, kind, name, uid string }

func setOwner(set *StatefulSet) claimOwner {
	return claimOwner{"apps/v1", "StatefulSet", set.Name, set.UID}
}

func podOwner(name, uid string) claimOwner { return claimOwner{"v1", "Pod", name, uid} }

func (o claimOwner) matches(r *api.OwnerReference) bool {
	return r.APIVersion == o.apiVersion && r.Kind == o.kind && r.Name == o.name
}

func (o claimOwner) ref() api.OwnerReference {
	return api.OwnerReference{APIVersion: o.apiVersion, Kind: o.kind, Name: o.name, UID: o.uid, Controller: true, BlockOwnerDeletion: true}
}

// hasRef reports whether the claim has a reference to uid, controller or
// not (upstream: hasOwnerRef).
func hasRef(c *storage.PersistentVolumeClaim, uid string) bool {
	return slices.ContainsFunc(c.OwnerReferences, func(r api.OwnerReference) bool { return r.UID == uid })
}

// hasStaleRef reports whether the first reference to o's name and kind has
// another UID (upstream: hasStaleOwnerRef).
func hasStaleRef(c *storage.PersistentVolumeClaim, o claimOwner) bool {
	for i := range c.OwnerReferences {
		if r := &c.OwnerReferences[i]; o.matches(r) {
			return r.UID != o.uid
		}
	}
	return false
}

// hasUnexpectedController reports whether, under a policy with a Delete,
// the claim has a controller other than the set and the pod, or a
// reference to them with a foreign UID (upstream: hasUnexpectedController).
func hasUnexpectedController(c *storage.PersistentVolumeClaim, pol RetentionPolicy, set, pod claimOwner) bool {
	if pol.WhenScaled == Retain && pol.WhenDeleted == Retain {
		return false
	}
	for i := range c.OwnerReferences {
		r := &c.OwnerReferences[i]
		switch {
		case set.matches(r):
			if r.UID != set.uid {
				return true
			}
		case pod.matches(r):
			if r.UID != pod.uid {
				return true
			}
		case r.Controller:
			return true
		}
	}
	return false
}

// hasNonControllerOwner reports whether the set or the pod owns the claim
// without being its controller (upstream: hasNonControllerOwner).
func hasNonControllerOwner(c *storage.PersistentVolumeClaim, set, pod claimOwner) bool {
	for _, r := range c.OwnerReferences {
		if (r.UID == set.uid || r.UID == pod.uid) && !r.Controller {
			return true
		}
	}
	return false
}

// claimUpToDate reports whether the claim's references follow the policy
// for a pod in range or scaled down; stale references and foreign
// controllers leave the claim alone (upstream: isClaimOwnerUpToDate).
func claimUpToDate(c *storage.PersistentVolumeClaim, pol RetentionPolicy, set, pod claimOwner, scaledDown bool) bool {
	if hasStaleRef(c, set) || hasStaleRef(c, pod) {
		return true
	}
	if hasUnexpectedController(c, pol, set, pod) {
		return !hasRef(c, set.uid) && !hasRef(c, pod.uid)
	}
	if hasNonControllerOwner(c, set, pod) {
		return false
	}
	wantSet, wantPod := desiredRefs(pol, scaledDown)
	return hasRef(c, set.uid) == wantSet && hasRef(c, pod.uid) == wantPod
}

// desiredRefs is the table above.
func desiredRefs(pol RetentionPolicy, scaledDown bool) (set, pod bool) {
	pod = pol.WhenScaled == Delete && scaledDown
	set = pol.WhenDeleted == Delete && !pod
	return set, pod
}

// updatedRefs scrubs the references to the set and the pod and adds the
// ones the policy wants, none when another controller owns the claim
// (upstream: updateClaimOwnerRefForSetAndPod).
func updatedRefs(c *storage.PersistentVolumeClaim, pol RetentionPolicy, set, pod claimOwner, scaledDown bool) []api.OwnerReference {
	unexpected := hasUnexpectedController(c, pol, set, pod)
	var refs []api.OwnerReference
	for i := range c.OwnerReferences {
		if r := &c.OwnerReferences[i]; !set.matches(r) && !pod.matches(r) {
			refs = append(refs, *r)
		}
	}
	if unexpected {
		return refs
	}
	wantSet, wantPod := desiredRefs(pol, scaledDown)
	if wantPod {
		refs = append(refs, pod.ref())
	}
	if wantSet {
		refs = append(refs, set.ref())
	}
	return refs
}

// templateClaims yields the claims of the pod at ord that exist, in
// template order.
func (s *sync) templateClaims(ord int32) func(yield func(*storage.PersistentVolumeClaim) bool) {
	return func(yield func(*storage.PersistentVolumeClaim) bool) {
		for i := range s.set.Spec.VolumeClaimTemplates {
			if c := s.claim(ClaimName(s.set.Spec.VolumeClaimTemplates[i].Name, s.set.Name, ord)); c != nil && !yield(c) {
				return
			}
		}
	}
}

// claimsMatch reports whether every existing claim of the pod at ord follows
// the retention policy (upstream: ClaimsMatchRetentionPolicy).
func (s *sync) claimsMatch(ord int32, uid string) bool {
	if len(s.set.Spec.VolumeClaimTemplates) == 0 {
		return true
	}
	pol := s.set.retention()
	set, pod := setOwner(s.set), podOwner(PodName(s.set.Name, ord), uid)
	scaledDown := ord < s.start || ord >= s.end
	for c := range s.templateClaims(ord) {
		if !claimUpToDate(c, pol, set, pod, scaledDown) {
			return false
		}
	}
	return true
}

// fixClaims plans the owner-reference updates of the pod's claims, with a
// ConflictingController warning for every claim another controller owns
// under a Delete policy (upstream: UpdatePodClaimForRetentionPolicy). uid
// is the pod's ("" for a pod just created: upstream passes the object it
// built, which has no UID yet).
func (s *sync) fixClaims(ord int32, uid string) {
	if len(s.set.Spec.VolumeClaimTemplates) == 0 {
		return
	}
	pol := s.set.retention()
	set, pod := setOwner(s.set), podOwner(PodName(s.set.Name, ord), uid)
	scaledDown := ord < s.start || ord >= s.end
	for c := range s.templateClaims(ord) {
		if hasUnexpectedController(c, pol, set, pod) {
			s.add(Action{Verb: WarnClaim, Claim: c, Reason: "PersistentVolumeClaim " + c.Name + " has a conflicting OwnerReference that acts as a manging controller, the retention policy is ignored for this claim"})
		}
		if claimUpToDate(c, pol, set, pod, scaledDown) {
			continue
		}
		n := *c
		n.OwnerReferences = updatedRefs(c, pol, set, pod, scaledDown)
		s.add(Action{Verb: UpdateClaim, Claim: &n, Reason: retentionReason(pol, n.OwnerReferences, set, pod)})
	}
}

func retentionReason(pol RetentionPolicy, refs []api.OwnerReference, set, pod claimOwner) string {
	var owners []string
	for _, r := range refs {
		if r.UID == set.uid || r.UID == pod.uid {
			owners = append(owners, r.Kind+" "+r.Name)
		}
	}
	who := "no owner reference from the StatefulSet or its pod"
	if len(owners) > 0 {
		who = "owned by " + strings.Join(owners, " and ")
	}
	return "retention policy whenScaled=" + pol.WhenScaled + " whenDeleted=" + pol.WhenDeleted + ": " + who
}

// podClaimIsStale reports whether, under whenScaled=Delete, a claim of the
// ordinal still has a controller reference to an earlier pod of that name
// (the garbage collector has not deleted it yet), so the pod must not be
// created (upstream: PodClaimIsStale, TestStaleOwnerRefOnScaleup).
func (s *sync) podClaimIsStale(ord int32) bool {
	if s.set.retention().WhenScaled != Delete {
		return false
	}
	pod := podOwner(PodName(s.set.Name, ord), "")
	for c := range s.templateClaims(ord) {
		if hasStaleRef(c, pod) {
			return true
		}
	}
	return false
}

// checkClaims is the retention check of a pod the index asked about
// (step 7 for in-range pods, the condemned pass otherwise). Pods not on the
// work list match. A pod leaves the work list only when its claims are
// found to match: a fix this sync plans may not be made (a later batch
// skipped after a failure, the claim update failing), and then the next
// sync that reaches the pod plans it again, as upstream, which checks the
// claims of every pod it visits at every sync.
func (s *sync) checkClaims(ord int32, p *api.Pod) bool {
	if !s.Pods.claimCheck.has(s.Pods.bit(ord)) {
		return true
	}
	if !s.claimsMatch(ord, p.UID) {
		return false
	}
	s.Pods.claimsChecked(ord)
	return true
}

// condemnedClaimsPass fixes the claims of the condemned pods before any is
// deleted, so that under whenScaled=Delete the claim is owned by the pod
// when the pod goes (upstream: updateStatefulSet, fixPodClaim over
// condemned with runForAll). It never blocks; errors stop later batches.
func (s *sync) condemnedClaimsPass() bool {
	if len(s.set.Spec.VolumeClaimTemplates) == 0 {
		return false
	}
	base, i := s.batch, 0
	for ord := range s.Pods.condemned(s.start, s.end, false) {
		if !s.monotonic {
			s.batch = base + slowStartBatch(i)
		}
		s.beginChain()
		if p := s.Pods.Get(ord); !s.checkClaims(ord, p) {
			s.fixClaims(ord, p.UID)
		}
		i++
	}
	if !s.monotonic {
		s.batch = base + slowStartBatch(i) + 1
	}
	return false
}

// ---- the Index's work list ----

// retentionMemo is what the index remembers to notice a change of policy
// or range.
type retentionMemo struct {
	seen       bool
	policy     RetentionPolicy
	start, end int32
}

// markClaims puts ord on the work list when the set has claim templates.
func (x *Index) markClaims(ord int32) {
	if len(x.claims) > 0 {
		x.claimCheck.set(x.bit(ord))
	}
}

// claimsChecked takes ord off the work list.
func (x *Index) claimsChecked(ord int32) {
	x.claimCheck.clear(x.bit(ord))
	if p := x.Get(ord); p != nil {
		x.classifyHeld(x.bit(ord))
	}
}

// refreshRetention puts every pod on the work list when the retention
// policy or the ordinal range changed since the last sync.
func (x *Index) refreshRetention(set *StatefulSet) {
	m := retentionMemo{seen: true, policy: set.retention(), start: set.startOrdinal(), end: set.endOrdinal()}
	if x.retention == m {
		return
	}
	changed := x.retention.seen
	x.retention = m
	if !changed || len(x.claims) == 0 {
		return
	}
	for b := x.present.next(0); b >= 0; b = x.present.next(b + 1) {
		x.markClaims(x.ord(b))
		x.classifyHeld(b)
	}
	x.cursor = x.cursorFrom
}

// ClaimChanged tells the index that the named claim was written or
// removed: the claims of the pod it belongs to are checked against the
// retention policy at the next sync. Claims of other sets are ignored.
func (x *Index) ClaimChanged(name string) {
	for _, t := range x.claims {
		rest, ok := strings.CutPrefix(name, t+"-")
		if !ok {
			continue
		}
		parent, ord := ParseName(rest)
		if parent != x.name || ord < 0 || ord < x.base {
			continue
		}
		x.markClaims(ord)
		if p := x.Get(ord); p != nil {
			x.classifyHeld(x.bit(ord))
			if ord < x.cursor {
				x.cursor = max(ord, x.cursorFrom)
			}
		}
	}
}
