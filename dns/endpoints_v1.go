package dns

import (
	"cmp"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/stsim/stsim/api"
)

// Labels the endpoints controller puts on the v1 Endpoints it manages
// (upstream: pkg/controller/endpoint/endpoints_controller.go).
const (
	LabelEndpointsManagedBy = "endpoints.kubernetes.io/managed-by"
	EndpointsController     = "endpoint-controller"
)

// Endpoints is the modelled subset of v1 Endpoints (deprecated since
// v1.33, still kept by kube-controller-manager's endpoints controller):
// the addresses of a service by port set.
type Endpoints struct {
	api.ObjectMeta `json:"metadata"`
	Subsets        []EndpointSubset `json:"subsets,omitempty"`
}

// EndpointSubset is v1.EndpointSubset: addresses that serve the same
// ports. Ports reuses EndpointPort (v1.EndpointPort has the same fields).
type EndpointSubset struct {
	Addresses         []EndpointAddress `json:"addresses,omitempty"`
	NotReadyAddresses []EndpointAddress `json:"notReadyAddresses,omitempty"`
	Ports             []EndpointPort    `json:"ports,omitempty"`
}

// EndpointAddress is v1.EndpointAddress; empty strings are unset.
type EndpointAddress struct {
	IP        string           `json:"ip"`
	Hostname  string           `json:"hostname,omitempty"`
	NodeName  string           `json:"nodeName,omitempty"`
	TargetRef *ObjectReference `json:"targetRef,omitempty"`
}

// EndpointsFor is the v1 Endpoints the endpoints controller keeps for s,
// derived from the service's EndpointSlices (those of its namespace
// labelled with its name; others are ignored), or nil when it keeps none:
// for an ExternalName service or one without a selector
// (upstream: endpoints_controller.go syncService). Terminating endpoints
// are left out unless the service publishes not-ready addresses; ready
// ones are addresses, the others notReadyAddresses; the subsets are
// repacked by port set as endpoints.RepackSubsets does, addresses sorted
// by IP. The object is named and labelled as the controller does it and
// dated from the service.
func EndpointsFor(s *Service, sl []*EndpointSlice) *Endpoints {
	if s.Spec.Type == ServiceTypeExternalName || s.Spec.Selector == nil {
		return nil
	}
	labels := maps.Clone(s.Labels)
	if labels == nil {
		labels = map[string]string{}
	}
	if !s.HasClusterIP() {
		labels[LabelHeadless] = ""
	} else {
		delete(labels, LabelHeadless)
	}
	labels[LabelEndpointsManagedBy] = EndpointsController
	ep := &Endpoints{ObjectMeta: api.ObjectMeta{
		Name: s.Name, Namespace: s.Namespace, Labels: labels, CreationTimestamp: s.CreationTimestamp,
	}}
	ep.Subsets = repack(s, sl)
	return ep
}

// portSet is a subset's ports in canonical order.
type portSet struct {
	key   string
	ports []EndpointPort
}

// repack groups the slices' addresses by the ports they serve.
func repack(s *Service, sl []*EndpointSlice) []EndpointSubset {
	type entry struct {
		addr  EndpointAddress
		ready bool
	}
	byPorts := map[string]map[string]entry{} // port set key → address key → entry
	portsOf := map[string][]EndpointPort{}
	for _, slice := range sl {
		if slice.Namespace != s.Namespace || slice.Service() != s.Name {
			continue
		}
		ps := canonicalPorts(slice.Ports)
		if len(ps.ports) == 0 && s.HasClusterIP() {
			continue // only a headless service may have no ports
		}
		for _, e := range slice.Endpoints {
			if len(e.Addresses) == 0 || e.Conditions.Terminating && !s.Spec.PublishNotReadyAddresses {
				continue
			}
			a := EndpointAddress{IP: e.Addresses[0], Hostname: e.Hostname, NodeName: e.NodeName}
			uid := ""
			if e.TargetRef != nil {
				ref := *e.TargetRef
				a.TargetRef, uid = &ref, ref.UID
			}
			for _, p := range ps.ports {
				// a subset per port, as the controller builds them before
				// repacking
				one := canonicalPorts([]EndpointPort{p})
				if byPorts[one.key] == nil {
					byPorts[one.key] = map[string]entry{}
					portsOf[one.key] = one.ports
				}
				byPorts[one.key][a.IP+"/"+uid] = entry{a, e.Conditions.Ready}
			}
			if len(ps.ports) == 0 {
				if byPorts[""] == nil {
					byPorts[""] = map[string]entry{}
				}
				byPorts[""][a.IP+"/"+uid] = entry{a, e.Conditions.Ready}
			}
		}
	}
	// Ports with the same address set share a subset.
	type group struct {
		addrs map[string]entry
		ports []EndpointPort
	}
	groups := map[string]*group{}
	for _, pk := range slices.Sorted(maps.Keys(byPorts)) {
		addrs := byPorts[pk]
		var ak []string
		for _, k := range slices.Sorted(maps.Keys(addrs)) {
			ak = append(ak, k+"="+strconv.FormatBool(addrs[k].ready))
		}
		gk := strings.Join(ak, ",")
		g := groups[gk]
		if g == nil {
			g = &group{addrs: addrs}
			groups[gk] = g
		}
		g.ports = append(g.ports, portsOf[pk]...)
	}
	var out []EndpointSubset
	for _, gk := range slices.Sorted(maps.Keys(groups)) {
		g := groups[gk]
		var ss EndpointSubset
		for _, k := range slices.Sorted(maps.Keys(g.addrs)) {
			e := g.addrs[k]
			if e.ready {
				ss.Addresses = append(ss.Addresses, e.addr)
			} else {
				ss.NotReadyAddresses = append(ss.NotReadyAddresses, e.addr)
			}
		}
		ss.Ports = canonicalPorts(g.ports).ports
		sortAddresses(ss.Addresses)
		sortAddresses(ss.NotReadyAddresses)
		out = append(out, ss)
	}
	slices.SortStableFunc(out, func(a, b EndpointSubset) int {
		return cmp.Compare(canonicalPorts(a.Ports).key, canonicalPorts(b.Ports).key)
	})
	return out
}

// canonicalPorts sorts ports by name, number and protocol and keys them.
func canonicalPorts(ports []EndpointPort) portSet {
	ps := slices.Clone(ports)
	slices.SortFunc(ps, func(a, b EndpointPort) int {
		return cmp.Or(cmp.Compare(a.Name, b.Name), cmp.Compare(a.Port, b.Port), cmp.Compare(a.Protocol, b.Protocol))
	})
	var k []string
	for _, p := range ps {
		k = append(k, p.Name+":"+strconv.Itoa(int(p.Port))+"/"+string(p.Protocol))
	}
	return portSet{strings.Join(k, ","), ps}
}

// sortAddresses orders addresses as upstream's LessEndpointAddress: by
// IP as a string, then by the target's UID.
func sortAddresses(a []EndpointAddress) {
	uid := func(e EndpointAddress) string {
		if e.TargetRef == nil {
			return ""
		}
		return e.TargetRef.UID
	}
	slices.SortStableFunc(a, func(x, y EndpointAddress) int {
		return cmp.Or(strings.Compare(x.IP, y.IP), strings.Compare(uid(x), uid(y)))
	})
}
