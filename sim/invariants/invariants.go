// Package invariants holds the guarantees of the StatefulSet controller as
// named checks, written once and used everywhere: by the property tests, by
// the script `check` command and by the property-testing kit.
//
// Two kinds of check exist. State checks look at the cluster as it is (run
// them after every event). Sync checks look at what one controller sync
// observed and planned (install Checker.ObserveSync as sim.Config.OnSync):
// the controller acts on its cache, so ordering guarantees are judged against
// what it saw, exactly as upstream's own tests judge them.
package invariants

import (
	"bytes"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/stsim/stsim/api"
	"github.com/stsim/stsim/sim"
	"github.com/stsim/stsim/sts"
)

// Violation is one broken invariant.
type Violation struct {
	Invariant string
	T         time.Duration
	Message   string
}

func (v Violation) String() string {
	return fmt.Sprintf("%s at t=%.3fs: %s", v.Invariant, v.T.Seconds(), v.Message)
}

// Invariant names. Each cites the guarantee it checks.
const (
	// OnePodPerIdentity: never two pod objects for one ordinal of a set,
	// and never a create for an ordinal whose previous pod still exists
	// (statefulset.md §2.5; upstream stateful_set_control.go
	// updateStatefulSet builds a placeholder only for empty slots).
	OnePodPerIdentity = "one-pod-per-identity"
	// OrderedCreate: under OrderedReady a create of ordinal k happens only
	// when every lower in-range pod is Running, Ready and Available and
	// none is terminating, one create per sync (§8.6; processReplica).
	OrderedCreate = "ordered-create"
	// OrderedScaleDown: under OrderedReady scale-down deletes the highest
	// condemned ordinal first (§3, §8.6; processCondemned). Upstream only
	// waits for the highest condemned pod: a lower one deleted by a user
	// does not block it, so "never while another condemned pod terminates"
	// (spec §8.6) holds only for the controller's own deletions.
	OrderedScaleDown = "ordered-scale-down"
	// StatusBounds: every count ≥ 0, ready ≤ replicas, available ≤ ready,
	// current and updated ≤ replicas; observedGeneration and collisionCount
	// never decrease (§5.1, §8.6; ValidateStatefulSetStatus,
	// ValidateStatefulSetStatusUpdate).
	StatusBounds = "status-bounds"
	// Identity: every pod a set owns has its identity and claim volumes
	// (§8.1 items 3 and 5; identityMatches, storageMatches).
	Identity = "identity"
	// ReadinessPrefix: under OrderedReady, with no disruption, no pod is
	// Running and Ready while its predecessor is not
	// (§8.1 item 1; assertMonotonicInvariants). Not from the start of a
	// rollout until every pod is at the update revision and Ready again:
	// the rolling update replaces lower pods while higher ones are Ready,
	// and upstream checks updates with assertUpdateInvariants instead (see
	// RevisionOrder).
	ReadinessPrefix = "readiness-prefix"

	// PartitionRespected: the controller's rolling-update deletes never
	// touch an ordinal below ordinals.start + partition, nor one outside
	// the range (§4.2, §4.3, §8.6; updateStatefulSet, where updateMin is an
	// index into the in-range replicas).
	PartitionRespected = "partition-respected"
	// UpdateBudget: with MaxUnavailableStatefulSet on, a sync's rolling-update
	// deletes never push the unavailable in-range pods above
	// max(maxUnavailable, already unavailable); with it off, a sync makes at
	// most one rolling-update delete (§4.2, §4.3;
	// updateStatefulSetAfterInvariantEstablished, updateStatefulSet).
	UpdateBudget = "update-budget"
	// RevisionOrder: under RollingUpdate, with no disruption, the live pods
	// at status.currentRevision form a prefix and those at
	// status.updateRevision a suffix of the ordinals (§8.3;
	// assertUpdateInvariants, which states it with the status counts; here
	// without them, so that a status one sync old and pods lingering while
	// they terminate, which upstream's fake never has, do not matter).
	// The controller keeps this order, it does not restore it: the check is
	// off from a rollout that starts with pods out of order (a rollback to a
	// revision some pods still run, the current one included) or during
	// which the partition is raised (pods recreated below it come back at
	// the current revision, §4.1), until the rollout completes. It is never
	// checked for Parallel with the gate on, whose first phase deliberately
	// replaces unavailable old pods wherever they are (§4.3, #137409).
	RevisionOrder = "revision-order"
	// RolloutComplete: when updated == ready == replicas == spec.replicas,
	// the status the sync writes has currentRevision = updateRevision and
	// currentReplicas = updatedReplicas (§4.4, §8.6; completeUpdate, all
	// strategies in v1.37).
	RolloutComplete = "rollout-complete"
	// NewPodRevision: a pod is created at the current revision iff
	// rollingUpdate is set and its ordinal is below start + partition, or
	// the type is RollingUpdate without a rollingUpdate block and its
	// ordinal is below start + status.currentReplicas; otherwise at the
	// update revision (§4.1; newVersionedStatefulSetPod).
	NewPodRevision = "new-pod-revision"
	// RevisionReuse: a template equal to an existing revision's never makes
	// a new revision object; the newest equal revision becomes the update
	// revision (§4.4 steps 2–3; getStatefulSetRevisions).
	RevisionReuse = "revision-reuse"
	// HistoryLimit: after a sync, at most revisionHistoryLimit revisions
	// are neither the current nor the update revision nor carried by a pod
	// (§4.5; truncateHistory). Hence at most limit + 2 when no pod carries
	// a third revision.
	HistoryLimit = "history-limit"
)

// Checker runs the invariants and remembers what monotonic checks need.
type Checker struct {
	// Disrupted disables the checks that only hold without disruption
	// (ReadinessPrefix, RevisionOrder): set it when the run kills, fails or
	// deletes pods, or flips their readiness.
	Disrupted bool
	lastGen   map[string]int64
	lastColl  map[string]int32
	rollouts  map[string]*rolloutState
	found     []Violation
}

// New returns a Checker.
func New() *Checker {
	return &Checker{lastGen: map[string]int64{}, lastColl: map[string]int32{}, rollouts: map[string]*rolloutState{}}
}

// Violations returns the sync violations seen so far and forgets them.
func (k *Checker) Violations() []Violation {
	v := k.found
	k.found = nil
	return v
}

// ObserveSync checks one controller sync; install it as sim.Config.OnSync.
func (k *Checker) ObserveSync(s sim.Sync) {
	k.found = append(k.found, CheckSync(s)...)
}

// CheckSync returns the sync-level violations of one sync.
func CheckSync(s sim.Sync) []Violation {
	var out []Violation
	set, x := s.Observed.Set, s.Observed.Pods
	start := int32(0)
	if set.Spec.Ordinals != nil {
		start = set.Spec.Ordinals.Start
	}
	end := start + *set.Spec.Replicas
	monotonic := set.Spec.PodManagementPolicy != sts.Parallel
	creates, deletes := 0, 0
	bad := func(inv, format string, args ...any) {
		out = append(out, Violation{Invariant: inv, T: s.T, Message: fmt.Sprintf(format, args...)})
	}
	for _, a := range s.Plan.Actions {
		switch a.Verb {
		case sts.CreatePod:
			creates++
			_, ord := sts.ParseName(a.Pod.Name)
			if x.Get(ord) != nil {
				bad(OnePodPerIdentity, "create %s while its previous pod object exists", a.Pod.Name)
			}
			if !monotonic {
				continue
			}
			for o := start; o < ord; o++ {
				p := x.Get(o)
				if p == nil || p.Terminating() || p.Status.Phase != api.PodRunning || !api.IsPodAvailable(p, set.Spec.MinReadySeconds, s.T) {
					bad(OrderedCreate, "create %s while %s is not Running, Ready and Available", a.Pod.Name, sts.PodName(set.Name, o))
					break
				}
			}
		case sts.DeletePod:
			deletes++
			_, ord := sts.ParseName(a.Pod.Name)
			if !monotonic || (ord >= start && ord < end) {
				continue
			}
			for _, p := range x.Pods() {
				_, o := sts.ParseName(p.Name)
				if (o < start || o >= end) && o > ord {
					bad(OrderedScaleDown, "delete %s while the higher %s is condemned", a.Pod.Name, p.Name)
					break
				}
			}
		}
	}
	if monotonic && creates > 1 {
		bad(OrderedCreate, "%d creates in one OrderedReady sync", creates)
	}
	checkUpdateSync(s, bad)
	return out
}

// Check runs the state invariants on the cluster now.
func (k *Checker) Check(c *sim.Cluster) []Violation {
	var out []Violation
	now := c.Now()
	bad := func(inv, format string, args ...any) {
		out = append(out, Violation{Invariant: inv, T: now, Message: fmt.Sprintf(format, args...)})
	}
	for _, set := range c.StatefulSets("") {
		k.checkStatus(set, bad)
		pods := owned(c, set)
		checkIdentity(set, pods, bad)
		if !k.Disrupted && set.Spec.PodManagementPolicy != sts.Parallel && !k.rollout(set).rolling(set, pods) {
			checkPrefix(pods, bad)
		}
		if !k.Disrupted && (set.Spec.PodManagementPolicy != sts.Parallel || !c.Gates().MaxUnavailableStatefulSet) {
			k.checkRevisionOrder(set, pods, bad)
		}
	}
	return out
}

func (k *Checker) checkStatus(set *sts.StatefulSet, bad func(string, string, ...any)) {
	st := set.Status
	name := set.Namespace + "/" + set.Name
	switch {
	case min(st.Replicas, st.ReadyReplicas, st.AvailableReplicas, st.CurrentReplicas, st.UpdatedReplicas) < 0:
		bad(StatusBounds, "%s: a negative count: replicas %d ready %d available %d current %d updated %d", name,
			st.Replicas, st.ReadyReplicas, st.AvailableReplicas, st.CurrentReplicas, st.UpdatedReplicas)
	case st.ReadyReplicas > st.Replicas:
		bad(StatusBounds, "%s: readyReplicas %d > replicas %d", name, st.ReadyReplicas, st.Replicas)
	case st.AvailableReplicas > st.ReadyReplicas:
		bad(StatusBounds, "%s: availableReplicas %d > readyReplicas %d", name, st.AvailableReplicas, st.ReadyReplicas)
	case st.CurrentReplicas > st.Replicas || st.UpdatedReplicas > st.Replicas:
		bad(StatusBounds, "%s: current %d or updated %d > replicas %d", name, st.CurrentReplicas, st.UpdatedReplicas, st.Replicas)
	}
	id := set.UID
	if st.ObservedGeneration < k.lastGen[id] {
		bad(StatusBounds, "%s: observedGeneration went back from %d to %d", name, k.lastGen[id], st.ObservedGeneration)
	}
	k.lastGen[id] = max(k.lastGen[id], st.ObservedGeneration)
	if st.CollisionCount != nil {
		if *st.CollisionCount < k.lastColl[id] {
			bad(StatusBounds, "%s: collisionCount went back", name)
		}
		k.lastColl[id] = max(k.lastColl[id], *st.CollisionCount)
	}
}

// owned returns the pods controlled by set, sorted by ordinal.
func owned(c *sim.Cluster, set *sts.StatefulSet) []*api.Pod {
	var pods []*api.Pod
	for _, p := range c.Pods(set.Namespace) {
		if ref := p.ControllerRef(); ref != nil && ref.UID == set.UID {
			pods = append(pods, p)
		}
	}
	slices.SortFunc(pods, func(a, b *api.Pod) int {
		_, x := sts.ParseName(a.Name)
		_, y := sts.ParseName(b.Name)
		return int(x) - int(y)
	})
	return pods
}

func checkIdentity(set *sts.StatefulSet, pods []*api.Pod, bad func(string, string, ...any)) {
	for _, p := range pods {
		_, ord := sts.ParseName(p.Name)
		if p.Labels[sts.PodNameLabel] != p.Name || p.Spec.Hostname != p.Name || p.Spec.Subdomain != set.Spec.ServiceName {
			bad(Identity, "%s lost its identity (pod-name label %q, hostname %q, subdomain %q)", p.Name, p.Labels[sts.PodNameLabel], p.Spec.Hostname, p.Spec.Subdomain)
		}
		for _, t := range set.Spec.VolumeClaimTemplates {
			want := sts.ClaimName(t.Name, set.Name, ord)
			if !slices.ContainsFunc(p.Spec.Volumes, func(v api.Volume) bool { return v.Name == t.Name && v.ClaimName == want }) {
				bad(Identity, "%s does not mount claim %s", p.Name, want)
			}
		}
	}
}

// rolling reports whether a rollout is under way, from the first check at
// which the status names two revisions or a pod is not at the update
// revision, until every ordinal of the range has a pod at the update
// revision that is Running and Ready. (The controller writes the status in
// the sync of its first update delete, before the deleted pod goes, so the
// rollout is seen before the readiness gap it makes.)
func (r *rolloutState) rolling(set *sts.StatefulSet, pods []*api.Pod) bool {
	st := set.Status
	start, end := rangeOf(set)
	switch {
	case st.UpdateRevision == "": // no status written yet
	case st.CurrentRevision != st.UpdateRevision ||
		slices.ContainsFunc(pods, func(p *api.Pod) bool { return p.Labels[sts.RevisionLabel] != st.UpdateRevision }):
		r.updating = true
	case len(pods) == int(end-start) && !slices.ContainsFunc(pods, func(p *api.Pod) bool {
		_, ord := sts.ParseName(p.Name)
		return !runningReady(p) || ord < start || ord >= end
	}):
		r.updating = false
	}
	return r.updating
}

func checkPrefix(pods []*api.Pod, bad func(string, string, ...any)) {
	for i := 1; i < len(pods); i++ {
		if runningReady(pods[i]) && !runningReady(pods[i-1]) {
			bad(ReadinessPrefix, "%s is Running and Ready but %s is not", pods[i].Name, pods[i-1].Name)
		}
	}
}

func runningReady(p *api.Pod) bool {
	return p.Status.Phase == api.PodRunning && api.IsPodReady(p)
}

// ---- updates (statefulset.md §4, §5) ----

// checkUpdateSync runs the sync invariants of rolling updates and revisions.
func checkUpdateSync(s sim.Sync, bad func(string, string, ...any)) {
	set := s.Observed.Set
	revs := syncRevisions(s)
	checkPartition(set, s.Plan, bad)
	checkBudget(s, bad)
	checkComplete(set, s.Plan.Status, bad)
	checkNewPods(set, s.Plan, revs, bad)
	checkRevisionReuse(s, bad)
	checkHistory(s, revs, bad)
}

// rangeOf returns the set's ordinal range [start, end).
func rangeOf(set *sts.StatefulSet) (start, end int32) {
	if set.Spec.Ordinals != nil {
		start = set.Spec.Ordinals.Start
	}
	return start, start + *set.Spec.Replicas
}

func partitionOf(set *sts.StatefulSet) int32 {
	if ru := set.Spec.UpdateStrategy.RollingUpdate; ru != nil && ru.Partition != nil {
		return *ru.Partition
	}
	return 0
}

// updateDeletes returns the plan's rolling-update deletes.
func updateDeletes(p sts.Plan) []sts.Action {
	var out []sts.Action
	for _, a := range p.Actions {
		if a.Verb == sts.DeletePod && a.DecrementsCurrent {
			out = append(out, a)
		}
	}
	return out
}

func checkPartition(set *sts.StatefulSet, p sts.Plan, bad func(string, string, ...any)) {
	start, end := rangeOf(set)
	lo := start + partitionOf(set)
	for _, a := range updateDeletes(p) {
		switch _, ord := sts.ParseName(a.Pod.Name); {
		case ord < lo:
			bad(PartitionRespected, "update delete of %s below ordinals.start %d + partition %d", a.Pod.Name, start, lo-start)
		case ord >= end:
			bad(PartitionRespected, "update delete of %s outside the range [%d, %d)", a.Pod.Name, start, end)
		}
	}
}

// maxUnavailable resolves rollingUpdate.maxUnavailable: default 1, a
// percentage of replicas rounded down, never below 1
// (getStatefulSetMaxUnavailable).
func maxUnavailable(set *sts.StatefulSet) int {
	ru := set.Spec.UpdateStrategy.RollingUpdate
	if ru == nil || ru.MaxUnavailable == nil {
		return 1
	}
	n := int(ru.MaxUnavailable.Int)
	if ru.MaxUnavailable.IsString {
		pct, _ := strconv.Atoi(strings.TrimSuffix(ru.MaxUnavailable.Str, "%"))
		n = pct * int(*set.Spec.Replicas) / 100
	}
	return max(n, 1)
}

// unavailable is upstream's isUnavailable; a missing pod is unavailable.
func unavailable(p *api.Pod, set *sts.StatefulSet, now time.Duration) bool {
	return p == nil || p.Terminating() || !api.IsPodAvailable(p, set.Spec.MinReadySeconds, now)
}

func checkBudget(s sim.Sync, bad func(string, string, ...any)) {
	set, x, now := s.Observed.Set, s.Observed.Pods, s.Observed.Now
	deletes := updateDeletes(s.Plan)
	if len(deletes) == 0 {
		return
	}
	if !s.Observed.Gates.MaxUnavailableStatefulSet {
		if len(deletes) > 1 {
			bad(UpdateBudget, "%d rolling-update deletes in one sync with MaxUnavailableStatefulSet off", len(deletes))
		}
		return
	}
	start, end := rangeOf(set)
	before := 0
	for ord := start; ord < end; ord++ {
		if unavailable(x.Get(ord), set, now) {
			before++
		}
	}
	after := before
	for _, a := range deletes {
		if _, ord := sts.ParseName(a.Pod.Name); !unavailable(x.Get(ord), set, now) {
			after++
		}
	}
	if limit := max(maxUnavailable(set), before); after > limit {
		bad(UpdateBudget, "update deletes make %d in-range pods unavailable (%d before, maxUnavailable %d)", after, before, maxUnavailable(set))
	}
}

func checkComplete(set *sts.StatefulSet, st sts.Status, bad func(string, string, ...any)) {
	want := *set.Spec.Replicas
	if st.UpdatedReplicas != want || st.ReadyReplicas != want || st.Replicas != want {
		return
	}
	if st.CurrentRevision != st.UpdateRevision || st.CurrentReplicas != st.UpdatedReplicas {
		bad(RolloutComplete, "%s/%s: updated = ready = replicas = %d but current %s (%d), update %s (%d)", set.Namespace, set.Name,
			want, st.CurrentRevision, st.CurrentReplicas, st.UpdateRevision, st.UpdatedReplicas)
	}
}

// revisionNames are the current and update revision of a sync, before
// completeUpdate promotes anything.
type revisionNames struct{ current, update string }

// syncRevisions: the update revision is the one the status names; the
// current one is the listed revision named by status.currentRevision, else
// the update revision (getStatefulSetRevisions).
func syncRevisions(s sim.Sync) revisionNames {
	r := revisionNames{current: s.Plan.Status.UpdateRevision, update: s.Plan.Status.UpdateRevision}
	for _, rev := range s.Observed.Revisions {
		if rev.Name == s.Observed.Set.Status.CurrentRevision {
			r.current = rev.Name
		}
	}
	return r
}

func checkNewPods(set *sts.StatefulSet, p sts.Plan, revs revisionNames, bad func(string, string, ...any)) {
	start, _ := rangeOf(set)
	us := set.Spec.UpdateStrategy
	for _, a := range p.Actions {
		if a.Verb != sts.CreatePod {
			continue
		}
		_, ord := sts.ParseName(a.Pod.Name)
		want := revs.update
		if us.RollingUpdate != nil && ord < start+partitionOf(set) ||
			us.Type == sts.RollingUpdate && us.RollingUpdate == nil && ord < start+set.Status.CurrentReplicas {
			want = revs.current
		}
		if got := a.Pod.Labels[sts.RevisionLabel]; got != want {
			bad(NewPodRevision, "%s created at revision %s, want %s (current %s, update %s)", a.Pod.Name, got, want, revs.current, revs.update)
		}
	}
}

func checkRevisionReuse(s sim.Sync, bad func(string, string, ...any)) {
	data := sts.TemplateData(&s.Observed.Set.Spec.Template)
	newest := ""
	for _, r := range s.Observed.Revisions { // sorted by .revision
		if bytes.Equal(r.Data, data) {
			newest = r.Name
		}
	}
	if newest == "" {
		return
	}
	for _, a := range s.Plan.Actions {
		if a.Verb == sts.CreateRevision {
			bad(RevisionReuse, "revision %s created although %s holds the same template", a.Revision.Name, newest)
		}
	}
	if s.Plan.Status.UpdateRevision != newest {
		bad(RevisionReuse, "update revision %s, want the newest equal revision %s", s.Plan.Status.UpdateRevision, newest)
	}
}

func checkHistory(s sim.Sync, revs revisionNames, bad func(string, string, ...any)) {
	set := s.Observed.Set
	limit := int32(10)
	if set.Spec.RevisionHistoryLimit != nil {
		limit = *set.Spec.RevisionHistoryLimit
	}
	if limit < 0 {
		return
	}
	live := map[string]bool{revs.current: true, revs.update: true}
	for _, a := range s.Plan.Actions {
		if a.Verb == sts.DeleteRevision {
			live[a.Revision.Name] = true // gone after this sync
		}
	}
	kept := func() int {
		n := 0
		for _, r := range s.Observed.Revisions {
			if !live[r.Name] {
				n++
			}
		}
		return n
	}
	if kept() <= int(limit) {
		return
	}
	for _, p := range s.Observed.Pods.Pods() {
		live[p.Labels[sts.RevisionLabel]] = true
	}
	if n := kept(); n > int(limit) {
		bad(HistoryLimit, "%s/%s keeps %d revisions that are not live, revisionHistoryLimit %d", set.Namespace, set.Name, n, limit)
	}
}

// rolloutState is what the update checks remember of a set between checks.
type rolloutState struct {
	updating   bool // a rollout is under way (ReadinessPrefix is off)
	update     string
	partition  int32
	disordered bool // the order is not the controller's to keep until the rollout completes
}

func (k *Checker) rollout(set *sts.StatefulSet) *rolloutState {
	if k.rollouts == nil {
		k.rollouts = map[string]*rolloutState{}
	}
	r := k.rollouts[set.UID]
	if r == nil {
		r = &rolloutState{}
		k.rollouts[set.UID] = r
	}
	return r
}

func (k *Checker) checkRevisionOrder(set *sts.StatefulSet, pods []*api.Pod, bad func(string, string, ...any)) {
	st := set.Status
	// Between a spec change and the sync that writes its status, the
	// status names the revisions of the old template.
	if set.Spec.UpdateStrategy.Type != sts.RollingUpdate || st.ObservedGeneration < set.Generation {
		return
	}
	r := k.rollout(set)
	var live []slot
	for _, p := range pods {
		if !p.Terminating() {
			live = append(live, slot{p.Name, p.Labels[sts.RevisionLabel]})
		}
	}
	complete := st.CurrentRevision == st.UpdateRevision &&
		!slices.ContainsFunc(live, func(s slot) bool { return s.rev != st.UpdateRevision })
	part := partitionOf(set)
	switch {
	case complete:
		r.disordered = false
	case part > r.partition || st.CurrentRevision == st.UpdateRevision:
		// a raised partition; or a rollback to the current revision, which
		// replaces the newer pods top-down, below pods still at them
		r.disordered = true
	case st.UpdateRevision != r.update && revisionOrder(expected(set, pods), st.CurrentRevision, st.UpdateRevision) != "":
		// a new update revision while pods are out of order for it, once
		// the missing and terminating ones are back
		r.disordered = true
	}
	r.update, r.partition = st.UpdateRevision, part
	if msg := revisionOrder(live, st.CurrentRevision, st.UpdateRevision); msg != "" && !r.disordered {
		bad(RevisionOrder, "%s/%s: %s", set.Namespace, set.Name, msg)
	}
}

// slot is a pod name and its revision.
type slot struct{ name, rev string }

// expected returns, in ordinal order, the live pods' revisions with every
// missing or terminating in-range pod replaced by the revision its
// replacement will get (§4.1; newVersionedStatefulSetPod).
func expected(set *sts.StatefulSet, pods []*api.Pod) []slot {
	start, end := rangeOf(set)
	st, us := set.Status, set.Spec.UpdateStrategy
	byOrd := map[int32]*api.Pod{}
	var out []slot
	for _, p := range pods {
		_, ord := sts.ParseName(p.Name)
		byOrd[ord] = p
		if (ord < start || ord >= end) && !p.Terminating() {
			out = append(out, slot{p.Name, p.Labels[sts.RevisionLabel]})
		}
	}
	for ord := start; ord < end; ord++ {
		if p := byOrd[ord]; p != nil && !p.Terminating() {
			out = append(out, slot{p.Name, p.Labels[sts.RevisionLabel]})
			continue
		}
		rev := st.UpdateRevision
		if us.RollingUpdate != nil && ord < start+partitionOf(set) || us.RollingUpdate == nil && ord < start+st.CurrentReplicas {
			rev = st.CurrentRevision
		}
		out = append(out, slot{sts.PodName(set.Name, ord), rev})
	}
	slices.SortFunc(out, func(a, b slot) int {
		_, x := sts.ParseName(a.name)
		_, y := sts.ParseName(b.name)
		return int(x) - int(y)
	})
	return out
}

// revisionOrder says how pods sorted by ordinal break "current pods form a
// prefix, updated pods a suffix", or returns "".
func revisionOrder(pods []slot, current, update string) string {
	var other, updated *slot
	for i, p := range pods {
		switch {
		case p.rev == current && other != nil:
			return fmt.Sprintf("%s is at the current revision %s above %s at %s", p.name, p.rev, other.name, other.rev)
		case p.rev != current && other == nil:
			other = &pods[i]
		}
	}
	for i, p := range pods {
		switch {
		case p.rev != update && updated != nil:
			return fmt.Sprintf("%s is at %s above %s at the update revision %s", p.name, p.rev, updated.name, update)
		case p.rev == update && updated == nil:
			updated = &pods[i]
		}
	}
	return ""
}
