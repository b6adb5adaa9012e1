package sim_test

import (
	"flag"
	"fmt"
	"os"
	"slices"
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

var updateNodeGolden = flag.Bool("update-node-golden", false, "rewrite testdata/node_*.golden")

// nodeGolden compares out with testdata/<name>.golden.
func nodeGolden(t *testing.T, name, out string) {
	t.Helper()
	path := "testdata/" + name + ".golden"
	if *updateNodeGolden {
		require.NoError(t, os.MkdirAll("testdata", 0o755))
		require.NoError(t, os.WriteFile(path, []byte(out), 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err)
	require.Equal(t, string(want), out)
}

// webWithClaims is set "web" (nginx, OrderedReady) with a claim template
// "data" on nfs-client, whose volumes any node can mount.
func webWithClaims(replicas int32) *sts.StatefulSet {
	s := benchSet("web", sts.OrderedReady, replicas)
	s.Spec.VolumeClaimTemplates = []storage.PersistentVolumeClaim{{ObjectMeta: api.ObjectMeta{Name: "data"},
		Spec: storage.ClaimSpec{StorageClassName: new("nfs-client"), AccessModes: []string{storage.ReadWriteOnce}, Storage: "1Gi"}}}
	s.Spec.Template.Spec.Containers[0].VolumeMounts = []api.VolumeMount{{Name: "data", MountPath: "/usr/share/nginx/html"}}
	return s
}

// nodeLossCluster runs web (3 replicas with claims) to stable and returns
// the cluster and the node of web-1.
func nodeLossCluster(t *testing.T) (*sim.Cluster, string) {
	t.Helper()
	c := sim.NewCluster(sim.Config{Seed: 1})
	_, err := c.ApplyStorageClass(nfsClient(nil))
	require.NoError(t, err)
	_, err = c.ApplyStatefulSet(webWithClaims(3))
	require.NoError(t, err)
	require.NoError(t, c.RunUntilStable())
	p, ok := c.Pod("web-1")
	require.True(t, ok)
	return c, p.Spec.NodeName
}

// timeline prints the trace from event from on, then the pods as kubectl
// get pods -o wide would (name, status, node, uid prefix), and the claims.
func timeline(c *sim.Cluster, from int) (string, int) {
	var b strings.Builder
	tr := c.Trace()
	for _, e := range tr[from:] {
		b.WriteString(e.String() + "\n")
	}
	b.WriteString(podTable(c))
	return b.String(), len(tr)
}

func podTable(c *sim.Cluster) string {
	var b strings.Builder
	fmt.Fprintf(&b, "-- at %s\n", c.Now())
	for _, p := range c.Pods("default") {
		status := string(p.Status.Phase)
		if p.Terminating() {
			status = "Terminating"
		}
		ready := "Ready=False"
		if api.IsPodReady(p) {
			ready = "Ready=True"
		}
		claim := ""
		for _, v := range p.Spec.Volumes {
			if v.ClaimName != "" {
				claim = v.ClaimName
			}
		}
		fmt.Fprintf(&b, "pod %s %s %s %s %s\n", p.Name, status, ready, p.Spec.NodeName, claim)
	}
	for _, n := range c.Nodes() {
		fmt.Fprintf(&b, "node %s ready=%v taints=%v\n", n.Name, n.Status.Ready, n.Spec.Taints)
	}
	return b.String()
}

// TestNodeLossPodStaysTerminating is the at-most-one-pod-per-identity
// guarantee under node loss (statefulset.md §2.5, §9: #74689, #54368,
// #72226). The node of web-1 loses power: after the 50 s grace period the
// node-lifecycle-controller marks it Ready=Unknown and web-1 Ready=False
// (MarkPodsNotReady), taints it unreachable (NoSchedule, then NoExecute);
// 300 s later (the default toleration) the taint eviction controller
// deletes web-1, which gets its deletionTimestamp but, with no kubelet to
// confirm, stays Terminating — and the StatefulSet does not replace it,
// not even an hour later. Each of the three documented ways out then
// brings web-1 back on another node with the same claim: a force delete,
// deleting the Node (pod GC, after its quarantine), and the
// out-of-service taint (pod GC's gcTerminating). Golden test.
func TestNodeLossPodStaysTerminating(t *testing.T) {
	var out strings.Builder
	for _, way := range []string{"force delete", "delete node", "out-of-service taint"} {
		t.Run(way, func(t *testing.T) {
			c, node := nodeLossCluster(t)
			claimBefore, _ := c.Claim("data-web-1")
			volume := claimBefore.Spec.VolumeName
			fmt.Fprintf(&out, "==== %s (web-1 on %s)\n", way, node)
			from := len(c.Trace())
			down := c.Now()
			require.NoError(t, c.Inject(sim.NodeDown{Node: node}))
			require.NoError(t, c.RunFor(time.Hour))

			n, _ := c.Node(node)
			assert.False(t, n.Status.Ready, "the node is NotReady (Unknown)")
			p, ok := c.Pod("web-1")
			require.True(t, ok, "web-1 is not replaced")
			require.True(t, p.Terminating(), "web-1 stays Terminating")
			assert.False(t, api.IsPodReady(p))
			assert.Equal(t, node, p.Spec.NodeName)
			evicted := *p.DeletionTimestamp - down
			assert.True(t, evicted > 340*time.Second && evicted < 360*time.Second, "evicted %s after the node went down", evicted)
			set, _ := c.StatefulSet("web")
			assert.Equal(t, int32(2), set.Status.ReadyReplicas)

			s, next := timeline(c, from)
			out.WriteString(s)
			switch way {
			case "force delete":
				require.NoError(t, c.DeletePod("web-1", sim.DeleteOptions{Force: true}))
			case "delete node":
				require.NoError(t, c.DeleteNode(node))
			case "out-of-service taint":
				require.NoError(t, c.TaintNode(node, api.Taint{Key: api.TaintNodeOutOfService, Value: "nodeshutdown", Effect: api.TaintEffectNoExecute}))
			}
			require.NoError(t, c.RunUntilStable())
			s, _ = timeline(c, next)
			out.WriteString(s)

			p, ok = c.Pod("web-1")
			require.True(t, ok)
			assert.False(t, p.Terminating())
			assert.True(t, api.IsPodReady(p))
			assert.NotEqual(t, node, p.Spec.NodeName, "recreated on another node")
			claim, _ := c.Claim("data-web-1")
			assert.Equal(t, volume, claim.Spec.VolumeName, "the same claim and volume")
			assert.Contains(t, claimNames(p), "data-web-1")
		})
	}
	nodeGolden(t, "node_loss", out.String())
}

func claimNames(p *api.Pod) []string {
	var out []string
	for _, v := range p.Spec.Volumes {
		if v.ClaimName != "" {
			out = append(out, v.ClaimName)
		}
	}
	return out
}

// TestNodeBackFinishesTermination: when the lost node comes back, its
// kubelet finishes the deletion of the evicted pod (its containers died
// with the power), the StatefulSet recreates it, and the controller lifts
// its taints; the other pods of the node are restarted with a new
// restartCount.
func TestNodeBackFinishesTermination(t *testing.T) {
	c, node := nodeLossCluster(t)
	old, _ := c.Pod("web-1")
	require.NoError(t, c.Inject(sim.NodeDown{Node: node}))
	require.NoError(t, c.RunFor(10*time.Minute))
	require.NoError(t, c.Inject(sim.NodeUp{Node: node}))
	require.NoError(t, c.RunUntilStable())
	p, ok := c.Pod("web-1")
	require.True(t, ok)
	assert.NotEqual(t, old.UID, p.UID, "a new incarnation")
	assert.True(t, api.IsPodReady(p))
	n, _ := c.Node(node)
	assert.True(t, n.Status.Ready)
	assert.Empty(t, n.Spec.Taints)
	set, _ := c.StatefulSet("web")
	assert.Equal(t, int32(3), set.Status.ReadyReplicas)
}

// TestShortOutageRestartsContainers: a node back before the grace period
// runs out is never marked NotReady; power loss killed its containers, so
// the kubelet starts them again (restartCount 1, a new IP), while a
// partition leaves them running (restartCount 0).
func TestShortOutageRestartsContainers(t *testing.T) {
	for _, partition := range []bool{false, true} {
		c, node := nodeLossCluster(t)
		before, _ := c.Pod("web-1")
		var f sim.Fault = sim.NodeDown{Node: node}
		if partition {
			f = sim.NodePartition{Node: node}
		}
		require.NoError(t, c.Inject(f))
		require.NoError(t, c.RunFor(20*time.Second))
		n, _ := c.Node(node)
		assert.True(t, n.Status.Ready, "within the grace period")
		require.NoError(t, c.Inject(sim.NodeUp{Node: node}))
		require.NoError(t, c.RunUntilStable())
		p, _ := c.Pod("web-1")
		assert.Equal(t, before.UID, p.UID)
		assert.True(t, api.IsPodReady(p))
		want := int32(1)
		if partition {
			want = 0
		}
		assert.Equal(t, want, p.Status.ContainerStatuses[0].RestartCount, "partition %v", partition)
		assert.Equal(t, partition, p.Status.PodIP == before.Status.PodIP, "partition %v: IP", partition)
	}
}

// TestOutageDuringRecoveryLiftsTaints: a node that comes back, goes down
// and comes back again at once is Ready all along in the API, yet the
// unreachable taints of its first outage come off: the controller's
// tainting passes are level-triggered (node_lifecycle_controller.go
// doNoScheduleTaintingPass, doNoExecuteTaintingPass). Found by
// TestAtMostOneRunningUnderNodeFaults: the taints stayed for ever and the
// set never recovered.
func TestOutageDuringRecoveryLiftsTaints(t *testing.T) {
	c, node := nodeLossCluster(t)
	require.NoError(t, c.Inject(sim.NodeDown{Node: node}))
	require.NoError(t, c.RunFor(time.Minute))
	n, _ := c.Node(node)
	require.True(t, hasTaintKey(n, api.TaintNodeUnreachable), "tainted after the grace period")
	require.NoError(t, c.Inject(sim.NodeUp{Node: node}))
	require.NoError(t, c.Inject(sim.NodeDown{Node: node}))
	require.NoError(t, c.Inject(sim.NodeUp{Node: node}))
	require.NoError(t, c.RunFor(time.Minute))
	n, _ = c.Node(node)
	assert.True(t, n.Status.Ready)
	assert.False(t, hasTaintKey(n, api.TaintNodeUnreachable), "taints %v", n.Spec.Taints)
	require.NoError(t, c.RunUntilStable())
	set, _ := c.StatefulSet("web")
	assert.Equal(t, int32(3), set.Status.ReadyReplicas)
}

func hasTaintKey(n *api.Node, k string) bool {
	return slices.ContainsFunc(n.Spec.Taints, func(t api.Taint) bool { return t.Key == k })
}

// TestDeletedRunningNodeComesBack: a partitioned node declared out of
// service loses its pods (their containers keep running there, orphaned);
// its partition heals and, at the same instant, its Node object is
// deleted, so its kubelet stops before it kills them. NodeUp is the
// kubelet restarting: it registers the node again and kills the orphans.
// Found by TestAtMostOneRunningUnderNodeFaults.
func TestDeletedRunningNodeComesBack(t *testing.T) {
	c := sim.NewCluster(sim.Config{Seed: 1})
	_, err := c.ApplyStorageClass(nfsClient(nil))
	require.NoError(t, err)
	_, err = c.ApplyStatefulSet(webWithClaims(3))
	require.NoError(t, err)
	require.NoError(t, c.RunFor(3*time.Second))
	require.NoError(t, c.Inject(sim.NodePartition{Node: "node-1"}))
	require.NoError(t, c.TaintNode("node-1", api.Taint{Key: api.TaintNodeOutOfService, Value: "nodeshutdown", Effect: api.TaintEffectNoExecute}))
	require.NoError(t, c.RunFor(57*time.Second))
	require.NoError(t, c.Inject(sim.NodeUp{Node: "node-1"}))
	require.NoError(t, c.DeleteNode("node-1"))
	require.NoError(t, c.Inject(sim.NodeUp{Node: "node-1"}))
	require.NoError(t, c.RunFor(time.Minute))
	_, ok := c.Node("node-1")
	assert.True(t, ok, "registered again")
	for _, r := range c.Runtime() {
		assert.False(t, r.Orphaned, "orphaned containers left: %+v", r)
	}
}

// TestPartitionForceDeleteRunsTwo: force-deleting a pod of a partitioned
// node breaks the guarantee, as the Kubernetes documentation warns: the
// replacement runs while the old containers still do, until the node is
// reachable again and its kubelet kills them.
func TestPartitionForceDeleteRunsTwo(t *testing.T) {
	c, node := nodeLossCluster(t)
	require.NoError(t, c.Inject(sim.NodePartition{Node: node}))
	require.NoError(t, c.RunFor(6*time.Minute))
	require.NoError(t, c.DeletePod("web-1", sim.DeleteOptions{Force: true}))
	require.NoError(t, c.RunUntilStable())
	assert.Equal(t, 2, running(c, "web-1"), "the old containers and the replacement")
	require.NoError(t, c.Inject(sim.NodeUp{Node: node}))
	require.NoError(t, c.RunUntilStable())
	assert.Equal(t, 1, running(c, "web-1"))
}

func running(c *sim.Cluster, name string) int {
	n := 0
	for _, r := range c.Runtime() {
		if r.Name == name && r.Running {
			n++
		}
	}
	return n
}

// TestAllZonesDisruptedNoEviction: when every node is NotReady the
// controller assumes the control plane is cut off, not every node dead
// (handleDisruption): it takes its NoExecute taints off and evicts
// nothing.
func TestAllZonesDisruptedNoEviction(t *testing.T) {
	c, _ := nodeLossCluster(t)
	for _, n := range c.Nodes() {
		require.NoError(t, c.Inject(sim.NodeDown{Node: n.Name}))
	}
	require.NoError(t, c.RunFor(30*time.Minute))
	for _, p := range c.Pods("default") {
		assert.False(t, p.Terminating(), "%s is not evicted", p.Name)
	}
	for _, n := range c.Nodes() {
		assert.False(t, n.Status.Ready)
		for _, tt := range n.Spec.Taints {
			assert.NotEqual(t, api.TaintEffectNoExecute, tt.Effect, "%s: %s", n.Name, tt)
		}
	}
}

// TestNodeAddAndCapacity: a node's pod capacity limits the scheduler
// ("Too many pods"); a node added later takes the pod the queue held.
func TestNodeAddAndCapacity(t *testing.T) {
	c := sim.NewCluster(sim.Config{Seed: 2, Nodes: 1, NodePods: 2})
	_, err := c.ApplyStatefulSet(benchSet("web", sts.Parallel, 3))
	require.NoError(t, err)
	require.NoError(t, c.RunUntilStable())
	p, _ := c.Pod("web-2")
	require.Empty(t, p.Spec.NodeName)
	cond := p.Status.Condition(api.PodScheduled)
	require.NotNil(t, cond)
	assert.Equal(t, "0/1 nodes are available: 1 Too many pods. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.", cond.Message)
	require.NoError(t, c.AddNode("node-2", sim.NodeOptions{}))
	require.NoError(t, c.RunUntilStable())
	p, _ = c.Pod("web-2")
	assert.Equal(t, "node-2", p.Spec.NodeName)
	n, _ := c.Node("node-2")
	assert.Equal(t, "zone-b", n.Labels[api.LabelTopologyZone])
	assert.Equal(t, "10.244.2.0/24", n.Spec.PodCIDR)
}
