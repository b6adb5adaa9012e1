package simtest

import (
	"fmt"
	"hash/fnv"

	"github.com/stsim/stsim/api"
	"github.com/stsim/stsim/dns"
	"github.com/stsim/stsim/sim"
)

// DNSRecords: once the cluster is stable, CoreDNS serves exactly the
// records of the zone built from the Services and the pods alone, so a
// per-pod name exists exactly for a listed pod that is Ready and not
// terminating, or whose service publishes not-ready addresses
// (dns.md §9; STYLE.md practice 6; upstream podToEndpoint).
func DNSRecords() Invariant {
	return Invariant{Name: NameDNSRecords, When: OnceStable,
		Cite: "once stable, DNS records are a function of the Services and the Ready pods (dns.md §9)",
		New: func() func(*sim.Cluster) error {
			checked := uint64(0) // the inputs at the last check
			return func(c *sim.Cluster) error {
				if in := dnsInputs(c); in != checked {
					checked = in
					return sameRecords(c.DNSRecords(), referenceZone(c).Records())
				}
				return nil // the same inputs make the same records
			}
		}}
}

// dnsInputs fingerprints what the records are a function of: the
// namespaces, every service at its resourceVersion, and what of each pod
// decides its endpoints (dns.EndpointFor): labels, IP, phase, readiness,
// deletion, hostname and subdomain.
func dnsInputs(c *sim.Cluster) uint64 {
	h := fnv.New64a()
	for _, ns := range c.Namespaces() {
		fmt.Fprintf(h, "n%s;", ns.Name)
	}
	for _, s := range c.Services("") {
		fmt.Fprintf(h, "s%s/%s@%d;", s.Namespace, s.Name, s.ResourceVersion)
	}
	for _, p := range c.Pods("") {
		fmt.Fprintf(h, "p%s/%s %v %s %s %t %t %s %s;", p.Namespace, p.Name, p.Labels, p.Status.PodIP, p.Status.Phase,
			api.IsPodReady(p), p.DeletionTimestamp != nil, p.Spec.Hostname, p.Spec.Subdomain)
	}
	return h.Sum64() | 1 // never 0, the value before the first check
}

// sameRecords compares two zones' records, both in the zone's order.
func sameRecords(got, want []dns.RR) error {
	for i := range max(len(got), len(want)) {
		switch {
		case i >= len(got):
			return fmt.Errorf("record missing: %s", want[i])
		case i >= len(want):
			return fmt.Errorf("record not expected: %s", got[i])
		case !sameRecord(got[i], want[i]):
			return fmt.Errorf("record %s, want %s", got[i], want[i])
		}
	}
	return nil
}

func sameRecord(a, b dns.RR) bool {
	if (a.SOA == nil) != (b.SOA == nil) || a.SOA != nil && *a.SOA != *b.SOA {
		return false
	}
	a.SOA, b.SOA = nil, nil
	return a == b
}

// referenceZone builds the zone from the services and pods directly: one
// slice per service holding every listed pod.
func referenceZone(c *sim.Cluster) *dns.Zone {
	var slices []*dns.EndpointSlice
	for _, s := range c.Services("") {
		sl := &dns.EndpointSlice{}
		sl.Name, sl.Namespace = s.Name+"-reference", s.Namespace
		sl.Labels = map[string]string{dns.LabelServiceName: s.Name}
		for _, p := range c.Pods(s.Namespace) {
			if ep, ok := dns.EndpointFor(p, s); ok {
				sl.Endpoints = append(sl.Endpoints, ep)
				sl.Ports = dns.EndpointPortsFor(s, p)
			}
		}
		slices = append(slices, sl)
	}
	var namespaces []string
	for _, ns := range c.Namespaces() {
		namespaces = append(namespaces, ns.Name)
	}
	return dns.Build(sim.ClusterDomain, dns.DefaultTTL, namespaces, c.Services(""), slices)
}
