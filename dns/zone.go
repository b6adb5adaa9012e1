package dns

import (
	"maps"
	"slices"
	"strings"
)

// DefaultTTL is the record TTL of kubeadm's Corefile (`ttl 30`; the
// CoreDNS kubernetes plugin's own default is 5).
const DefaultTTL = 30

// Zone is the cluster zone as CoreDNS's kubernetes plugin serves it: a pure
// function of the namespaces, services and EndpointSlices it holds. It keeps
// them indexed so that a change to one slice costs O(slice size), and
// answers are computed at query time. A Zone is not safe for concurrent
// use.
type Zone struct {
	// Domain is the cluster domain, e.g. "cluster.local".
	Domain string
	// TTL is the TTL of every record (and the negative-caching TTL).
	TTL uint32
	// Serial is the SOA serial; CoreDNS uses the Unix time of the last
	// change it saw.
	Serial uint32

	namespaces map[string]bool
	services   map[nsName]*Service
	vips       map[string]nsName        // cluster IP → service
	slices     map[nsName]*sliceIndex   // by (ns, slice name)
	bySvc      map[nsName]*svcSlices    // service → its slices
	byIP       map[string][]*sliceIndex // ready IP → slices holding it
}

// svcSlices are the slices of one service, with their name order cached.
type svcSlices struct {
	byName map[string]*sliceIndex
	sorted []*sliceIndex // nil when stale
}

// nsName is a namespaced name.
type nsName struct{ ns, name string }

// sliceIndex is one EndpointSlice with its ready addresses indexed by
// endpoint name (hostname, else dashed IP), as CoreDNS keeps only ready
// addresses (upstream: object/endpoint.go endpointSliceToEndpoints).
type sliceIndex struct {
	slice *EndpointSlice
	svc   nsName
	ready []readyAddr
	names map[string][]readyAddr
}

// readyAddr is one ready address and the name it answers to.
type readyAddr struct {
	ip, name string
	ep       *Endpoint
}

// NewZone returns an empty zone for domain with the given TTL.
func NewZone(domain string, ttl uint32) *Zone {
	return &Zone{
		Domain: strings.ToLower(trimDot(domain)), TTL: ttl,
		namespaces: map[string]bool{}, services: map[nsName]*Service{}, vips: map[string]nsName{},
		slices: map[nsName]*sliceIndex{}, bySvc: map[nsName]*svcSlices{},
		byIP: map[string][]*sliceIndex{},
	}
}

// Build returns the zone of the given objects; it equals any zone that was
// given the same objects one change at a time.
func Build(domain string, ttl uint32, namespaces []string, services []*Service, slices []*EndpointSlice) *Zone {
	z := NewZone(domain, ttl)
	for _, ns := range namespaces {
		z.SetNamespace(ns)
	}
	for _, s := range services {
		z.SetService(s)
	}
	for _, sl := range slices {
		z.SetSlice(sl)
	}
	return z
}

// SetNamespace records that a namespace exists: queries into a namespace
// that does not exist are NXDOMAIN (upstream: namespace.go
// namespaceExposed).
func (z *Zone) SetNamespace(name string) { z.namespaces[name] = true }

// DeleteNamespace forgets a namespace.
func (z *Zone) DeleteNamespace(name string) { delete(z.namespaces, name) }

// SetService adds or replaces a service. The zone keeps the pointer; the
// caller must not modify the service afterwards.
func (z *Zone) SetService(s *Service) {
	k := nsName{s.Namespace, s.Name}
	z.DeleteService(s.Namespace, s.Name)
	z.services[k] = s
	if s.HasClusterIP() {
		for _, ip := range s.Spec.ClusterIPs {
			z.vips[ip] = k
		}
	}
}

// DeleteService removes a service; its slices stay until deleted, as in
// CoreDNS's separate caches.
func (z *Zone) DeleteService(ns, name string) {
	k := nsName{ns, name}
	old := z.services[k]
	if old == nil {
		return
	}
	for _, ip := range old.Spec.ClusterIPs {
		if z.vips[ip] == k {
			delete(z.vips, ip)
		}
	}
	delete(z.services, k)
}

// SetSlice adds or replaces an EndpointSlice, in O(size of the slice).
// The zone keeps the pointer; the caller must not modify the slice
// afterwards.
func (z *Zone) SetSlice(sl *EndpointSlice) {
	z.DeleteSlice(sl.Namespace, sl.Name)
	ix := &sliceIndex{slice: sl, svc: nsName{sl.Namespace, sl.Service()}, names: map[string][]readyAddr{}}
	for i := range sl.Endpoints {
		ep := &sl.Endpoints[i]
		if !ep.Conditions.Ready {
			continue
		}
		for _, ip := range ep.Addresses {
			a := readyAddr{ip: ip, name: strings.ToLower(EndpointName(ep, ip)), ep: ep}
			ix.ready = append(ix.ready, a)
			ix.names[a.name] = append(ix.names[a.name], a)
		}
	}
	k := nsName{sl.Namespace, sl.Name}
	z.slices[k] = ix
	ss := z.bySvc[ix.svc]
	if ss == nil {
		ss = &svcSlices{byName: map[string]*sliceIndex{}}
		z.bySvc[ix.svc] = ss
	}
	ss.byName[sl.Name], ss.sorted = ix, nil
	for _, a := range ix.ready {
		if refs := z.byIP[a.ip]; !slices.Contains(refs, ix) {
			z.byIP[a.ip] = append(refs, ix)
		}
	}
}

// DeleteSlice removes an EndpointSlice.
func (z *Zone) DeleteSlice(ns, name string) {
	k := nsName{ns, name}
	ix := z.slices[k]
	if ix == nil {
		return
	}
	delete(z.slices, k)
	ss := z.bySvc[ix.svc]
	delete(ss.byName, name)
	ss.sorted = nil
	if len(ss.byName) == 0 {
		delete(z.bySvc, ix.svc)
	}
	for _, a := range ix.ready {
		refs := slices.DeleteFunc(z.byIP[a.ip], func(r *sliceIndex) bool { return r == ix })
		if len(refs) == 0 {
			delete(z.byIP, a.ip)
		} else {
			z.byIP[a.ip] = refs
		}
	}
}

// serviceSlices returns a service's slices in name order.
func (z *Zone) serviceSlices(k nsName) []*sliceIndex {
	ss := z.bySvc[k]
	if ss == nil {
		return nil
	}
	if ss.sorted == nil {
		for _, name := range slices.Sorted(maps.Keys(ss.byName)) {
			ss.sorted = append(ss.sorted, ss.byName[name])
		}
	}
	return ss.sorted
}
