package script

import (
	"net"
	"strconv"
	"strings"

	"github.com/stsim/stsim/dns"
)

// describeService is kubectl's Service description (upstream: describe.go
// describeService) with the endpoints of each port from the service's
// EndpointSlices.
func (r *Runner) describeService(s *dns.Service) string {
	d := newDescriber()
	d.line(0, "Name:\t%s", s.Name)
	d.line(0, "Namespace:\t%s", s.Namespace)
	d.labels(0, "Labels", s.Labels)
	d.annotations(0, "Annotations", s.Annotations)
	d.line(0, "Selector:\t%s", formatLabels(s.Spec.Selector))
	d.line(0, "Type:\t%s", s.Spec.Type)
	if p := s.Spec.IPFamilyPolicy; p != nil {
		d.line(0, "IP Family Policy:\t%s", *p)
	}
	d.line(0, "IP Families:\t%s", orNone(strings.Join(s.Spec.IPFamilies, ",")))
	d.line(0, "IP:\t%s", s.Spec.ClusterIP)
	d.line(0, "IPs:\t%s", orNone(strings.Join(s.Spec.ClusterIPs, ",")))
	if s.Spec.ExternalName != "" {
		d.line(0, "External Name:\t%s", s.Spec.ExternalName)
	}
	var slices []*dns.EndpointSlice
	for _, sl := range r.c.EndpointSlices(s.Namespace) {
		if sl.Service() == s.Name {
			slices = append(slices, sl)
		}
	}
	for _, p := range s.Spec.Ports {
		name := p.Name
		if name == "" {
			name = unset
		}
		d.line(0, "Port:\t%s\t%d/%s", name, p.Port, p.Protocol)
		d.line(0, "TargetPort:\t%s/%s", p.TargetPort, p.Protocol)
		if p.NodePort != 0 {
			d.line(0, "NodePort:\t%s\t%d/%s", name, p.NodePort, p.Protocol)
		}
		d.line(0, "Endpoints:\t%s", formatSliceEndpoints(slices, p.Name))
	}
	d.line(0, "Session Affinity:\t%s", s.Spec.SessionAffinity)
	if s.Spec.ExternalTrafficPolicy != "" {
		d.line(0, "External Traffic Policy:\t%s", s.Spec.ExternalTrafficPolicy)
	}
	if p := s.Spec.InternalTrafficPolicy; p != nil {
		d.line(0, "Internal Traffic Policy:\t%s", *p)
	}
	r.describeEvents(d, s.Namespace, "Service", s.Name)
	return d.String()
}

// formatSliceEndpoints lists the ready endpoints of a port, three at most
// and "+ N more..." (upstream: describe.go formatEndpointSlices, counting
// as it does).
func formatSliceEndpoints(slices []*dns.EndpointSlice, port string) string {
	if len(slices) == 0 {
		return "<none>"
	}
	const most = 3
	var list []string
	more, count := false, 0
	for _, sl := range slices {
		if len(sl.Ports) == 0 {
			for _, e := range sl.Endpoints {
				if len(list) == most {
					more = true
				}
				if !e.Conditions.Ready {
					continue
				}
				if !more {
					list = append(list, e.Addresses[0])
				}
				count++
			}
			continue
		}
		for _, p := range sl.Ports {
			if p.Name != port {
				continue
			}
			for _, e := range sl.Endpoints {
				if len(list) == most {
					more = true
				}
				if !e.Conditions.Ready {
					continue
				}
				if !more {
					list = append(list, net.JoinHostPort(e.Addresses[0], strconv.Itoa(int(p.Port))))
				}
				count++
			}
		}
	}
	ret := strings.Join(list, ",")
	if more {
		return ret + " + " + strconv.Itoa(count-most) + " more..."
	}
	return ret
}
