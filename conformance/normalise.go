package conformance

import (
	"os"
	"slices"
	"strconv"
	"strings"

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
// The known stsim bugs the harness found are all fixed
// (conformance/README.md lists them); deleteNotFound stays as a guard,
// which CONFORMANCE_STRICT turns off (strict).
func (w *Writes) canonical(parallel bool) {
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
//
// Known stsim bugs 1 and 3 are fixed: stsim plans the pod update that
// upstream's UpdateStatefulPod sends unchanged after fixing a pod's claims
// (processReplica calls it when only ClaimsMatchRetentionPolicy is false),
// and, in Parallel, the second claim fix and pod update of the retention
// check that processReplica falls through to after CreateStatefulPod (it
// reads the claims as observed, without the fix just made). A sync's
// identical claim updates are compared as they are, both sides making them
// (a real API server answers the second one Conflict; neither side models
// optimistic concurrency, see the README).
//
// Known stsim bugs 4 and 5 are fixed: sim's controller adopts the orphaned
// ControllerRevisions that match the selector and lists them with its own
// (sim/revisions.go, as upstream's adoptOrphanRevisions and
// history.ListControllerRevisions), and the pods claimPods adopts join the
// same sync's index (as upstream's ClaimPods returns them).
