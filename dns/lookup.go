package dns

import (
	"errors"
	"net/netip"
	"strings"
)

// The backend of the zone: name parsing and the search of services, endpoints
// and pods, following CoreDNS's kubernetes plugin (parse.go parseRequest,
// kubernetes.go Records, findServices, findPods).

var (
	// errNoItems: the name does not exist (NXDOMAIN).
	errNoItems = errors.New("no items found")
	// errInvalid: the name cannot exist in the zone (NXDOMAIN).
	errInvalid = errors.New("invalid query name")
)

// request is a parsed name: [endpoint | _port._proto].service.namespace.svc|pod.
type request struct {
	port, protocol, endpoint, service, namespace, podOrSvc string
}

// parseRequest parses base, the lowercased query name without the zone,
// reading labels right to left. An empty podOrSvc is an apex query.
func parseRequest(base string) (request, error) {
	var r request
	if base == "" || base == "svc" || base == "pod" {
		return r, nil
	}
	segs := labels(base)
	n := len(segs)
	r.podOrSvc = segs[n-1]
	if r.podOrSvc != "svc" && r.podOrSvc != "pod" {
		return r, errInvalid
	}
	if n >= 2 {
		r.namespace = segs[n-2]
	}
	if n >= 3 {
		r.service = segs[n-3]
	}
	switch n - 3 {
	case 1:
		r.endpoint = segs[0]
	case 2:
		r.port = strings.TrimPrefix(segs[0], "_")
		r.protocol = strings.TrimPrefix(segs[1], "_")
	default:
		if n-3 > 2 {
			return r, errInvalid
		}
	}
	return r, nil
}

// entry is one backend result (CoreDNS's msg.Service): an address or a
// CNAME target, a port (-1 for none) and the name SRV records point at.
type entry struct {
	host string
	port int32
	key  string
}

// isIP reports whether the entry holds an address rather than a CNAME
// target.
func (e entry) isIP() bool { _, err := netip.ParseAddr(e.host); return err == nil }

// records returns the entries a parsed name stands for. A nil error with no
// entries is NODATA.
func (z *Zone) records(r request) ([]entry, error) {
	if r.podOrSvc == "" {
		return nil, nil
	}
	if !z.namespaces[r.namespace] {
		return nil, errNoItems
	}
	if r.podOrSvc == "pod" {
		return z.findPod(r)
	}
	return z.findServices(r)
}

// findPod answers <a-b-c-d>.<ns>.pod.<zone> in CoreDNS's `pods insecure`
// mode (kubeadm's Corefile): any dashed IP in an existing namespace, without
// checking that a pod has it. Labels left of the dashed IP are ignored, as
// upstream ignores them.
func (z *Zone) findPod(r request) ([]entry, error) {
	if r.service == "" {
		return nil, nil
	}
	ip, ok := undashIP(r.service)
	if !ok {
		return nil, errNoItems
	}
	return []entry{{host: ip, port: -1}}, nil
}

// findServices answers names under a service.
func (z *Zone) findServices(r request) ([]entry, error) {
	if r.service == "" {
		return nil, nil
	}
	k := nsName{r.namespace, r.service}
	s := z.services[k]
	if s == nil {
		return nil, errNoItems
	}
	switch {
	case s.Spec.Type == ServiceTypeExternalName:
		return z.externalName(s, r)
	case s.IsHeadless() || r.endpoint != "":
		return z.endpoints(s, k, r)
	}
	return z.clusterIP(s, r)
}

// externalName answers an ExternalName service with a CNAME; an IP literal
// target and any sub-name are NXDOMAIN.
func (z *Zone) externalName(s *Service, r request) ([]entry, error) {
	if r.endpoint != "" || r.port != "" || r.protocol != "" {
		return nil, errNoItems
	}
	target := trimDot(s.Spec.ExternalName)
	if _, err := netip.ParseAddr(target); err == nil {
		return nil, errNoItems
	}
	return []entry{{host: target, port: -1, key: ServiceFQDN(s.Name, s.Namespace, z.Domain)}}, nil
}

// endpoints answers a headless service, and any endpoint name (also under a
// ClusterIP service, as CoreDNS does): one entry per ready address × port.
func (z *Zone) endpoints(s *Service, k nsName, r request) ([]entry, error) {
	var out []entry
	for _, ix := range z.serviceSlices(k) {
		addrs := ix.ready
		if r.endpoint != "" {
			addrs = ix.names[r.endpoint]
		}
		ports := ix.slice.Ports
		if len(ports) == 0 {
			ports = []EndpointPort{{Port: -1}}
		}
		for _, a := range addrs {
			for _, p := range ports {
				if matchPort(r, p.Name, p.Protocol) {
					out = append(out, entry{host: a.ip, port: p.Port, key: EndpointFQDN(a.name, s.Name, s.Namespace, z.Domain)})
				}
			}
		}
	}
	if len(out) == 0 {
		return nil, errNoItems
	}
	return out, nil
}

// clusterIP answers a service with a virtual IP: one entry per matching
// port × cluster IP, whatever its endpoints.
func (z *Zone) clusterIP(s *Service, r request) ([]entry, error) {
	var out []entry
	for _, p := range s.Spec.Ports {
		if !matchPort(r, p.Name, p.Protocol) {
			continue
		}
		for _, ip := range s.Spec.ClusterIPs {
			out = append(out, entry{host: ip, port: p.Port, key: ServiceFQDN(s.Name, s.Namespace, z.Domain)})
		}
	}
	if len(out) == 0 {
		return nil, errNoItems
	}
	return out, nil
}

// matchPort is CoreDNS's matchPortAndProtocol: an empty request field
// matches anything; names compare case-insensitively.
func matchPort(r request, name string, proto Protocol) bool {
	return (r.port == "" || strings.EqualFold(r.port, name)) && (r.protocol == "" || strings.EqualFold(r.protocol, string(proto)))
}
