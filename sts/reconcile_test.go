package sts

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stsim/stsim/api"
	"pgregory.net/rapid"
)

// ---- table machinery ----

// fixture is a set in steady state: its template's revision exists and is
// the current revision.
type fixture struct {
	set  *StatefulSet
	rev  *ControllerRevision
	revs []*ControllerRevision
}

func fix(replicas int32, opts ...setOpt) fixture {
	set := newSet("web", replicas, opts...)
	rev := revisionOf(set, 1)
	if set.Status.CurrentRevision == "" {
		set.Status.CurrentRevision = rev.Name
	}
	set.Status.UpdateRevision = rev.Name
	return fixture{set: set, rev: rev, revs: []*ControllerRevision{rev}}
}

func (f fixture) pod(k int32, opts ...podOpt) *api.Pod { return podAt(f.set, f.rev.Name, k, opts...) }

// podSpec is a pod of a table case: ordinal and options.
type podSpec struct {
	ord  int32
	opts []podOpt
}

func at(k int32, opts ...podOpt) podSpec { return podSpec{k, opts} }

// healthy returns healthy pods at the given ordinals.
func healthy(ords ...int32) []podSpec {
	var out []podSpec
	for _, k := range ords {
		out = append(out, at(k))
	}
	return out
}

// syncCase is one row of a table test: a set, its pods and claims, and the
// writes and wait the sync must produce.
type syncCase struct {
	name     string // the sentence of the spec the row checks
	replicas int32
	set      []setOpt
	pods     []podSpec
	claims   claimMap
	want     []string // writes(plan), in order
	wait     string   // substring of plan.Wait; "" = not checked
	check    func(t *testing.T, f fixture, p Plan)
}

func (c syncCase) run(t *testing.T) {
	t.Helper()
	t.Run(c.name, func(t *testing.T) {
		f := fix(c.replicas, c.set...)
		var pods []*api.Pod
		for _, s := range c.pods {
			pods = append(pods, f.pod(s.ord, s.opts...))
		}
		o := observe(f.set, f.revs, pods...)
		if c.claims != nil {
			o.Claims = c.claims
		}
		p := Reconcile(o)
		if d := cmp.Diff(c.want, writes(p)); d != "" {
			t.Fatalf("writes (-want +got):\n%s\nplan:\n%s", d, dump(p))
		}
		if c.wait != "" && !strings.Contains(p.Wait, c.wait) {
			t.Errorf("wait = %q, want it to contain %q", p.Wait, c.wait)
		}
		batchesAscend(t, p)
		if c.check != nil {
			c.check(t, f, p)
		}
	})
}

func runAll(t *testing.T, cases []syncCase) {
	t.Helper()
	for _, c := range cases {
		c.run(t)
	}
}

func noWait(t *testing.T, _ fixture, p Plan) {
	t.Helper()
	if p.Wait != "" {
		t.Errorf("unexpected wait %q", p.Wait)
	}
}

// relBatches returns the batch of each write named, relative to the first.
func relBatches(t *testing.T, p Plan, verb Verb, names ...string) []int {
	t.Helper()
	var out []int
	first := action(t, p, verb, names[0]).Batch
	for _, n := range names {
		out = append(out, action(t, p, verb, n).Batch-first)
	}
	return out
}

// ---- §2.3 processReplica gates ----

// §2.3 gate 1: terminal phase.
func TestProcessReplicaTerminalPhase(t *testing.T) {
	runAll(t, []syncCase{{
		// upstream: stateful_set_control.go processReplica (isTerminalPhase)
		name:     "a Failed pod without deletionTimestamp is deleted and blocks; the replacement comes in a later sync",
		replicas: 2,
		pods:     []podSpec{at(0, phase(api.PodFailed), notReady()), at(1)},
		want:     []string{"delete pod web-0"},
		wait:     "web-0 (Failed) to be deleted",
	}, {
		// upstream: stateful_set_control.go processReplica (PR #121389: Succeeded like Failed)
		name:     "a Succeeded pod is treated like a Failed one",
		replicas: 1,
		pods:     []podSpec{at(0, phase(api.PodSucceeded), notReady())},
		want:     []string{"delete pod web-0"},
		wait:     "web-0 (Succeeded) to be deleted",
	}, {
		// upstream: stateful_set_control.go processReplica (DeletionTimestamp != nil)
		name:     "a terminal pod that is already terminating is not deleted again and still blocks",
		replicas: 2,
		pods:     []podSpec{at(0, phase(api.PodFailed), notReady(), terminating())},
		want:     nil,
		wait:     "to be deleted",
	}, {
		// upstream: stateful_set_control.go processReplica, runForAll (burst ignores the block flag)
		name:     "in Parallel the terminal block is ignored and other ordinals proceed, but the failed ordinal is not recreated",
		replicas: 3,
		set:      []setOpt{parallel()},
		pods:     []podSpec{at(0, phase(api.PodFailed), notReady())},
		want:     []string{"delete pod web-0", "create pod web-1", "create pod web-2"},
	}, {
		// upstream: stateful_set_control.go processReplica (terminal check precedes identity repair)
		name:     "a terminal pod is deleted, not repaired",
		replicas: 1,
		set:      []setOpt{parallel()},
		pods:     []podSpec{at(0, phase(api.PodFailed), notReady(), dropLabel(PodNameLabel))},
		want:     []string{"delete pod web-0"},
	}})
}

// §2.3 gate 2: not created.
func TestProcessReplicaNotCreated(t *testing.T) {
	runAll(t, []syncCase{{
		// upstream: stateful_set_control.go processReplica (!isCreated, monotonic return)
		name:     "an empty ordinal gets a pod and OrderedReady blocks: one creation per sync",
		replicas: 3,
		want:     []string{"create pod web-0"},
		check: func(t *testing.T, f fixture, p Plan) {
			pod := action(t, p, CreatePod, "web-0").Pod
			if pod.Labels[PodNameLabel] != "web-0" || pod.Labels[PodIndexLabel] != "0" || pod.Labels[RevisionLabel] != f.rev.Name {
				t.Errorf("identity labels of the new pod: %v", pod.Labels)
			}
			if pod.Spec.Hostname != "web-0" || pod.Spec.Subdomain != "web" {
				t.Errorf("hostname %q subdomain %q", pod.Spec.Hostname, pod.Spec.Subdomain)
			}
			if ref := pod.ControllerRef(); ref == nil || ref.UID != f.set.UID || !ref.BlockOwnerDeletion {
				t.Errorf("controller ref %+v", ref)
			}
			if r := action(t, p, CreatePod, "web-0").Reason; r != "ordinal 0 has no pod (replicas 3)" {
				t.Errorf("reason %q", r)
			}
		},
	}, {
		// upstream: stateful_set_control.go processReplica (monotonic gates on lower ordinals)
		name:     "the next ordinal is created once every lower one is Running, Ready and Available",
		replicas: 3,
		pods:     healthy(0, 1),
		want:     []string{"create pod web-2"},
		check: func(t *testing.T, _ fixture, p Plan) {
			if r := action(t, p, CreatePod, "web-2").Reason; r != "web-1 is Running and Ready" {
				t.Errorf("reason %q", r)
			}
		},
	}, {
		// upstream: stateful_set_control.go processReplica (burst falls through), slowStartBatch
		name:     "Parallel creates every empty ordinal in one sync",
		replicas: 3,
		set:      []setOpt{parallel()},
		want:     []string{"create pod web-0", "create pod web-1", "create pod web-2"},
		check: func(t *testing.T, _ fixture, p Plan) {
			if r := action(t, p, CreatePod, "web-2").Reason; r != "Parallel: ordinal 2 has no pod (replicas 3)" {
				t.Errorf("reason %q", r)
			}
		},
	}, {
		// upstream: stateful_pod_control.go CreateStatefulPod, createPersistentVolumeClaims
		name:     "with a volumeClaimTemplate the claim is created before the pod",
		replicas: 2,
		set:      []setOpt{claimTemplates("data")},
		want:     []string{"create claim data-web-0", "create pod web-0"},
		check: func(t *testing.T, _ fixture, p Plan) {
			c := action(t, p, CreateClaim, "data-web-0")
			pod := action(t, p, CreatePod, "web-0")
			if c.Chain != pod.Chain || c.Call >= pod.Call {
				t.Errorf("claim (chain %d call %d) must be an earlier call of the pod's chain (chain %d call %d)", c.Chain, c.Call, pod.Chain, pod.Call)
			}
			if c.Claim.Labels["app"] != "web" || len(c.Claim.OwnerReferences) != 0 {
				t.Errorf("claim labels %v owners %v", c.Claim.Labels, c.Claim.OwnerReferences)
			}
			vols := pod.Pod.Spec.Volumes
			if len(vols) != 1 || vols[0].Name != "data" || vols[0].ClaimName != "data-web-0" {
				t.Errorf("pod volumes %+v", vols)
			}
		},
	}, {
		// upstream: stateful_pod_control.go createPersistentVolumeClaims (existing claim reused)
		name:     "an existing claim is reused as is",
		replicas: 1,
		set:      []setOpt{claimTemplates("data")},
		claims:   claims("data-web-0"),
		want:     []string{"create pod web-0"},
	}, {
		// upstream: stateful_pod_control.go createPersistentVolumeClaims ("pvc %s is being deleted")
		name:     "a terminating claim blocks pod creation",
		replicas: 2,
		set:      []setOpt{claimTemplates("data")},
		claims:   terminatingClaims("data-web-0"),
		want:     nil,
		wait:     "pvc data-web-0 is being deleted",
		check: func(t *testing.T, _ fixture, p Plan) {
			// CreateStatefulPod records createPersistentVolumeClaims' error
			// (FailedCreate) and returns it
			if a := action(t, p, FailPod, "web-0"); a.Reason != "pvc data-web-0 is being deleted" || a.Pod.UID != "" {
				t.Errorf("fail pod %q (uid %q)", a.Reason, a.Pod.UID)
			}
		},
	}, {
		// upstream: stateful_pod_control.go createPersistentVolumeClaims (collects errors, tries every template)
		name:     "a terminating claim does not stop the other missing claims from being created, but the pod is not",
		replicas: 1,
		set:      []setOpt{claimTemplates("data", "logs")},
		claims:   terminatingClaims("data-web-0"),
		want:     []string{"create claim logs-web-0"},
		wait:     "pvc data-web-0 is being deleted",
		check: func(t *testing.T, _ fixture, p Plan) {
			c, f := action(t, p, CreateClaim, "logs-web-0"), action(t, p, FailPod, "web-0")
			if c.Chain != f.Chain || c.Call >= f.Call {
				t.Errorf("the failure (chain %d call %d) must end the claims' chain (chain %d call %d)", f.Chain, f.Call, c.Chain, c.Call)
			}
		},
	}, {
		// upstream: stateful_set_control.go slowStartBatch (stop after the first batch with an error)
		name:     "Parallel stops after the batch in which a claim is being deleted",
		replicas: 4,
		set:      []setOpt{parallel(), claimTemplates("data")},
		claims:   terminatingClaims("data-web-2"),
		// batches: {0} {1, 2} {3}; ordinal 2 fails, so 3 is never tried
		want: []string{"create claim data-web-0", "create pod web-0", "create claim data-web-1", "create pod web-1"},
		wait: "pvc data-web-2 is being deleted",
	}})
}

// §2.3 gate 3: Pending.
func TestProcessReplicaPending(t *testing.T) {
	runAll(t, []syncCase{{
		// upstream: stateful_set_control.go processReplica (isPending → createMissingPersistentVolumeClaims)
		name:     "a Pending pod gets its missing claims recreated, then OrderedReady waits for it",
		replicas: 2,
		set:      []setOpt{claimTemplates("data")},
		pods:     []podSpec{at(0, pending())},
		want:     []string{"create claim data-web-0"},
		wait:     "web-0 to be Running and Ready",
	}, {
		// upstream: stateful_set_control.go processReplica (isPending runs in burst mode too)
		name:     "in Parallel a Pending pod gets its missing claims recreated",
		replicas: 2,
		set:      []setOpt{parallel(), claimTemplates("data")},
		pods:     []podSpec{at(0, pending()), at(1)},
		claims:   claims("data-web-1"),
		want:     []string{"create claim data-web-0"},
	}, {
		// upstream: stateful_pod_control.go createMissingPersistentVolumeClaims → createPersistentVolumeClaims
		name:     "a Pending pod whose claim is being deleted makes the sync fail",
		replicas: 2,
		set:      []setOpt{claimTemplates("data")},
		pods:     []podSpec{at(0, pending())},
		claims:   terminatingClaims("data-web-0"),
		want:     nil,
		wait:     "pvc data-web-0 is being deleted",
		check: func(t *testing.T, _ fixture, p Plan) {
			// createMissingPersistentVolumeClaims records no event
			for _, a := range p.Actions {
				if a.Verb == FailPod {
					t.Errorf("planned %v %s", a.Verb, a.Pod.Name)
				}
			}
		},
	}, {
		// upstream: stateful_set_control.go processReplica (isPending, claims exist)
		name:     "a Pending pod with its claims needs no write",
		replicas: 2,
		set:      []setOpt{claimTemplates("data")},
		pods:     []podSpec{at(0, pending())},
		claims:   claims("data-web-0"),
		want:     nil,
		wait:     "web-0 to be Running and Ready",
	}})
}

// §2.3 gates 4–6: terminating, not Running-and-Ready, not Available.
func TestProcessReplicaHealthGates(t *testing.T) {
	runAll(t, []syncCase{{
		// upstream: stateful_set_control.go processReplica (isTerminating && monotonic)
		name:     "a terminating pod blocks OrderedReady until it is gone",
		replicas: 2,
		pods:     []podSpec{at(0, terminating())},
		want:     nil,
		wait:     "web-0 to terminate",
	}, {
		// upstream: stateful_set_control.go processReplica (terminating, burst)
		name:     "a terminating pod does not block Parallel, and is not replaced while it exists",
		replicas: 2,
		set:      []setOpt{parallel()},
		pods:     []podSpec{at(0, terminating())},
		want:     []string{"create pod web-1"},
	}, {
		// upstream: stateful_set_control.go processReplica (!isRunningAndReady && monotonic)
		name:     "a Pending pod blocks OrderedReady",
		replicas: 2,
		pods:     []podSpec{at(0, pending())},
		want:     nil,
		wait:     "web-0 to be Running and Ready",
	}, {
		// upstream: stateful_set_control.go processReplica (!isRunningAndReady && monotonic)
		name:     "a Running pod that is not Ready blocks OrderedReady",
		replicas: 3,
		pods:     []podSpec{at(0), at(1, notReady())},
		want:     nil,
		wait:     "web-1 to be Running and Ready",
	}, {
		// upstream: stateful_set_control.go processReplica (gates are monotonic only)
		name:     "an unready pod does not block Parallel",
		replicas: 2,
		set:      []setOpt{parallel()},
		pods:     []podSpec{at(0, notReady())},
		want:     []string{"create pod web-1"},
	}, {
		// upstream: stateful_set_control.go processReplica (!isRunningAndAvailable && monotonic)
		name:     "a pod Ready for less than minReadySeconds blocks OrderedReady and the sync asks to be woken when it becomes available",
		replicas: 2,
		set:      []setOpt{minReady(30)},
		pods:     []podSpec{at(0, readySince(testNow-10*time.Second))},
		want:     nil,
		wait:     "web-0 to be available",
		check: func(t *testing.T, _ fixture, p Plan) {
			if want := testNow + 20*time.Second; p.Wake != want {
				t.Errorf("wake = %v, want %v", p.Wake, want)
			}
			if p.Status.ReadyReplicas != 1 || p.Status.AvailableReplicas != 0 {
				t.Errorf("ready %d available %d, want 1 and 0", p.Status.ReadyReplicas, p.Status.AvailableReplicas)
			}
		},
	}, {
		// upstream: pkg/api/v1/pod/util.go IsPodAvailable (lastTransitionTime + minReadySeconds ≤ now)
		name:     "a pod Ready for exactly minReadySeconds is available",
		replicas: 2,
		set:      []setOpt{minReady(30)},
		pods:     []podSpec{at(0, readySince(testNow-30*time.Second))},
		want:     []string{"create pod web-1"},
		check: func(t *testing.T, _ fixture, p Plan) {
			if p.Wake != 0 || p.Status.AvailableReplicas != 1 {
				t.Errorf("wake %v available %d", p.Wake, p.Status.AvailableReplicas)
			}
		},
	}, {
		// upstream: stateful_set_control.go processReplica (availability gate is monotonic only)
		name:     "a pod within minReadySeconds does not block Parallel",
		replicas: 2,
		set:      []setOpt{parallel(), minReady(30)},
		pods:     []podSpec{at(0, readySince(testNow-10*time.Second))},
		want:     []string{"create pod web-1"},
	}, {
		// upstream: stateful_set_control.go processReplica (all gates pass → no write)
		name:     "every in-range pod Running, Ready and Available: nothing to do",
		replicas: 3,
		pods:     healthy(0, 1, 2),
		want:     nil,
		check:    noWait,
	}})
}

// §2.3 gate 7: identity and storage repair.
func TestProcessReplicaRepair(t *testing.T) {
	runAll(t, []syncCase{{
		// upstream: stateful_set_control.go processReplica → stateful_pod_control.go UpdateStatefulPod → updateIdentity
		name:     "a pod whose pod-name label was removed is updated with the label restored, and the pass continues",
		replicas: 2,
		pods:     []podSpec{at(0, dropLabel(PodNameLabel), dropLabel(PodIndexLabel))},
		want:     []string{"update pod web-0", "create pod web-1"},
		check: func(t *testing.T, f fixture, p Plan) {
			pod := action(t, p, UpdatePod, "web-0").Pod
			if pod.Labels[PodNameLabel] != "web-0" || pod.Labels[PodIndexLabel] != "0" {
				t.Errorf("labels not restored: %v", pod.Labels)
			}
			if pod.Labels[RevisionLabel] != f.rev.Name || pod.Labels["app"] != "web" || pod.UID == "" {
				t.Errorf("repair must keep the other labels and the object: %v uid %q", pod.Labels, pod.UID)
			}
		},
	}, {
		// upstream: stateful_set_control.go processReplica (repair after the monotonic gates)
		name:     "in OrderedReady an unready pod is not repaired: the health gates come first",
		replicas: 2,
		pods:     []podSpec{at(0, notReady(), dropLabel(PodNameLabel))},
		want:     nil,
		wait:     "Running and Ready",
	}, {
		// upstream: stateful_set_control.go processReplica (burst: repair whatever the health)
		name:     "in Parallel an unready pod is repaired",
		replicas: 1,
		set:      []setOpt{parallel()},
		pods:     []podSpec{at(0, notReady(), dropLabel(PodNameLabel))},
		want:     []string{"update pod web-0"},
	}, {
		// upstream: stateful_pod_control.go UpdateStatefulPod → updateStorage
		name:     "a pod without its claim volume is updated with the volume restored",
		replicas: 1,
		set:      []setOpt{claimTemplates("data")},
		pods:     []podSpec{at(0, noVolumes())},
		claims:   claims("data-web-0"),
		want:     []string{"update pod web-0"},
		check: func(t *testing.T, _ fixture, p Plan) {
			vols := action(t, p, UpdatePod, "web-0").Pod.Spec.Volumes
			if len(vols) != 1 || vols[0].ClaimName != "data-web-0" {
				t.Errorf("volumes %+v", vols)
			}
		},
	}, {
		// upstream: stateful_pod_control.go UpdateStatefulPod (!storageMatches → createPersistentVolumeClaims)
		name:     "storage repair creates the missing claims before updating the pod",
		replicas: 1,
		set:      []setOpt{claimTemplates("data")},
		pods:     []podSpec{at(0, noVolumes())},
		want:     []string{"create claim data-web-0", "update pod web-0"},
	}})
}

// §2.5 "The controller never creates a replacement while the old object
// exists", in both pod management policies.
// upstream: stateful_set_control.go updateStatefulSet (placeholders only for empty slots)
func TestNoCreateForAnOrdinalWhosePodObjectExists(t *testing.T) {
	states := map[string][]podOpt{
		"Pending":                {pending()},
		"Running unready":        {notReady()},
		"Failed":                 {phase(api.PodFailed), notReady()},
		"Succeeded":              {phase(api.PodSucceeded), notReady()},
		"terminating":            {terminating()},
		"terminating and Failed": {phase(api.PodFailed), notReady(), terminating()},
		"identity broken":        {dropLabel(PodNameLabel)},
	}
	for _, policy := range []setOpt{func(*StatefulSet) {}, parallel()} {
		for name, opts := range states {
			f := fix(3, policy)
			p := Reconcile(observe(f.set, f.revs, f.pod(0), f.pod(1, opts...)))
			for _, a := range p.Actions {
				if a.Verb == CreatePod && a.Pod.Name == "web-1" {
					t.Errorf("%s %s: web-1 exists but is created again:\n%s", f.set.Spec.PodManagementPolicy, name, dump(p))
				}
			}
		}
	}
}

// §1.1 "Ordinal range = [start, start + spec.replicas - 1]".
func TestOrdinalsStart(t *testing.T) {
	runAll(t, []syncCase{{
		// upstream: stateful_set_utils.go getStartOrdinal; stateful_set_control_test.go CreatesPodsWithStartOrdinal
		name:     "with ordinals.start 3 the first pod is web-3",
		replicas: 2,
		set:      []setOpt{startAt(3)},
		want:     []string{"create pod web-3"},
		check: func(t *testing.T, _ fixture, p Plan) {
			if l := action(t, p, CreatePod, "web-3").Pod.Labels[PodIndexLabel]; l != "3" {
				t.Errorf("pod-index label %q", l)
			}
		},
	}, {
		// upstream: stateful_set_control.go processReplica (indices are ordinal − start)
		name:     "with ordinals.start 3 web-4 follows a healthy web-3",
		replicas: 2,
		set:      []setOpt{startAt(3)},
		pods:     healthy(3),
		want:     []string{"create pod web-4"},
	}, {
		// upstream: stateful_set_control.go runForAll, slowStartBatch
		name:     "Parallel with ordinals.start 3 creates web-3 then web-4 in the next batch",
		replicas: 2,
		set:      []setOpt{startAt(3), parallel()},
		want:     []string{"create pod web-3", "create pod web-4"},
		check: func(t *testing.T, _ fixture, p Plan) {
			if d := cmp.Diff([]int{0, 1}, relBatches(t, p, CreatePod, "web-3", "web-4")); d != "" {
				t.Errorf("batches (-want +got):\n%s", d)
			}
		},
	}, {
		// upstream: stateful_set_control.go updateStatefulSet (ordinal below start is condemned)
		name:     "a pod below ordinals.start is condemned once the range is healthy",
		replicas: 2,
		set:      []setOpt{startAt(3)},
		pods:     healthy(0, 3, 4),
		want:     []string{"delete pod web-0"},
	}})
}

// slowStartBatch: batches of 1, 2, 4, … over the indices of the pass.
// upstream: stateful_set_control.go slowStartBatch, runForAll
func TestParallelCreatesInSlowStartBatches(t *testing.T) {
	f := fix(7, parallel())
	p := Reconcile(observe(f.set, f.revs))
	names := []string{"web-0", "web-1", "web-2", "web-3", "web-4", "web-5", "web-6"}
	if d := cmp.Diff([]int{0, 1, 1, 2, 2, 2, 2}, relBatches(t, p, CreatePod, names...)); d != "" {
		t.Errorf("batches (-want +got):\n%s\n%s", d, dump(p))
	}
	// batches are over all indices, healthy pods included
	f = fix(7, parallel())
	p = Reconcile(observe(f.set, f.revs, f.pod(0), f.pod(1), f.pod(2)))
	first := action(t, p, CreatePod, "web-3").Batch
	for _, n := range names[3:] {
		if b := action(t, p, CreatePod, n).Batch; b != first {
			t.Errorf("%s in batch %d, want %d (indices 3–6 share the third batch)", n, b, first)
		}
	}
	if slowStartBatch(0) != 0 || slowStartBatch(2) != 1 || slowStartBatch(3) != 2 || slowStartBatch(510) != 8 ||
		slowStartBatch(511) != 9 || slowStartBatch(1010) != 9 || slowStartBatch(1011) != 10 {
		t.Errorf("slowStartBatch does not follow 1, 2, 4, …, 256, then 500 (MaxBatchSize)")
	}
}

// ---- §3 scale down ----

func TestScaleDownOrderedReady(t *testing.T) {
	runAll(t, []syncCase{{
		// upstream: stateful_set_control.go processCondemned (descendingOrdinal, one deletion per sync)
		name:     "a healthy highest pod is deleted, one per sync",
		replicas: 1,
		pods:     healthy(0, 1, 2),
		want:     []string{"delete pod web-2"},
	}, {
		// upstream: stateful_set_control.go processCondemned (isTerminating && monotonic)
		name:     "a terminating condemned pod blocks further scale down",
		replicas: 1,
		pods:     []podSpec{at(0), at(1), at(2, terminating())},
		want:     nil,
		wait:     "web-2 to terminate",
	}, {
		// upstream: stateful_set_control.go processCondemned (condemned[i] == firstUnhealthyPod)
		name:     "an unhealthy highest pod is deleted when it is the lowest unhealthy condemned pod",
		replicas: 1,
		pods:     []podSpec{at(0), at(1), at(2, notReady())},
		want:     []string{"delete pod web-2"},
	}, {
		// upstream: stateful_set_control.go processCondemned (only condemned[0] is examined; a
		// lower terminating pod is merely the firstUnavailablePod). Spec §8.6's "never deletes
		// while another condemned pod is terminating" holds only for the highest one.
		name:     "a terminating lower condemned pod does not stop the healthy highest one from being deleted",
		replicas: 1,
		pods:     []podSpec{at(0), at(1, terminating()), at(2)},
		want:     []string{"delete pod web-2"},
	}, {
		// upstream: stateful_set_control.go processCondemned (firstUnavailablePod is web-1)
		name:     "with two unhealthy condemned pods the higher one waits for the lower one: scale down stalls",
		replicas: 1,
		pods:     []podSpec{at(0), at(1, notReady()), at(2, notReady())},
		want:     nil,
		wait:     "web-1",
	}, {
		// upstream: stateful_set_control.go processCondemned (healthy target passes both gates)
		name:     "a healthy highest pod is deleted even when a lower condemned pod is unhealthy",
		replicas: 1,
		pods:     []podSpec{at(0), at(1, notReady()), at(2)},
		want:     []string{"delete pod web-2"},
	}, {
		// upstream: stateful_set_control.go processCondemned (!isRunningAndAvailable), fix for #123918
		name:     "a condemned pod Ready but not yet Available is unavailable: two of them stall",
		replicas: 1,
		set:      []setOpt{minReady(60)},
		pods:     []podSpec{at(0), at(1, readySince(testNow-10*time.Second)), at(2, readySince(testNow-10*time.Second))},
		want:     nil,
		wait:     "available",
	}, {
		// upstream: stateful_set_control.go updateStatefulSet (firstUnavailablePod uses isUnavailable)
		name:     "a condemned pod Ready but not yet Available is deleted when it is the first unavailable one",
		replicas: 1,
		set:      []setOpt{minReady(60)},
		pods:     []podSpec{at(0), at(1), at(2, readySince(testNow-10*time.Second))},
		want:     []string{"delete pod web-2"},
	}, {
		// upstream: stateful_set_control.go updateStatefulSet (replicas pass before condemned pass)
		name:     "an unhealthy in-range pod blocks scale down completely",
		replicas: 1,
		pods:     []podSpec{at(0, notReady()), at(1)},
		want:     nil,
		wait:     "web-0 to be Running and Ready",
	}, {
		// upstream: stateful_set_control_test.go TestStatefulSetScaleDownRespectsMinReadySeconds
		name:     "scale down does not start while an in-range pod is within minReadySeconds",
		replicas: 1,
		set:      []setOpt{minReady(60)},
		pods:     []podSpec{at(0, readySince(testNow-10*time.Second)), at(1)},
		want:     nil,
		wait:     "web-0 to be available",
	}, {
		// upstream: stateful_set_control.go updateStatefulSet (monotonic processCondemned always blocks)
		name:     "scaling takes precedence over updates: no update delete while a condemned pod exists",
		replicas: 2,
		set:      []setOpt{image("nginx:2")},
		pods:     healthy(0, 1, 2),
		want:     []string{"delete pod web-2"},
		check: func(t *testing.T, _ fixture, p Plan) {
			if action(t, p, DeletePod, "web-2").DecrementsCurrent {
				t.Errorf("a scale-down delete must not decrement currentReplicas")
			}
		},
	}, {
		// upstream: stateful_set_control.go updateStatefulSet (podInOrdinalRange with start)
		name:     "raising ordinals.start condemns the lowest ordinals",
		replicas: 2,
		set:      []setOpt{startAt(1)},
		pods:     healthy(0, 1, 2),
		want:     []string{"delete pod web-0"},
	}, {
		// upstream: stateful_set_control.go updateStatefulSet (condemned sorted descending: above the range first)
		name:     "pods above the range are deleted before pods below it",
		replicas: 1,
		set:      []setOpt{startAt(2)},
		pods:     healthy(0, 1, 2, 3),
		want:     []string{"delete pod web-3"},
	}, {
		// upstream: stateful_set_control.go updateStatefulSet (first unhealthy condemned is the lowest ordinal)
		name:     "the lowest-ordinal unhealthy condemned pod, below the range, is the first unavailable one",
		replicas: 1,
		set:      []setOpt{startAt(2)},
		pods:     []podSpec{at(0, notReady()), at(1), at(2), at(3, notReady())},
		want:     nil,
		wait:     "web-0 to be Running and Ready before scaling down web-3",
	}})
}

func TestScaleDownParallel(t *testing.T) {
	runAll(t, []syncCase{{
		// upstream: stateful_set_control.go processCondemned (burst: no health checks, terminating skipped)
		name:     "Parallel deletes every non-terminating condemned pod at once, in slow-start batches over the condemned list",
		replicas: 1,
		set:      []setOpt{parallel()},
		pods:     []podSpec{at(0), at(1), at(2, notReady()), at(3, terminating()), at(4)},
		want:     []string{"delete pod web-4", "delete pod web-2", "delete pod web-1"},
		check: func(t *testing.T, f fixture, p Plan) {
			noWait(t, f, p)
			// condemned = [4 3 2 1]: batches {4} {3 2} {1}
			if d := cmp.Diff([]int{0, 1, 2}, relBatches(t, p, DeletePod, "web-4", "web-2", "web-1")); d != "" {
				t.Errorf("batches (-want +got):\n%s", d)
			}
		},
	}, {
		// upstream: stateful_set_control.go runForAll (burst replicas pass does not block)
		name:     "Parallel scales down while in-range pods are unhealthy",
		replicas: 1,
		set:      []setOpt{parallel()},
		pods:     []podSpec{at(0, notReady()), at(1)},
		want:     []string{"delete pod web-1"},
	}, {
		// upstream: stateful_set_control_test.go TestParallelScale
		name:     "Parallel scale to zero deletes all pods in batches 1, 2, 4",
		replicas: 0,
		set:      []setOpt{parallel()},
		pods:     healthy(0, 1, 2, 3, 4, 5, 6),
		want: []string{"delete pod web-6", "delete pod web-5", "delete pod web-4", "delete pod web-3",
			"delete pod web-2", "delete pod web-1", "delete pod web-0"},
		check: func(t *testing.T, _ fixture, p Plan) {
			got := relBatches(t, p, DeletePod, "web-6", "web-5", "web-4", "web-3", "web-2", "web-1", "web-0")
			if d := cmp.Diff([]int{0, 1, 1, 2, 2, 2, 2}, got); d != "" {
				t.Errorf("batches (-want +got):\n%s", d)
			}
		},
	}})
}

// ---- §4.1 revision of new pods ----

// twoRevisions is a set mid-rollout: rev1 (nginx:1) is current, the template
// is nginx:2 and rev2 exists.
func twoRevisions(replicas int32, opts ...setOpt) (f fixture, rev2 *ControllerRevision) {
	f = fix(replicas, opts...)
	set2 := newSet("web", replicas, append(slices.Clone(opts), image("nginx:2"))...)
	rev2 = revisionOf(set2, 2)
	f.set.Spec.Template = set2.Spec.Template
	f.set.Status.UpdateRevision = rev2.Name
	f.revs = append(f.revs, rev2)
	return f, rev2
}

func TestRevisionOfNewPods(t *testing.T) {
	type podAtRev struct {
		ord int32
		rev int // 1 or 2
	}
	for _, c := range []struct {
		name     string
		replicas int32
		opts     []setOpt
		have     []podAtRev
		want     map[string]int // created pod → revision 1 or 2
	}{{
		// upstream: stateful_set_utils.go newVersionedStatefulSetPod (rollingUpdate != nil && ordinal < start+partition)
		name: "with a partition, a pod recreated below the partition gets the current revision",
		opts: []setOpt{partitionAt(2)}, replicas: 3,
		have: []podAtRev{{0, 1}, {2, 2}},
		want: map[string]int{"web-1": 1},
	}, {
		// upstream: stateful_set_utils.go newVersionedStatefulSetPod (otherwise the update revision)
		name: "with a partition, a pod at or above the partition gets the update revision",
		opts: []setOpt{partitionAt(2)}, replicas: 3,
		have: []podAtRev{{0, 1}, {1, 1}},
		want: map[string]int{"web-2": 2},
	}, {
		// upstream: stateful_set_utils.go newVersionedStatefulSetPod (rollingUpdate == nil && ordinal < start+status.currentReplicas)
		name: "rollingUpdate nil: a pod below status.currentReplicas gets the current revision",
		opts: []setOpt{rollingUpdateNil(), currentRevision("", 2)}, replicas: 3,
		have: []podAtRev{{0, 1}, {2, 2}},
		want: map[string]int{"web-1": 1},
	}, {
		// upstream: stateful_set_utils.go newVersionedStatefulSetPod
		name: "rollingUpdate nil: a pod at or above status.currentReplicas gets the update revision",
		opts: []setOpt{rollingUpdateNil(), currentRevision("", 2)}, replicas: 3,
		have: []podAtRev{{0, 1}, {1, 1}},
		want: map[string]int{"web-2": 2},
	}, {
		// upstream: stateful_set_utils.go newVersionedStatefulSetPod (getStartOrdinal(currentSet)+partition)
		name: "the partition is relative to ordinals.start",
		opts: []setOpt{startAt(5), partitionAt(1), parallel()}, replicas: 3,
		want: map[string]int{"web-5": 1, "web-6": 2, "web-7": 2},
	}, {
		// upstream: stateful_set_utils.go newVersionedStatefulSetPod (OnDelete: type is not RollingUpdate)
		name: "OnDelete always creates at the update revision",
		opts: []setOpt{onDelete(), currentRevision("", 3)}, replicas: 3,
		have: []podAtRev{{1, 1}, {2, 1}},
		want: map[string]int{"web-0": 2},
	}, {
		// upstream: stateful_set_utils.go newVersionedStatefulSetPod, burst creation
		name: "Parallel with a partition creates the low ordinals at the current revision",
		opts: []setOpt{parallel(), partitionAt(2)}, replicas: 3,
		want: map[string]int{"web-0": 1, "web-1": 1, "web-2": 2},
	}} {
		t.Run(c.name, func(t *testing.T) {
			f, rev2 := twoRevisions(c.replicas, c.opts...)
			revs := map[int]*ControllerRevision{1: f.rev, 2: rev2}
			var pods []*api.Pod
			for _, h := range c.have {
				pods = append(pods, podAt(f.set, revs[h.rev].Name, h.ord))
			}
			p := Reconcile(observe(f.set, f.revs, pods...))
			got := map[string]int{}
			for _, a := range p.Actions {
				if a.Verb != CreatePod {
					continue
				}
				for n, r := range revs {
					if a.Pod.Labels[RevisionLabel] == r.Name {
						got[a.Pod.Name] = n
						// the pod is built from that revision's template
						if img := a.Pod.Spec.Containers[0].Image; img != r.Template.Spec.Containers[0].Image {
							t.Errorf("%s labelled revision %d but has image %s", a.Pod.Name, n, img)
						}
					}
				}
			}
			if d := cmp.Diff(c.want, got); d != "" {
				t.Errorf("created pods → revision (-want +got):\n%s\n%s", d, dump(p))
			}
		})
	}
}

// ---- §4.4 revision selection ----

// upstream: stateful_set_control.go getStatefulSetRevisions; stateful_set_control_test.go TestStatefulSetControl_getSetRevisions
func TestRevisionSelection(t *testing.T) {
	t.Run("first sync creates revision 1, which is both current and update", func(t *testing.T) {
		set := newSet("web", 1)
		p := Reconcile(observe(set, nil))
		name := RevisionName("web", RevisionHash(TemplateData(&set.Spec.Template), 0))
		if d := cmp.Diff([]string{"create revision " + name + "@1"}, revisionWrites(p)); d != "" {
			t.Fatalf("revision writes (-want +got):\n%s", d)
		}
		if p.Status.CurrentRevision != name || p.Status.UpdateRevision != name {
			t.Errorf("current %q update %q, want %q", p.Status.CurrentRevision, p.Status.UpdateRevision, name)
		}
		if p.Status.CollisionCount == nil || *p.Status.CollisionCount != 0 {
			t.Errorf("collisionCount %v, want a pointer to 0", p.Status.CollisionCount)
		}
		if l := action(t, p, CreatePod, "web-0").Pod.Labels[RevisionLabel]; l != name {
			t.Errorf("pod labelled %q, want the full revision name %q", l, name)
		}
	})
	t.Run("an unchanged template reuses the latest revision", func(t *testing.T) {
		f := fix(1)
		p := Reconcile(observe(f.set, f.revs, f.pod(0)))
		if w := revisionWrites(p); len(w) != 0 {
			t.Errorf("revision writes %v, want none", w)
		}
	})
	t.Run("only spec.template is versioned", func(t *testing.T) {
		f := fix(1)
		f.set.Spec.Replicas = new(int32(4))
		f.set.Spec.MinReadySeconds = 9
		f.set.Spec.UpdateStrategy = UpdateStrategy{Type: OnDelete}
		f.set.Generation = 2
		p := Reconcile(observe(f.set, f.revs, f.pod(0)))
		if w := revisionWrites(p); len(w) != 0 {
			t.Errorf("revision writes %v, want none", w)
		}
	})
	t.Run("a changed template creates revision 2 and current stays revision 1", func(t *testing.T) {
		f := fix(1)
		pod := f.pod(0)
		image("nginx:2")(f.set)
		p := Reconcile(observe(f.set, f.revs, pod))
		w := revisionWrites(p)
		if len(w) != 1 || !strings.HasPrefix(w[0], "create revision ") || !strings.HasSuffix(w[0], "@2") {
			t.Fatalf("revision writes %v, want one create at revision 2", w)
		}
		if p.Status.CurrentRevision != f.rev.Name || p.Status.UpdateRevision == f.rev.Name {
			t.Errorf("current %q update %q", p.Status.CurrentRevision, p.Status.UpdateRevision)
		}
		if p.Actions[0].Reason != "pod template changed" {
			t.Errorf("reason %q", p.Actions[0].Reason)
		}
	})
	t.Run("re-syncing after revision 2 exists creates no other revision", func(t *testing.T) {
		f, rev2 := twoRevisions(1)
		p := Reconcile(observe(f.set, f.revs, f.pod(0)))
		if w := revisionWrites(p); len(w) != 0 {
			t.Errorf("revision writes %v, want none", w)
		}
		if p.Status.CurrentRevision != f.rev.Name || p.Status.UpdateRevision != rev2.Name {
			t.Errorf("current %q update %q", p.Status.CurrentRevision, p.Status.UpdateRevision)
		}
	})
	t.Run("rolling back to an older template bumps that revision to max+1 and creates none", func(t *testing.T) {
		f, rev2 := twoRevisions(1)
		f.set.Spec.Template = *f.rev.Template // back to nginx:1
		f.set.Status.CurrentRevision = rev2.Name
		p := Reconcile(observe(f.set, f.revs, podAt(f.set, rev2.Name, 0)))
		if d := cmp.Diff([]string{"update revision " + f.rev.Name + "@3"}, revisionWrites(p)); d != "" {
			t.Fatalf("revision writes (-want +got):\n%s", d)
		}
		if p.Status.UpdateRevision != f.rev.Name || p.Status.CurrentRevision != rev2.Name {
			t.Errorf("current %q update %q", p.Status.CurrentRevision, p.Status.UpdateRevision)
		}
		if f.rev.Revision != 1 {
			t.Errorf("Reconcile changed the observed revision in place")
		}
	})
	t.Run("rolling back picks the newest equal revision among several", func(t *testing.T) {
		var revs []*ControllerRevision
		for i, img := range []string{"nginx:1", "nginx:2", "nginx:3"} {
			revs = append(revs, revisionOf(newSet("web", 1, image(img)), int64(i+1)))
		}
		set := newSet("web", 1, image("nginx:2"), currentRevision(revs[2].Name, 0))
		p := Reconcile(observe(set, revs))
		if d := cmp.Diff([]string{"update revision " + revs[1].Name + "@4"}, revisionWrites(p)); d != "" {
			t.Fatalf("revision writes (-want +got):\n%s", d)
		}
	})
	t.Run("a name collision with different data bumps collisionCount", func(t *testing.T) {
		set := newSet("web", 1)
		data := TemplateData(&set.Spec.Template)
		squatter := NewRevision(set, []byte(`{"other":true}`), 1, 0)
		squatter.Name = RevisionName("web", RevisionHash(data, 0))
		set.Status.CurrentRevision = squatter.Name
		p := Reconcile(observe(set, []*ControllerRevision{squatter}))
		want := RevisionName("web", RevisionHash(data, 1))
		if d := cmp.Diff([]string{"create revision " + want + "@2"}, revisionWrites(p)); d != "" {
			t.Fatalf("revision writes (-want +got):\n%s", d)
		}
		if *p.Status.CollisionCount != 1 {
			t.Errorf("collisionCount %d, want 1", *p.Status.CollisionCount)
		}
	})
	// upstream: controller_history.go CreateControllerRevision, after a
	// create answered AlreadyExists: the revision of that name is used when
	// its data is byte-equal, else collisionCount is bumped. The set does not
	// list that revision (another controller's, a deleted set's the garbage
	// collector has not removed yet).
	unlisted := func(set *StatefulSet, data []byte) revisionNames {
		other := *set
		other.UID = "uid-of-a-deleted-web"
		r := NewRevision(&other, data, 7, 0)
		r.Name = RevisionName("web", RevisionHash(TemplateData(&set.Spec.Template), 0))
		return revisionNames{r.Name: r}
	}
	t.Run("an unlisted revision with the same data under the new name is used, not created", func(t *testing.T) {
		set := newSet("web", 1)
		o := observe(set, nil)
		o.RevisionNames = unlisted(set, TemplateData(&set.Spec.Template))
		p := Reconcile(o)
		name := RevisionName("web", RevisionHash(TemplateData(&set.Spec.Template), 0))
		if w := revisionWrites(p); len(w) != 0 {
			t.Errorf("revision writes %v, want none", w)
		}
		if p.Status.UpdateRevision != name || p.Status.CurrentRevision != name || *p.Status.CollisionCount != 0 {
			t.Errorf("current %q update %q collisionCount %d, want %q and 0", p.Status.CurrentRevision, p.Status.UpdateRevision, *p.Status.CollisionCount, name)
		}
		if l := action(t, p, CreatePod, "web-0").Pod.Labels[RevisionLabel]; l != name {
			t.Errorf("pod labelled %q, want %q", l, name)
		}
	})
	t.Run("an unlisted revision with other data under the new name bumps collisionCount", func(t *testing.T) {
		set := newSet("web", 1)
		o := observe(set, nil)
		o.RevisionNames = unlisted(set, []byte(`{"other":true}`))
		p := Reconcile(o)
		want := RevisionName("web", RevisionHash(TemplateData(&set.Spec.Template), 1))
		if d := cmp.Diff([]string{"create revision " + want + "@1"}, revisionWrites(p)); d != "" {
			t.Fatalf("revision writes (-want +got):\n%s", d)
		}
		if *p.Status.CollisionCount != 1 {
			t.Errorf("collisionCount %d, want 1", *p.Status.CollisionCount)
		}
	})
	t.Run("the stored collisionCount names a new revision", func(t *testing.T) {
		set := newSet("web", 1)
		set.Status.CollisionCount = new(int32(2))
		p := Reconcile(observe(set, nil))
		want := RevisionName("web", RevisionHash(TemplateData(&set.Spec.Template), 2))
		if p.Status.UpdateRevision != want || *p.Status.CollisionCount != 2 {
			t.Errorf("update %q collisionCount %d, want %q and 2", p.Status.UpdateRevision, *p.Status.CollisionCount, want)
		}
	})
	t.Run("when status.currentRevision names no listed revision, current = update", func(t *testing.T) {
		f, rev2 := twoRevisions(1)
		f.set.Status.CurrentRevision = "web-gone"
		p := Reconcile(observe(f.set, f.revs))
		if p.Status.CurrentRevision != rev2.Name {
			t.Errorf("current %q, want the update revision %q", p.Status.CurrentRevision, rev2.Name)
		}
	})
}

// ---- §4.5 history ----

// history returns revisions 1..n of set web with images nginx:1..n, and a set
// whose template is nginx:n and whose current revision is revision cur.
func history(n, cur int, opts ...setOpt) (*StatefulSet, []*ControllerRevision) {
	var revs []*ControllerRevision
	for i := 1; i <= n; i++ {
		revs = append(revs, revisionOf(newSet("web", 1, image("nginx:"+itoa(int64(i)))), int64(i)))
	}
	opts = append(slices.Clone(opts), image("nginx:"+itoa(int64(n))), currentRevision(revs[cur-1].Name, 0))
	return newSet("web", 1, opts...), revs
}

// upstream: stateful_set_control.go truncateHistory; stateful_set_control_test.go TestStatefulSetControlLimitsHistory
func TestHistoryTruncation(t *testing.T) {
	for _, c := range []struct {
		name    string
		limit   int32
		cur     int
		podRevs []int // revision of pod i (ordinal i)
		opts    []setOpt
		deleted []int64
	}{
		{name: "the oldest non-live revisions beyond revisionHistoryLimit are deleted", limit: 2, cur: 5, deleted: []int64{1, 2}},
		{name: "revisions named by a pod's controller-revision-hash are live", limit: 2, cur: 5, podRevs: []int{2}, deleted: []int64{1}},
		{name: "a condemned pod's revision is live too", limit: 1, cur: 5, podRevs: []int{5, 3}, deleted: []int64{1, 2}},
		{name: "limit 0 deletes every non-live revision", limit: 0, cur: 5, deleted: []int64{1, 2, 3, 4}},
		{name: "a negative limit keeps everything", limit: -1, cur: 5},
		{name: "the current and update revisions are live", limit: 0, cur: 1, deleted: []int64{2, 3, 4}},
		{name: "truncation runs even when the sync blocks", limit: 0, cur: 5, podRevs: []int{5}, deleted: []int64{1, 2, 3, 4},
			opts: []setOpt{func(s *StatefulSet) { s.Spec.Replicas = new(int32(3)) }}},
		{name: "truncation runs even when the set is being deleted", limit: 0, cur: 5, opts: []setOpt{deleting()}, deleted: []int64{1, 2, 3, 4}},
	} {
		t.Run(c.name, func(t *testing.T) {
			set, revs := history(5, c.cur, append(slices.Clone(c.opts), historyLimit(c.limit))...)
			var pods []*api.Pod
			for i, r := range c.podRevs {
				pods = append(pods, podAt(set, revs[r-1].Name, int32(i), pending()))
			}
			p := Reconcile(observe(set, revs, pods...))
			var got []int64
			for _, a := range p.Actions {
				if a.Verb == DeleteRevision {
					got = append(got, a.Revision.Revision)
					if !a.Always {
						t.Errorf("revision delete must run whatever happened before (Always)")
					}
				}
			}
			if d := cmp.Diff(c.deleted, got); d != "" {
				t.Errorf("deleted revisions (-want +got):\n%s\n%s", d, dump(p))
			}
		})
	}
}

// ---- §5 status ----

// upstream: stateful_set_control.go computeReplicaStatus, updateStatus
func TestStatusCounts(t *testing.T) {
	f, rev2 := twoRevisions(6, minReady(60))
	r1, r2 := f.rev.Name, rev2.Name
	pods := []*api.Pod{
		podAt(f.set, r1, 0),                                     // created ready available current
		podAt(f.set, r1, 1, notReady()),                         // created current
		podAt(f.set, r1, 2, pending()),                          // created current
		podAt(f.set, r1, 3, phase(api.PodFailed), notReady()),   // created current
		podAt(f.set, r1, 4, terminating()),                      // created ready available, not current
		podAt(f.set, r2, 5, readySince(testNow-10*time.Second)), // created ready updated, not available
		podAt(f.set, r2, 7),                                     // condemned: created ready available updated
	}
	f.set.Generation = 7
	p := Reconcile(observe(f.set, f.revs, pods...))
	got := p.Status
	want := Status{
		ObservedGeneration: 7, Replicas: 7, ReadyReplicas: 4, AvailableReplicas: 3,
		CurrentReplicas: 4, UpdatedReplicas: 2, CurrentRevision: r1, UpdateRevision: r2,
		CollisionCount: new(int32(0)),
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("status (-want +got):\n%s", d)
	}
	if !p.StatusChanged {
		t.Errorf("a fresh status must be written")
	}
}

// §5.1 "placeholders/just-created-in-this-sync pods are not counted".
// upstream: stateful_set_control.go computeReplicaStatus (isCreated)
func TestStatusDoesNotCountPodsCreatedInThisSync(t *testing.T) {
	for _, opt := range []setOpt{func(*StatefulSet) {}, parallel()} {
		f := fix(3, opt)
		p := Reconcile(observe(f.set, f.revs))
		if len(writes(p)) == 0 || p.Status.Replicas != 0 || p.Status.CurrentReplicas != 0 {
			t.Errorf("%s: writes %v replicas %d current %d", f.set.Spec.PodManagementPolicy, writes(p), p.Status.Replicas, p.Status.CurrentReplicas)
		}
	}
}

// §5.3 "writes … only if one of these differs from the stored status:
// observedGeneration greater than stored, replicas, currentReplicas,
// readyReplicas, updatedReplicas, currentRevision, availableReplicas,
// updateRevision, conditions. (collisionCount alone does not trigger a write.)"
// upstream: stateful_set_utils.go inconsistentStatus
func TestStatusOnlyWrittenWhenChanged(t *testing.T) {
	f := fix(2, generation(3))
	pods := []*api.Pod{f.pod(0), f.pod(1)}
	stored := Reconcile(observe(f.set, f.revs, pods...)).Status
	sync := func(mut func(*Status)) bool {
		set := *f.set
		set.Status = stored
		set.Status.CollisionCount = new(*stored.CollisionCount)
		mut(&set.Status)
		return Reconcile(observe(&set, f.revs, pods...)).StatusChanged
	}
	if sync(func(*Status) {}) {
		t.Errorf("an identical status must not be written")
	}
	for field, mut := range map[string]func(*Status){
		"observedGeneration lower": func(s *Status) { s.ObservedGeneration-- },
		"replicas":                 func(s *Status) { s.Replicas++ },
		"readyReplicas":            func(s *Status) { s.ReadyReplicas++ },
		"availableReplicas":        func(s *Status) { s.AvailableReplicas++ },
		"currentReplicas":          func(s *Status) { s.CurrentReplicas++ },
		"updatedReplicas":          func(s *Status) { s.UpdatedReplicas++ },
		"currentRevision":          func(s *Status) { s.CurrentRevision = "x" },
		"updateRevision":           func(s *Status) { s.UpdateRevision = "x" },
	} {
		if !sync(mut) {
			t.Errorf("a stored status differing in %s must be rewritten", field)
		}
	}
	for field, mut := range map[string]func(*Status){
		"collisionCount":            func(s *Status) { *s.CollisionCount = 5 },
		"observedGeneration higher": func(s *Status) { s.ObservedGeneration++ },
		"conditions (carried over)": func(s *Status) { s.Conditions = []Condition{{Type: "X", Status: "True"}} },
	} {
		if sync(mut) {
			t.Errorf("a stored status differing only in %s must not be rewritten", field)
		}
	}
}

// §4.4 "Promotion (completeUpdate, at status write time): if updatedReplicas
// == readyReplicas == replicas == spec.replicas then currentRevision :=
// updateRevision and currentReplicas := updatedReplicas. Ready (not
// available) is what counts."
// upstream: stateful_set_utils.go completeUpdate
func TestStatusCompleteUpdatePromotion(t *testing.T) {
	for _, c := range []struct {
		name    string
		opts    []setOpt
		pods    func(f fixture, r2 string) []*api.Pod
		promote bool
	}{
		{"all pods updated and ready: the update revision becomes current", nil,
			func(f fixture, r2 string) []*api.Pod {
				return []*api.Pod{podAt(f.set, r2, 0), podAt(f.set, r2, 1), podAt(f.set, r2, 2)}
			}, true},
		{"ready but not yet available still promotes", []setOpt{minReady(60)},
			func(f fixture, r2 string) []*api.Pod {
				s := readySince(testNow - time.Second)
				return []*api.Pod{podAt(f.set, r2, 0, s), podAt(f.set, r2, 1, s), podAt(f.set, r2, 2, s)}
			}, true},
		{"OnDelete promotes too (1.37)", []setOpt{onDelete()},
			func(f fixture, r2 string) []*api.Pod {
				return []*api.Pod{podAt(f.set, r2, 0), podAt(f.set, r2, 1), podAt(f.set, r2, 2)}
			}, true},
		{"an unready updated pod prevents promotion", []setOpt{parallel()},
			func(f fixture, r2 string) []*api.Pod {
				return []*api.Pod{podAt(f.set, r2, 0), podAt(f.set, r2, 1), podAt(f.set, r2, 2, notReady())}
			}, false},
		{"a pod left below the partition prevents promotion", []setOpt{partitionAt(1)},
			func(f fixture, r2 string) []*api.Pod {
				return []*api.Pod{f.pod(0), podAt(f.set, r2, 1), podAt(f.set, r2, 2)}
			}, false},
		{"during scale down (replicas > spec.replicas) there is no promotion", nil,
			func(f fixture, r2 string) []*api.Pod {
				return []*api.Pod{podAt(f.set, r2, 0), podAt(f.set, r2, 1), podAt(f.set, r2, 2), podAt(f.set, r2, 3)}
			}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			f, rev2 := twoRevisions(3, c.opts...)
			p := Reconcile(observe(f.set, f.revs, c.pods(f, rev2.Name)...))
			promoted := p.Status.CurrentRevision == rev2.Name
			if promoted != c.promote {
				t.Fatalf("promoted = %v, want %v\n%s", promoted, c.promote, dump(p))
			}
			if promoted && p.Status.CurrentReplicas != p.Status.UpdatedReplicas {
				t.Errorf("currentReplicas %d, want updatedReplicas %d", p.Status.CurrentReplicas, p.Status.UpdatedReplicas)
			}
		})
	}
}

// §5.1 "each pod deleted by the rolling-update step decrements
// currentReplicas in that sync's status".
// upstream: stateful_set_control.go updateStatefulSet (status.CurrentReplicas--),
// updateStatefulSetAfterInvariantEstablished
func TestStatusCurrentReplicasDecrementOnRollingUpdateDelete(t *testing.T) {
	for _, c := range []struct {
		name    string
		opts    []setOpt
		gates   Gates
		deleted []string
	}{
		{"MaxUnavailableStatefulSet off: the highest outdated pod", nil, Gates{}, []string{"delete pod web-2"}},
		{"MaxUnavailableStatefulSet on, maxUnavailable 1", nil, DefaultGates(), []string{"delete pod web-2"}},
		{"MaxUnavailableStatefulSet on, Parallel, maxUnavailable 2", []setOpt{parallel(), maxUnavailable(2)}, DefaultGates(),
			[]string{"delete pod web-2", "delete pod web-1"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			f, _ := twoRevisions(3, c.opts...)
			o := observe(f.set, f.revs, f.pod(0), f.pod(1), f.pod(2))
			o.Gates = c.gates
			p := Reconcile(o)
			if d := cmp.Diff(c.deleted, writes(p)); d != "" {
				t.Fatalf("writes (-want +got):\n%s", d)
			}
			for _, a := range p.Actions {
				if a.Verb == DeletePod && !a.DecrementsCurrent {
					t.Errorf("%s: a rolling-update delete must decrement currentReplicas", a.Pod.Name)
				}
			}
			if want := int32(3 - len(c.deleted)); p.Status.CurrentReplicas != want || p.Status.UpdatedReplicas != 0 {
				t.Errorf("current %d updated %d, want %d and 0", p.Status.CurrentReplicas, p.Status.UpdatedReplicas, want)
			}
		})
	}
}

// §5.1 "availableReplicas: counted only among readyReplicas, and available
// per minReadySeconds"; §2.1 requeue at the earliest time a ready pod becomes
// available.
// upstream: stateful_set.go syncStatefulSet (FindMinNextPodAvailabilityCheck)
func TestStatusAvailableVersusReadyAndWake(t *testing.T) {
	f := fix(3, minReady(60), parallel())
	p := Reconcile(observe(f.set, f.revs,
		f.pod(0), f.pod(1, readySince(testNow-10*time.Second)), f.pod(2, readySince(testNow-30*time.Second))))
	if p.Status.ReadyReplicas != 3 || p.Status.AvailableReplicas != 1 {
		t.Errorf("ready %d available %d, want 3 and 1", p.Status.ReadyReplicas, p.Status.AvailableReplicas)
	}
	if want := testNow + 30*time.Second; p.Wake != want {
		t.Errorf("wake %v, want %v (the earliest pod to become available)", p.Wake, want)
	}
	f = fix(2, parallel())
	p = Reconcile(observe(f.set, f.revs, f.pod(0), f.pod(1, readySince(testNow-time.Second))))
	if p.Wake != 0 || p.Status.AvailableReplicas != 2 {
		t.Errorf("minReadySeconds 0: wake %v available %d, want 0 and 2", p.Wake, p.Status.AvailableReplicas)
	}
}

// §2.2 step 9 "If the set has a deletionTimestamp: return status only — no
// creates/deletes".
// upstream: stateful_set_control.go updateStatefulSet (set.DeletionTimestamp != nil)
func TestSetBeingDeletedMakesNoPodWrites(t *testing.T) {
	for _, opt := range []setOpt{func(*StatefulSet) {}, parallel()} {
		f := fix(3, deleting(), claimTemplates("data"), opt)
		pods := []*api.Pod{f.pod(0, phase(api.PodFailed), notReady()), f.pod(2, dropLabel(PodNameLabel)), f.pod(5)}
		image("nginx:2")(f.set)
		p := Reconcile(observe(f.set, f.revs, pods...))
		if w := writes(p); len(w) != 0 {
			t.Errorf("%s: pod or claim writes %v for a set being deleted", f.set.Spec.PodManagementPolicy, w)
		}
		if p.Status.Replicas != 3 || !strings.Contains(p.Wait, "being deleted") {
			t.Errorf("status replicas %d wait %q", p.Status.Replicas, p.Wait)
		}
	}
}

// ---- §4.2, §4.3 rolling update ----

func TestRollingUpdate(t *testing.T) {
	for _, c := range []struct {
		name     string
		replicas int32
		opts     []setOpt
		gates    Gates
		pods     func(f fixture, r2 string) []*api.Pod
		want     []string
	}{{
		// upstream: stateful_set_control.go updateStatefulSet (gate off loop)
		name: "gate off: the highest outdated pod is deleted, one per sync", gates: Gates{}, replicas: 3,
		pods: func(f fixture, r2 string) []*api.Pod { return []*api.Pod{f.pod(0), f.pod(1), f.pod(2)} },
		want: []string{"delete pod web-2"},
	}, {
		// upstream: stateful_set_control.go updateStatefulSet (isUnavailable → return)
		name: "gate off, Parallel: an unavailable updated pod above the target stops the update", gates: Gates{}, replicas: 3,
		opts: []setOpt{parallel()},
		pods: func(f fixture, r2 string) []*api.Pod {
			return []*api.Pod{f.pod(0), f.pod(1), podAt(f.set, r2, 2, notReady())}
		},
		want: nil,
	}, {
		// upstream: stateful_set_control.go updateStatefulSet (outdated checked before availability)
		name: "gate off, Parallel: an outdated unhealthy pod is deleted", gates: Gates{}, replicas: 3,
		opts: []setOpt{parallel()},
		pods: func(f fixture, r2 string) []*api.Pod {
			return []*api.Pod{f.pod(0), f.pod(1), f.pod(2, notReady())}
		},
		want: []string{"delete pod web-2"},
	}, {
		// upstream: stateful_set_control_test.go TestStatefulSetControlRollingUpdateWithMaxUnavailable
		name: "gate on, OrderedReady: 6 replicas, partition 3, maxUnavailable 2 delete pods 5 and 4 together", gates: DefaultGates(), replicas: 6,
		opts: []setOpt{partitionAt(3), maxUnavailable(2)},
		pods: func(f fixture, r2 string) []*api.Pod {
			return []*api.Pod{f.pod(0), f.pod(1), f.pod(2), f.pod(3), f.pod(4), f.pod(5)}
		},
		want: []string{"delete pod web-5", "delete pod web-4"},
	}, {
		// upstream: stateful_set_control_test.go TestStatefulSetControlRollingUpdateWithMaxUnavailableAndUnavailableStalePod
		name: "gate on, Parallel: pod 4 terminating and pod 3 unready, maxUnavailable 3: delete 3 (phase 1) and 2 (phase 2)", gates: DefaultGates(), replicas: 5,
		opts: []setOpt{parallel(), maxUnavailable(3)},
		pods: func(f fixture, r2 string) []*api.Pod {
			return []*api.Pod{f.pod(0), f.pod(1), f.pod(2), f.pod(3, notReady()), f.pod(4, terminating())}
		},
		want: []string{"delete pod web-3", "delete pod web-2"},
	}, {
		// upstream: updateStatefulSetAfterInvariantEstablished phase 1 (!isRunningAndAvailable is IsPodAvailable: phase not checked)
		name: "gate on, Parallel: phase 1 spares an outdated pod that is Ready, whatever its phase", gates: DefaultGates(), replicas: 2,
		opts: []setOpt{parallel()},
		pods: func(f fixture, r2 string) []*api.Pod {
			return []*api.Pod{f.pod(0, phase(api.PodPending)), f.pod(1, notReady())}
		},
		want: []string{"delete pod web-1"},
	}, {
		// upstream: stateful_set_control.go updateStatefulSet (OnDelete short circuit)
		name: "OnDelete never deletes for an update", gates: DefaultGates(), replicas: 2,
		opts: []setOpt{onDelete()},
		pods: func(f fixture, r2 string) []*api.Pod { return []*api.Pod{f.pod(0), f.pod(1)} },
		want: nil,
	}} {
		t.Run(c.name, func(t *testing.T) {
			f, rev2 := twoRevisions(c.replicas, c.opts...)
			o := observe(f.set, f.revs, c.pods(f, rev2.Name)...)
			o.Gates = c.gates
			p := Reconcile(o)
			if d := cmp.Diff(c.want, writes(p)); d != "" {
				t.Fatalf("writes (-want +got):\n%s\n%s", d, dump(p))
			}
		})
	}
}

// upstream: updateStatefulSetAfterInvariantEstablished returns at the first
// failed delete, so each update delete is its own batch in both policies.
func TestRollingUpdateDeletesAreSequential(t *testing.T) {
	f, _ := twoRevisions(3, parallel(), maxUnavailable(3))
	p := Reconcile(observe(f.set, f.revs, f.pod(0), f.pod(1), f.pod(2)))
	if d := cmp.Diff([]int{0, 1, 2}, relBatches(t, p, DeletePod, "web-2", "web-1", "web-0")); d != "" {
		t.Errorf("batches (-want +got):\n%s\n%s", d, dump(p))
	}
}

// ---- the index ----

// indexWorld is the state of the index property test: the set as it is now,
// the pods that exist (the model), and the incrementally maintained index.
type indexWorld struct {
	set    *StatefulSet
	revs   []*ControllerRevision
	names  []string // revision labels pods may carry
	claims claimMap
	pods   map[int32]*api.Pod
	incr   *Index
	now    time.Duration
	gates  Gates
	// written are pod versions whose facts were taken when they were
	// written, on their way to the index (as sim's watch delivers them)
	written []writtenPod
}

type writtenPod struct {
	p *api.Pod
	f PodFacts
}

// drawSpec redraws the mutable parts of the spec; the name, namespace and
// claim templates of a set are immutable, as the Index assumes. The
// generation is bumped on every change, as the API server does (the index
// memoises the template encoding per generation).
func (w *indexWorld) drawSpec(t *rapid.T) {
	s := *w.set
	s.Spec.Replicas = new(rapid.Int32Range(0, 12).Draw(t, "replicas"))
	s.Spec.Ordinals = nil
	if start := rapid.SampledFrom([]int32{0, 0, 1, 3, 62, 64, 70}).Draw(t, "start"); start > 0 {
		s.Spec.Ordinals = &Ordinals{Start: start}
	}
	s.Spec.PodManagementPolicy = rapid.SampledFrom([]string{OrderedReady, Parallel}).Draw(t, "policy")
	s.Spec.MinReadySeconds = rapid.SampledFrom([]int32{0, 10, 30}).Draw(t, "minReadySeconds")
	switch rapid.IntRange(0, 3).Draw(t, "strategy") {
	case 0:
		s.Spec.UpdateStrategy = UpdateStrategy{Type: OnDelete}
	case 1:
		s.Spec.UpdateStrategy = UpdateStrategy{Type: RollingUpdate}
	default:
		s.Spec.UpdateStrategy = UpdateStrategy{Type: RollingUpdate, RollingUpdate: &RollingUpdateOptions{
			Partition:      new(rapid.Int32Range(0, 4).Draw(t, "partition")),
			MaxUnavailable: &IntOrString{Int: rapid.Int32Range(1, 3).Draw(t, "maxUnavailable")},
		}}
	}
	s.Spec.RevisionHistoryLimit = new(rapid.Int32Range(-1, 2).Draw(t, "historyLimit"))
	s.Spec.PersistentVolumeClaimRetentionPolicy = &RetentionPolicy{
		WhenScaled:  rapid.SampledFrom([]string{Retain, Delete}).Draw(t, "whenScaled"),
		WhenDeleted: rapid.SampledFrom([]string{Retain, Delete}).Draw(t, "whenDeleted"),
	}
	image("nginx:" + rapid.SampledFrom([]string{"1", "2"}).Draw(t, "image"))(&s)
	s.Status.CurrentReplicas = rapid.Int32Range(0, 5).Draw(t, "status.currentReplicas")
	s.DeletionTimestamp = nil
	if rapid.IntRange(0, 9).Draw(t, "deleting") == 0 {
		deleting()(&s)
	}
	s.Generation++
	w.set = &s
	w.gates = Gates{MaxUnavailableStatefulSet: rapid.Bool().Draw(t, "gate")}
}

// drawPod draws a pod in any state the controller may observe.
func (w *indexWorld) drawPod(t *rapid.T) *api.Pod {
	ord := rapid.OneOf(rapid.Int32Range(0, 14), rapid.Int32Range(60, 80)).Draw(t, "ordinal")
	rev := rapid.SampledFrom(w.names).Draw(t, "revision")
	var opts []podOpt
	opts = append(opts, phase(rapid.SampledFrom([]api.PodPhase{
		api.PodPending, api.PodRunning, api.PodRunning, api.PodRunning, api.PodRunning, api.PodSucceeded, api.PodFailed,
	}).Draw(t, "phase")))
	if rapid.IntRange(0, 3).Draw(t, "ready") == 0 {
		opts = append(opts, notReady())
	} else {
		since := time.Duration(rapid.IntRange(0, 40).Draw(t, "readyFor")) * time.Second
		opts = append(opts, readySince(w.now-since))
	}
	if rapid.IntRange(0, 7).Draw(t, "terminating") == 0 {
		opts = append(opts, terminating())
	}
	if rapid.IntRange(0, 11).Draw(t, "identityBroken") == 0 {
		opts = append(opts, dropLabel(PodNameLabel))
	}
	if rapid.IntRange(0, 11).Draw(t, "storageBroken") == 0 {
		opts = append(opts, noVolumes())
	}
	return podAt(w.set, rev, ord, opts...)
}

func (w *indexWorld) podList() []*api.Pod {
	var out []*api.Pod
	for _, p := range w.pods {
		out = append(out, p)
	}
	slices.SortFunc(out, func(a, b *api.Pod) int { return strings.Compare(a.Name, b.Name) })
	return out
}

func (w *indexWorld) observe(x *Index) Observed {
	return Observed{Set: w.set, Pods: x, Revisions: w.revs, Claims: w.claims, Now: w.now, Gates: w.gates}
}

// check compares a sync on the incremental index with a sync on an index
// built afresh from the pods that exist.
func (w *indexWorld) check(t *rapid.T) {
	pods := w.podList()
	fresh := IndexOf(w.set, pods...)
	if d := cmp.Diff(fresh.Pods(), w.incr.Pods()); d != "" || w.incr.Len() != len(pods) {
		t.Fatalf("index holds other pods (-fresh +incremental):\n%s", d)
	}
	want := Reconcile(w.observe(fresh))
	got := Reconcile(w.observe(w.incr))
	if d := cmp.Diff(want, got); d != "" {
		t.Fatalf("t=%v: plan on the incremental index differs (-fresh +incremental):\n%s\nfresh plan:\n%s", w.now, d, dump(want))
	}
}

// The Index's bit sets, counters, cursor and availability cache, maintained
// one Put or Remove at a time across syncs at advancing instants, give the
// same Plan as an index built from scratch from the pods that exist.
// upstream: stateful_set_control.go updateStatefulSet recomputes everything
// from the pod list each sync; the index must be indistinguishable from that.
func TestIndexIncrementalMatchesFresh(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		var tmplOpts []setOpt
		if rapid.Bool().Draw(t, "claimTemplates") {
			tmplOpts = append(tmplOpts, claimTemplates("data"))
		}
		rev1 := revisionOf(newSet("web", 1, tmplOpts...), 1)
		rev2 := revisionOf(newSet("web", 1, append(tmplOpts, image("nginx:2"))...), 2)
		w := &indexWorld{
			set:    newSet("web", 3, append(tmplOpts, currentRevision(rev1.Name, 0))...),
			revs:   []*ControllerRevision{rev1, rev2},
			names:  []string{rev1.Name, rev2.Name, "web-stale", ""},
			claims: claimMap{},
			pods:   map[int32]*api.Pod{},
			now:    testNow,
		}
		w.drawSpec(t)
		for k := range int32(12) {
			switch rapid.IntRange(0, 3).Draw(t, "claim") {
			case 1:
				w.claims[ClaimName("data", "web", k)] = claims(ClaimName("data", "web", k))[ClaimName("data", "web", k)]
			case 2:
				w.claims[ClaimName("data", "web", k)] = terminatingClaims(ClaimName("data", "web", k))[ClaimName("data", "web", k)]
			}
		}
		w.incr = NewIndex(w.set)
		t.Repeat(map[string]func(*rapid.T){
			"put": func(t *rapid.T) {
				p := w.drawPod(t)
				_, ord := ParseName(p.Name)
				w.pods[ord] = p
				w.incr.Put(p)
			},
			"remove": func(t *rapid.T) {
				if len(w.pods) == 0 {
					t.Skip("no pods")
				}
				p := rapid.SampledFrom(w.podList()).Draw(t, "pod")
				_, ord := ParseName(p.Name)
				delete(w.pods, ord)
				w.incr.Remove(p.Name)
			},
			"removeByName": func(t *rapid.T) {
				// any name: held, absent, padded ("web-07") or foreign
				ord := rapid.Int32Range(0, 90).Draw(t, "ordinal")
				name := rapid.SampledFrom([]string{PodName("web", ord), "web-0" + itoa(int64(ord)), "db-" + itoa(int64(ord)), "web"}).Draw(t, "name")
				if p := w.pods[ord]; p != nil && p.Name == name {
					delete(w.pods, ord)
				}
				w.incr.Remove(name)
			},
			"fill": func(t *rapid.T) {
				// healthy pods over a prefix of the range, so that syncs
				// move the cursor and later puts must move it back
				n := rapid.Int32Range(0, w.set.replicas()).Draw(t, "n")
				for ord := w.set.startOrdinal(); ord < w.set.startOrdinal()+n; ord++ {
					p := podAt(w.set, w.names[0], ord, readySince(w.now-time.Hour))
					w.pods[ord] = p
					w.incr.Put(p)
				}
			},
			// a write whose facts are taken now and put later (PutFacts):
			// a new pod, or a new version of a held one that keeps its
			// labels map (a status change), whose label facts the index
			// then reuses
			"write": func(t *rapid.T) {
				p := w.drawPod(t)
				if held := w.podList(); len(held) > 0 && rapid.Bool().Draw(t, "update") {
					q := *rapid.SampledFrom(held).Draw(t, "held")
					phase(rapid.SampledFrom([]api.PodPhase{api.PodPending, api.PodRunning, api.PodFailed}).Draw(t, "newPhase"))(&q)
					if rapid.Bool().Draw(t, "newReady") {
						readySince(w.now)(&q)
					} else {
						notReady()(&q)
					}
					p = &q
				}
				f := w.incr.Facts(p)
				if rapid.Bool().Draw(t, "labelsNow") {
					w.incr.ReadLabels(p, &f)
				}
				w.written = append(w.written, writtenPod{p, f})
			},
			"deliver": func(t *rapid.T) {
				if len(w.written) == 0 {
					t.Skip("nothing written")
				}
				d := w.written[0]
				w.written = w.written[1:]
				w.incr.ReadLabels(d.p, &d.f)
				_, ord := ParseName(d.p.Name)
				w.pods[ord] = d.p
				w.incr.PutFacts(d.p, d.f)
			},
			"respec": w.drawSpec,
			"tick": func(t *rapid.T) {
				w.now += time.Duration(rapid.IntRange(0, 20).Draw(t, "seconds")) * time.Second
			},
			"sync": func(t *rapid.T) { Reconcile(w.observe(w.incr)) },
			"":     w.check,
		})
	})
}

// §6.3 "Defaults: whenDeleted: Retain, whenScaled: Retain (also assumed by
// the controller if the field is nil)".
// upstream: stateful_set_utils.go getPersistentVolumeClaimRetentionPolicy
func TestRetentionPolicyDefaultsToRetain(t *testing.T) {
	for _, c := range []struct {
		policy *RetentionPolicy
		want   RetentionPolicy
	}{
		{nil, RetentionPolicy{WhenDeleted: Retain, WhenScaled: Retain}},
		{&RetentionPolicy{WhenDeleted: Delete, WhenScaled: Retain}, RetentionPolicy{WhenDeleted: Delete, WhenScaled: Retain}},
		{&RetentionPolicy{WhenDeleted: Retain, WhenScaled: Delete}, RetentionPolicy{WhenDeleted: Retain, WhenScaled: Delete}},
		{&RetentionPolicy{WhenDeleted: Delete, WhenScaled: Delete}, RetentionPolicy{WhenDeleted: Delete, WhenScaled: Delete}},
	} {
		set := newSet("web", 1)
		set.Spec.PersistentVolumeClaimRetentionPolicy = c.policy
		if got := set.retention(); got != c.want {
			t.Errorf("retention(%+v) = %+v, want %+v", c.policy, got, c.want)
		}
	}
}
