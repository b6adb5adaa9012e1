package sim

import (
	"github.com/stsim/stsim/api"
	"github.com/stsim/stsim/dns"
)

// actorCoreDNS names CoreDNS in "still pending" reports; it writes nothing,
// so it never appears in the trace.
const actorCoreDNS = "coredns"

// propagate applies a change to CoreDNS's zone once its watch has seen it
// (Timing.DNSPropagation after the write). Changes are applied in write
// order.
func (d *dnsState) propagate(what, name string, change func(*dns.Zone)) {
	_, delay := d.timing()
	d.c.eng.after(delay, actorCoreDNS, "watch "+what, name, func() {
		change(d.zone)
		d.touch()
	})
}

// touch sets the SOA serial to the Unix time of the zone's last change,
// as CoreDNS does.
func (d *dnsState) touch() {
	d.zone.Serial = uint32(api.Epoch.Add(d.c.eng.now).Unix())
}

// DNSRecords returns every record CoreDNS would answer by name right now
// (dns.Zone.Records): service A and CNAME records, SRV of named ports,
// per-endpoint A records and PTRs, sorted.
func (c *Cluster) DNSRecords() []dns.RR { return c.dns.zone.Records() }

// DNSQuery asks the cluster DNS server (CoreDNS at 10.96.0.10) one
// question, as a client that already has a fully qualified name would.
func (c *Cluster) DNSQuery(name string, t dns.Type) dns.Response { return c.dns.zone.Query(name, t) }
