package script

import (
	"fmt"
	"maps"
	"net"
	"slices"
	"strconv"
	"strings"

	"github.com/stsim/stsim/dns"
	"github.com/stsim/stsim/sim"
)

// serviceRow is kubectl's Service row (upstream: printers.go
// printService).
func serviceRow(c *sim.Cluster, obj any, wide bool) []string {
	s := obj.(*dns.Service)
	ip := "<none>"
	if len(s.Spec.ClusterIPs) > 0 {
		ip = s.Spec.ClusterIPs[0]
	}
	row := []string{s.Name, string(s.Spec.Type), ip, externalIP(s), orNone(portString(s.Spec.Ports)), age(c.Now(), s.CreationTimestamp)}
	if wide {
		row = append(row, formatLabels(s.Spec.Selector))
	}
	return row
}

// externalIP is the EXTERNAL-IP cell (upstream: getServiceExternalIP;
// external IPs and load balancers are not simulated).
func externalIP(s *dns.Service) string {
	switch s.Spec.Type {
	case dns.ServiceTypeClusterIP, dns.ServiceTypeNodePort:
		return "<none>"
	case dns.ServiceTypeLoadBalancer:
		return "<pending>"
	case dns.ServiceTypeExternalName:
		return s.Spec.ExternalName
	}
	return "<unknown>"
}

// portString is the PORT(S) cell (upstream: makePortString).
func portString(ports []dns.ServicePort) string {
	var out []string
	for _, p := range ports {
		if p.NodePort > 0 {
			out = append(out, fmt.Sprintf("%d:%d/%s", p.Port, p.NodePort, p.Protocol))
		} else {
			out = append(out, fmt.Sprintf("%d/%s", p.Port, p.Protocol))
		}
	}
	return strings.Join(out, ",")
}

// formatLabels is apimachinery's labels.FormatLabels: sorted k=v pairs,
// "<none>" for none.
func formatLabels(m map[string]string) string {
	var kv []string
	for _, k := range slices.Sorted(maps.Keys(m)) {
		kv = append(kv, k+"="+m[k])
	}
	return orNone(strings.Join(kv, ","))
}

// endpointsRow is kubectl's Endpoints row (upstream: printers.go
// printEndpoints).
func endpointsRow(c *sim.Cluster, obj any, _ bool) []string {
	ep := obj.(*dns.Endpoints)
	return []string{ep.Name, formatEndpoints(ep), age(c.Now(), ep.CreationTimestamp)}
}

// formatEndpoints lists the ready addresses with their ports, three at
// most and "+ N more..." (upstream: printers.go formatEndpoints).
func formatEndpoints(ep *dns.Endpoints) string {
	if len(ep.Subsets) == 0 {
		return "<none>"
	}
	const most = 3
	var list []string
	more, count := false, 0
	add := func(s string) {
		if len(list) == most {
			more = true
			return
		}
		list = append(list, s)
	}
	for _, ss := range ep.Subsets {
		if len(ss.Ports) == 0 {
			count += len(ss.Addresses)
			for _, a := range ss.Addresses {
				add(a.IP)
				if more {
					break
				}
			}
			continue
		}
		for _, p := range ss.Ports {
			count += len(ss.Addresses)
			for _, a := range ss.Addresses {
				add(net.JoinHostPort(a.IP, strconv.Itoa(int(p.Port))))
				if more {
					break
				}
			}
		}
	}
	ret := strings.Join(list, ",")
	if more {
		return fmt.Sprintf("%s + %d more...", ret, count-most)
	}
	return ret
}

// sliceRow is kubectl's EndpointSlice row (upstream: printers.go
// printEndpointSlice).
func sliceRow(c *sim.Cluster, obj any, _ bool) []string {
	sl := obj.(*dns.EndpointSlice)
	var ports, addrs []string
	for _, p := range sl.Ports {
		ports = append(ports, strconv.Itoa(int(p.Port)))
	}
	for _, e := range sl.Endpoints {
		addrs = append(addrs, e.Addresses...)
	}
	return []string{sl.Name, sl.AddressType, withMore(ports), withMore(addrs), age(c.Now(), sl.CreationTimestamp)}
}

// withMore joins the first three items and counts the others
// (upstream: printers.go listWithMoreString); none is "<unset>".
func withMore(items []string) string {
	const most = 3
	if len(items) > most {
		return fmt.Sprintf("%s + %d more...", strings.Join(items[:most], ","), len(items)-most)
	}
	if len(items) == 0 {
		return unset
	}
	return strings.Join(items, ",")
}
