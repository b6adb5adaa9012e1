package sim_test

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/stsim/stsim/api"
	"github.com/stsim/stsim/dns"
	"github.com/stsim/stsim/sim"
)

// TestClusterIPToHeadlessIsRejected: adding `clusterIP: None` to a ClusterIP
// service fails with the API server's message and changes nothing; the fix
// is delete and recreate (seed README reader comment; dns.md §7; upstream
// storage.go normalizeClusterIPs, validation.go
// validateUpgradeDowngradeClusterIPs).
func TestClusterIPToHeadlessIsRejected(t *testing.T) {
	c := sim.NewCluster(sim.Config{})
	res, err := c.ApplyService(dnsRedisSvc("redis-svc", ""))
	require.NoError(t, err)
	assert.Equal(t, sim.Created, res)
	before, _ := c.Service("redis-svc")
	require.NotEqual(t, dns.ClusterIPNone, before.Spec.ClusterIP)

	_, err = c.ApplyService(dnsRedisSvc("redis-svc", "None"))
	var se *api.StatusError
	require.True(t, errors.As(err, &se), "%v", err)
	assert.Equal(t, "The Service \"redis-svc\" is invalid: spec.clusterIPs[0]: Invalid value: [\"None\"]: may not change once set\n", se.Kubectl())
	after, _ := c.Service("redis-svc")
	assert.Same(t, before, after)

	require.NoError(t, c.DeleteService("redis-svc"))
	res, err = c.ApplyService(dnsRedisSvc("redis-svc", "None"))
	require.NoError(t, err)
	assert.Equal(t, sim.Created, res)
}

// TestRemovingClusterIPNoneKeepsHeadless: applying the manifest without
// `clusterIP: None` is a silent no-op (dns.md §7; upstream storage.go
// patchAllocatedValues).
func TestRemovingClusterIPNoneKeepsHeadless(t *testing.T) {
	c := sim.NewCluster(sim.Config{})
	_, err := c.ApplyService(dnsRedisSvc("redis-svc", "None"))
	require.NoError(t, err)
	res, err := c.ApplyService(dnsRedisSvc("redis-svc", ""))
	require.NoError(t, err)
	assert.Equal(t, sim.Unchanged, res)
	s, _ := c.Service("redis-svc")
	assert.Equal(t, []string{"None"}, s.Spec.ClusterIPs)

	_, err = c.ApplyService(dnsRedisSvc("redis-svc", "10.96.0.50"))
	require.Error(t, err)
	assert.Equal(t, `Service "redis-svc" is invalid: spec.clusterIPs[0]: Invalid value: ["10.96.0.50"]: may not change once set`, err.Error())
}

// TestClusterIPAllocation: built-in services hold 10.96.0.1 and 10.96.0.10;
// new ones get an address of the upper band of 10.96.0.0/12, the same for
// the same seed; a taken address is refused (upstream: ipallocator.go,
// KEP-3070; alloc.go allocIPs).
func TestClusterIPAllocation(t *testing.T) {
	c := sim.NewCluster(sim.Config{Seed: 7})
	k, _ := c.Service("kubernetes")
	assert.Equal(t, []string{"10.96.0.1"}, k.Spec.ClusterIPs)
	kd, _ := c.Service("kube-system/kube-dns")
	assert.Equal(t, []string{"10.96.0.10"}, kd.Spec.ClusterIPs)

	_, err := c.ApplyService(dnsRedisSvc("redis-svc", ""))
	require.NoError(t, err)
	s, _ := c.Service("redis-svc")
	again := sim.NewCluster(sim.Config{Seed: 7})
	_, err = again.ApplyService(dnsRedisSvc("redis-svc", ""))
	require.NoError(t, err)
	s2, _ := again.Service("redis-svc")
	assert.Equal(t, s.Spec.ClusterIP, s2.Spec.ClusterIP, "deterministic for a seed")
	assert.NotRegexp(t, `^10\.96\.0\.`, s.Spec.ClusterIP, "dynamic IPs come from the upper band")

	_, err = c.ApplyService(dnsRedisSvc("clash", "10.96.0.10"))
	require.Error(t, err)
	assert.Equal(t, `Service "clash" is invalid: spec.clusterIPs: Invalid value: ["10.96.0.10"]: failed to allocate IP 10.96.0.10: provided IP is already allocated`, err.Error())
	_, err = c.ApplyService(dnsRedisSvc("outside", "10.0.0.1"))
	assert.ErrorContains(t, err, "the provided IP (10.0.0.1) is not in the valid range. The range of valid IPs is 10.96.0.0/12")
}

// TestClusterIPServiceAnswersVIPAndPerPodNames: a ClusterIP service answers
// its VIP whatever its endpoints; CoreDNS still answers per-pod names under
// it (dns.md §2.2, §2.5).
func TestClusterIPServiceAnswersVIPAndPerPodNames(t *testing.T) {
	c := dnsSeedCluster(t, dnsRedisSvc("redis-svc", ""))
	s, _ := c.Service("redis-svc")
	ips, err := c.Resolve("redis-sts-1", "redis-svc")
	require.NoError(t, err)
	assert.Equal(t, []string{s.Spec.ClusterIP}, ips)
	ips, err = c.Resolve("redis-sts-1", "redis-sts-0.redis-svc")
	require.NoError(t, err)
	assert.Equal(t, []string{dnsPodIP(t, c, "redis-sts-0")}, ips)
}

// TestNotReadyPodsAreAbsentUnlessPublishNotReady: an endpoint is ready only
// when its pod is Ready and not terminating, unless the service sets
// publishNotReadyAddresses (upstream: k8s.io/endpointslice utils.go
// podToEndpoint; dns.md §4.1, §8.3).
func TestNotReadyPodsAreAbsentUnlessPublishNotReady(t *testing.T) {
	c := dnsSeedCluster(t, dnsRedisSvc("redis-svc", "None"))
	ip1 := dnsPodIP(t, c, "redis-sts-1")
	require.NoError(t, c.SetReadiness("redis-sts-0", false))
	require.NoError(t, c.RunUntilStable())

	_, err := c.Resolve("redis-sts-1", "redis-sts-0.redis-svc")
	assert.ErrorIs(t, err, dns.ErrNoSuchHost)
	ips, err := c.Resolve("redis-sts-1", "redis-svc")
	require.NoError(t, err)
	assert.Equal(t, []string{ip1}, ips, "only the Ready pod behind the headless name")
	ep := dnsEndpointOf(t, c, "redis-sts-0")
	assert.Equal(t, dns.EndpointConditions{Ready: false, Serving: false, Terminating: false}, ep.Conditions)

	publish := dnsRedisSvc("redis-svc", "None")
	publish.Spec.PublishNotReadyAddresses = true
	_, err = c.ApplyService(publish)
	require.NoError(t, err)
	require.NoError(t, c.RunUntilStable())
	ips, err = c.Resolve("redis-sts-1", "redis-sts-0.redis-svc")
	require.NoError(t, err)
	assert.Equal(t, []string{dnsPodIP(t, c, "redis-sts-0")}, ips)
}

// TestHeadlessWithoutReadyEndpointsIsNXDOMAIN: a headless service with no
// ready endpoint is NXDOMAIN, a ClusterIP service still answers (dns.md §3,
// §8.7).
func TestHeadlessWithoutReadyEndpointsIsNXDOMAIN(t *testing.T) {
	c := sim.NewCluster(sim.Config{})
	_, err := c.ApplyService(dnsRedisSvc("redis-svc", "None"))
	require.NoError(t, err)
	require.NoError(t, c.RunUntilStable())
	assert.Equal(t, dns.NXDomain, c.DNSQuery("redis-svc.default.svc.cluster.local", dns.TypeA).Rcode)
	slices := c.EndpointSlices("default")
	require.Len(t, slices, 1, "a placeholder slice")
	assert.Empty(t, slices[0].Endpoints)
	assert.Equal(t, "redis-svc", slices[0].Labels[dns.LabelServiceName])
}

// TestRecordAppearsAfterReadyAndPropagation: the per-pod name appears only
// once the pod is Ready, the endpointslice controller has written it and
// CoreDNS's watch has seen it (dns.md §4.2).
func TestRecordAppearsAfterReadyAndPropagation(t *testing.T) {
	c := sim.NewCluster(sim.Config{})
	_, err := c.ApplyService(dnsRedisSvc("redis-svc", "None"))
	require.NoError(t, err)
	_, err = c.ApplyStatefulSet(dnsRedisSet(1))
	require.NoError(t, err)
	require.NoError(t, c.RunUntil(func(c *sim.Cluster) bool {
		p, ok := c.Pod("redis-sts-0")
		return ok && api.IsPodReady(p)
	}, time.Minute))
	ready := c.Now()
	name := "redis-sts-0.redis-svc.default.svc.cluster.local"
	assert.Equal(t, dns.NXDomain, c.DNSQuery(name, dns.TypeA).Rcode, "not yet published")
	require.NoError(t, c.RunUntil(func(c *sim.Cluster) bool { return c.DNSQuery(name, dns.TypeA).Rcode == dns.NoError }, time.Minute))
	timing := sim.DefaultTiming()
	assert.Equal(t, timing.WatchLatency+timing.EndpointSlice+timing.DNSPropagation, c.Now()-ready)
	var slices []string
	for _, e := range c.Trace() {
		if e.Actor == sim.ActorEndpointSlice {
			assert.Equal(t, "EndpointSlice", e.Kind)
			slices = append(slices, e.Verb)
		}
	}
	assert.Equal(t, []string{"create", "create", "remove"}, slices, "placeholder, slice with the pod, placeholder gone")
}

// TestDeletedServiceLosesSlicesAndNames: deleting a service releases its
// IP, the garbage collector removes its slices and CoreDNS forgets it.
func TestDeletedServiceLosesSlicesAndNames(t *testing.T) {
	c := dnsSeedCluster(t, dnsRedisSvc("redis-svc", "None"))
	require.NotEmpty(t, c.EndpointSlices("default"))
	require.NoError(t, c.DeleteService("redis-svc"))
	assert.True(t, api.IsNotFound(c.DeleteService("redis-svc")))
	require.NoError(t, c.RunUntilStable())
	assert.Empty(t, c.EndpointSlices("default"))
	assert.Equal(t, dns.NXDomain, c.DNSQuery("redis-sts-0.redis-svc.default.svc.cluster.local", dns.TypeA).Rcode)
	var gc int
	for _, e := range c.Trace() {
		if e.Actor == sim.ActorGarbageCollector && e.Kind == "EndpointSlice" && e.Verb == sim.VerbRemove {
			gc++
		}
	}
	assert.Equal(t, 1, gc)
}

// dnsEndpointOf returns the pod's endpoint in the default namespace's slices.
func dnsEndpointOf(t *testing.T, c *sim.Cluster, pod string) dns.Endpoint {
	t.Helper()
	for _, sl := range c.EndpointSlices("default") {
		for _, ep := range sl.Endpoints {
			if ep.TargetRef.Name == pod {
				return ep
			}
		}
	}
	t.Fatalf("no endpoint for %s", pod)
	return dns.Endpoint{}
}
