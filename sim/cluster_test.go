package sim_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/stsim/stsim/api"
	"github.com/stsim/stsim/sim"
	"github.com/stsim/stsim/sts"
)

// TestBadInputLeavesClusterUnchanged: invalid objects, immutable-field
// updates and unknown names return the API server's error and change nothing
// (statefulset.md §7.2, §7.3; upstream ValidateStatefulSet,
// ValidateStatefulSetUpdate).
func TestBadInputLeavesClusterUnchanged(t *testing.T) {
	c := sim.NewCluster(sim.Config{})
	_, err := c.ApplyStatefulSet(benchSet("web", sts.OrderedReady, 2))
	require.NoError(t, err)
	require.NoError(t, c.RunUntilStable())
	before := len(c.Trace())
	set, _ := c.StatefulSet("web")

	neg := benchSet("bad", sts.OrderedReady, -1)
	_, err = c.ApplyStatefulSet(neg)
	require.Error(t, err)
	assert.Equal(t, `StatefulSet.apps "bad" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0`, err.Error())

	changed := benchSet("web", sts.Parallel, 2)
	_, err = c.ApplyStatefulSet(changed)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `spec.podManagementPolicy: Invalid value: "Parallel": field is immutable`)

	assert.True(t, api.IsNotFound(c.DeletePod("web-9", sim.DeleteOptions{})))
	assert.True(t, api.IsNotFound(c.Scale("nope", 3)))
	assert.True(t, api.IsNotFound(c.FailPod("web-9")))

	after, _ := c.StatefulSet("web")
	assert.Same(t, set, after, "the stored set must not change")
	assert.Len(t, c.Trace(), before, "no trace event for rejected input")
	_, ok := c.StatefulSet("bad")
	assert.False(t, ok)
}

// TestNameLengthTrap: a set whose pod names or revision label exceed 63
// characters is accepted, but every pod create fails with the API server's
// message (statefulset.md §1.5, pain point #64023).
func TestNameLengthTrap(t *testing.T) {
	c := sim.NewCluster(sim.Config{})
	name := "a-very-long-statefulset-name-that-is-exactly-sixty-characters"
	_, err := c.ApplyStatefulSet(benchSet(name[:60], sts.OrderedReady, 1))
	require.NoError(t, err)
	require.NoError(t, c.RunUntilStable())
	assert.Empty(t, c.Pods("default"))
	var failed []string
	for _, e := range c.KubeEvents() {
		if e.Reason == "FailedCreate" {
			failed = append(failed, e.Message)
		}
	}
	require.NotEmpty(t, failed)
	assert.Contains(t, failed[0], "must be no more than 63")
}

// TestFailedPodIsReplacedWithSameName: a Failed pod is deleted, and only
// once it is gone recreated with the same name (statefulset.md §2.3 gate 1;
// upstream processReplica).
func TestFailedPodIsReplacedWithSameName(t *testing.T) {
	c := sim.NewCluster(sim.Config{})
	_, err := c.ApplyStatefulSet(benchSet("web", sts.OrderedReady, 2))
	require.NoError(t, err)
	require.NoError(t, c.RunUntilStable())
	old, _ := c.Pod("web-0")
	require.NoError(t, c.FailPod("web-0"))
	require.NoError(t, c.RunUntilStable())
	p, ok := c.Pod("web-0")
	require.True(t, ok)
	assert.NotEqual(t, old.UID, p.UID)
	assert.Equal(t, "web-0", p.Spec.Hostname)
	assert.True(t, api.IsPodReady(p))
	var verbs []string
	for _, e := range c.Trace() {
		if e.Name == "web-0" && e.Actor != sim.ActorKubelet && e.Actor != sim.ActorScheduler {
			verbs = append(verbs, e.Actor+" "+e.Verb)
		}
	}
	assert.Equal(t, []string{"statefulset-controller create", "fault status", "statefulset-controller delete", "statefulset-controller create"}, verbs)
}

// TestCascadeOrphanKeepsPods and background deletes them (statefulset.md
// §6.3 set deletion; registry DefaultGarbageCollectionPolicy).
func TestCascade(t *testing.T) {
	for _, tc := range []struct {
		cascade sim.Cascade
		pods    int
	}{{sim.Background, 0}, {sim.Foreground, 0}, {sim.Orphan, 2}} {
		t.Run(string(tc.cascade), func(t *testing.T) {
			c := sim.NewCluster(sim.Config{})
			_, err := c.ApplyStatefulSet(benchSet("web", sts.Parallel, 2))
			require.NoError(t, err)
			require.NoError(t, c.RunUntilStable())
			require.NoError(t, c.DeleteStatefulSet("web", tc.cascade))
			require.NoError(t, c.RunUntilStable())
			assert.Len(t, c.Pods("default"), tc.pods)
			_, ok := c.StatefulSet("web")
			assert.False(t, ok)
			for _, p := range c.Pods("default") {
				assert.Nil(t, p.ControllerRef())
			}
		})
	}
}

// TestRunUntilStableReportsPending: a bound that is hit returns what was
// still pending.
func TestRunUntilStableReportsPending(t *testing.T) {
	c := sim.NewCluster(sim.Config{StableBound: time.Second})
	_, err := c.ApplyStatefulSet(benchSet("web", sts.OrderedReady, 3))
	require.NoError(t, err)
	err = c.RunUntilStable()
	require.ErrorIs(t, err, sim.ErrNotStable)
	assert.Contains(t, err.Error(), "not stable after 1s")
	assert.Contains(t, err.Error(), "web-0")
}

// ExampleCluster builds a two-replica StatefulSet and prints the pods in
// the order the controller created them.
func ExampleCluster() {
	c := sim.NewCluster(sim.Config{Seed: 7})
	if _, err := c.ApplyStatefulSet(benchSet("web", sts.OrderedReady, 2)); err != nil {
		panic(err)
	}
	if err := c.RunUntilStable(); err != nil {
		panic(err)
	}
	for _, e := range c.Trace() {
		if e.Actor == sim.ActorStatefulSet && e.Verb == sim.VerbCreate && e.Kind == "Pod" {
			fmt.Println(e.Name, "-", e.Reason)
		}
	}
	// Output:
	// web-0 - ordinal 0 has no pod (replicas 2)
	// web-1 - web-0 is Running and Ready
}

// TestKillWhileTerminatingStillRemovesThePod: a container killed while its
// pod is terminating is not restarted, and the pod still goes away and is
// recreated (the kubelet never restarts containers of a deleted pod).
func TestKillWhileTerminatingStillRemovesThePod(t *testing.T) {
	c := sim.NewCluster(sim.Config{})
	_, err := c.ApplyStatefulSet(benchSet("web", sts.OrderedReady, 1))
	require.NoError(t, err)
	require.NoError(t, c.RunUntilStable())
	old, _ := c.Pod("web-0")
	require.NoError(t, c.DeletePod("web-0", sim.DeleteOptions{}))
	require.NoError(t, c.KillPod("web-0"))
	require.NoError(t, c.RunUntilStable())
	p, ok := c.Pod("web-0")
	require.True(t, ok)
	assert.NotEqual(t, old.UID, p.UID, "the old pod must be gone and replaced")
	assert.True(t, api.IsPodReady(p))
}

// TestFailWhileTerminatingStillRemovesThePod: a pod that fails while it is
// terminating still finishes terminating and is recreated (found by the
// property kit's convergence check).
func TestFailWhileTerminatingStillRemovesThePod(t *testing.T) {
	c := sim.NewCluster(sim.Config{})
	_, err := c.ApplyStatefulSet(benchSet("web", sts.OrderedReady, 1))
	require.NoError(t, err)
	require.NoError(t, c.RunUntilStable())
	old, _ := c.Pod("web-0")
	require.NoError(t, c.DeletePod("web-0", sim.DeleteOptions{}))
	require.NoError(t, c.FailPod("web-0"))
	require.NoError(t, c.RunUntilStable())
	p, ok := c.Pod("web-0")
	require.True(t, ok)
	assert.NotEqual(t, old.UID, p.UID)
	assert.True(t, api.IsPodReady(p))
}
