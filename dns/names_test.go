package dns

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestNames checks each naming rule of names.go, as a round trip where the
// rule has an inverse (kubernetes/dns specification.md; CoreDNS
// kubernetes.go endpointHostname, findPods).
func TestNames(t *testing.T) {
	assert.Equal(t, "redis-svc.default.svc.cluster.local", ServiceFQDN("redis-svc", "default", DefaultZone))
	assert.Equal(t, "redis-sts-0.redis-svc.default.svc.cluster.local", EndpointFQDN("redis-sts-0", "redis-svc", "default", DefaultZone))
	assert.Equal(t, "_redis._tcp.redis-svc.default.svc.cluster.local", SRVName("redis", ProtocolTCP, "redis-svc", "default", DefaultZone))
	assert.Equal(t, "10-244-1-5.default.pod.cluster.local", PodFQDN("10.244.1.5", "default", DefaultZone))
	assert.Equal(t, "redis-svc-", SlicePrefix("redis-svc"))

	for _, ip := range []string{"10.244.1.5", "2001:db8::1", "fd00::"} {
		back, ok := undashIP(DashedIP(ip))
		assert.True(t, ok, ip)
		assert.Equal(t, ip, back)
	}
	assert.Equal(t, "fd00--0", DashedIP("fd00::"), "a trailing dash gets a 0")
	_, ok := undashIP("redis-sts-0")
	assert.False(t, ok)

	for _, ip := range []string{"10.244.1.5", "10.96.0.10"} {
		back, ok := parseReverse(ReverseName(ip))
		assert.True(t, ok)
		assert.Equal(t, ip, back)
	}
	assert.Equal(t, "5.1.244.10.in-addr.arpa", ReverseName("10.244.1.5"))
	_, ok = parseReverse("1.244.10.in-addr.arpa")
	assert.False(t, ok)
}
