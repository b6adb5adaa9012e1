package dns

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"net/netip"
)

// Allocation errors, worded as upstream's ipallocator and portallocator
// word them.
var (
	// ErrAllocated is returned when a requested IP or port is taken.
	ErrAllocated = errors.New("provided IP is already allocated")
	// ErrPortAllocated is returned when a requested node port is taken.
	ErrPortAllocated = errors.New("provided port is already allocated")
	// ErrFull is returned when no IP or port is left.
	ErrFull = errors.New("range is full")
)

// Allocator hands out cluster IPs from the service CIDR and node ports from
// the node port range. Dynamic IPs come from the upper band of the range
// first, from a random start, as upstream's allocator does (KEP-3070:
// the lowest min(max(16, size/16), 256) addresses are kept for static
// assignment, such as kube-dns's 10.96.0.10). The random source is the
// caller's, so allocation is deterministic for a seed.
type Allocator struct {
	first, last netip.Addr // usable range (network and broadcast excluded)
	offset      uint64     // size of the static band
	size        uint64
	cidr        string
	ips         map[netip.Addr]bool
	ports       map[int32]bool
	rnd         *rand.Rand
}

// Node port range (kube-apiserver --service-node-port-range default).
const (
	NodePortMin = 30000
	NodePortMax = 32767
)

// NewAllocator returns an allocator for an IPv4 service CIDR such as
// "10.96.0.0/12".
func NewAllocator(cidr string, rnd *rand.Rand) (*Allocator, error) {
	p, err := netip.ParsePrefix(cidr)
	if err != nil || !p.Addr().Is4() || p.Bits() > 30 {
		return nil, fmt.Errorf("invalid IPv4 service CIDR %q", cidr)
	}
	p = p.Masked()
	size := uint64(1)<<(32-p.Bits()) - 2
	first := p.Addr().Next()
	a := &Allocator{first: first, last: addOffset(first, size-1), size: size, cidr: p.String(),
		ips: map[netip.Addr]bool{}, ports: map[int32]bool{}, rnd: rnd}
	a.offset = min(max(16, (size+2)/16), 256)
	if size+2 <= 16 {
		a.offset = 0
	}
	return a, nil
}

func addOffset(a netip.Addr, n uint64) netip.Addr {
	b := a.As4()
	v := uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])
	v += uint32(n)
	return netip.AddrFrom4([4]byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)})
}

// Allocate reserves a requested IP.
func (a *Allocator) Allocate(ip string) error {
	addr, err := netip.ParseAddr(ip)
	if err != nil {
		return fmt.Errorf("failed to parse service IP %q", ip)
	}
	if addr.Less(a.first) || a.last.Less(addr) {
		return fmt.Errorf("the provided IP (%s) is not in the valid range. The range of valid IPs is %s", ip, a.cidr)
	}
	if a.ips[addr] {
		return ErrAllocated
	}
	a.ips[addr] = true
	return nil
}

// AllocateNext reserves a free IP: from a random start in the upper band,
// then in the static band if the upper one is full.
func (a *Allocator) AllocateNext() (string, error) {
	if ip, ok := a.scan(a.offset, a.size-a.offset); ok {
		return ip, nil
	}
	if ip, ok := a.scan(0, a.offset); ok {
		return ip, nil
	}
	return "", ErrFull
}

// scan looks for a free address among n addresses from first+from,
// starting at a random one and wrapping around.
func (a *Allocator) scan(from, n uint64) (string, bool) {
	if n == 0 {
		return "", false
	}
	start := a.rnd.Uint64N(n)
	for i := range n {
		addr := addOffset(a.first, from+(start+i)%n)
		if !a.ips[addr] {
			a.ips[addr] = true
			return addr.String(), true
		}
	}
	return "", false
}

// Release frees an IP; unknown values are ignored.
func (a *Allocator) Release(ip string) {
	if addr, err := netip.ParseAddr(ip); err == nil {
		delete(a.ips, addr)
	}
}

// AllocatePort reserves a requested node port.
func (a *Allocator) AllocatePort(port int32) error {
	if port < NodePortMin || port > NodePortMax {
		return fmt.Errorf("provided port is not in the valid range. The range of valid ports is %d-%d", NodePortMin, NodePortMax)
	}
	if a.ports[port] {
		return ErrPortAllocated
	}
	a.ports[port] = true
	return nil
}

// AllocateNextPort reserves a free node port from a random start.
func (a *Allocator) AllocateNextPort() (int32, error) {
	n := uint64(NodePortMax - NodePortMin + 1)
	start := a.rnd.Uint64N(n)
	for i := range n {
		p := int32(NodePortMin + (start+i)%n)
		if !a.ports[p] {
			a.ports[p] = true
			return p, nil
		}
	}
	return 0, ErrFull
}

// ReleasePort frees a node port.
func (a *Allocator) ReleasePort(port int32) { delete(a.ports, port) }
