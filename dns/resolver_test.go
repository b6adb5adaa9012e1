package dns

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCandidates: glibc's res_search order with ndots:5 (dns.md §6.2).
func TestCandidates(t *testing.T) {
	rc := ClusterFirst("app", DefaultZone, KubeDNSIP)
	tests := []struct {
		rule, name string
		want       []string
	}{
		{"fewer dots than ndots: search list, then as is", "redis-sts-0.redis-svc", []string{
			"redis-sts-0.redis-svc.app.svc.cluster.local", "redis-sts-0.redis-svc.svc.cluster.local",
			"redis-sts-0.redis-svc.cluster.local", "redis-sts-0.redis-svc"}},
		{"a service FQDN has only 4 dots: search list first", "redis-svc.app.svc.cluster.local", []string{
			"redis-svc.app.svc.cluster.local.app.svc.cluster.local", "redis-svc.app.svc.cluster.local.svc.cluster.local",
			"redis-svc.app.svc.cluster.local.cluster.local", "redis-svc.app.svc.cluster.local"}},
		{"5 dots: as is first", "redis-sts-0.redis-svc.app.svc.cluster.local", []string{
			"redis-sts-0.redis-svc.app.svc.cluster.local", "redis-sts-0.redis-svc.app.svc.cluster.local.app.svc.cluster.local",
			"redis-sts-0.redis-svc.app.svc.cluster.local.svc.cluster.local", "redis-sts-0.redis-svc.app.svc.cluster.local.cluster.local"}},
		{"trailing dot: as is only", "redis-svc.app.svc.cluster.local.", []string{"redis-svc.app.svc.cluster.local"}},
	}
	for _, tt := range tests {
		t.Run(tt.rule, func(t *testing.T) { assert.Equal(t, tt.want, rc.Candidates(tt.name)) })
	}
}

// TestWorkedExamples are dns.md §6.3: from a pod in app the short per-pod
// name resolves on the first candidate; from a pod in other it fails on
// every candidate, and `<name>.<svc>.<ns>` or the full name works.
func TestWorkedExamples(t *testing.T) {
	z := fixture()
	inApp := Resolver{Conf: ClusterFirst("app", DefaultZone, KubeDNSIP), Server: z}
	inOther := Resolver{Conf: ClusterFirst("other", DefaultZone, KubeDNSIP), Server: z}
	tests := []struct {
		rule string
		r    Resolver
		name string
		want []string
	}{
		{"same namespace, short per-pod name", inApp, "redis-sts-0.redis-svc", []string{"10.244.1.5"}},
		{"same namespace, service name: ready pods", inApp, "redis-svc", []string{"10.244.1.5", "10.244.2.6"}},
		{"same namespace, service FQDN", inApp, "redis-svc.app.svc.cluster.local", []string{"10.244.1.5", "10.244.2.6"}},
		{"not ready: fails through every candidate", inApp, "redis-sts-2.redis-svc", nil},
		{"other namespace, short name: no such host", inOther, "redis-sts-0.redis-svc", nil},
		{"other namespace, with the namespace", inOther, "redis-sts-0.redis-svc.app", []string{"10.244.1.5"}},
		{"other namespace, full name", inOther, "redis-sts-0.redis-svc.app.svc.cluster.local", []string{"10.244.1.5"}},
		{"pod A record", inOther, "10-244-1-5.app.pod.cluster.local", []string{"10.244.1.5"}},
		{"ExternalName to an outside name: a CNAME without address", inApp, "db", nil},
	}
	for _, tt := range tests {
		t.Run(tt.rule, func(t *testing.T) {
			ips, err := tt.r.LookupHost(tt.name)
			if tt.want == nil {
				assert.ErrorIs(t, err, ErrNoSuchHost)
				assert.EqualError(t, err, "lookup "+tt.name+": no such host")
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, ips)
		})
	}
}

// TestHostsFileComesFirst: a pod resolves its own hostname and FQDN from the
// kubelet's /etc/hosts even without any service (dns.md §4.3; upstream
// kubelet_pods.go managedHostsFileContent).
func TestHostsFileComesFirst(t *testing.T) {
	p := pod("app", "redis-sts-0", "redis-svc", "10.244.1.5", false)
	hosts := PodHosts(p, DefaultZone)
	r := Resolver{Conf: ClusterFirst("app", DefaultZone, KubeDNSIP), Hosts: hosts, Server: NewZone(DefaultZone, DefaultTTL)}
	for _, name := range []string{"redis-sts-0", "redis-sts-0.redis-svc.app.svc.cluster.local"} {
		ips, err := r.LookupHost(name)
		require.NoError(t, err, name)
		assert.Equal(t, []string{"10.244.1.5"}, ips)
	}
	_, err := r.LookupHost("redis-sts-0.redis-svc")
	assert.ErrorIs(t, err, ErrNoSuchHost, "only exact names are in /etc/hosts")
	assert.Equal(t, "# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n"+
		"fe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n"+
		"10.244.1.5\tredis-sts-0.redis-svc.app.svc.cluster.local\tredis-sts-0\n", HostsFile(hosts))
}

// TestResolvConf is the file containerd writes for a ClusterFirst pod
// (upstream: kubelet network/dns/dns.go GetPodDNS).
func TestResolvConf(t *testing.T) {
	assert.Equal(t, "search app.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n",
		ClusterFirst("app", DefaultZone, KubeDNSIP).String())
}
