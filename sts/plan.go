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
)

var verbNames = [...]string{"", "create pod", "delete pod", "update pod", "create claim",
	"create revision", "update revision", "delete revision", "update claim", "warn claim"}

func (v Verb) String() string { return verbNames[v] }

// Action is one API write a sync wants, with the reason a person reads in the
// trace.
type Action struct {
	Verb     Verb
	Pod      *api.Pod
	Claim    *storage.PersistentVolumeClaim
	Revision *ControllerRevision
	Reason   string
	// Batch groups writes that upstream issues concurrently (slowStartBatch
	// in Parallel; every write is its own batch in OrderedReady). When a
	// write fails, the rest of its batch still runs but later batches do
	// not, as upstream stops after the first batch with an error.
	Batch int
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
