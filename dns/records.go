package dns

import (
	"maps"
	"slices"
	"strings"
)

// Records lists every record a client can find by name, in zone-file order
// (sorted): for each service its A (or CNAME) records, the SRV records of its
// named ports and the A record of every ready endpoint name; then the PTR
// records of cluster IPs and ready endpoint addresses. The dns-version TXT,
// SOA, NS and the synthesized pod-zone records are left out. Every record is
// obtained through Query, so two zones with equal Records answer alike.
func (z *Zone) Records() []RR {
	var out []RR
	add := func(name string, t Type) { out = append(out, z.Query(name, t).Answer...) }
	for _, k := range slices.SortedFunc(maps.Keys(z.services), compareNsName) {
		s := z.services[k]
		fqdn := ServiceFQDN(k.name, k.ns, z.Domain)
		add(fqdn, TypeA)
		for _, p := range z.namedPorts(s, k) {
			add(SRVName(p.Name, p.Protocol, k.name, k.ns, z.Domain), TypeSRV)
		}
		if s.Spec.Type == ServiceTypeExternalName {
			continue
		}
		for _, name := range z.endpointNames(k) {
			add(name+"."+fqdn, TypeA)
		}
	}
	ips := slices.Sorted(maps.Keys(z.vips))
	ips = append(ips, slices.Sorted(maps.Keys(z.byIP))...)
	for _, ip := range ips {
		add(ReverseName(ip), TypePTR)
	}
	slices.SortFunc(out, func(a, b RR) int { return strings.Compare(a.String(), b.String()) })
	return slices.CompactFunc(out, func(a, b RR) bool { return a.String() == b.String() })
}

// namedPorts returns the named ports SRV queries can ask for: the
// service's for a ClusterIP service, its slices' for a headless one.
func (z *Zone) namedPorts(s *Service, k nsName) []EndpointPort {
	var out []EndpointPort
	if !s.IsHeadless() {
		for _, p := range s.Spec.Ports {
			out = append(out, EndpointPort{Name: p.Name, Protocol: p.Protocol})
		}
	}
	for _, ix := range z.serviceSlices(k) {
		if s.IsHeadless() {
			for _, p := range ix.slice.Ports {
				out = append(out, EndpointPort{Name: p.Name, Protocol: p.Protocol})
			}
		}
	}
	out = slices.DeleteFunc(out, func(p EndpointPort) bool { return p.Name == "" })
	slices.SortFunc(out, func(a, b EndpointPort) int {
		return strings.Compare(a.Name+"/"+string(a.Protocol), b.Name+"/"+string(b.Protocol))
	})
	return slices.Compact(out)
}

// endpointNames returns the distinct names of a service's ready endpoints.
func (z *Zone) endpointNames(k nsName) []string {
	var out []string
	for _, ix := range z.serviceSlices(k) {
		for name := range ix.names {
			out = append(out, name)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func compareNsName(a, b nsName) int {
	if c := strings.Compare(a.ns, b.ns); c != 0 {
		return c
	}
	return strings.Compare(a.name, b.name)
}
