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

// TestSeedPerPodNamesResolve: with redis-svc named like serviceName, both
// redis-sts-0.redis-svc and the full name resolve from redis-sts-1 to
// redis-sts-0's IP (seed README §3; dns.md §2.4, §6.3 first example).
func TestSeedPerPodNamesResolve(t *testing.T) {
	c := dnsSeedCluster(t, dnsRedisSvc("redis-svc", "None"))
	ip0 := dnsPodIP(t, c, "redis-sts-0")
	for _, name := range []string{"redis-sts-0.redis-svc", "redis-sts-0.redis-svc.default.svc.cluster.local",
		"redis-sts-0.redis-svc.default", "REDIS-STS-0.redis-svc"} {
		ips, err := c.Resolve("redis-sts-1", name)
		require.NoError(t, err, name)
		assert.Equal(t, []string{ip0}, ips, name)
	}
	ips, err := c.Resolve("redis-sts-1", "redis-svc")
	require.NoError(t, err)
	assert.ElementsMatch(t, []string{ip0, dnsPodIP(t, c, "redis-sts-1")}, ips, "headless: the ready pods' IPs")
}

// TestPerPodNameFromAnotherNamespace: from namespace other the short name
// fails (every candidate is NXDOMAIN) and only the name with the namespace,
// or the full name, resolves (dns.md §6.3 second example).
func TestPerPodNameFromAnotherNamespace(t *testing.T) {
	c := dnsSeedCluster(t, dnsRedisSvc("redis-svc", "None"))
	require.NoError(t, c.CreateNamespace("other"))
	client := dnsRedisSet(1)
	client.Namespace, client.Name = "other", "client"
	_, err := c.ApplyStatefulSet(client)
	require.NoError(t, err)
	require.NoError(t, c.RunUntilStable())
	ip0 := dnsPodIP(t, c, "redis-sts-0")

	_, err = c.Resolve("other/client-0", "redis-sts-0.redis-svc")
	assert.True(t, errors.Is(err, dns.ErrNoSuchHost), "short name from another namespace: %v", err)
	for _, name := range []string{"redis-sts-0.redis-svc.default", "redis-sts-0.redis-svc.default.svc.cluster.local"} {
		ips, err := c.Resolve("other/client-0", name)
		require.NoError(t, err, name)
		assert.Equal(t, []string{ip0}, ips)
	}
}

// TestNoServiceNoPerPodNames: without a service the per-pod names are
// NXDOMAIN, though each pod still resolves its own name through /etc/hosts
// (seed README reader comment; dns.md §4.3, §8.1).
func TestNoServiceNoPerPodNames(t *testing.T) {
	c := dnsSeedCluster(t)
	_, err := c.Resolve("redis-sts-1", "redis-sts-0.redis-svc")
	assert.ErrorIs(t, err, dns.ErrNoSuchHost)
	resp := c.DNSQuery("redis-sts-0.redis-svc.default.svc.cluster.local", dns.TypeA)
	assert.Equal(t, dns.NXDomain, resp.Rcode)
	ips, err := c.Resolve("redis-sts-0", "redis-sts-0.redis-svc.default.svc.cluster.local")
	require.NoError(t, err, "own FQDN from /etc/hosts")
	assert.Equal(t, []string{dnsPodIP(t, c, "redis-sts-0")}, ips)
	assert.Empty(t, c.EndpointSlices("default"))
}

// TestServiceNameDiffersFromServiceName: a headless service named otherwise
// than serviceName gives the endpoints no hostname, so both
// redis-sts-0.redis-svc and redis-sts-0.<actual> are NXDOMAIN; only the
// dashed-IP name works (kubernetes#74950; dns.md §8.1, §2.4 rule 2).
func TestServiceNameDiffersFromServiceName(t *testing.T) {
	c := dnsSeedCluster(t, dnsRedisSvc("redis", "None"))
	ip0 := dnsPodIP(t, c, "redis-sts-0")
	for _, name := range []string{"redis-sts-0.redis-svc", "redis-sts-0.redis"} {
		_, err := c.Resolve("redis-sts-1", name)
		assert.ErrorIs(t, err, dns.ErrNoSuchHost, name)
	}
	ips, err := c.Resolve("redis-sts-1", dns.DashedIP(ip0)+".redis")
	require.NoError(t, err)
	assert.Equal(t, []string{ip0}, ips)
	for _, sl := range c.EndpointSlices("default") {
		for _, ep := range sl.Endpoints {
			assert.Empty(t, ep.Hostname, "no hostname when subdomain != service name")
		}
	}
}

// TestNameStaysIPChangesAfterRecreation: after `delete pod redis-sts-0` the
// name resolves again, to the new pod's IP (seed README §3).
func TestNameStaysIPChangesAfterRecreation(t *testing.T) {
	c := dnsSeedCluster(t, dnsRedisSvc("redis-svc", "None"))
	before := dnsPodIP(t, c, "redis-sts-0")
	require.NoError(t, c.DeletePod("redis-sts-0", sim.DeleteOptions{}))
	// Terminating: the endpoint is not ready at once, the name is gone.
	require.NoError(t, c.RunFor(20*time.Millisecond))
	_, err := c.Resolve("redis-sts-1", "redis-sts-0.redis-svc")
	assert.ErrorIs(t, err, dns.ErrNoSuchHost, "terminating pod: name gone")

	require.NoError(t, c.RunUntilStable())
	after := dnsPodIP(t, c, "redis-sts-0")
	require.NotEqual(t, before, after, "a new incarnation gets a new IP")
	ips, err := c.Resolve("redis-sts-1", "redis-sts-0.redis-svc")
	require.NoError(t, err)
	assert.Equal(t, []string{after}, ips)
}

// TestHostnamePrintsPodName: the pod's hostname is its name, and its own
// /etc/hosts lists its FQDN (seed README §2; dns.md §4.3).
func TestHostnamePrintsPodName(t *testing.T) {
	c := dnsSeedCluster(t, dnsRedisSvc("redis-svc", "None"))
	hosts, err := c.PodHostsFile("redis-sts-1")
	require.NoError(t, err)
	assert.Contains(t, hosts, dnsPodIP(t, c, "redis-sts-1")+"\tredis-sts-1.redis-svc.default.svc.cluster.local\tredis-sts-1\n")
	conf, err := c.PodResolvConf("redis-sts-1")
	require.NoError(t, err)
	assert.Equal(t, "search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n", conf)
	_, err = c.PodHostsFile("nope")
	assert.True(t, api.IsNotFound(err))
}
