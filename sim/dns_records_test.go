package sim_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/stsim/stsim/dns"
)

// dnsNamedRedisSvc is redis-svc with a named port, so that it has SRV names.
func dnsNamedRedisSvc(clusterIP string) *dns.Service {
	s := dnsRedisSvc("redis-svc", clusterIP)
	s.Spec.Ports[0].Name = "redis"
	return s
}

// TestSRVTargets: for a headless service `_redis._tcp.redis-svc` lists one
// SRV per ready pod pointing at its per-pod name; for a ClusterIP service
// one SRV pointing at the service name (dns.md §2.6; CoreDNS
// backend_lookup.go SRV, weight floor(100/N)).
func TestSRVTargets(t *testing.T) {
	const q = "_redis._tcp.redis-svc.default.svc.cluster.local"
	c := dnsSeedCluster(t, dnsNamedRedisSvc("None"))
	resp := c.DNSQuery(q, dns.TypeSRV)
	require.Equal(t, dns.NoError, resp.Rcode)
	var targets []string
	for _, rr := range resp.Answer {
		assert.Equal(t, uint16(6379), rr.Port)
		assert.Equal(t, uint16(50), rr.Weight)
		targets = append(targets, rr.Target)
	}
	assert.ElementsMatch(t, []string{"redis-sts-0.redis-svc.default.svc.cluster.local", "redis-sts-1.redis-svc.default.svc.cluster.local"}, targets)
	assert.Len(t, resp.Extra, 2, "the targets' A records")

	c = dnsSeedCluster(t, dnsNamedRedisSvc(""))
	resp = c.DNSQuery(q, dns.TypeSRV)
	require.Len(t, resp.Answer, 1)
	assert.Equal(t, "0 100 6379 redis-svc.default.svc.cluster.local.", resp.Answer[0].Data())
	assert.Equal(t, dns.NXDomain, c.DNSQuery("_nope._tcp.redis-svc.default.svc.cluster.local", dns.TypeSRV).Rcode)
}

// TestPTR: a ready pod's address maps back to its per-pod name, a cluster IP
// to its service (dns.md §2.7; CoreDNS reverse.go serviceRecordForIP).
func TestPTR(t *testing.T) {
	c := dnsSeedCluster(t, dnsRedisSvc("redis-svc", "None"))
	ip0 := dnsPodIP(t, c, "redis-sts-0")
	resp := c.DNSQuery(dns.ReverseName(ip0), dns.TypePTR)
	require.Len(t, resp.Answer, 1)
	assert.Equal(t, "redis-sts-0.redis-svc.default.svc.cluster.local", resp.Answer[0].Target)
	resp = c.DNSQuery("10.0.96.10.in-addr.arpa", dns.TypePTR)
	require.Len(t, resp.Answer, 1)
	assert.Equal(t, "kube-dns.kube-system.svc.cluster.local", resp.Answer[0].Target)
	assert.Equal(t, dns.NXDomain, c.DNSQuery("9.9.9.10.in-addr.arpa", dns.TypePTR).Rcode)

	out := c.NSLookup("redis-sts-1", ip0)
	assert.Contains(t, out, dns.ReverseName(ip0)+"\tname = redis-sts-0.redis-svc.default.svc.cluster.local\n")
}

// TestNSLookupAndPingFromAPod: busybox's nslookup leaves a dotted name as
// it is (NXDOMAIN for the short per-pod name), while ping resolves it
// through libc's search list (busybox networking/nslookup.c
// add_query_with_search, networking/ping.c; seed comment "ping
// redis-sts-1.redis-svc").
func TestNSLookupAndPingFromAPod(t *testing.T) {
	c := dnsSeedCluster(t, dnsRedisSvc("redis-svc", "None"))
	ip0 := dnsPodIP(t, c, "redis-sts-0")
	out, code := c.NSLookupArgs("redis-sts-1", []string{"redis-sts-0.redis-svc.default.svc.cluster.local"})
	assert.Equal(t, 0, code)
	assert.Equal(t, "Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\nName:\tredis-sts-0.redis-svc.default.svc.cluster.local\nAddress: "+ip0+"\n\n\n", out)
	out, code = c.NSLookupArgs("redis-sts-1", []string{"redis-sts-0.redis-svc"})
	assert.Equal(t, 1, code)
	assert.Equal(t, "Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\n** server can't find redis-sts-0.redis-svc: NXDOMAIN\n\n** server can't find redis-sts-0.redis-svc: NXDOMAIN\n\n", out)

	ping, code := c.PingCount("redis-sts-1", "redis-sts-0.redis-svc", 2)
	assert.Equal(t, 0, code)
	assert.Regexp(t, `^PING redis-sts-0\.redis-svc \(`+ip0+`\): 56 data bytes\n64 bytes from `+ip0+`: seq=0 ttl=62 time=0\.\d{3} ms\n64 bytes from `+ip0+`: seq=1 ttl=62 time=0\.\d{3} ms\n\n--- redis-sts-0\.redis-svc ping statistics ---\n2 packets transmitted, 2 packets received, 0% packet loss\nround-trip min/avg/max = [0-9./]+ ms\n$`, ping)
	assert.Equal(t, ping, c.Ping("redis-sts-1", "redis-sts-0.redis-svc", 2), "deterministic")

	_, code = c.PingCount("redis-sts-1", "redis-sts-9.redis-svc", 1)
	assert.Equal(t, 1, code)
	assert.Equal(t, "ping: bad address 'redis-sts-9.redis-svc'\n", c.Ping("redis-sts-1", "redis-sts-9.redis-svc", 1))
	assert.Equal(t, "Error from server (NotFound): pods \"nope\" not found\n", c.NSLookup("nope", "x"))
}
