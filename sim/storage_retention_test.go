package sim_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/stsim/stsim/sim"
	"github.com/stsim/stsim/storage"
	"github.com/stsim/stsim/sts"
)

const claim0, claim1 = "redis-100m-pvc-redis-pv-sts-0", "redis-100m-pvc-redis-pv-sts-1"

// writeMarker writes /data/marker in the pod of ordinal ord.
func writeMarker(t *testing.T, c *sim.Cluster, pod, text string) {
	t.Helper()
	d, rel, ok := c.VolumeForMount(pod, "/data/marker")
	require.True(t, ok)
	d.Put(rel, []byte(text))
}

func readMarker(c *sim.Cluster, claim string) string {
	d := c.ClaimData(claim)
	if d == nil {
		return "<unbound>"
	}
	b, ok := d.Get("/marker")
	if !ok {
		return "<none>"
	}
	return string(b)
}

// TestRetentionWhenScaled: whenScaled=Delete removes the claim of a
// scaled-down ordinal (owner reference to the pod, collected after the
// pod), its Delete volume and directory go, and a later scale-up gets a
// fresh, empty volume; whenScaled=Retain keeps the claim and a scale-up gets
// the old data back (statefulset.md §6.3; upstream
// updateClaimOwnerRefForSetAndPod, the condemned claim pass,
// TestStaleOwnerRefOnScaleup; storage.md §9, §10).
func TestRetentionWhenScaled(t *testing.T) {
	for _, tc := range []struct {
		whenScaled string
		afterDown  string
		afterUp    string
	}{
		{sts.Delete, "<none>", "<none>"},
		{sts.Retain, storage.ClaimBound, "one"},
	} {
		t.Run(tc.whenScaled, func(t *testing.T) {
			c := newStorageCluster(t, nfsClient(nil))
			_, err := c.ApplyStatefulSet(redisPVSet(2, retention(tc.whenScaled, sts.Retain)))
			require.NoError(t, err)
			require.NoError(t, c.RunUntilStable())
			writeMarker(t, c, "redis-pv-sts-1", "one")
			oldClaim, _ := c.Claim(claim1)
			oldVolume := oldClaim.Spec.VolumeName

			require.NoError(t, c.Scale("redis-pv-sts", 1))
			require.NoError(t, c.RunUntilStable())
			assert.Equal(t, tc.afterDown, claimPhase(c, claim1))
			_, volumeLeft := c.Volume(oldVolume)
			assert.Equal(t, tc.whenScaled == sts.Retain, volumeLeft)
			assert.Equal(t, storage.ClaimBound, claimPhase(c, claim0), "in-range claims are kept")

			require.NoError(t, c.Scale("redis-pv-sts", 2))
			require.NoError(t, c.RunUntilStable())
			assert.Equal(t, storage.ClaimBound, claimPhase(c, claim1))
			assert.Equal(t, tc.afterUp, readMarker(c, claim1))
			newClaim, _ := c.Claim(claim1)
			assert.Equal(t, tc.whenScaled == sts.Retain, newClaim.UID == oldClaim.UID)
			set, _ := c.StatefulSet("redis-pv-sts")
			assert.Equal(t, int32(2), set.Status.ReadyReplicas)
		})
	}
}

// TestRetentionWhenDeleted: whenDeleted=Delete gives the claims an owner
// reference to the set and the garbage collector removes them with the
// set; Retain keeps them, and a re-created set reuses them with their data
// (statefulset.md §6.3 set deletion; upstream
// updateClaimOwnerRefForSetAndPod; DefaultGarbageCollectionPolicy).
func TestRetentionWhenDeleted(t *testing.T) {
	for _, whenDeleted := range []string{sts.Delete, sts.Retain} {
		t.Run(whenDeleted, func(t *testing.T) {
			c := newStorageCluster(t, nfsClient(map[string]string{"archiveOnDelete": "true"}))
			_, err := c.ApplyStatefulSet(redisPVSet(2, retention(sts.Retain, whenDeleted)))
			require.NoError(t, err)
			require.NoError(t, c.RunUntilStable())
			pvc, _ := c.Claim(claim0)
			set, _ := c.StatefulSet("redis-pv-sts")
			if whenDeleted == sts.Delete {
				require.Len(t, pvc.OwnerReferences, 1)
				assert.Equal(t, set.UID, pvc.OwnerReferences[0].UID)
				assert.True(t, pvc.OwnerReferences[0].Controller)
			} else {
				assert.Empty(t, pvc.OwnerReferences)
			}
			writeMarker(t, c, "redis-pv-sts-0", "zero")

			require.NoError(t, c.DeleteStatefulSet("redis-pv-sts", sim.Background))
			require.NoError(t, c.RunUntilStable())
			assert.Empty(t, c.Pods("default"))
			if whenDeleted == sts.Delete {
				assert.Empty(t, c.Claims("default"))
				assert.Empty(t, c.Volumes(), "reclaim Delete removed the volumes")
				dirs := c.StorageDirectories()
				require.Len(t, dirs, 2, "archiveOnDelete keeps the directories under archived-")
				assert.Contains(t, dirs[0], "/ifs/kubernetes/archived-default-redis-100m-pvc-redis-pv-sts-0-pvc-")
				return
			}
			assert.Len(t, c.Claims("default"), 2)
			_, err = c.ApplyStatefulSet(redisPVSet(2, retention(sts.Retain, whenDeleted)))
			require.NoError(t, err)
			require.NoError(t, c.RunUntilStable())
			assert.Equal(t, "zero", readMarker(c, claim0), "a re-created set gets its claims back")
		})
	}
}

// TestTerminatingClaimBlocksPod: a claim deleted while a pod uses it stays
// Terminating (kubernetes.io/pvc-protection); the StatefulSet controller
// does not create a pod whose claim is being deleted; once no pod uses the
// claim it goes, and the controller creates a fresh claim and the pod
// (statefulset.md §6.2, storage.md §11; upstream createPersistentVolumeClaims
// "pvc %s is being deleted", pvc_protection_controller.go).
func TestTerminatingClaimBlocksPod(t *testing.T) {
	c := newStorageCluster(t, nfsClient(nil))
	_, err := c.ApplyStatefulSet(redisPVSet(1))
	require.NoError(t, err)
	require.NoError(t, c.RunUntilStable())
	// A bare pod that also mounts the claim keeps it protected.
	web0, _ := c.Pod("redis-pv-sts-0")
	reader := *web0
	reader.ObjectMeta = web0.ObjectMeta
	reader.Name, reader.UID, reader.OwnerReferences, reader.Labels = "reader", "", nil, map[string]string{"role": "reader"}
	reader.Spec.NodeName, reader.Status = "", web0.Status
	reader.Spec.Hostname = ""
	_, err = c.ApplyPod(&reader)
	require.NoError(t, err)
	require.NoError(t, c.RunUntilStable())
	old, _ := c.Claim(claim0)

	require.NoError(t, c.DeleteClaim(claim0))
	require.NoError(t, c.RunUntilStable())
	assert.Equal(t, "Terminating", claimPhase(c, claim0))
	require.NoError(t, c.DeletePod("redis-pv-sts-0", sim.DeleteOptions{}))
	require.NoError(t, c.RunUntilStable())
	_, ok := c.Pod("redis-pv-sts-0")
	assert.False(t, ok, "no pod while its claim is being deleted")
	assert.Equal(t, "Terminating", claimPhase(c, claim0))
	waits := traceLines(c, func(e sim.Event) bool { return e.Verb == sim.VerbWait })
	assert.Contains(t, waits, "pvc redis-100m-pvc-redis-pv-sts-0 is being deleted")

	require.NoError(t, c.DeletePod("reader", sim.DeleteOptions{}))
	require.NoError(t, c.RunUntilStable())
	pvc, ok := c.Claim(claim0)
	require.True(t, ok, traceLines(c, func(sim.Event) bool { return true }))
	assert.NotEqual(t, old.UID, pvc.UID, "a fresh claim")
	assert.Equal(t, storage.ClaimBound, pvc.Status.Phase)
	p, ok := c.Pod("redis-pv-sts-0")
	require.True(t, ok)
	assert.NotEmpty(t, p.Spec.NodeName)
	assert.Empty(t, c.ClaimData(claim0).Files(), "archiveOnDelete=false removed the old directory; the new volume is empty")
}

// TestRetentionCascade: with whenDeleted=Delete a foreground deletion waits
// for the claims too (they block owner deletion); --cascade=orphan strips
// the references and keeps the claims (statefulset.md §6.3; upstream
// garbage collector foreground and orphan handling).
func TestRetentionCascade(t *testing.T) {
	for _, tc := range []struct {
		cascade sim.Cascade
		claims  int
	}{{sim.Foreground, 0}, {sim.Orphan, 2}} {
		t.Run(string(tc.cascade), func(t *testing.T) {
			c := newStorageCluster(t, nfsClient(nil))
			_, err := c.ApplyStatefulSet(redisPVSet(2, retention(sts.Retain, sts.Delete)))
			require.NoError(t, err)
			require.NoError(t, c.RunUntilStable())
			require.NoError(t, c.DeleteStatefulSet("redis-pv-sts", tc.cascade))
			require.NoError(t, c.RunUntilStable())
			_, ok := c.StatefulSet("redis-pv-sts")
			assert.False(t, ok)
			assert.Len(t, c.Claims("default"), tc.claims)
			for _, pvc := range c.Claims("default") {
				assert.Empty(t, pvc.OwnerReferences)
			}
			if tc.cascade == sim.Foreground {
				var order []string
				for _, e := range c.Trace() {
					if e.Verb == sim.VerbRemove && (e.Kind == "StatefulSet" || e.Kind == "PersistentVolumeClaim") {
						order = append(order, e.Kind)
					}
				}
				assert.Equal(t, []string{"PersistentVolumeClaim", "PersistentVolumeClaim", "StatefulSet"}, order)
			}
		})
	}
}
