package sim_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/stsim/stsim/api"
	"github.com/stsim/stsim/dns"
	"github.com/stsim/stsim/sim"
	"github.com/stsim/stsim/sts"
)

// faultEvents returns the trace events of actor fault, as text.
func faultEvents(c *sim.Cluster) []string {
	var out []string
	for _, e := range c.Trace() {
		if e.Actor == sim.ActorFault {
			out = append(out, fmt.Sprintf("%s %s/%s %s", e.Verb, strings.ToLower(e.Kind), e.Name, e.Reason))
		}
	}
	return out
}

// TestAPIWriteFailureRetriesWithBackoff: while the API server fails the
// StatefulSet controller's writes with a 500, its creates fail
// (FailedCreate events, folded) and the set is requeued with the rate
// limiter's exponential back-off (5 ms doubling); once the failures end the
// next retry succeeds and the set converges, within RunUntilStable since
// the retries of a transient failure are pending work.
func TestAPIWriteFailureRetriesWithBackoff(t *testing.T) {
	c := sim.NewCluster(sim.Config{Seed: 1})
	_, err := c.ApplyStatefulSet(benchSet("web", sts.OrderedReady, 1))
	require.NoError(t, err)
	require.NoError(t, c.RunUntilStable())
	start := c.Now()
	require.NoError(t, c.Inject(sim.APIWriteFailure{Actor: sim.ActorStatefulSet, For: 30 * time.Second}))
	require.NoError(t, c.Scale("web", 2))
	require.NoError(t, c.RunFor(29*time.Second))
	_, ok := c.Pod("web-1")
	assert.False(t, ok, "no pod while the writes fail")
	var failed []api.Event
	for _, e := range c.KubeEvents() {
		if e.Reason == "FailedCreate" {
			failed = append(failed, e)
		}
	}
	require.Len(t, failed, 1, "one folded event")
	assert.Equal(t, "Create Pod web-1 in StatefulSet web failed error: Internal error occurred: etcdserver: request timed out", failed[0].Message)
	assert.Greater(t, failed[0].Count, int32(10), "retried with back-off")
	require.NoError(t, c.RunUntilStable())
	set, _ := c.StatefulSet("web")
	assert.Equal(t, int32(2), set.Status.ReadyReplicas)
	p, _ := c.Pod("web-1")
	// 13 failures (5 ms … 20.48 s, summing to ~41 s) put the retry after
	// the failures' end.
	assert.Greater(t, p.CreationTimestamp-start, 30*time.Second)
	assert.Less(t, p.CreationTimestamp-start, 45*time.Second)
	assert.Equal(t, []string{
		"update actor/statefulset-controller API writes fail with 500 Internal Server Error for 30s",
		"update actor/statefulset-controller API writes succeed again",
	}, faultEvents(c))
}

// TestSchedulerBindFailure: failed bindings are retried after the pod's
// back-off (1 s doubling to 10 s).
func TestSchedulerBindFailure(t *testing.T) {
	c := sim.NewCluster(sim.Config{Seed: 1})
	require.NoError(t, c.Inject(sim.APIWriteFailure{Actor: sim.ActorScheduler, For: 5 * time.Second}))
	_, err := c.ApplyStatefulSet(benchSet("web", sts.OrderedReady, 1))
	require.NoError(t, err)
	require.NoError(t, c.RunUntilStable())
	p, _ := c.Pod("web-0")
	assert.True(t, api.IsPodReady(p))
	var msgs []string
	for _, e := range c.KubeEvents() {
		if e.Reason == "FailedScheduling" {
			msgs = append(msgs, fmt.Sprintf("%s x%d", e.Message, e.Count))
		}
	}
	assert.Equal(t, []string{`running Bind plugin "DefaultBinder": Internal error occurred: etcdserver: request timed out x3`}, msgs)
}

// TestPropagationDelaySpike: during a spike the EndpointSlice (and so DNS)
// of a new pod lags by up to the spike's delay.
func TestPropagationDelaySpike(t *testing.T) {
	ready := func(spike bool) time.Duration {
		c := sim.NewCluster(sim.Config{Seed: 1})
		_, err := c.ApplyService(&dns.Service{ObjectMeta: api.ObjectMeta{Name: "web"},
			Spec: dns.ServiceSpec{ClusterIP: dns.ClusterIPNone, Selector: map[string]string{"app": "web"}}})
		require.NoError(t, err)
		if spike {
			require.NoError(t, c.Inject(sim.PropagationDelay{Delay: 20 * time.Second, For: time.Minute}))
		}
		_, err = c.ApplyStatefulSet(benchSet("web", sts.OrderedReady, 1))
		require.NoError(t, err)
		require.NoError(t, c.RunUntil(func(c *sim.Cluster) bool {
			return len(c.DNSQuery("web-0.web.default.svc.cluster.local.", dns.TypeA).Answer) > 0
		}, time.Hour))
		return c.Now()
	}
	normal, slow := ready(false), ready(true)
	assert.Less(t, normal, 5*time.Second)
	assert.Greater(t, slow, normal+15*time.Second)
}

// TestInjectAtAndRandomFaults: scheduled faults happen at their time; a
// random plan is a function of the seed, and its String forms read as a
// script.
func TestInjectAtAndRandomFaults(t *testing.T) {
	c := sim.NewCluster(sim.Config{Seed: 7})
	require.NoError(t, c.InjectAt(time.Minute, sim.NodeDown{Node: "node-1"}))
	require.NoError(t, c.InjectAt(2*time.Minute, sim.KillPod{Pod: "nope"}))
	require.Error(t, c.InjectAt(-time.Second, sim.NodeUp{Node: "node-1"}))
	require.NoError(t, c.RunFor(3*time.Minute))
	var at []string
	for _, e := range c.Trace() {
		if e.Actor == sim.ActorFault {
			at = append(at, fmt.Sprintf("%s %s", e.T, e.Reason))
		}
	}
	assert.Equal(t, []string{
		"1m0s power loss: the kubelet stops reporting; containers die with their in-memory state",
		`2m0s failed: pods "nope" not found`,
	}, at)

	plan := func(seed uint64) string {
		c := sim.NewCluster(sim.Config{Seed: seed})
		var b strings.Builder
		for _, f := range c.RandomFaults(sim.RandomFaultOptions{Pods: []string{"web-0", "web-1"}, Count: 6}) {
			fmt.Fprintf(&b, "%s %s\n", f.At, f.Fault)
		}
		return b.String()
	}
	assert.Equal(t, plan(3), plan(3))
	assert.NotEqual(t, plan(3), plan(4))
	for _, line := range strings.Split(strings.TrimSpace(plan(3)), "\n") {
		assert.Regexp(t, `^\S+ (node node-\d (down|partition|up)|kill pod web-\d|fail pod web-\d|readiness pod web-\d (true|false))$`, line)
	}
}

// TestUnknownNodeAndBadFaults: faults name what exists.
func TestUnknownNodeAndBadFaults(t *testing.T) {
	c := sim.NewCluster(sim.Config{})
	assert.True(t, api.IsNotFound(c.Inject(sim.NodeDown{Node: "node-9"})))
	assert.Error(t, c.Inject(sim.APIWriteFailure{Actor: "kubelet", For: time.Second}))
	assert.Error(t, c.Inject(sim.ProvisionerOutage{Provisioner: "nope", On: true}))
	assert.Error(t, c.TaintNode("node-1", api.Taint{Key: "k", Effect: "Sometimes"}))
	require.NoError(t, c.Inject(sim.ProvisionerOutage{Provisioner: sim.LocalPathProvisioner, On: true}))
	assert.False(t, c.ProvisionerRunning(sim.LocalPathProvisioner))
}

// A claim create that fails records upstream's four-argument message
// (stateful_pod_control.go recordClaimEvent), the error included.
func TestClaimCreateFailureEvent(t *testing.T) {
	c := sim.NewCluster(sim.Config{Seed: 1})
	_, err := c.ApplyStatefulSet(webWithClaims(0))
	require.NoError(t, err)
	require.NoError(t, c.RunUntilStable())
	require.NoError(t, c.Inject(sim.APIWriteFailure{Actor: sim.ActorStatefulSet, For: time.Second}))
	require.NoError(t, c.Scale("web", 1))
	require.NoError(t, c.RunFor(500*time.Millisecond))
	var msgs []string
	for _, e := range c.KubeEvents() {
		if e.Reason == "FailedCreate" {
			msgs = append(msgs, e.Message)
		}
	}
	require.Len(t, msgs, 2)
	assert.Equal(t, "Create Claim data-web-0 for Pod web-0 in StatefulSet web failed error: Internal error occurred: etcdserver: request timed out", msgs[0])
	// and the pod create that did not happen (CreateStatefulPod's
	// recordPodEvent of createPersistentVolumeClaims' error)
	assert.Equal(t, "Create Pod web-0 in StatefulSet web failed error: failed to create PVC data-web-0: Internal error occurred: etcdserver: request timed out", msgs[1])
}
