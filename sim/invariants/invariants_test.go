package invariants_test

import (
	"testing"

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
