package dns

import (
	"math/rand/v2"
	"net/netip"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestAllocatorBands: dynamic IPs come from above the static band of
// min(max(16, size/16), 256) addresses, the static ones from anywhere in
// range; the same seed gives the same IPs (upstream: ipallocator.go
// allocateNextService, bitmap.go calculateRangeOffset; KEP-3070).
func TestAllocatorBands(t *testing.T) {
	a, err := NewAllocator("10.96.0.0/12", rand.New(rand.NewPCG(1, 2)))
	require.NoError(t, err)
	require.NoError(t, a.Allocate("10.96.0.10"))
	assert.ErrorIs(t, a.Allocate("10.96.0.10"), ErrAllocated)
	assert.EqualError(t, a.Allocate("10.112.0.1"), "the provided IP (10.112.0.1) is not in the valid range. The range of valid IPs is 10.96.0.0/12")
	assert.Error(t, a.Allocate("10.96.0.0"), "the network address is not usable")

	static := netip.MustParseAddr("10.96.1.0") // first address past the 256-address static band
	for range 50 {
		ip, err := a.AllocateNext()
		require.NoError(t, err)
		assert.False(t, netip.MustParseAddr(ip).Less(static), ip)
	}
	b, _ := NewAllocator("10.96.0.0/12", rand.New(rand.NewPCG(1, 2)))
	ipA, _ := NewAllocator("10.96.0.0/12", rand.New(rand.NewPCG(1, 2)))
	x, _ := b.AllocateNext()
	y, _ := ipA.AllocateNext()
	assert.Equal(t, x, y, "deterministic for a seed")
}

// TestAllocatorFillsTheStaticBandLast: a small range is used up, upper
// band first, then the static band, then ErrFull.
func TestAllocatorFillsTheStaticBandLast(t *testing.T) {
	a, err := NewAllocator("10.0.0.0/27", rand.New(rand.NewPCG(3, 4))) // 30 usable, static band 16
	require.NoError(t, err)
	seen := map[string]bool{}
	for i := range 30 {
		ip, err := a.AllocateNext()
		require.NoError(t, err)
		seen[ip] = true
		if i < 14 {
			assert.False(t, netip.MustParseAddr(ip).Less(netip.MustParseAddr("10.0.0.17")), "upper band first: %s", ip)
		}
	}
	assert.Len(t, seen, 30)
	_, err = a.AllocateNext()
	assert.ErrorIs(t, err, ErrFull)
	a.Release("10.0.0.5")
	ip, err := a.AllocateNext()
	require.NoError(t, err)
	assert.Equal(t, "10.0.0.5", ip)
}

// TestNodePorts: node ports come from 30000-32767; a requested one must be
// free and in range (upstream: portallocator).
func TestNodePorts(t *testing.T) {
	a, _ := NewAllocator("10.96.0.0/12", rand.New(rand.NewPCG(1, 2)))
	s := valid(func(s *Service) { s.Spec.Type = ServiceTypeNodePort })
	require.NoError(t, a.AllocateService(s))
	assert.GreaterOrEqual(t, s.Spec.Ports[0].NodePort, int32(NodePortMin))
	assert.NotEmpty(t, s.Spec.ClusterIP)

	clash := valid(func(s *Service) { s.Name = "clash"; s.Spec.Type = ServiceTypeNodePort; s.Spec.Ports[0].NodePort = 80 })
	err := a.AllocateService(clash)
	assert.EqualError(t, err, `Service "clash" is invalid: spec.ports[0].nodePort: Invalid value: 80: provided port is not in the valid range. The range of valid ports is 30000-32767`)
	assert.NoError(t, a.Allocate(clash.Spec.ClusterIP), "the cluster IP allocated before the failure was released")
	a.ReleaseService(s)
	require.NoError(t, a.AllocatePort(s.Spec.Ports[0].NodePort))
}
