package sim_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/stsim/stsim/api"
	"github.com/stsim/stsim/sim"
	"github.com/stsim/stsim/storage"
	"github.com/stsim/stsim/sts"
)

func staticPV(name, size string, modes ...string) *storage.PersistentVolume {
	return &storage.PersistentVolume{ObjectMeta: api.ObjectMeta{Name: name},
		Spec: storage.VolumeSpec{Capacity: size, AccessModes: modes, NFS: &storage.NFSVolumeSource{Server: "nas", Path: "/exports/" + name}}}
}

func claimOf(name, size string, class *string, modes ...string) *storage.PersistentVolumeClaim {
	return &storage.PersistentVolumeClaim{ObjectMeta: api.ObjectMeta{Name: name},
		Spec: storage.ClaimSpec{AccessModes: modes, Storage: size, StorageClassName: class}}
}

// TestStaticBindingSmallestFit: a class-less claim binds the smallest
// Available volume that fits; its status shows the volume's capacity; after
// the claim is deleted the Retain volume is Released and a claim of the same
// name is not bound to it again (storage.md §3.2, §9; upstream
// findBestMatchForClaim, bind, syncVolume, IsVolumeBoundToClaim).
func TestStaticBindingSmallestFit(t *testing.T) {
	c := sim.NewCluster(sim.Config{})
	for _, v := range []*storage.PersistentVolume{staticPV("pv-5g", "5Gi", storage.ReadWriteOnce),
		staticPV("pv-2g", "2Gi", storage.ReadWriteOnce), staticPV("pv-1g", "1Gi", storage.ReadWriteOnce),
		staticPV("pv-1g-multi", "1Gi", storage.ReadWriteOnce, storage.ReadOnlyMany)} {
		_, err := c.ApplyPersistentVolume(v)
		require.NoError(t, err)
	}
	require.NoError(t, c.RunUntilStable())
	v, _ := c.Volume("pv-1g")
	assert.Equal(t, storage.VolumeAvailable, v.Status.Phase)
	assert.Equal(t, storage.ReclaimRetain, v.Spec.PersistentVolumeReclaimPolicy)

	_, err := c.ApplyClaim(claimOf("data", "1500Mi", new(""), storage.ReadWriteOnce))
	require.NoError(t, err)
	require.NoError(t, c.RunUntilStable())
	pvc, _ := c.Claim("data")
	assert.Equal(t, storage.ClaimBound, pvc.Status.Phase)
	assert.Equal(t, "pv-2g", pvc.Spec.VolumeName)
	assert.Equal(t, "2Gi", pvc.Status.Capacity, "the volume's capacity")
	assert.Contains(t, pvc.Finalizers, storage.FinalizerPVCProtection)

	_, err = c.ApplyClaim(claimOf("small", "1Gi", new(""), storage.ReadWriteOnce))
	require.NoError(t, err)
	require.NoError(t, c.RunUntilStable())
	small, _ := c.Claim("small")
	assert.Equal(t, "pv-1g", small.Spec.VolumeName, "exact modes before a volume offering more")

	c.ClaimData("data").Put("/keep", []byte("kept"))
	require.NoError(t, c.DeleteClaim("data"))
	require.NoError(t, c.RunUntilStable())
	v, _ = c.Volume("pv-2g")
	assert.Equal(t, storage.VolumeReleased, v.Status.Phase)
	kept, _ := c.VolumeData("pv-2g").Get("/keep")
	assert.Equal(t, "kept", string(kept), "Retain keeps the contents on the Released volume")
	_, err = c.ApplyClaim(claimOf("data", "1500Mi", new(""), storage.ReadWriteOnce))
	require.NoError(t, err)
	require.NoError(t, c.RunUntilStable())
	pvc, _ = c.Claim("data")
	assert.Equal(t, "pv-5g", pvc.Spec.VolumeName, "the Released volume is never bound again")

	_, err = c.ApplyClaim(claimOf("big", "10Gi", new(""), storage.ReadWriteOnce))
	require.NoError(t, err)
	require.NoError(t, c.RunUntilStable())
	assert.Equal(t, storage.ClaimPending, claimPhase(c, "big"))
	assert.Contains(t, kubeEvents(c, "big"), "PersistentVolumeClaim/big FailedBinding: no persistent volumes available for this claim and no storage class is set")

	// A Bound volume is Terminating until its claim lets it go
	// (kubernetes.io/pv-protection).
	require.NoError(t, c.DeleteVolume("pv-1g"))
	require.NoError(t, c.RunUntilStable())
	v, ok := c.Volume("pv-1g")
	require.True(t, ok)
	assert.True(t, v.Terminating())
	assert.Equal(t, storage.ClaimBound, claimPhase(c, "small"))
	require.NoError(t, c.DeleteClaim("small"))
	require.NoError(t, c.RunUntilStable())
	_, ok = c.Volume("pv-1g")
	assert.False(t, ok)

	// The administrator reuses the Released volume by removing its claimRef.
	rel, _ := c.Volume("pv-2g")
	reuse := *rel
	reuse.Spec.ClaimRef = nil
	_, err = c.ApplyPersistentVolume(&reuse)
	require.NoError(t, err)
	_, err = c.ApplyClaim(claimOf("again", "2Gi", new(""), storage.ReadWriteOnce))
	require.NoError(t, err)
	require.NoError(t, c.RunUntilStable())
	again, _ := c.Claim("again")
	assert.Equal(t, "pv-2g", again.Spec.VolumeName)
}

// TestWaitForFirstConsumer: a claim without a class gets the default class
// `standard` (local-path, WaitForFirstConsumer); it waits for its pod, the
// scheduler selects a node, local-path provisions a directory there with
// node affinity, and a recreated pod goes back to that node and sees its
// data (storage.md §5, §7; upstream DefaultStorageClass admission,
// emitEventForUnboundDelayBindingClaim, VolumeBinding PreBind; scripts.md
// default cluster).
func TestWaitForFirstConsumer(t *testing.T) {
	c := sim.NewCluster(sim.Config{})
	_, err := c.ApplyClaim(claimOf("lonely", "1Gi", nil, storage.ReadWriteOnce))
	require.NoError(t, err)
	require.NoError(t, c.RunUntilStable())
	lonely, _ := c.Claim("lonely")
	assert.Equal(t, "standard", *lonely.Spec.StorageClassName)
	assert.Contains(t, kubeEvents(c, "lonely"), "PersistentVolumeClaim/lonely WaitForFirstConsumer: waiting for first consumer to be created before binding")

	set := redisPVSet(2, func(s *sts.StatefulSet) {
		s.Spec.VolumeClaimTemplates[0].Spec.StorageClassName = nil
		s.Spec.VolumeClaimTemplates[0].Spec.AccessModes = []string{storage.ReadWriteOnce}
	})
	_, err = c.ApplyStatefulSet(set)
	require.NoError(t, err)
	require.NoError(t, c.RunUntilStable())
	pvc, _ := c.Claim(claim0)
	require.Equal(t, storage.ClaimBound, pvc.Status.Phase)
	node := pvc.Annotations[storage.AnnSelectedNode]
	p, _ := c.Pod("redis-pv-sts-0")
	assert.Equal(t, node, p.Spec.NodeName)
	v, _ := c.Volume(pvc.Spec.VolumeName)
	assert.Equal(t, "/var/local-path-provisioner/"+v.Name+"_default_"+claim0, v.Spec.HostPath.Path)
	assert.Equal(t, sim.LocalPathProvisioner, v.Annotations[storage.AnnDynamicallyProvisioned])
	writeMarker(t, c, "redis-pv-sts-0", "here")

	require.NoError(t, c.DeletePod("redis-pv-sts-0", sim.DeleteOptions{}))
	require.NoError(t, c.RunUntilStable())
	p, _ = c.Pod("redis-pv-sts-0")
	assert.Equal(t, node, p.Spec.NodeName, "the volume's node affinity brings the pod back")
	assert.Equal(t, "here", readMarker(c, claim0))

	// A local-path claim asking for ReadWriteMany cannot be provisioned.
	_, err = c.ApplyClaim(claimOf("shared", "1Gi", nil, storage.ReadWriteMany))
	require.NoError(t, err)
	pod := &api.Pod{ObjectMeta: api.ObjectMeta{Name: "user"}, Spec: api.PodSpec{
		Containers: []api.Container{{Name: "c", Image: "busybox"}},
		Volumes:    []api.Volume{{Name: "d", ClaimName: "shared"}}}}
	_, err = c.ApplyPod(pod)
	require.NoError(t, err)
	require.NoError(t, c.RunUntilStable())
	assert.Equal(t, storage.ClaimPending, claimPhase(c, "shared"))
	assert.Contains(t, strings.Join(kubeEvents(c, "shared"), "\n"),
		`ProvisioningFailed: failed to provision volume with StorageClass "standard": NodePath only supports ReadWriteOnce and ReadWriteOncePod (1.22+) access modes`)
}

// TestSchedulerClaimChecks: a pod whose claim is missing, or is used with
// ReadWriteOncePod by another pod, is not scheduled, with kube-scheduler's
// messages (storage.md §7, §8, §12; upstream VolumeBinding podHasPVCs,
// VolumeRestrictions satisfyReadWriteOncePod, FitError).
func TestSchedulerClaimChecks(t *testing.T) {
	c := newStorageCluster(t, nfsClient(nil))
	pod := func(name, claim string) *api.Pod {
		return &api.Pod{ObjectMeta: api.ObjectMeta{Name: name}, Spec: api.PodSpec{
			Containers: []api.Container{{Name: "c", Image: "busybox"}},
			Volumes:    []api.Volume{{Name: "d", ClaimName: claim}}}}
	}
	_, err := c.ApplyPod(pod("orphan", "nope"))
	require.NoError(t, err)
	require.NoError(t, c.RunUntilStable())
	assert.Contains(t, kubeEvents(c, "orphan"),
		`Pod/orphan FailedScheduling: 0/3 nodes are available: persistentvolumeclaim "nope" not found. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.`)
	// Creating the claim lets the pod through.
	_, err = c.ApplyClaim(claimOf("nope", "1Gi", new("nfs-client"), storage.ReadWriteOnce))
	require.NoError(t, err)
	require.NoError(t, c.RunUntilStable())
	p, _ := c.Pod("orphan")
	assert.True(t, api.IsPodReady(p))

	_, err = c.ApplyClaim(claimOf("solo", "1Gi", new("nfs-client"), storage.ReadWriteOncePod))
	require.NoError(t, err)
	_, err = c.ApplyPod(pod("first", "solo"))
	require.NoError(t, err)
	require.NoError(t, c.RunUntilStable())
	_, err = c.ApplyPod(pod("second", "solo"))
	require.NoError(t, err)
	require.NoError(t, c.RunUntilStable())
	second, _ := c.Pod("second")
	assert.Empty(t, second.Spec.NodeName)
	assert.Contains(t, kubeEvents(c, "second"),
		"Pod/second FailedScheduling: 0/3 nodes are available: 3 node(s) unavailable due to PersistentVolumeClaim with ReadWriteOncePod access mode already in-use by another pod. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.")
	require.NoError(t, c.DeletePod("first", sim.DeleteOptions{}))
	require.NoError(t, c.RunUntilStable())
	second, _ = c.Pod("second")
	assert.NotEmpty(t, second.Spec.NodeName, "scheduled once the holder is gone")

	// ReadWriteMany on NFS: both pods run (no attach step, no Multi-Attach).
	_, err = c.ApplyClaim(claimOf("many", "1Gi", new("nfs-client"), storage.ReadWriteMany))
	require.NoError(t, err)
	for _, n := range []string{"a", "b"} {
		_, err = c.ApplyPod(pod(n, "many"))
		require.NoError(t, err)
	}
	require.NoError(t, c.RunUntilStable())
	for _, n := range []string{"a", "b"} {
		p, _ := c.Pod(n)
		assert.True(t, api.IsPodReady(p), n)
	}
	a, _, _ := c.VolumeForMount("a", "/x")
	assert.Nil(t, a, "no container mounts the volume")
}

// TestKubeletWaitsForClaim: a pod placed on a node directly (nodeName) with
// an unbound claim does not start: the kubelet reports FailedMount after
// its timeout, and starts the containers once the claim is bound (storage.md
// §8; upstream desired_state_of_world_populator, WaitForAttachAndMount).
func TestKubeletWaitsForClaim(t *testing.T) {
	c := newStorageCluster(t, nfsClient(nil))
	require.NoError(t, c.StopProvisioner(sim.NFSSubdirProvisioner))
	_, err := c.ApplyClaim(claimOf("late", "1Gi", new("nfs-client"), storage.ReadWriteOnce))
	require.NoError(t, err)
	_, err = c.ApplyPod(&api.Pod{ObjectMeta: api.ObjectMeta{Name: "direct"}, Spec: api.PodSpec{NodeName: "node-2",
		Containers: []api.Container{{Name: "c", Image: "busybox", VolumeMounts: []api.VolumeMount{{Name: "d", MountPath: "/d"}}}},
		Volumes:    []api.Volume{{Name: "d", ClaimName: "late"}}}})
	require.NoError(t, err)
	require.NoError(t, c.RunFor(3*60e9))
	p, _ := c.Pod("direct")
	assert.Equal(t, api.PodPending, p.Status.Phase)
	assert.Contains(t, kubeEvents(c, "direct"),
		"Pod/direct FailedMount: Unable to attach or mount volumes: unmounted volumes=[d], unattached volumes=[d], failed to process volumes=[d]: error processing PVC default/late: PVC is not bound")
	require.NoError(t, c.StartProvisioner(sim.NFSSubdirProvisioner))
	require.NoError(t, c.RunUntilStable())
	p, _ = c.Pod("direct")
	assert.Equal(t, api.PodRunning, p.Status.Phase)
}
