package dns

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestResponseCodeTable is the response-code table of dns.md §3 row by
// row, on the worked example's zone (upstream: CoreDNS handler.go
// ServeDNS, kubernetes.go Records/findServices/findPods, parse.go).
func TestResponseCodeTable(t *testing.T) {
	z := fixture()
	tests := []struct {
		rule  string
		name  string
		qtype Type
		want  Rcode
		n     int // answers (for NOERROR)
	}{
		{"per-pod name of a ready endpoint: answer", "redis-sts-0.redis-svc.app.svc.cluster.local", TypeA, NoError, 1},
		{"headless service: one A per ready endpoint", "redis-svc.app.svc.cluster.local", TypeA, NoError, 2},
		{"ClusterIP service: its VIP", "web.app.svc.cluster.local", TypeA, NoError, 1},
		{"per-pod name under a ClusterIP service (CoreDNS, §2.5)", "cache-0.web.app.svc.cluster.local", TypeA, NoError, 1},
		{"endpoint without a hostname here: its dashed IP", "10-244-1-5.web.app.svc.cluster.local", TypeA, NoError, 1},
		{"hostname of another service's subdomain: NXDOMAIN (#124207)", "redis-sts-1.web.app.svc.cluster.local", TypeA, NXDomain, 0},
		{"an endpoint with a hostname has no dashed-IP name: NXDOMAIN", "10-244-1-5.redis-svc.app.svc.cluster.local", TypeA, NXDomain, 0},
		{"matching is case-insensitive", "REDIS-STS-0.Redis-Svc.APP.svc.cluster.local", TypeA, NoError, 1},
		{"AAAA on an IPv4-only name: NODATA", "redis-svc.app.svc.cluster.local", TypeAAAA, NoError, 0},
		{"MX on a service: NODATA", "web.app.svc.cluster.local", TypeMX, NoError, 0},
		{"TXT on a service: NODATA", "web.app.svc.cluster.local", TypeTXT, NoError, 0},
		{"SOA on a non-apex name: NODATA", "web.app.svc.cluster.local", TypeSOA, NoError, 0},
		{"existing namespace: NODATA", "app.svc.cluster.local", TypeA, NoError, 0},
		{"empty existing namespace: NODATA", "other.svc.cluster.local", TypeA, NoError, 0},
		{"svc.<zone>: NODATA", "svc.cluster.local", TypeA, NoError, 0},
		{"pod.<zone>: NODATA", "pod.cluster.local", TypeA, NoError, 0},
		{"<ns>.pod.<zone>: NODATA", "app.pod.cluster.local", TypeA, NoError, 0},
		{"zone apex A: NODATA", "cluster.local", TypeA, NoError, 0},
		{"unknown service: NXDOMAIN", "nope.app.svc.cluster.local", TypeA, NXDomain, 0},
		{"unknown namespace: NXDOMAIN", "nope.svc.cluster.local", TypeA, NXDomain, 0},
		{"service in unknown namespace: NXDOMAIN", "web.nope.svc.cluster.local", TypeA, NXDomain, 0},
		{"pod name in unknown namespace: NXDOMAIN", "10-244-1-5.nope.pod.cluster.local", TypeA, NXDomain, 0},
		{"not-ready endpoint: NXDOMAIN, not NODATA", "redis-sts-2.redis-svc.app.svc.cluster.local", TypeA, NXDomain, 0},
		{"unknown endpoint: NXDOMAIN", "bogus.redis-svc.app.svc.cluster.local", TypeA, NXDomain, 0},
		{"port/proto not matching: NXDOMAIN", "_http._tcp.redis-svc.app.svc.cluster.local", TypeSRV, NXDomain, 0},
		{"too many labels: NXDOMAIN", "a.b.c.redis-svc.app.svc.cluster.local", TypeA, NXDomain, 0},
		{"second-to-last label not svc/pod: NXDOMAIN", "redis-sts-0.redis-svc.cluster.local", TypeA, NXDomain, 0},
		{"wildcards are literal since CoreDNS 1.9: NXDOMAIN", "*.redis-svc.app.svc.cluster.local", TypeA, NXDomain, 0},
		{"pod names are not pod-zone names: NXDOMAIN", "redis-sts-0.app.pod.cluster.local", TypeA, NXDomain, 0},
		{"TXT on an unknown name: NXDOMAIN", "nope.app.svc.cluster.local", TypeTXT, NXDomain, 0},
		{"dns-version TXT", "dns-version.cluster.local", TypeTXT, NoError, 1},
		{"pods insecure: any dashed IP in an existing namespace", "1-2-3-4.app.pod.cluster.local", TypeA, NoError, 1},
		{"ExternalName: CNAME", "db.app.svc.cluster.local", TypeCNAME, NoError, 1},
		{"ExternalName A: the CNAME (no upstream to follow it)", "db.app.svc.cluster.local", TypeA, NoError, 1},
		{"SRV of an ExternalName service: NODATA", "db.app.svc.cluster.local", TypeSRV, NoError, 0},
		{"endpoint under an ExternalName service: NXDOMAIN", "x.db.app.svc.cluster.local", TypeA, NXDomain, 0},
		{"zone apex SOA", "cluster.local", TypeSOA, NoError, 1},
		{"zone apex NS", "cluster.local", TypeNS, NoError, 1},
	}
	for _, tt := range tests {
		t.Run(tt.rule, func(t *testing.T) {
			resp := z.Query(tt.name, tt.qtype)
			assert.Equal(t, tt.want, resp.Rcode)
			assert.Len(t, resp.Answer, tt.n)
			assert.True(t, resp.Authoritative, "the zone answers authoritatively")
			if tt.want == NXDomain || tt.n == 0 {
				require.Len(t, resp.Ns, 1, "negative answers carry the SOA")
				assert.Equal(t, uint32(30), resp.Ns[0].SOA.MinTT)
			}
		})
	}
}

// TestAnswersEchoTheQueryAndCarryTTL30: answers use the query's name and
// kubeadm's `ttl 30` (dns.md §5).
func TestAnswersEchoTheQueryAndCarryTTL30(t *testing.T) {
	resp := fixture().Query("Redis-Sts-0.redis-svc.app.svc.cluster.local.", TypeA)
	require.Len(t, resp.Answer, 1)
	assert.Equal(t, "Redis-Sts-0.redis-svc.app.svc.cluster.local.\t30\tIN\tA\t10.244.1.5", resp.Answer[0].String())
}

// TestOutsideTheZoneIsNotAuthoritative: without an upstream resolver,
// names outside the zone are NXDOMAIN from the forwarder.
func TestOutsideTheZoneIsNotAuthoritative(t *testing.T) {
	resp := fixture().Query("redis-sts-0.redis-svc", TypeA)
	assert.Equal(t, NXDomain, resp.Rcode)
	assert.False(t, resp.Authoritative)
}

// TestSRVWeightsAndTargets: headless SRV targets the per-pod names with the
// endpoint port; a ClusterIP service's SRV targets the service; weight is
// floor(100/N) (dns.md §2.6; CoreDNS backend_lookup.go SRV).
func TestSRVWeightsAndTargets(t *testing.T) {
	z := fixture()
	resp := z.Query("_redis._tcp.redis-svc.app.svc.cluster.local", TypeSRV)
	require.Len(t, resp.Answer, 2)
	assert.Equal(t, "0 50 6379 redis-sts-0.redis-svc.app.svc.cluster.local.", resp.Answer[0].Data())
	assert.Equal(t, "0 50 6379 redis-sts-1.redis-svc.app.svc.cluster.local.", resp.Answer[1].Data())
	assert.Equal(t, []RR{
		{Name: "redis-sts-0.redis-svc.app.svc.cluster.local", Type: TypeA, TTL: 30, IP: "10.244.1.5"},
		{Name: "redis-sts-1.redis-svc.app.svc.cluster.local", Type: TypeA, TTL: 30, IP: "10.244.2.6"},
	}, resp.Extra)

	resp = z.Query("redis.tcp.web.app.svc.cluster.local", TypeSRV)
	require.Len(t, resp.Answer, 1, "underscores are optional")
	assert.Equal(t, "0 100 6379 web.app.svc.cluster.local.", resp.Answer[0].Data())

	resp = z.Query("web.app.svc.cluster.local", TypeSRV)
	require.Len(t, resp.Answer, 1, "the bare name lists every port")
	resp = z.Query("cache-0.web.app.svc.cluster.local", TypeSRV)
	require.Len(t, resp.Answer, 1)
	assert.Equal(t, "0 100 6379 cache-0.web.app.svc.cluster.local.", resp.Answer[0].Data(), "endpoint branch under a ClusterIP service")

	big, _, _ := bigZone(300)
	resp = big.Query("_redis._tcp.web.app.svc.cluster.local", TypeSRV)
	require.Len(t, resp.Answer, 300)
	assert.Equal(t, uint16(1), resp.Answer[0].Weight, "floor(100/300) is raised to 1")
}

// TestPTRRecords: a cluster IP maps to its service only; a ready endpoint's
// address to one name per service listing it; not-ready and unknown
// addresses are not answered (dns.md §2.7).
func TestPTRRecords(t *testing.T) {
	z := fixture()
	resp := z.Query("5.1.244.10.in-addr.arpa", TypePTR)
	var targets []string
	for _, rr := range resp.Answer {
		targets = append(targets, rr.Target)
	}
	assert.Equal(t, []string{"10-244-1-5.web.app.svc.cluster.local", "redis-sts-0.redis-svc.app.svc.cluster.local"}, targets,
		"one PTR per service; only the subdomain's service gives the hostname")
	resp = z.Query("1.100.96.10.in-addr.arpa", TypePTR)
	require.Len(t, resp.Answer, 1)
	assert.Equal(t, "web.app.svc.cluster.local", resp.Answer[0].Target)
	assert.Equal(t, NXDomain, z.Query("7.3.244.10.in-addr.arpa", TypePTR).Rcode, "not ready")
}

// TestExternalNameInsideTheZoneIsFollowed: a CNAME into the zone is answered
// with the target's records (CoreDNS backend_lookup.go A).
func TestExternalNameInsideTheZoneIsFollowed(t *testing.T) {
	z := fixture()
	alias := &Service{Spec: ServiceSpec{Type: ServiceTypeExternalName, ExternalName: "web.app.svc.cluster.local."}}
	alias.Name, alias.Namespace = "alias", "app"
	z.SetService(alias)
	resp := z.Query("alias.app.svc.cluster.local", TypeA)
	require.Len(t, resp.Answer, 2)
	assert.Equal(t, TypeCNAME, resp.Answer[0].Type)
	assert.Equal(t, "10.96.100.1", resp.Answer[1].IP)

	ipTarget := &Service{Spec: ServiceSpec{Type: ServiceTypeExternalName, ExternalName: "10.0.0.1"}}
	ipTarget.Name, ipTarget.Namespace = "iptarget", "app"
	z.SetService(ipTarget)
	assert.Equal(t, NXDomain, z.Query("iptarget.app.svc.cluster.local", TypeA).Rcode, "an IP literal is not served")
}

// TestIncrementalEqualsRebuild: adding, replacing and deleting slices and
// services one at a time gives the zone Build gives (STYLE.md practice 6).
func TestIncrementalEqualsRebuild(t *testing.T) {
	z, s, slices := bigZone(250)
	changed := *slices[1]
	changed.Endpoints = append([]Endpoint(nil), changed.Endpoints[:50]...)
	changed.Endpoints[3].Conditions.Ready = false
	z.SetSlice(&changed)
	z.DeleteSlice("app", slices[2].Name)
	want := Build(DefaultZone, DefaultTTL, []string{"app"}, []*Service{s}, []*EndpointSlice{slices[0], &changed})
	assert.Equal(t, want.Records(), z.Records())
	z.DeleteService("app", "web")
	assert.NotEmpty(t, z.Records(), "PTRs come from the slices alone, as in CoreDNS's endpoint index")
	z.DeleteSlice("app", slices[0].Name)
	z.DeleteSlice("app", changed.Name)
	assert.Empty(t, z.Records())
}
