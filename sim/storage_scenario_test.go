package sim_test

import (
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/stsim/stsim/api"
	"github.com/stsim/stsim/sim"
	"github.com/stsim/stsim/storage"
	"github.com/stsim/stsim/sts"
)

// nfsClient is the seed's nfs-client class as nfs-subdir's deploy/class.yaml
// defines it.
func nfsClient(params map[string]string) *storage.StorageClass {
	if params == nil {
		params = map[string]string{"archiveOnDelete": "false"}
	}
	return &storage.StorageClass{ObjectMeta: api.ObjectMeta{Name: "nfs-client"},
		Provisioner: sim.NFSSubdirProvisioner, Parameters: params}
}

// redisPVSet is the seed's redis-pv-sts: template redis-100m-pvc on
// nfs-client, ReadWriteMany, 100Mi, mounted at /data, 2 replicas.
func redisPVSet(replicas int32, opts ...func(*sts.StatefulSet)) *sts.StatefulSet {
	labels := map[string]string{"app": "redis-pv-sts"}
	s := &sts.StatefulSet{
		ObjectMeta: api.ObjectMeta{Name: "redis-pv-sts"},
		Spec: sts.Spec{
			Replicas: &replicas, ServiceName: "redis-pv-svc",
			Selector: &api.LabelSelector{MatchLabels: labels},
			VolumeClaimTemplates: []storage.PersistentVolumeClaim{{
				ObjectMeta: api.ObjectMeta{Name: "redis-100m-pvc"},
				Spec:       storage.ClaimSpec{StorageClassName: new("nfs-client"), AccessModes: []string{storage.ReadWriteMany}, Storage: "100Mi"},
			}},
			Template: api.PodTemplateSpec{Labels: labels, Spec: api.PodSpec{Containers: []api.Container{{
				Name: "redis", Image: "redis:5-alpine", Ports: []api.ContainerPort{{ContainerPort: 6379}},
				VolumeMounts: []api.VolumeMount{{Name: "redis-100m-pvc", MountPath: "/data"}},
			}}}},
		},
	}
	for _, o := range opts {
		o(s)
	}
	return s
}

func retention(whenScaled, whenDeleted string) func(*sts.StatefulSet) {
	return func(s *sts.StatefulSet) {
		s.Spec.PersistentVolumeClaimRetentionPolicy = &sts.RetentionPolicy{WhenScaled: whenScaled, WhenDeleted: whenDeleted}
	}
}

func newStorageCluster(t *testing.T, classes ...*storage.StorageClass) *sim.Cluster {
	t.Helper()
	c := sim.NewCluster(sim.Config{Seed: 3})
	for _, sc := range classes {
		_, err := c.ApplyStorageClass(sc)
		require.NoError(t, err)
	}
	return c
}

func claimPhase(c *sim.Cluster, name string) string {
	pvc, ok := c.Claim(name)
	if !ok {
		return "<none>"
	}
	if pvc.Terminating() {
		return "Terminating"
	}
	return pvc.Status.Phase
}

// kubeEvents returns "Kind/name Reason: message" of the Kubernetes Events
// about objects whose name has the prefix.
func kubeEvents(c *sim.Cluster, prefix string) []string {
	var out []string
	for _, e := range c.KubeEvents() {
		if strings.HasPrefix(e.Name, prefix) {
			out = append(out, fmt.Sprintf("%s/%s %s: %s", e.Kind, e.Name, e.Reason, e.Message))
		}
	}
	return out
}

func traceLines(c *sim.Cluster, filter func(sim.Event) bool) string {
	var b strings.Builder
	for _, e := range c.Trace() {
		if filter(e) {
			b.WriteString(e.String())
			b.WriteByte('\n')
		}
	}
	return b.String()
}

var updateStorageGolden = flag.Bool("update-storage-golden", false, "rewrite testdata/storage_*.golden")

// checkGolden compares out with testdata/<name>.golden.
func checkGolden(t *testing.T, name, out string) {
	t.Helper()
	path := "testdata/" + name + ".golden"
	if *updateStorageGolden {
		require.NoError(t, os.MkdirAll("testdata", 0o755))
		require.NoError(t, os.WriteFile(path, []byte(out), 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err)
	require.Equal(t, string(want), out)
}

// storageSummary prints the claims and volumes roughly as kubectl get pvc
// and get pv do.
func storageSummary(c *sim.Cluster) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%-32s %-8s %-44s %-8s %-6s %s\n", "NAME", "STATUS", "VOLUME", "CAPACITY", "ACCESS", "STORAGECLASS")
	for _, pvc := range c.Claims("default") {
		phase := pvc.Status.Phase
		if pvc.Terminating() {
			phase = "Terminating"
		}
		fmt.Fprintf(&b, "%-32s %-8s %-44s %-8s %-6s %s\n", pvc.Name, phase, pvc.Spec.VolumeName, pvc.Status.Capacity,
			storage.AccessModesString(pvc.Status.AccessModes), storage.ClaimClass(pvc))
	}
	for _, v := range c.Volumes() {
		claim := ""
		if r := v.Spec.ClaimRef; r != nil {
			claim = r.Namespace + "/" + r.Name
		}
		fmt.Fprintf(&b, "pv %s %s %s %s %s %s\n", v.Name, v.Spec.Capacity, storage.AccessModesString(v.Spec.AccessModes),
			v.Spec.PersistentVolumeReclaimPolicy, v.Status.Phase, claim)
	}
	for _, d := range c.StorageDirectories() {
		fmt.Fprintf(&b, "dir %s\n", d)
	}
	return b.String()
}

// TestRedisPVDataSurvivesPodDeletion is the seed's walkthrough: redis-pv-sts
// on nfs-client gets one provisioned volume per ordinal; a file written in
// pod 0's /data (beside the Redis workload's dump.rdb) survives `delete pod
// redis-pv-sts-0`: the new pod has the same name, claim and volume
// (statefulset.md §6.2; storage.md §6, §10; upstream CreateStatefulPod
// reuses the claim, provisionClaimOperationExternal, nfs-subdir
// Provision). Golden test.
func TestRedisPVDataSurvivesPodDeletion(t *testing.T) {
	c := newStorageCluster(t, nfsClient(nil))
	_, err := c.ApplyStatefulSet(redisPVSet(2))
	require.NoError(t, err)
	require.NoError(t, c.RunUntilStable())
	for _, n := range []string{"redis-100m-pvc-redis-pv-sts-0", "redis-100m-pvc-redis-pv-sts-1"} {
		assert.Equal(t, storage.ClaimBound, claimPhase(c, n))
	}
	old, _ := c.Pod("redis-pv-sts-0")
	claim0, _ := c.Claim("redis-100m-pvc-redis-pv-sts-0")
	data, rel, ok := c.VolumeForMount("redis-pv-sts-0", "/data/notes.txt")
	require.True(t, ok)
	assert.Equal(t, "/notes.txt", rel)
	data.Put(rel, []byte("a=111 b=222"))
	mark := len(c.Trace())

	require.NoError(t, c.DeletePod("redis-pv-sts-0", sim.DeleteOptions{}))
	require.NoError(t, c.RunUntilStable())
	p, ok := c.Pod("redis-pv-sts-0")
	require.True(t, ok)
	assert.NotEqual(t, old.UID, p.UID)
	assert.Equal(t, "redis-100m-pvc-redis-pv-sts-0", p.Spec.Volumes[0].ClaimName)
	claimAfter, _ := c.Claim("redis-100m-pvc-redis-pv-sts-0")
	assert.Equal(t, claim0.UID, claimAfter.UID, "the same claim object")
	assert.Equal(t, claim0.Spec.VolumeName, claimAfter.Spec.VolumeName, "the same volume")
	data2, _, ok := c.VolumeForMount("redis-pv-sts-0", "/data/notes.txt")
	require.True(t, ok)
	got, ok := data2.Get("/notes.txt")
	require.True(t, ok)
	assert.Equal(t, "a=111 b=222", string(got))
	_, ok = c.ClaimData("redis-100m-pvc-redis-pv-sts-1").Get("/notes.txt")
	assert.False(t, ok, "replicas' data are separate")

	var b strings.Builder
	b.WriteString("# trace until stable\n")
	for i, e := range c.Trace() {
		if i == mark {
			b.WriteString("# kubectl delete pod redis-pv-sts-0\n")
		}
		b.WriteString(e.String() + "\n")
	}
	b.WriteString("\n# storage\n" + storageSummary(c))
	b.WriteString("\n# events\n" + strings.Join(kubeEvents(c, "redis-100m-pvc"), "\n") + "\n")
	checkGolden(t, "storage_redis_pv", b.String())
}

// TestProvisionerOutage: with the nfs provisioner stopped the first claim
// stays Pending with the ExternalProvisioning event, pod 0 stays Pending
// with FailedScheduling, pod 1 is never created (OrderedReady); once the
// provisioner starts everything proceeds (seed README; storage.md §4, §8;
// upstream provisionClaimOperationExternal, VolumeBinding PreFilter,
// FitError).
func TestProvisionerOutage(t *testing.T) {
	c := newStorageCluster(t, nfsClient(nil))
	require.NoError(t, c.StopProvisioner(sim.NFSSubdirProvisioner))
	_, err := c.ApplyStatefulSet(redisPVSet(2))
	require.NoError(t, err)
	require.NoError(t, c.RunUntilStable(), "a claim that cannot bind is not pending work")
	require.NoError(t, c.RunFor(time.Minute))
	assert.Equal(t, storage.ClaimPending, claimPhase(c, "redis-100m-pvc-redis-pv-sts-0"))
	assert.Equal(t, "<none>", claimPhase(c, "redis-100m-pvc-redis-pv-sts-1"))
	p0, ok := c.Pod("redis-pv-sts-0")
	require.True(t, ok)
	assert.Equal(t, api.PodPending, p0.Status.Phase)
	assert.Empty(t, p0.Spec.NodeName)
	cond := p0.Status.Condition(api.PodScheduled)
	require.NotNil(t, cond)
	const unschedulable = "0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling."
	assert.Equal(t, unschedulable, cond.Message)
	_, ok = c.Pod("redis-pv-sts-1")
	assert.False(t, ok)

	var waiting api.Event
	for _, e := range c.KubeEvents() {
		if e.Name == "redis-100m-pvc-redis-pv-sts-0" && e.Reason == "ExternalProvisioning" {
			waiting = e
		}
	}
	assert.Equal(t, "Waiting for a volume to be created either by the external provisioner 'k8s-sigs.io/nfs-subdir-external-provisioner' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.", waiting.Message)
	assert.Equal(t, "Normal", waiting.Type)
	assert.Equal(t, sim.ActorPVController, waiting.Source)
	assert.GreaterOrEqual(t, waiting.Count, int32(4), "re-emitted on every resync (15 s)")
	assert.Contains(t, kubeEvents(c, "redis-pv-sts-0"), "Pod/redis-pv-sts-0 FailedScheduling: "+unschedulable)

	require.NoError(t, c.StartProvisioner(sim.NFSSubdirProvisioner))
	require.NoError(t, c.RunUntilStable())
	for _, n := range []string{"redis-100m-pvc-redis-pv-sts-0", "redis-100m-pvc-redis-pv-sts-1"} {
		assert.Equal(t, storage.ClaimBound, claimPhase(c, n))
	}
	set, _ := c.StatefulSet("redis-pv-sts")
	assert.Equal(t, int32(2), set.Status.ReadyReplicas)
	assert.Error(t, c.StopProvisioner("example.com/none"))
}
