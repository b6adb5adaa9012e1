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
	"fmt"
	"slices"
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
	// StatusBounds: ready ≤ replicas, available ≤ ready, current and
	// updated ≤ replicas; observedGeneration and collisionCount never
	// decrease (§5.1, §8.6; ValidateStatefulSetStatusUpdate).
	StatusBounds = "status-bounds"
	// Identity: every pod a set owns has its identity and claim volumes
	// (§8.1 items 3 and 5; identityMatches, storageMatches).
	Identity = "identity"
	// ReadinessPrefix: under OrderedReady, with no disruption, no pod is
	// Running and Ready while its predecessor is not
	// (§8.1 item 1; assertMonotonicInvariants).
	ReadinessPrefix = "readiness-prefix"
)

// Checker runs the invariants and remembers what monotonic checks need.
type Checker struct {
	// Disrupted disables the checks that only hold without disruption
	// (ReadinessPrefix): set it when the run kills, fails or deletes pods.
	Disrupted bool
	lastGen   map[string]int64
	lastColl  map[string]int32
	found     []Violation
}

// New returns a Checker.
func New() *Checker {
	return &Checker{lastGen: map[string]int64{}, lastColl: map[string]int32{}}
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
		if !k.Disrupted && set.Spec.PodManagementPolicy != sts.Parallel {
			checkPrefix(pods, bad)
		}
	}
	return out
}

func (k *Checker) checkStatus(set *sts.StatefulSet, bad func(string, string, ...any)) {
	st := set.Status
	name := set.Namespace + "/" + set.Name
	switch {
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
