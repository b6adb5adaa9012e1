package sts

import (
	"strconv"
	"time"

	"github.com/stsim/stsim/api"
	"github.com/stsim/stsim/storage"
)

// Verb is what an Action does.
type Verb uint8

// The actions a sync can plan.
const (
	CreatePod Verb = iota + 1
	DeletePod
	UpdatePod // identity or storage repair
	CreateClaim
	CreateRevision
	UpdateRevision // a rollback bumps an older revision's number
	DeleteRevision
	UpdateClaim // owner references for the retention policy (retention.go)
	WarnClaim   // ConflictingController event about Claim, no write
	// FailPod is a pod create (Pod has no UID) or update that fails before
	// it writes anything: createPersistentVolumeClaims found a claim being
	// deleted. No write: the caller records the FailedCreate or
	// FailedUpdate event and fails the sync with the error, the Reason (one
	// message a line).
	FailPod
)

var verbNames = [...]string{"", "create pod", "delete pod", "update pod", "create claim",
	"create revision", "update revision", "delete revision", "update claim", "warn claim", "fail pod"}

func (v Verb) String() string { return verbNames[v] }

// Action is one API write a sync wants, with the reason a person reads in the
// trace.
type Action struct {
	Verb Verb
	// Pod is the pod to create, update or delete. The pod of a CreatePod
	// is a new object the plan hands over: the writer may store it as it
	// is, as an API server stores a create's body (sim's apply does), so a
	// plan's created pods show what was stored once it is applied.
	Pod      *api.Pod
	Claim    *storage.PersistentVolumeClaim
	Revision *ControllerRevision
	Reason   string
	// Batch groups writes that upstream issues concurrently (slowStartBatch
	// in Parallel; in OrderedReady every chain is its own batch). When a
	// write fails, the rest of its batch still runs, as far as its chain
	// allows, but later batches do not, as upstream stops after the first
	// batch with an error.
	Batch int
	// Chain numbers the writes upstream makes one after another for one pod
	// (one processReplica, fixPodClaim or processCondemned call, which
	// returns at its first error); 0: in no chain. Call numbers the steps
	// of a chain: the claim creates of one createPersistentVolumeClaims; a
	// pod create with the claim fix CreateStatefulPod makes after it; a
	// claim fix (UpdatePodClaimForRetentionPolicy) with the pod update
	// UpdateStatefulPod sends after it. A failed write ends its chain, at
	// once or after its step (Plan.Apply).
	Chain, Call int
	// Always marks writes made whatever happened before (history
	// truncation runs even after a failed sync).
	Always bool
	// DecrementsCurrent marks a rolling-update delete, which lowers
	// status.currentReplicas when it succeeds.
	DecrementsCurrent bool
}

// Plan is the outcome of one sync: the writes to make, in order, and the
// status to write.
type Plan struct {
	Actions []Action
	// Status is the status the controller computed (after completeUpdate).
	Status Status
	// StatusChanged reports whether Status differs from the stored status
	// in a field upstream compares (inconsistentStatus); only then is it
	// written.
	StatusChanged bool
	// Wait says why the sync stopped early, for the trace ("" if it did not).
	Wait string
	// Wake, when non-zero, is the virtual time at which a pod becomes
	// available and the set must be synced again (upstream requeues after
	// minReadySeconds).
	Wake time.Duration
}

// Apply makes the plan's writes in order with write, which makes one and
// returns the API error it met, and returns the status to compare with the
// stored one. Which writes are made after a failure follows upstream:
//
//   - A failed write ends its chain (Action.Chain): the later writes of the
//     chain are not made (processReplica and fixPodClaim return at the
//     first error; UpdatePodClaimForRetentionPolicy returns at the first
//     claim update that fails). Two writes let the rest of their step (Call)
//     run first: a claim create (createPersistentVolumeClaims tries every
//     claim and then returns their errors) and a pod create answered
//     anything but AlreadyExists (CreateStatefulPod still fixes the claims
//     for the retention policy, then returns the error; on AlreadyExists it
//     returns at once, "sink already exists errors").
//   - After a batch with a failed write, later batches are not made, except
//     the writes marked Always (slowStartBatch stops after the first batch
//     with an error; runForAll in OrderedReady at the first error).
//   - status.currentReplicas goes back up for every rolling-update delete
//     (DecrementsCurrent) that failed or was not made: upstream decrements
//     it only after a delete succeeded.
func (p *Plan) Apply(write func(Action) error) Status {
	status := p.Status
	failedBatch := -1
	chain, ended, endAfter := 0, false, 0
	for _, a := range p.Actions {
		if a.Chain != chain {
			chain, ended, endAfter = a.Chain, false, 0
		}
		if endAfter != 0 && a.Call != endAfter {
			ended = true
		}
		if failedBatch >= 0 && a.Batch > failedBatch && !a.Always || a.Chain != 0 && ended {
			if a.DecrementsCurrent {
				status.CurrentReplicas++
			}
			continue
		}
		err := write(a)
		if err == nil {
			continue
		}
		if a.DecrementsCurrent {
			status.CurrentReplicas++
		}
		if failedBatch < 0 {
			failedBatch = a.Batch
		}
		if a.Verb == CreateClaim || a.Verb == CreatePod && !api.IsAlreadyExists(err) {
			endAfter = a.Call
		} else {
			ended = true
		}
	}
	return status
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// slowStartBatch returns the batch of the i-th item of a pass: batches of
// 1, 2, 4, … 256, then 500 each (upstream: slowStartBatch, MaxBatchSize).
func slowStartBatch(i int) int {
	if i < 511 {
		b := 0
		for n := i + 1; n > 1; n >>= 1 {
			b++
		}
		return b
	}
	return 9 + (i-511)/500
}
