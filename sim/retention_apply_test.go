package sim_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/stsim/stsim/api"
	"github.com/stsim/stsim/sim"
	"github.com/stsim/stsim/sts"
)

// How the StatefulSet controller's claim owner-reference fixes are carried
// out (statefulset.md §2.3, §6.3): the writes of one pod are a chain that a
// failed write ends as upstream's pod-control calls return.

// eventsWithReason returns the messages of the recorded events with reason.
func eventsWithReason(c *sim.Cluster, reason string) []string {
	var out []string
	for _, e := range c.KubeEvents() {
		if e.Reason == reason {
			out = append(out, e.Message)
		}
	}
	return out
}

func parallelSet(s *sts.StatefulSet) { s.Spec.PodManagementPolicy = sts.Parallel }

// TestClaimFixUpdatesPodUnchanged: when only a pod's claims do not follow
// the retention policy, the controller fixes them and then updates the pod
// unchanged (upstream: processReplica calls UpdateStatefulPod when
// ClaimsMatchRetentionPolicy is false, and UpdateStatefulPod marks the pod
// dirty after UpdatePodClaimForRetentionPolicy). The API server stores
// nothing for an update that changes nothing: the pod keeps its
// resourceVersion; the event SuccessfulUpdate is recorded.
func TestClaimFixUpdatesPodUnchanged(t *testing.T) {
	c := newStorageCluster(t, nfsClient(nil))
	_, err := c.ApplyStatefulSet(redisPVSet(2))
	require.NoError(t, err)
	require.NoError(t, c.RunUntilStable())
	before := map[string]uint64{}
	for _, p := range c.Pods("default") {
		before[p.Name] = p.ResourceVersion
	}
	require.NoError(t, c.UpdateStatefulSet("redis-pv-sts", retention(sts.Retain, sts.Delete)))
	require.NoError(t, c.RunUntilStable())

	set, _ := c.StatefulSet("redis-pv-sts")
	for _, name := range []string{claim0, claim1} {
		pvc, _ := c.Claim(name)
		require.Len(t, pvc.OwnerReferences, 1, name)
		assert.Equal(t, set.UID, pvc.OwnerReferences[0].UID, name)
	}
	for _, p := range c.Pods("default") {
		assert.Equal(t, before[p.Name], p.ResourceVersion, "%s is not written", p.Name)
	}
	assert.Equal(t, []string{
		"Update Pod redis-pv-sts-0 in StatefulSet redis-pv-sts successful",
		"Update Pod redis-pv-sts-1 in StatefulSet redis-pv-sts successful",
	}, eventsWithReason(c, "SuccessfulUpdate"))
	assert.Empty(t, eventsWithReason(c, "FailedUpdate"))
}

// TestParallelCreateUpdatesNewPod: in Parallel the controller goes on with
// the pod it has just created to the retention check, which reads the
// claims as the sync observed them: a claim that existed without the
// owner reference the policy wants is fixed twice and the new pod is
// updated (upstream: processReplica falls through after CreateStatefulPod).
// The update carries no UID, so it is of the pod just created (the API
// server keeps the stored UID), and it changes nothing.
func TestParallelCreateUpdatesNewPod(t *testing.T) {
	c := newStorageCluster(t, nfsClient(nil))
	tmpl := redisPVSet(1).Spec.VolumeClaimTemplates[0]
	tmpl.Name = claim0
	_, err := c.ApplyClaim(&tmpl)
	require.NoError(t, err)
	require.NoError(t, c.RunUntilStable())
	var claimUpdates int
	c.Observe(func(e sim.Event) {
		if e.Actor == sim.ActorStatefulSet && e.Kind == "PersistentVolumeClaim" && e.Verb == sim.VerbUpdate {
			claimUpdates++
		}
	}, nil)
	_, err = c.ApplyStatefulSet(redisPVSet(1, parallelSet, retention(sts.Retain, sts.Delete)))
	require.NoError(t, err)
	require.NoError(t, c.RunUntilStable())

	assert.Equal(t, 2, claimUpdates, "fixed after the create and again in the retention check")
	assert.Equal(t, []string{"Update Pod redis-pv-sts-0 in StatefulSet redis-pv-sts successful"}, eventsWithReason(c, "SuccessfulUpdate"))
	assert.Empty(t, eventsWithReason(c, "FailedUpdate"))
	set, _ := c.StatefulSet("redis-pv-sts")
	assert.Equal(t, int32(1), set.Status.ReadyReplicas)
}

// TestCreateAlreadyExistsMakesNoClaimFix: a pod create answered
// AlreadyExists ends that pod's writes: its claims are not given owner
// references for a pod that is another object (upstream:
// CreateStatefulPod returns on AlreadyExists before
// UpdatePodClaimForRetentionPolicy, "sink already exists errors"). A bare
// pod holds the name of ordinal 0 and does not match the selector, so it is
// never adopted and every create of ordinal 0 is refused.
func TestCreateAlreadyExistsMakesNoClaimFix(t *testing.T) {
	for _, policy := range []string{sts.Parallel, sts.OrderedReady} {
		t.Run(policy, func(t *testing.T) {
			c := newStorageCluster(t, nfsClient(nil))
			_, err := c.ApplyPod(&api.Pod{
				ObjectMeta: api.ObjectMeta{Name: "redis-pv-sts-0", Labels: map[string]string{"app": "other"}},
				Spec:       api.PodSpec{Containers: []api.Container{{Name: "app", Image: "nginx:1"}}},
			})
			require.NoError(t, err)
			var exists int
			c.Observe(nil, func(s sim.Sync) {
				for _, err := range s.Errors {
					if api.IsAlreadyExists(err) {
						exists++
					}
				}
			})
			_, err = c.ApplyStatefulSet(redisPVSet(1, func(s *sts.StatefulSet) { s.Spec.PodManagementPolicy = policy }, retention(sts.Retain, sts.Delete)))
			require.NoError(t, err)
			require.NoError(t, c.RunFor(10*time.Second))

			assert.Greater(t, exists, 1, "the create is refused at every sync")
			pvc, ok := c.Claim(claim0)
			require.True(t, ok, "the claim is created before the pod")
			assert.Empty(t, pvc.OwnerReferences, "no owner reference after a create answered AlreadyExists")
			// upstream CreateStatefulPod sinks AlreadyExists: no FailedCreate
			assert.Empty(t, eventReasons(c, "FailedCreate"))
		})
	}
}

// TestLostClaimFixIsRetried: a claim fix whose write failed is planned
// again at the next sync (upstream checks the claims of every pod it
// visits at every sync; stsim keeps the pod on its index's work list until
// its claims match).
func TestLostClaimFixIsRetried(t *testing.T) {
	c := newStorageCluster(t, nfsClient(nil))
	_, err := c.ApplyStatefulSet(redisPVSet(1))
	require.NoError(t, err)
	require.NoError(t, c.RunUntilStable())
	var failedClaimFixes int
	c.Observe(nil, func(s sim.Sync) {
		for _, a := range s.Plan.Actions {
			if a.Verb == sts.UpdateClaim && len(s.Errors) > 0 {
				failedClaimFixes++
			}
		}
	})
	require.NoError(t, c.Inject(sim.APIWriteFailure{Actor: sim.ActorStatefulSet, For: 2 * time.Second}))
	require.NoError(t, c.UpdateStatefulSet("redis-pv-sts", retention(sts.Retain, sts.Delete)))
	require.NoError(t, c.RunUntilStable())

	assert.Positive(t, failedClaimFixes, "the fix was planned while the writes failed")
	// the failed fix is the pod's FailedUpdate (UpdatePodClaimForRetentionPolicy's
	// error, recorded by the caller's recordPodEvent("update", …))
	failed := eventReasons(c, "FailedUpdate")
	require.NotEmpty(t, failed)
	assert.Equal(t, "Update Pod redis-pv-sts-0 in StatefulSet redis-pv-sts failed error: could not update claim "+claim0+
		" for delete policy ownerRefs: Internal error occurred: etcdserver: request timed out", failed[0])
	set, _ := c.StatefulSet("redis-pv-sts")
	pvc, _ := c.Claim(claim0)
	require.Len(t, pvc.OwnerReferences, 1, "fixed once the writes succeed")
	assert.Equal(t, set.UID, pvc.OwnerReferences[0].UID)
}

// eventReasons returns the messages of the Kubernetes Events with reason.
func eventReasons(c *sim.Cluster, reason string) []string {
	var out []string
	for _, e := range c.KubeEvents() {
		if e.Reason == reason {
			out = append(out, e.Message)
		}
	}
	return out
}
