package dns

import (
	"fmt"
	"strconv"
)

// Type is a DNS record type.
type Type uint16

// The record types the zone answers (others get NODATA or NXDOMAIN).
const (
	TypeA     Type = 1
	TypeNS    Type = 2
	TypeCNAME Type = 5
	TypeSOA   Type = 6
	TypePTR   Type = 12
	TypeMX    Type = 15
	TypeTXT   Type = 16
	TypeAAAA  Type = 28
	TypeSRV   Type = 33
	TypeANY   Type = 255
)

var typeNames = map[Type]string{TypeA: "A", TypeNS: "NS", TypeCNAME: "CNAME", TypeSOA: "SOA", TypePTR: "PTR",
	TypeMX: "MX", TypeTXT: "TXT", TypeAAAA: "AAAA", TypeSRV: "SRV", TypeANY: "ANY"}

// String returns the mnemonic, e.g. "SRV".
func (t Type) String() string {
	if s, ok := typeNames[t]; ok {
		return s
	}
	return "TYPE" + strconv.Itoa(int(t))
}

// Rcode is a DNS response code.
type Rcode int

// The response codes the simulation produces.
const (
	NoError  Rcode = 0
	ServFail Rcode = 2
	NXDomain Rcode = 3
	Refused  Rcode = 5
)

// String returns the name busybox and dig print, e.g. "NXDOMAIN".
func (r Rcode) String() string {
	switch r {
	case NoError:
		return "NOERROR"
	case ServFail:
		return "SERVFAIL"
	case NXDomain:
		return "NXDOMAIN"
	case Refused:
		return "REFUSED"
	}
	return strconv.Itoa(int(r))
}

// RR is one resource record. Names and targets carry no trailing dot.
type RR struct {
	Name string
	Type Type
	TTL  uint32
	// IP is the address of an A or AAAA record.
	IP string
	// Target is the name a CNAME, PTR, NS or SRV record points to.
	Target string
	// Priority, Weight and Port are the SRV fields.
	Priority, Weight, Port uint16
	// Text is the TXT string.
	Text string
	// SOA holds the SOA fields.
	SOA *SOA
}

// SOA is the zone's start of authority (upstream: CoreDNS
// plugin/backend_lookup.go SOA).
type SOA struct {
	Ns, Mbox                              string
	Serial, Refresh, Retry, Expire, MinTT uint32
}

// String renders the record in zone-file form, e.g.
// "web-0.nginx.default.svc.cluster.local.\t30\tIN\tA\t10.244.1.2".
func (r RR) String() string {
	return fmt.Sprintf("%s.\t%d\tIN\t%s\t%s", r.Name, r.TTL, r.Type, r.Data())
}

// Data renders the record data as a zone file does.
func (r RR) Data() string {
	switch r.Type {
	case TypeA, TypeAAAA:
		return r.IP
	case TypeSRV:
		return fmt.Sprintf("%d %d %d %s.", r.Priority, r.Weight, r.Port, r.Target)
	case TypeTXT:
		return strconv.Quote(r.Text)
	case TypeSOA:
		s := r.SOA
		return fmt.Sprintf("%s. %s. %d %d %d %d %d", s.Ns, s.Mbox, s.Serial, s.Refresh, s.Retry, s.Expire, s.MinTT)
	}
	return r.Target + "."
}

// Response is the answer of the cluster DNS server to one question.
type Response struct {
	Rcode Rcode
	// Authoritative is set on answers from the cluster zone; the simulated
	// upstream resolver's answers are not authoritative.
	Authoritative bool
	Answer        []RR
	// Ns holds the SOA of negative answers from the zone.
	Ns    []RR
	Extra []RR
}

// NoData reports whether the response is NODATA: NOERROR with an empty
// answer.
func (r Response) NoData() bool { return r.Rcode == NoError && len(r.Answer) == 0 }
