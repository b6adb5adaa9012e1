package sts

import (
	"fmt"
	"maps"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/stsim/stsim/api"
	"github.com/stsim/stsim/storage"
)

func policy(whenScaled, whenDeleted string) setOpt {
	return func(s *StatefulSet) {
		s.Spec.PersistentVolumeClaimRetentionPolicy = &RetentionPolicy{WhenScaled: whenScaled, WhenDeleted: whenDeleted}
	}
}

// refsOf names a claim's owner references: "set", "pod", "pod(old)",
// "other", with "*" for a controller reference.
func refsOf(c *storage.PersistentVolumeClaim, set *StatefulSet, podUID string) []string {
	var out []string
	for _, r := range c.OwnerReferences {
		n := "other"
		switch {
		case r.Kind == "StatefulSet" && r.UID == set.UID:
			n = "set"
		case r.Kind == "Pod" && r.UID == podUID:
			n = "pod"
		case r.Kind == "Pod":
			n = "pod(old)"
		}
		if r.Controller {
			n += "*"
		}
		out = append(out, n)
	}
	return out
}

// TestClaimOwnerTable: the desired owner references of statefulset.md §6.3,
// for every policy, in range and condemned (upstream:
// stateful_set_utils.go isClaimOwnerUpToDate,
// updateClaimOwnerRefForSetAndPod; stateful_set_utils_test.go
// TestClaimOwnerMatchesSetAndPod, TestUpdateClaimOwnerRefForSetAndPod).
func TestClaimOwnerTable(t *testing.T) {
	for _, tc := range []struct {
		scaled, deleted   string
		inRange, condemed []string
	}{
		{Retain, Retain, nil, nil},
		{Retain, Delete, []string{"set*"}, []string{"set*"}},
		{Delete, Retain, nil, []string{"pod*"}},
		{Delete, Delete, []string{"set*"}, []string{"pod*"}},
	} {
		set := newSet("web", 3, claimTemplates("data"), policy(tc.scaled, tc.deleted))
		pol := set.retention()
		for _, scaledDown := range []bool{false, true} {
			want := tc.inRange
			if scaledDown {
				want = tc.condemed
			}
			c := &storage.PersistentVolumeClaim{ObjectMeta: api.ObjectMeta{Name: "data-web-1"}}
			so, po := setOwner(set), podOwner("web-1", "pod-uid")
			up := claimUpToDate(c, pol, so, po, scaledDown)
			assert.Equal(t, len(want) == 0, up, "%s/%s scaledDown=%v: a claim without refs", tc.scaled, tc.deleted, scaledDown)
			c.OwnerReferences = updatedRefs(c, pol, so, po, scaledDown)
			assert.Equal(t, want, refsOf(c, set, "pod-uid"), "%s/%s scaledDown=%v", tc.scaled, tc.deleted, scaledDown)
			assert.True(t, claimUpToDate(c, pol, so, po, scaledDown), "updated refs are up to date")
			// Every ref is a controller ref with blockOwnerDeletion.
			for _, r := range c.OwnerReferences {
				assert.True(t, r.Controller && r.BlockOwnerDeletion)
			}
		}
	}
}

// TestClaimOwnerEdgeCases: stale refs leave the claim alone, another
// controller makes the set scrub its own refs and add none, a
// non-controller ref is rewritten, foreign refs are kept (statefulset.md
// §6.3; upstream hasStaleOwnerRef, hasUnexpectedController,
// hasNonControllerOwner; TestStatefulPodControlRetentionPolicy*).
func TestClaimOwnerEdgeCases(t *testing.T) {
	set := newSet("web", 3, claimTemplates("data"), policy(Delete, Delete))
	so, po := setOwner(set), podOwner("web-1", "pod-uid")
	pol := set.retention()
	ref := func(kind, name, uid string, controller bool) api.OwnerReference {
		av := "v1"
		if kind == "StatefulSet" {
			av = "apps/v1"
		}
		return api.OwnerReference{APIVersion: av, Kind: kind, Name: name, UID: uid, Controller: controller, BlockOwnerDeletion: controller}
	}
	claim := func(refs ...api.OwnerReference) *storage.PersistentVolumeClaim {
		return &storage.PersistentVolumeClaim{ObjectMeta: api.ObjectMeta{Name: "data-web-1", OwnerReferences: refs}}
	}
	// Stale pod ref: up to date (left for the garbage collector).
	assert.True(t, claimUpToDate(claim(ref("Pod", "web-1", "old", true)), pol, so, po, false))
	// Stale set ref (set re-created): up to date.
	assert.True(t, claimUpToDate(claim(ref("StatefulSet", "web", "old-set", true)), pol, so, po, false))
	// Another controller, no refs of ours: up to date, nothing added.
	other := ref("Deployment", "keeper", "k", true)
	assert.True(t, claimUpToDate(claim(other), pol, so, po, false))
	// Another controller plus our ref: scrub ours, add none.
	c := claim(other, ref("StatefulSet", "web", set.UID, true))
	assert.False(t, claimUpToDate(c, pol, so, po, false))
	assert.Equal(t, []api.OwnerReference{other}, updatedRefs(c, pol, so, po, false))
	// Under Retain/Retain another controller is no concern.
	rr := newSet("web", 3, claimTemplates("data")).retention()
	assert.False(t, hasUnexpectedController(claim(other), rr, so, po))
	// Our ref without controller=true is rewritten.
	c = claim(ref("StatefulSet", "web", set.UID, false))
	assert.False(t, claimUpToDate(c, pol, so, po, false))
	assert.Equal(t, []string{"set*"}, refsOf(&storage.PersistentVolumeClaim{ObjectMeta: api.ObjectMeta{OwnerReferences: updatedRefs(c, pol, so, po, false)}}, set, "pod-uid"))
	// A foreign non-controller ref is kept.
	keep := ref("ConfigMap", "cm", "cm-uid", false)
	got := updatedRefs(claim(keep), pol, so, po, true)
	assert.Equal(t, keep, got[0])
	assert.Equal(t, "Pod", got[1].Kind)
}

func withRefs(m claimMap, name string, refs ...api.OwnerReference) claimMap {
	c := *m[name]
	c.UID = "claim-uid-" + name
	c.OwnerReferences = refs
	m[name] = &c
	return m
}

func claimWrites(p Plan) []string {
	var out []string
	for _, a := range p.Actions {
		if a.Verb == UpdateClaim || a.Verb == WarnClaim {
			out = append(out, a.Verb.String()+" "+a.Claim.Name)
		}
	}
	return out
}

// TestRetentionInSync: where the controller applies the policy (statefulset.md
// §2.2 step 13, §2.3 steps 2, 3, 7, §6.3; upstream stateful_set_control.go
// processReplica, updateStatefulSet fixPodClaim; stateful_pod_control.go
// CreateStatefulPod, createMissingPersistentVolumeClaims,
// UpdateStatefulPod, PodClaimIsStale).
func TestRetentionInSync(t *testing.T) {
	set := func(opts ...setOpt) *StatefulSet {
		return newSet("web", 2, append([]setOpt{claimTemplates("data")}, opts...)...)
	}
	t.Run("condemned claims get the pod ref before the pod is deleted", func(t *testing.T) {
		s := set(policy(Delete, Retain))
		rev := revisionOf(s, 1)
		o := observe(s, []*ControllerRevision{rev}, podAt(s, rev.Name, 0), podAt(s, rev.Name, 1), podAt(s, rev.Name, 2))
		o.Claims = claims("data-web-0", "data-web-1", "data-web-2")
		p := Reconcile(o)
		assert.Equal(t, []string{"update claim data-web-2"}, claimWrites(p))
		u := action(t, p, UpdateClaim, "data-web-2")
		d := action(t, p, DeletePod, "web-2")
		assert.Less(t, u.Batch, d.Batch, "claim fixed in an earlier batch than the delete")
		assert.Equal(t, []string{"pod*"}, refsOf(u.Claim, s, "pod-uid-web-2"))
		assert.Contains(t, u.Reason, "whenScaled=Delete")
	})
	t.Run("Delete/Delete: condemned claim swaps the set ref for the pod ref", func(t *testing.T) {
		s := set(policy(Delete, Delete))
		rev := revisionOf(s, 1)
		o := observe(s, []*ControllerRevision{rev}, podAt(s, rev.Name, 0), podAt(s, rev.Name, 1), podAt(s, rev.Name, 2))
		o.Claims = withRefs(claims("data-web-0", "data-web-1", "data-web-2"), "data-web-2", setOwner(s).ref())
		p := Reconcile(o)
		assert.Equal(t, []string{"pod*"}, refsOf(action(t, p, UpdateClaim, "data-web-2").Claim, s, "pod-uid-web-2"))
	})
	t.Run("Retain/Retain never writes claims", func(t *testing.T) {
		s := set()
		rev := revisionOf(s, 1)
		o := observe(s, []*ControllerRevision{rev}, podAt(s, rev.Name, 0), podAt(s, rev.Name, 1), podAt(s, rev.Name, 2))
		o.Claims = claims("data-web-0", "data-web-1", "data-web-2")
		assert.Empty(t, claimWrites(Reconcile(o)))
	})
	t.Run("an existing claim gets the set ref right after the pod is created", func(t *testing.T) {
		s := set(policy(Retain, Delete))
		rev := revisionOf(s, 1)
		o := observe(s, []*ControllerRevision{rev})
		o.Claims = claims("data-web-0")
		p := Reconcile(o)
		assert.Equal(t, []string{"create pod web-0"}, writes(p))
		assert.Equal(t, []string{"update claim data-web-0"}, claimWrites(p))
		assert.Equal(t, []string{"set*"}, refsOf(action(t, p, UpdateClaim, "data-web-0").Claim, s, ""))
	})
	t.Run("a claim created in this sync is fixed while the pod is Pending", func(t *testing.T) {
		s := set(policy(Retain, Delete))
		rev := revisionOf(s, 1)
		p := Reconcile(observe(s, []*ControllerRevision{rev}))
		assert.Equal(t, []string{"create claim data-web-0", "create pod web-0"}, writes(p))
		assert.Empty(t, claimWrites(p), "the claim is not in the cache yet")
		o := observe(s, []*ControllerRevision{rev}, podAt(s, rev.Name, 0, pending()))
		o.Claims = claims("data-web-0")
		assert.Equal(t, []string{"update claim data-web-0"}, claimWrites(Reconcile(o)))
	})
	t.Run("a running pod's claims are checked until they match (work list)", func(t *testing.T) {
		s := set(policy(Retain, Delete))
		rev := revisionOf(s, 1)
		o := observe(s, []*ControllerRevision{rev}, podAt(s, rev.Name, 0), podAt(s, rev.Name, 1))
		o.Claims = claims("data-web-0", "data-web-1")
		p := Reconcile(o)
		assert.Equal(t, []string{"update claim data-web-0", "update claim data-web-1"}, claimWrites(p))
		// The fixes were not made (the claims are as they were): the next
		// sync plans them again (upstream checks every visited pod's
		// claims at every sync).
		assert.Equal(t, []string{"update claim data-web-0", "update claim data-web-1"}, claimWrites(Reconcile(o)))
		// The fix of data-web-0 is made: that pod leaves the work list.
		o.Claims = withRefs(o.Claims.(claimMap), "data-web-0", setOwner(s).ref())
		o.Pods.ClaimChanged("data-web-0")
		assert.Equal(t, []string{"update claim data-web-1"}, claimWrites(Reconcile(o)))
		o.Claims = withRefs(o.Claims.(claimMap), "data-web-1", setOwner(s).ref())
		o.Pods.ClaimChanged("data-web-1")
		assert.Empty(t, claimWrites(Reconcile(o)))
		assert.Equal(t, -1, o.Pods.claimCheck.next(0), "every pod left the work list")
		// A policy change checks every pod.
		o.Set = set(policy(Retain, Retain))
		p = Reconcile(o)
		assert.Equal(t, []string{"update claim data-web-0", "update claim data-web-1"}, claimWrites(p))
		assert.Empty(t, refsOf(action(t, p, UpdateClaim, "data-web-0").Claim, s, ""))
	})
	t.Run("scale back up before the pod is deleted removes the pod ref", func(t *testing.T) {
		s := newSet("web", 2, claimTemplates("data"), policy(Delete, Retain))
		rev := revisionOf(s, 1)
		podRef := podOwner("web-1", "pod-uid-web-1").ref()
		o := observe(s, []*ControllerRevision{rev}, podAt(s, rev.Name, 0), podAt(s, rev.Name, 1))
		o.Claims = claims("data-web-0", "data-web-1")
		Reconcile(o) // consumes the work list
		o.Claims = withRefs(o.Claims.(claimMap), "data-web-1", podRef)
		o.Set = newSet("web", 1, claimTemplates("data"), policy(Delete, Retain))
		Reconcile(o) // range changed: checked
		o.Set = s
		p := Reconcile(o)
		assert.Equal(t, []string{"update claim data-web-1"}, claimWrites(p))
		assert.Empty(t, action(t, p, UpdateClaim, "data-web-1").Claim.OwnerReferences)
	})
	t.Run("PodClaimIsStale: a claim owned by the previous pod blocks creation", func(t *testing.T) {
		s := set(policy(Delete, Retain))
		rev := revisionOf(s, 1)
		o := observe(s, []*ControllerRevision{rev}, podAt(s, rev.Name, 0))
		o.Claims = withRefs(claims("data-web-0", "data-web-1"), "data-web-1", podOwner("web-1", "old-uid").ref())
		p := Reconcile(o)
		assert.Empty(t, writes(p))
		assert.Contains(t, p.Wait, "waiting for the claims of web-1 to be deleted")
		// Under whenScaled=Retain the same claim is simply reused.
		s2 := set(policy(Retain, Retain))
		o = observe(s2, []*ControllerRevision{revisionOf(s2, 1)}, podAt(s2, revisionOf(s2, 1).Name, 0))
		o.Claims = withRefs(claims("data-web-0", "data-web-1"), "data-web-1", podOwner("web-1", "old-uid").ref())
		assert.Equal(t, []string{"create pod web-1"}, writes(Reconcile(o)))
	})
	t.Run("ConflictingController is reported for a Pending pod's claim", func(t *testing.T) {
		s := set(policy(Delete, Delete))
		rev := revisionOf(s, 1)
		o := observe(s, []*ControllerRevision{rev}, podAt(s, rev.Name, 0, pending()))
		other := api.OwnerReference{APIVersion: "apps/v1", Kind: "Deployment", Name: "x", UID: "x", Controller: true}
		o.Claims = withRefs(claims("data-web-0"), "data-web-0", other)
		p := Reconcile(o)
		assert.Equal(t, []string{"warn claim data-web-0"}, claimWrites(p))
		assert.Equal(t, "PersistentVolumeClaim data-web-0 has a conflicting OwnerReference that acts as a manging controller, the retention policy is ignored for this claim",
			action(t, p, WarnClaim, "data-web-0").Reason)
	})
	t.Run("Parallel: condemned claim fixes are batched", func(t *testing.T) {
		s := newSet("web", 1, parallel(), claimTemplates("data"), policy(Delete, Retain))
		rev := revisionOf(s, 1)
		o := observe(s, []*ControllerRevision{rev}, podAt(s, rev.Name, 0), podAt(s, rev.Name, 1), podAt(s, rev.Name, 2), podAt(s, rev.Name, 3))
		o.Claims = claims("data-web-0", "data-web-1", "data-web-2", "data-web-3")
		p := Reconcile(o)
		batchesAscend(t, p)
		require.Equal(t, []string{"update claim data-web-3", "update claim data-web-2", "update claim data-web-1"}, claimWrites(p))
		b := func(n string) int { return action(t, p, UpdateClaim, n).Batch }
		assert.Less(t, b("data-web-3"), b("data-web-2"))
		assert.Equal(t, b("data-web-2"), b("data-web-1"))
		assert.Less(t, b("data-web-1"), action(t, p, DeletePod, "web-3").Batch)
	})
}

// chainWrites renders a plan's pod and claim writes as "chain.call verb
// name", chains and calls numbered from 1 in the order they appear: which
// writes a failure ends (Plan.Apply).
func chainWrites(p Plan) []string {
	var out []string
	chains, calls := map[int]int{}, map[int]int{}
	for _, a := range p.Actions {
		if a.Pod == nil && a.Claim == nil {
			continue
		}
		if _, ok := chains[a.Chain]; !ok {
			chains[a.Chain] = len(chains) + 1
		}
		if _, ok := calls[a.Call]; !ok {
			calls[a.Call] = len(calls) + 1
		}
		out = append(out, fmt.Sprintf("%d.%d %s %s", chains[a.Chain], calls[a.Call], a.Verb, a.name()))
	}
	return out
}

// TestRetentionWritesOfAPod: the claim fixes and pod updates one pod's
// processReplica makes, grouped as upstream's calls make them
// (statefulset.md §2.3 steps 2, 3, 7, §1.3; upstream
// stateful_set_control.go processReplica; stateful_pod_control.go
// CreateStatefulPod, createMissingPersistentVolumeClaims,
// UpdateStatefulPod, ClaimsMatchRetentionPolicy,
// UpdatePodClaimForRetentionPolicy).
func TestRetentionWritesOfAPod(t *testing.T) {
	unowned := claims("data-web-0")
	s := newSet("web", 1, policy(Retain, Delete))
	owned := withRefs(claims("data-web-0"), "data-web-0", setOwner(s).ref())
	for _, tc := range []struct {
		name   string
		opts   []setOpt
		pod    []podOpt // nil: no pod
		claims claimMap
		want   []string
	}{{
		name:   "processReplica calls UpdateStatefulPod when only the claims do not match: it fixes them and sends the pod unchanged",
		pod:    []podOpt{},
		claims: unowned,
		want:   []string{"1.1 update claim data-web-0", "1.1 update pod web-0"},
	}, {
		name:   "the same in Parallel",
		opts:   []setOpt{parallel()},
		pod:    []podOpt{},
		claims: unowned,
		want:   []string{"1.1 update claim data-web-0", "1.1 update pod web-0"},
	}, {
		name:   "claims that match: no write",
		pod:    []podOpt{},
		claims: owned,
		want:   nil,
	}, {
		name:   "OrderedReady: an unready pod's claims wait for the health gates",
		pod:    []podOpt{notReady()},
		claims: unowned,
		want:   nil,
	}, {
		name:   "identity and claims repaired: the claims first, then one pod update (UpdateStatefulPod)",
		pod:    []podOpt{dropLabel(PodNameLabel)},
		claims: unowned,
		want:   []string{"1.1 update claim data-web-0", "1.1 update pod web-0"},
	}, {
		name:   "CreateStatefulPod: the claims in a call of their own (createPersistentVolumeClaims), then the pod",
		opts:   []setOpt{parallel()},
		claims: claimMap{},
		want:   []string{"1.1 create claim data-web-0", "1.2 create pod web-0"},
	}, {
		name:   "CreateStatefulPod fixes an existing claim after the create; OrderedReady then returns",
		claims: unowned,
		want:   []string{"1.1 create pod web-0", "1.1 update claim data-web-0"},
	}, {
		name:   "Parallel falls through after CreateStatefulPod to the retention check, which reads the claims as observed: fixed again, the new pod updated",
		opts:   []setOpt{parallel()},
		claims: unowned,
		want:   []string{"1.1 create pod web-0", "1.1 update claim data-web-0", "1.2 update claim data-web-0", "1.2 update pod web-0"},
	}, {
		name:   "Parallel falls through to a retention check that matches: no more writes",
		opts:   []setOpt{parallel()},
		claims: owned,
		want:   []string{"1.1 create pod web-0"},
	}, {
		name:   "OrderedReady, Pending: createMissingPersistentVolumeClaims fixes the claims; the health gates stop before UpdateStatefulPod",
		pod:    []podOpt{pending()},
		claims: unowned,
		want:   []string{"1.1 update claim data-web-0"},
	}, {
		name:   "Parallel, Pending: createMissingPersistentVolumeClaims, then the retention check on the observed claims fixes them again and updates the pod",
		opts:   []setOpt{parallel()},
		pod:    []podOpt{pending()},
		claims: unowned,
		want:   []string{"1.1 update claim data-web-0", "1.2 update claim data-web-0", "1.2 update pod web-0"},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			set := newSet("web", 1, append([]setOpt{claimTemplates("data"), policy(Retain, Delete)}, tc.opts...)...)
			rev := revisionOf(set, 1)
			var pods []*api.Pod
			if tc.pod != nil {
				pods = append(pods, podAt(set, rev.Name, 0, tc.pod...))
			}
			o := observe(set, []*ControllerRevision{rev}, pods...)
			o.Claims = tc.claims
			p := Reconcile(o)
			if d := cmp.Diff(tc.want, chainWrites(p)); d != "" {
				t.Fatalf("writes (-want +got):\n%s\nplan:\n%s", d, dump(p))
			}
			for _, a := range p.Actions {
				if a.Verb != UpdatePod {
					continue
				}
				if tc.pod == nil {
					assert.Empty(t, a.Pod.UID, "the pod just built, as upstream passes it")
					assert.Equal(t, action(t, p, CreatePod, "web-0").Pod, a.Pod)
				} else {
					assert.Equal(t, pods[0].UID, a.Pod.UID)
					want := maps.Clone(pods[0].Labels)
					want[PodNameLabel] = "web-0" // restored, else unchanged
					assert.Equal(t, want, a.Pod.Labels)
				}
			}
		})
	}
}
