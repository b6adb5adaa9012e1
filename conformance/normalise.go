package conformance

import (
	"maps"
	"os"
	"slices"
	"strconv"
	"strings"

	corev1 "k8s.io/api/core/v1"
	apiequality "k8s.io/apimachinery/pkg/api/equality"
	k8stesting "k8s.io/client-go/testing"

	"github.com/stsim/stsim/api"
	"github.com/stsim/stsim/sts"
)

// Known, documented differences between stsim and the real controller, and
// the nondeterminism of the real one, are normalised away here and only
// here. Everything else that either side writes is compared.
//
//   - Revision names. stsim hashes its own encoding of the template, so its
//     revision names (and the controller-revision-hash label of its pods,
//     and status.currentRevision/updateRevision) differ from upstream's for
//     the same template. upstreamRevisionNames maps each revision upstream
//     creates to stsim's revision with the same content (canon.go), and the
//     revisions both sides already share keep stsim's names. The
//     controller.kubernetes.io/hash label of a revision is not compared.
//   - Revision content is compared through that mapping only: a created
//     revision whose template differs has no stsim name and shows up as a
//     difference.
//   - Wait reasons (sts.Plan.Wait) and the trace's reasons are stsim's own
//     and have no upstream counterpart; they are not compared.
//   - Event texts. The events that only report a write (SuccessfulCreate,
//     FailedDelete, …) are implied by the writes, which are compared; only
//     the ConflictingController warning, which reports no write, is
//     compared, by reason and claim name, not by text.
//   - Parallel bursts. Upstream issues each slowStartBatch burst from
//     goroutines, so the order of its writes within a sync is not
//     deterministic: in Parallel the pod and claim writes are compared as a
//     multiset.
//   - Claims of one pod. upstream's createPersistentVolumeClaims ranges
//     over a map (getPersistentVolumeClaims), so a pod's claims are created
//     in random order: a run of consecutive claim writes is compared as a
//     multiset.
//   - Timestamps are not compared; in the state both sides see they are
//     the same instants (convert.go exact).
//
// The known stsim bugs the harness found are normalised too, each where it
// is explained below (knownBugs, deleteNotFound, dedupeClaimUpdates, and
// the two hooks of convert.go that this file explains, addOrphanRevisions
// and addAdoptedPods); CONFORMANCE_STRICT turns them off (strict).
func (w *Writes) canonical(parallel bool) {
	w.dedupeClaimUpdates()
	if parallel {
		slices.Sort(w.Pods)
	} else {
		sortRuns(w.Pods, func(l string) bool {
			return strings.HasPrefix(l, "create claim ") || strings.HasPrefix(l, "update claim ")
		})
	}
	slices.Sort(w.Events)
}

// sortRuns sorts each run of consecutive lines that in reports true for.
func sortRuns(lines []string, in func(string) bool) {
	for i := 0; i < len(lines); {
		if !in(lines[i]) {
			i++
			continue
		}
		j := i
		for j < len(lines) && in(lines[j]) {
			j++
		}
		slices.Sort(lines[i:j])
		i = j
	}
}

// eventLine keeps the events that report no write, in the form stsim's
// WarnClaim actions are rendered to.
func eventLine(e string) (string, bool) {
	const conflicting = "Warning ConflictingController PersistentVolumeClaim "
	if rest, ok := strings.CutPrefix(e, conflicting); ok {
		claim, _, _ := strings.Cut(rest, " ")
		return "Warning ConflictingController " + claim, true
	}
	return "", false
}

// strict reports whether the normalisation of known stsim bug n is off:
// CONFORMANCE_STRICT=all turns them all off, CONFORMANCE_STRICT=2,7 those
// two. Each known bug is a difference stsim should not have, reported to be
// fixed; delete its normalisation with the fix.
func strict(n int) bool {
	v := os.Getenv("CONFORMANCE_STRICT")
	return v == "all" || slices.Contains(strings.Split(v, ","), strconv.Itoa(n))
}

// deleteNotFound reports whether a is a pod delete that stsim's API server
// answered NotFound, unless strict.
//
// Known stsim bug 2: sim's apply (sim/apply.go, controller.deletePod)
// counts a pod delete answered NotFound (the pod was already gone, the
// controller's cache not yet) as a failed write: it ends the sync's later
// batches and undoes the currentReplicas decrement of a rolling-update
// delete. Upstream's DeleteStatefulPod counts NotFound as success ("the end
// result is the same: the pod is deleted"), so the sync goes on (in
// Parallel the update step then deletes the same pod again) and the status
// counts the delete. The normalisation replays apply as if NotFound were
// success. Random mode finds it (a Failed pod deleted by a scale-down
// before a scale-up, Parallel, gate off): random/bug2-delete-notfound.
func deleteNotFound(a sts.Action, e *api.StatusError) bool {
	return !strict(2) && a.Verb == sts.DeletePod && e.Reason == api.ReasonNotFound
}

// Known stsim bug 4: orphaned ControllerRevisions. stsim's controller
// lists only the revisions it owns (sim: ownedRevisions). Upstream adopts
// the orphans that match the selector (sync: adoptOrphanRevisions) and
// lists them with its own (history.ListControllerRevisions takes those with
// no controller too), so a set re-created after `delete --cascade=orphan`
// reuses, or rolls back to, its old revisions (revision numbers continue,
// the history limit counts them), where stsim creates a new revision 1 and,
// under the same name, overwrites the orphan (sim's API server answers no
// AlreadyExists for revisions). With bug 4 strict the orphans are given to
// upstream (convert.go addOrphanRevisions); otherwise they are not.
// Scripts: orphan-revisions, set-deletion-*.
//
// Known stsim bug 5: adopted pods join the sync late. Upstream's
// ClaimPods returns the orphans it adopts with the pods it already owned,
// for the same sync. stsim's controller patches the owner reference in
// claimPods but its pod index only gets the pod with the watch event, so
// the first sync after a set is (re)created over orphaned pods does not see
// them and tries to create them: "pods \"web-0\" already exists", a
// FailedCreate event and a retry with back-off. With bug 5 strict the adopted
// pods are given to upstream (addAdoptedPods); otherwise they are not.
// Scripts: orphan-pod-adoption, orphan-revisions, pod-relabel,
// set-deletion-*.

// Known stsim bug 7 (a status write that changed nothing after the
// adjustment for rolling-update deletes that were not made) is fixed: sim's
// apply now decides with sts.StatusChanged on the final status, as upstream
// does with inconsistentStatus. Bug 2 (a pod delete answered NotFound
// counted as a failure) is fixed too: sim's controller counts it as done, as
// upstream's DeleteStatefulPod does; deleteNotFound stays as a guard.
//
// Known stsim bug 6 (claims updated after a pod create answered
// AlreadyExists) is fixed: the writes of one pod are a chain that a failed
// write ends as upstream's calls return (sts.Plan.Apply, which sim's apply
// and attempted follow), and CreateStatefulPod returns at once on
// AlreadyExists, before UpdatePodClaimForRetentionPolicy.
//
// Known stsim bug 8 (a claim fix that was planned and not made was not
// tried again) is fixed: a pod stays on the work list of its index
// (sts/retention.go, claimCheck) until a sync finds its claims matching the
// policy, so the next sync that reaches it plans the fix again, as upstream
// checks every visited pod's claims at every sync.

// knownBugs removes from upstream's writes the no-op pod updates stsim is
// known to omit (bugs 1 and 3).
func knownBugs(u *Upstream, st *State) {
	// Known stsim bug 1: a no-op pod update after a claim owner-reference
	// fix. Upstream's processReplica calls UpdateStatefulPod when only
	// ClaimsMatchRetentionPolicy is false (identity and storage match), and
	// UpdateStatefulPod marks the pod dirty after
	// UpdatePodClaimForRetentionPolicy, so it sends a pod Update that
	// changes nothing (and records a SuccessfulUpdate event); stsim's
	// processReplica (sts/passes.go) plans only the claim updates. The API
	// server writes nothing for an identical object, so only the request
	// and the event differ. Scripts: retention-change-*,
	// retention-delete-parallel.
	//
	// Known stsim bug 3 (first half): the same no-op pod update for a pod
	// created earlier in the same Parallel sync. After CreateStatefulPod,
	// upstream's processReplica falls through (Parallel) to the retention
	// check, which reads the claims from the informer cache: when the pod's
	// claims already existed with owner references that do not match the
	// policy, the cache does not have the fix just made, so it calls
	// UpdateStatefulPod, which fixes the claims again and updates the pod.
	// stsim's createReplica returns right after the creation. Random mode
	// finds it (Parallel, whenDeleted=Delete, a claim left from an earlier
	// pod): random/bug3-create-then-claims.
	pods, created := map[string]*corev1.Pod{}, map[string]bool{}
	for _, p := range st.Pods {
		pods[p.Name] = p
	}
	u.Writes = slices.DeleteFunc(u.Writes, func(a k8stesting.Action) bool {
		if a.GetResource().Resource != "pods" || a.GetSubresource() != "" {
			return false
		}
		switch a.GetVerb() {
		case "create":
			p := a.(k8stesting.CreateAction).GetObject().(*corev1.Pod)
			pods[p.Name], created[p.Name] = p, true
		case "update":
			p := a.(k8stesting.UpdateAction).GetObject().(*corev1.Pod)
			old := pods[p.Name]
			if old == nil || created[p.Name] && strict(3) || !created[p.Name] && strict(1) {
				return false
			}
			return maps.Equal(old.Labels, p.Labels) && maps.Equal(old.Annotations, p.Annotations) &&
				apiequality.Semantic.DeepEqual(old.Spec.Volumes, p.Spec.Volumes) &&
				apiequality.Semantic.DeepEqual(old.OwnerReferences, p.OwnerReferences)
		}
		return false
	})
}

// dedupeClaimUpdates compares a sync's identical claim updates once,
// unless strict.
//
// Known stsim bug 3 (second half): upstream reads claims from its informer
// cache, which does not see its own writes within a sync, so it can fix the
// same claim's owner references twice in one sync: for a Pending pod
// (createMissingPersistentVolumeClaims, then the retention check of step
// 7), which stsim reproduces, and for a pod just created in Parallel (see
// knownBugs), which stsim does not. The second update carries the stale
// resourceVersion; the fake clientset, like stsim's API server, has no
// optimistic concurrency, so it succeeds in both (a real API server answers
// Conflict, which fails that sync; see the README).
func (w *Writes) dedupeClaimUpdates() {
	if strict(3) {
		return
	}
	seen := map[string]bool{}
	w.Pods = slices.DeleteFunc(w.Pods, func(l string) bool {
		if !strings.HasPrefix(l, "update claim ") {
			return false
		}
		dup := seen[l]
		seen[l] = true
		return dup
	})
}
