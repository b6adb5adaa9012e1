package simtest

import (
	"fmt"
	"slices"

	"github.com/stsim/stsim/sim"
	"github.com/stsim/stsim/sim/invariants"
)

// When says when an invariant is checked.
type When uint8

// The times at which invariants are checked.
const (
	// EveryEvent checks after every trace event (the default). The sync
	// checks of package invariants also run after every controller sync.
	EveryEvent When = iota
	// EveryStep checks after every operation of the scenario, and after
	// the initial apply.
	EveryStep
	// OnceStable checks after every operation that leaves the cluster
	// stable (nothing pending; see sim.Cluster.Stable).
	OnceStable
)

// Invariant is a named guarantee with a citation of where it comes from.
// A user writes their own with Check (or New, when the check must remember
// what it saw), and adds it to Options.Invariants.
type Invariant struct {
	// Name identifies the invariant in failures and in Select.
	Name string
	// Cite says which guarantee it checks and where it is written down.
	Cite string
	// When says when it is checked.
	When When
	// Check returns an error when the invariant does not hold.
	Check func(*sim.Cluster) error
	// New, used instead of Check when set, returns a fresh check for one
	// run: for invariants with memory (a claim's first volume, a
	// high-water mark), which must not leak from one case to the next.
	New func() func(*sim.Cluster) error

	builtin bool // checked by package invariants' Checker
}

// Builtin returns the invariants of package invariants. Its Checker runs
// them: the state checks after every event, the sync checks after every
// controller sync. Their Check is nil; select them by name.
func Builtin() []Invariant {
	out := make([]Invariant, len(builtins))
	for i, b := range builtins {
		out[i] = Invariant{Name: b[0], Cite: b[1], builtin: true}
	}
	return out
}

// builtins are package invariants' names with the guarantee each checks.
var builtins = [][2]string{
	{invariants.OnePodPerIdentity, "never two pods for one ordinal (statefulset.md §2.5; upstream updateStatefulSet)"},
	{invariants.OrderedCreate, "OrderedReady creates k only when every lower pod is Running, Ready and Available (§8.6; processReplica)"},
	{invariants.OrderedScaleDown, "OrderedReady scale-down deletes the highest condemned ordinal first (§3, §8.6; processCondemned)"},
	{invariants.StatusBounds, "status counts within bounds, observedGeneration never decreases (§5.1; ValidateStatefulSetStatus)"},
	{invariants.Identity, "every owned pod has its identity and claim volumes (§8.1; identityMatches, storageMatches)"},
	{invariants.ReadinessPrefix, "OrderedReady readiness is a prefix of the ordinals (§8.1; assertMonotonicInvariants)"},
	{invariants.PartitionRespected, "rolling-update deletes never go below the partition (§4.2, §4.3; updateStatefulSet)"},
	{invariants.UpdateBudget, "rolling-update deletes respect maxUnavailable (§4.2, §4.3; updateStatefulSetAfterInvariantEstablished)"},
	{invariants.RevisionOrder, "current-revision pods form a prefix, updated pods a suffix (§8.3; assertUpdateInvariants)"},
	{invariants.RolloutComplete, "a finished rollout promotes the update revision (§4.4; completeUpdate)"},
	{invariants.NewPodRevision, "a new pod gets the revision §4.1 gives it (newVersionedStatefulSetPod)"},
	{invariants.RevisionReuse, "an existing template never makes a new revision (§4.4; getStatefulSetRevisions)"},
	{invariants.HistoryLimit, "at most revisionHistoryLimit dead revisions are kept (§4.5; truncateHistory)"},
}

// Default returns every invariant the kit knows: Builtin, then the kit's
// own (ClaimStickiness, NoDataLoss, DNSRecords).
func Default() []Invariant {
	return append(Builtin(), ClaimStickiness(), NoDataLoss(), DNSRecords())
}

// Select returns the invariants of Default with the given names, in
// Default's order. It panics on an unknown name, which is a typo in a
// test.
func Select(names ...string) []Invariant {
	var out []Invariant
	for _, inv := range Default() {
		if slices.Contains(names, inv.Name) {
			out = append(out, inv)
		}
	}
	if len(out) != len(names) {
		panic(fmt.Sprintf("simtest: Select(%q): unknown or repeated invariant name", names))
	}
	return out
}

// Without returns invs without the named ones.
func Without(invs []Invariant, names ...string) []Invariant {
	return slices.DeleteFunc(slices.Clone(invs), func(i Invariant) bool { return slices.Contains(names, i.Name) })
}

// fresh returns the check function for one run.
func (inv Invariant) fresh() func(*sim.Cluster) error {
	if inv.New != nil {
		return inv.New()
	}
	return inv.Check
}
