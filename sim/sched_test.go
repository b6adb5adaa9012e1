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

// antiAffine gives the set's pods a required anti-affinity to each other on
// kubernetes.io/hostname: at most one per node.
func antiAffine(s *sts.StatefulSet) *sts.StatefulSet {
	s.Spec.Template.Spec.Affinity = &api.Affinity{PodAntiAffinity: &api.PodAntiAffinity{
		RequiredDuringSchedulingIgnoredDuringExecution: []api.PodAffinityTerm{{
			LabelSelector: &api.LabelSelector{MatchLabels: map[string]string{"app": s.Name}},
			TopologyKey:   api.LabelHostname,
		}},
	}}
	return s
}

func scheduledMessage(t *testing.T, c *sim.Cluster, pod string) string {
	t.Helper()
	p, ok := c.Pod(pod)
	require.True(t, ok)
	require.Empty(t, p.Spec.NodeName, "%s is not scheduled", pod)
	cond := p.Status.Condition(api.PodScheduled)
	require.NotNil(t, cond)
	assert.Equal(t, "Unschedulable", cond.Reason)
	return cond.Message
}

// TestAntiAffinityOnePerNode: with required anti-affinity on the hostname,
// the fourth replica fits no node of three and gets kube-scheduler's
// FitError (InterPodAffinity: "didn't match pod anti-affinity rules",
// Unschedulable, so preemption is tried and finds no victim among pods of
// equal priority); it is scheduled once a node is added.
func TestAntiAffinityOnePerNode(t *testing.T) {
	c := sim.NewCluster(sim.Config{Seed: 1})
	_, err := c.ApplyStatefulSet(antiAffine(benchSet("web", sts.Parallel, 4)))
	require.NoError(t, err)
	require.NoError(t, c.RunUntilStable())
	nodes := map[string]bool{}
	for _, name := range []string{"web-0", "web-1", "web-2"} {
		p, _ := c.Pod(name)
		nodes[p.Spec.NodeName] = true
	}
	assert.Len(t, nodes, 3, "one pod per node")
	assert.Equal(t, "0/3 nodes are available: 3 node(s) didn't match pod anti-affinity rules. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.",
		scheduledMessage(t, c, "web-3"))
	require.NoError(t, c.AddNode("node-4", sim.NodeOptions{}))
	require.NoError(t, c.RunUntilStable())
	p, _ := c.Pod("web-3")
	assert.Equal(t, "node-4", p.Spec.NodeName)
}

// TestFilterReasonsHistogram: each node fails at its first filter and the
// message counts the reasons, sorted (FitError.Error): a cordoned node, a
// tainted one, one without the selected label.
func TestFilterReasonsHistogram(t *testing.T) {
	c := sim.NewCluster(sim.Config{Seed: 1, Nodes: 4})
	_, err := c.ApplyNode(&api.Node{ObjectMeta: api.ObjectMeta{Name: "node-1"}, Spec: api.NodeSpec{Unschedulable: true}})
	require.NoError(t, err)
	require.NoError(t, c.TaintNode("node-2", api.Taint{Key: "dedicated", Value: "db", Effect: api.TaintEffectNoSchedule}))
	require.NoError(t, c.TaintNode("node-4", api.Taint{Key: "dedicated", Value: "db", Effect: api.TaintEffectNoSchedule}))
	s := benchSet("web", sts.Parallel, 2)
	s.Spec.Template.Spec.NodeSelector = map[string]string{api.LabelTopologyZone: "zone-a"}
	_, err = c.ApplyStatefulSet(s)
	require.NoError(t, err)
	require.NoError(t, c.RunUntilStable())
	assert.Equal(t, "0/4 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 1 node(s) were unschedulable, 2 node(s) had untolerated taint(s). preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling.",
		scheduledMessage(t, c, "web-0"))
	// Untainting node-4 (zone-a) sends the parked pods back to the queue.
	require.NoError(t, c.UntaintNode("node-4", api.Taint{Key: "dedicated", Effect: api.TaintEffectNoSchedule}))
	require.NoError(t, c.RunUntilStable())
	for _, name := range []string{"web-0", "web-1"} {
		p, _ := c.Pod(name)
		assert.Equal(t, "node-4", p.Spec.NodeName, name)
	}
}

// TestDefaultTolerations: pods get the DefaultTolerationSeconds admission
// plugin's tolerations unless they tolerate the taints already.
func TestDefaultTolerations(t *testing.T) {
	c := sim.NewCluster(sim.Config{Seed: 1})
	_, err := c.ApplyStatefulSet(benchSet("web", sts.Parallel, 1))
	require.NoError(t, err)
	require.NoError(t, c.RunUntilStable())
	p, _ := c.Pod("web-0")
	require.Len(t, p.Spec.Tolerations, 2)
	for i, key := range []string{api.TaintNodeNotReady, api.TaintNodeUnreachable} {
		tol := p.Spec.Tolerations[i]
		assert.Equal(t, key, tol.Key)
		assert.Equal(t, api.TolerationOpExists, tol.Operator)
		assert.Equal(t, api.TaintEffectNoExecute, tol.Effect)
		require.NotNil(t, tol.TolerationSeconds)
		assert.Equal(t, int64(300), *tol.TolerationSeconds)
	}
	// A pod that tolerates everything gets nothing more, and is never
	// evicted from a lost node.
	s := benchSet("forever", sts.Parallel, 1)
	s.Spec.Template.Spec.Tolerations = []api.Toleration{{Operator: api.TolerationOpExists}}
	_, err = c.ApplyStatefulSet(s)
	require.NoError(t, err)
	require.NoError(t, c.RunUntilStable())
	p, _ = c.Pod("forever-0")
	assert.Len(t, p.Spec.Tolerations, 1)
	require.NoError(t, c.Inject(sim.NodeDown{Node: p.Spec.NodeName}))
	require.NoError(t, c.RunFor(time.Hour))
	p, _ = c.Pod("forever-0")
	assert.False(t, p.Terminating())
}

// TestCrashLoopBackOffBlocksScaleUp: a container that exits 5 s after every
// start, before its readiness probe's 10 s, is restarted with the kubelet's
// back-off (at once, then 10 s doubling, capped at 5 min): the restart
// count grows ever more slowly, the pod shows CrashLoopBackOff while it
// waits, and OrderedReady never creates web-1 behind it
// (statefulset.md §2.3, §9: #57865, #60164).
func TestCrashLoopBackOffBlocksScaleUp(t *testing.T) {
	c := sim.NewCluster(sim.Config{Seed: 1})
	s := benchSet("web", sts.OrderedReady, 3)
	s.Spec.Template.Spec.Containers[0].Image = "crasher:1"
	s.Spec.Template.Spec.Containers[0].ReadinessProbe = &api.Probe{InitialDelaySeconds: 10}
	c.BehaveImage("crasher:1", sim.CrashAfter(5*time.Second))
	_, err := c.ApplyStatefulSet(s)
	require.NoError(t, err)
	restarts := func() int32 {
		p, _ := c.Pod("web-0")
		if len(p.Status.ContainerStatuses) == 0 {
			return 0
		}
		return p.Status.ContainerStatuses[0].RestartCount
	}
	// The first start is at ~2.6 s (pull and start); every run lasts 5 s
	// and the waits after the crashes are 0, 10, 20, 40, 80, 160, 300,
	// 300 s: crashes at ~7.6, 12.6, 27.6, 52.6, 97.6, 182.6, 347.6, 652.6,
	// 957.6 s, restarts (each counted when it happens) at 7.6, 22.6, 47.6,
	// 92.6, 177.6, 342.6, 647.6, 952.6 and 1257.6 s.
	var got []int32
	for _, at := range []time.Duration{10 * time.Second, 20 * time.Second, time.Minute, 3 * time.Minute, 10 * time.Minute, 20 * time.Minute} {
		require.NoError(t, c.RunFor(at-c.Now()))
		got = append(got, restarts())
	}
	assert.Equal(t, []int32{1, 1, 3, 5, 6, 8}, got)
	for i := 1; i < len(got); i++ {
		assert.GreaterOrEqual(t, got[i], got[i-1])
	}
	_, ok := c.Pod("web-1")
	assert.False(t, ok, "OrderedReady creates nothing behind a crash-looping pod")
	p, _ := c.Pod("web-0")
	waiting := p.Status.ContainerStatuses[0].State == "waiting"
	if waiting {
		assert.Equal(t, "CrashLoopBackOff", p.Status.ContainerStatuses[0].Reason)
	}
	set, _ := c.StatefulSet("web")
	assert.Equal(t, int32(0), set.Status.ReadyReplicas)
}

// nodeAffine gives the set's pods a required node affinity of one term.
func nodeAffine(s *sts.StatefulSet, term api.NodeSelectorTerm) *sts.StatefulSet {
	s.Spec.Template.Spec.Affinity = &api.Affinity{NodeAffinity: &api.NodeAffinity{
		RequiredDuringSchedulingIgnoredDuringExecution: &api.NodeSelector{NodeSelectorTerms: []api.NodeSelectorTerm{term}},
	}}
	return s
}

func zoneIn(zones ...string) api.NodeSelectorTerm {
	return api.NodeSelectorTerm{MatchExpressions: []api.NodeSelectorRequirement{
		{Key: api.LabelTopologyZone, Operator: api.NodeSelectorOpIn, Values: zones},
	}}
}

func nameIn(names ...string) api.NodeSelectorTerm {
	return api.NodeSelectorTerm{MatchFields: []api.NodeSelectorRequirement{
		{Key: api.NodeFieldName, Operator: api.NodeSelectorOpIn, Values: names},
	}}
}

// nodesOf returns the node of each pod, which must be scheduled.
func nodesOf(t *testing.T, c *sim.Cluster, pods ...string) map[string]int {
	t.Helper()
	nodes := map[string]int{}
	for _, name := range pods {
		p, ok := c.Pod(name)
		require.True(t, ok, name)
		require.NotEmpty(t, p.Spec.NodeName, "%s is scheduled", name)
		nodes[p.Spec.NodeName]++
	}
	return nodes
}

// TestNodeAffinityZone: pods required to run in two zones of six nodes
// (zone-a: node-1, node-4; zone-b: node-2, node-5) land only there
// (upstream: NodeAffinity.Filter, RequiredNodeAffinity.Match).
func TestNodeAffinityZone(t *testing.T) {
	c := sim.NewCluster(sim.Config{Seed: 1, Nodes: 6})
	_, err := c.ApplyStatefulSet(nodeAffine(benchSet("web", sts.Parallel, 8), zoneIn("zone-a", "zone-b")))
	require.NoError(t, err)
	require.NoError(t, c.RunUntilStable())
	got := nodesOf(t, c, "web-0", "web-1", "web-2", "web-3", "web-4", "web-5", "web-6", "web-7")
	assert.Equal(t, map[string]int{"node-1": 2, "node-2": 2, "node-4": 2, "node-5": 2}, got)
}

// TestNodeAffinityAndSelector: a node must match both the nodeSelector and
// the required node affinity; a node failing either gets the one reason.
func TestNodeAffinityAndSelector(t *testing.T) {
	c := sim.NewCluster(sim.Config{Seed: 1})
	s := nodeAffine(benchSet("web", sts.Parallel, 1), zoneIn("zone-a", "zone-b"))
	s.Spec.Template.Spec.NodeSelector = map[string]string{api.LabelTopologyZone: "zone-c"}
	_, err := c.ApplyStatefulSet(s)
	require.NoError(t, err)
	require.NoError(t, c.RunUntilStable())
	assert.Equal(t, "0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.",
		scheduledMessage(t, c, "web-0"))
}

// TestNodeAffinityUnsatisfiable: a zone no node is in leaves the pod
// Pending with the FitError; a node added in that zone takes it.
func TestNodeAffinityUnsatisfiable(t *testing.T) {
	c := sim.NewCluster(sim.Config{Seed: 1})
	_, err := c.ApplyStatefulSet(nodeAffine(benchSet("web", sts.Parallel, 1), zoneIn("zone-z")))
	require.NoError(t, err)
	require.NoError(t, c.RunUntilStable())
	assert.Equal(t, "0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.",
		scheduledMessage(t, c, "web-0"))
	p, _ := c.Pod("web-0")
	assert.Equal(t, api.PodPending, p.Status.Phase)
	require.NoError(t, c.AddNode("node-4", sim.NodeOptions{Labels: map[string]string{api.LabelTopologyZone: "zone-z"}}))
	require.NoError(t, c.RunUntilStable())
	assert.Equal(t, map[string]int{"node-4": 1}, nodesOf(t, c, "web-0"))
}

// TestNodeAffinityNodeName: matchFields metadata.name pins the pods to one
// node; NodeAffinity's PreFilter leaves the other nodes out of the filters
// (they count as "didn't satisfy plugin(s) [NodeAffinity]"), and terms
// naming disjoint nodes conflict.
func TestNodeAffinityNodeName(t *testing.T) {
	c := sim.NewCluster(sim.Config{Seed: 1})
	_, err := c.ApplyStatefulSet(nodeAffine(benchSet("web", sts.Parallel, 3), nameIn("node-2")))
	require.NoError(t, err)
	require.NoError(t, c.RunUntilStable())
	assert.Equal(t, map[string]int{"node-2": 3}, nodesOf(t, c, "web-0", "web-1", "web-2"))

	// The named node is tainted: it fails TaintToleration, the others the
	// PreFilter.
	require.NoError(t, c.TaintNode("node-3", api.Taint{Key: "dedicated", Value: "db", Effect: api.TaintEffectNoSchedule}))
	_, err = c.ApplyStatefulSet(nodeAffine(benchSet("db", sts.Parallel, 1), nameIn("node-3")))
	require.NoError(t, err)
	require.NoError(t, c.RunUntilStable())
	assert.Equal(t, "0/3 nodes are available: 1 node(s) had untolerated taint(s), 2 node(s) didn't satisfy plugin(s) [NodeAffinity]. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.",
		scheduledMessage(t, c, "db-0"))

	// Both requirements of one term must hold: node-1 and node-2 have
	// nothing in common.
	term := nameIn("node-1")
	term.MatchFields = append(term.MatchFields, nameIn("node-2").MatchFields...)
	_, err = c.ApplyStatefulSet(nodeAffine(benchSet("cache", sts.Parallel, 1), term))
	require.NoError(t, err)
	require.NoError(t, c.RunUntilStable())
	assert.Equal(t, "0/3 nodes are available: pod affinity terms conflict. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.",
		scheduledMessage(t, c, "cache-0"))
}
