package invariants_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/stsim/stsim/api"
	"github.com/stsim/stsim/sim"
	"github.com/stsim/stsim/sim/invariants"
	"github.com/stsim/stsim/sts"
)

func set(policy string, replicas int32) *sts.StatefulSet {
	labels := map[string]string{"app": "web"}
	return &sts.StatefulSet{
		ObjectMeta: api.ObjectMeta{Name: "web", Namespace: "default", UID: "u"},
		Spec: sts.Spec{Replicas: &replicas, PodManagementPolicy: policy,
			Selector: &api.LabelSelector{MatchLabels: labels},
			Template: api.PodTemplateSpec{Labels: labels}},
	}
}

func pod(name string, ready bool) *api.Pod {
	p := &api.Pod{ObjectMeta: api.ObjectMeta{Name: name, Namespace: "default",
		Labels: map[string]string{sts.PodNameLabel: name}}}
	p.Status.Phase = api.PodRunning
	status := api.ConditionFalse
	if ready {
		status = api.ConditionTrue
	}
	p.Status.Conditions = []api.PodCondition{{Type: api.PodReady, Status: status}}
	return p
}

func sync(s *sts.StatefulSet, pods []*api.Pod, actions ...sts.Action) sim.Sync {
	return sim.Sync{Observed: sts.Observed{Set: s, Pods: sts.IndexOf(s, pods...)}, Plan: sts.Plan{Actions: actions}}
}

// Each sync invariant flags the faulty plan it exists for, and passes the
// correct one (statefulset.md §8.6).
func TestSyncInvariantsCatchFaultyPlans(t *testing.T) {
	ordered := set(sts.OrderedReady, 3)
	for _, tc := range []struct {
		name string
		s    sim.Sync
		want string
	}{
		{"create while predecessor not ready", sync(ordered, []*api.Pod{pod("web-0", false)},
			sts.Action{Verb: sts.CreatePod, Pod: pod("web-1", false)}), invariants.OrderedCreate},
		{"create while the old pod exists", sync(ordered, []*api.Pod{pod("web-0", true)},
			sts.Action{Verb: sts.CreatePod, Pod: pod("web-0", false)}), invariants.OnePodPerIdentity},
		{"two creates in one ordered sync", sync(ordered, []*api.Pod{pod("web-0", true), pod("web-1", true)},
			sts.Action{Verb: sts.CreatePod, Pod: pod("web-2", false)}, sts.Action{Verb: sts.CreatePod, Pod: pod("web-3", false)}), invariants.OrderedCreate},
		{"scale down not highest first", sync(set(sts.OrderedReady, 1), []*api.Pod{pod("web-0", true), pod("web-1", true), pod("web-2", true)},
			sts.Action{Verb: sts.DeletePod, Pod: pod("web-1", true)}), invariants.OrderedScaleDown},
		{"correct create", sync(ordered, []*api.Pod{pod("web-0", true)},
			sts.Action{Verb: sts.CreatePod, Pod: pod("web-1", false)}), ""},
		{"parallel may create out of order", sync(set(sts.Parallel, 3), []*api.Pod{pod("web-0", false)},
			sts.Action{Verb: sts.CreatePod, Pod: pod("web-2", false)}), ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := invariants.CheckSync(tc.s)
			if tc.want == "" {
				assert.Empty(t, got)
				return
			}
			require.NotEmpty(t, got)
			assert.Equal(t, tc.want, got[0].Invariant)
		})
	}
}

// The state invariants flag a status out of bounds and a readiness gap, and
// pass a healthy cluster.
func TestStateInvariants(t *testing.T) {
	c := sim.NewCluster(sim.Config{})
	s := set(sts.OrderedReady, 3)
	s.Namespace, s.UID = "", ""
	s.Spec.Template.Spec.Containers = []api.Container{{Name: "c", Image: "nginx"}}
	_, err := c.ApplyStatefulSet(s)
	require.NoError(t, err)
	require.NoError(t, c.RunUntilStable())
	k := invariants.New()
	assert.Empty(t, k.Check(c))
	require.NoError(t, c.SetReadiness("web-0", false))
	require.NoError(t, c.RunFor(0))
	got := k.Check(c)
	require.NotEmpty(t, got)
	assert.Equal(t, invariants.ReadinessPrefix, got[0].Invariant)
	k.Disrupted = true
	assert.Empty(t, k.Check(c), "readiness prefix only holds without disruption")
}

// ---- updates ----

// updSet is a set mid-rollout: rev1 (image v1) is current, the template is
// v2 (rev2); partition and maxUnavailable as given.
func updSet(policy string, replicas, partition, maxU int32) (*sts.StatefulSet, *sts.ControllerRevision, *sts.ControllerRevision) {
	s := set(policy, replicas)
	s.Spec.RevisionHistoryLimit = new(int32(10))
	s.Spec.UpdateStrategy = sts.UpdateStrategy{Type: sts.RollingUpdate, RollingUpdate: &sts.RollingUpdateOptions{
		Partition: &partition, MaxUnavailable: &sts.IntOrString{Int: maxU}}}
	s.Spec.Template.Spec.Containers = []api.Container{{Name: "c", Image: "v1"}}
	rev1 := sts.NewRevision(s, sts.TemplateData(&s.Spec.Template), 1, 0)
	s.Spec.Template.Spec.Containers = []api.Container{{Name: "c", Image: "v2"}}
	rev2 := sts.NewRevision(s, sts.TemplateData(&s.Spec.Template), 2, 0)
	s.Status.CurrentRevision, s.Status.UpdateRevision = rev1.Name, rev2.Name
	return s, rev1, rev2
}

// podAt is a Running pod at a revision.
func podAt(name string, rev *sts.ControllerRevision, ready bool) *api.Pod {
	p := pod(name, ready)
	p.Labels[sts.RevisionLabel] = rev.Name
	return p
}

func updSync(s *sts.StatefulSet, gates sts.Gates, revs []*sts.ControllerRevision, pods []*api.Pod, st sts.Status, actions ...sts.Action) sim.Sync {
	st.UpdateRevision = s.Status.UpdateRevision
	st.CollisionCount = new(int32(0))
	return sim.Sync{
		Observed: sts.Observed{Set: s, Pods: sts.IndexOf(s, pods...), Revisions: revs, Gates: gates},
		Plan:     sts.Plan{Actions: actions, Status: st},
	}
}

func updateDelete(p *api.Pod) sts.Action {
	return sts.Action{Verb: sts.DeletePod, Pod: p, DecrementsCurrent: true}
}

// Each update invariant flags the faulty plan it exists for, and passes
// the correct one (statefulset.md §4, §5).
func TestUpdateInvariantsCatchFaultyPlans(t *testing.T) {
	on, off := sts.DefaultGates(), sts.Gates{}
	s, r1, r2 := updSet(sts.Parallel, 3, 1, 1)
	revs := []*sts.ControllerRevision{r1, r2}
	old := func(n int) []*api.Pod {
		var out []*api.Pod
		for i := range n {
			out = append(out, podAt(sts.PodName("web", int32(i)), r1, true))
		}
		return out
	}
	pods := old(3)
	mid := sts.Status{CurrentRevision: r1.Name}
	created := func(name string, rev *sts.ControllerRevision) sts.Action {
		return sts.Action{Verb: sts.CreatePod, Pod: podAt(name, rev, false)}
	}
	unready := append(old(2), podAt("web-2", r1, false))
	limited, _, _ := updSet(sts.Parallel, 3, 0, 1)
	limited.Spec.RevisionHistoryLimit = new(int32(1))
	var history []*sts.ControllerRevision
	for i := range 4 {
		history = append(history, &sts.ControllerRevision{ObjectMeta: api.ObjectMeta{Name: fmt.Sprintf("web-old%d", i)}, Revision: int64(i + 1)})
	}
	history = append(history, r1, r2)
	for _, tc := range []struct {
		name string
		s    sim.Sync
		want string
	}{
		{"update delete below the partition", updSync(s, on, revs, pods, mid, updateDelete(pods[0])), invariants.PartitionRespected},
		{"update delete at the partition", updSync(s, on, revs, pods, mid, updateDelete(pods[1])), ""},
		{"two update deletes with maxUnavailable 1", updSync(s, on, revs, pods, mid, updateDelete(pods[2]), updateDelete(pods[1])), invariants.UpdateBudget},
		{"deleting an unavailable outdated pod adds no unavailability", updSync(s, on, revs, unready, mid, updateDelete(unready[2])), ""},
		{"one pod unavailable: deleting an available one goes over", updSync(s, on, revs, unready, mid, updateDelete(unready[1])), invariants.UpdateBudget},
		{"gate off: two update deletes in one sync", updSync(s, off, revs, pods, mid, updateDelete(pods[2]), updateDelete(pods[1])), invariants.UpdateBudget},
		{"a finished rollout not promoted", updSync(s, on, revs, nil, sts.Status{Replicas: 3, ReadyReplicas: 3, UpdatedReplicas: 3, CurrentReplicas: 0, CurrentRevision: r1.Name}), invariants.RolloutComplete},
		{"a finished rollout promoted", updSync(s, on, revs, nil, sts.Status{Replicas: 3, ReadyReplicas: 3, UpdatedReplicas: 3, CurrentReplicas: 3, CurrentRevision: r2.Name}), ""},
		{"a pod below the partition created at the update revision", updSync(s, on, revs, pods[1:], mid, created("web-0", r2)), invariants.NewPodRevision},
		{"a pod at the partition created at the current revision", updSync(s, on, revs, []*api.Pod{pods[0], pods[2]}, mid, created("web-1", r1)), invariants.NewPodRevision},
		{"a pod below the partition created at the current revision", updSync(s, on, revs, pods[1:], mid, created("web-0", r1)), ""},
		{"a new revision for a template that has one", updSync(s, on, revs, pods, mid, sts.Action{Verb: sts.CreateRevision, Revision: sts.NewRevision(s, sts.TemplateData(&s.Spec.Template), 3, 1)}), invariants.RevisionReuse},
		{"history beyond revisionHistoryLimit", updSync(limited, on, history, pods, mid,
			sts.Action{Verb: sts.DeleteRevision, Revision: history[0]}, sts.Action{Verb: sts.DeleteRevision, Revision: history[1]}), invariants.HistoryLimit},
		{"history truncated to revisionHistoryLimit", updSync(limited, on, history, pods, mid,
			sts.Action{Verb: sts.DeleteRevision, Revision: history[0]}, sts.Action{Verb: sts.DeleteRevision, Revision: history[1]},
			sts.Action{Verb: sts.DeleteRevision, Revision: history[2]}), ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := invariants.CheckSync(tc.s)
			if tc.want == "" {
				assert.Empty(t, got)
				return
			}
			require.NotEmpty(t, got)
			assert.Equal(t, tc.want, got[0].Invariant, "%v", got)
		})
	}
}

// RevisionOrder flags an updated pod below a current one — here made by
// deleting web-0 while the rollout is stuck at web-3, which a run without
// disruption never does — and is quiet once the run says it disrupts pods.
// The readiness prefix, broken by every rolling update, is not checked
// while one is under way.
func TestRevisionOrderFlagsAnUpdatedPodBelowACurrentOne(t *testing.T) {
	k := invariants.New()
	var found []invariants.Violation
	var c *sim.Cluster
	c = sim.NewCluster(sim.Config{OnEvent: func(sim.Event) { found = append(found, k.Check(c)...) }})
	s := set(sts.OrderedReady, 4)
	s.Namespace, s.UID = "", ""
	s.Spec.Template.Spec.Containers = []api.Container{{Name: "c", Image: "nginx"}}
	_, err := c.ApplyStatefulSet(s)
	require.NoError(t, err)
	require.NoError(t, c.RunUntilStable())
	c.BehaveImage("broken", sim.NeverReady())
	require.NoError(t, c.UpdateStatefulSet("web", func(s *sts.StatefulSet) {
		s.Spec.Template.Spec.Containers = []api.Container{{Name: "c", Image: "broken"}}
	}))
	require.NoError(t, c.RunFor(time.Minute))
	assert.Empty(t, found, "a rolling update keeps the order and is not a readiness gap")
	require.NoError(t, c.DeletePod("web-0", sim.DeleteOptions{}))
	require.NoError(t, c.RunFor(time.Minute))
	require.NotEmpty(t, found)
	assert.Equal(t, invariants.RevisionOrder, found[len(found)-1].Invariant)
	assert.Contains(t, found[len(found)-1].Message, "web-1 is at the current revision")
	k.Disrupted = true
	assert.Empty(t, k.Check(c))
}
