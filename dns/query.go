package dns

import (
	"slices"
	"strings"
)

// DNSSchemaVersion is the answer of the dns-version TXT record.
const DNSSchemaVersion = "1.1.0"

// maxCNAMEChain bounds the CNAME chain followed inside the zone.
const maxCNAMEChain = 8

// Query answers one question as the cluster DNS server (CoreDNS with
// kubeadm's Corefile) would. name may end with a dot. Names in the cluster
// zone and PTR questions for addresses the zone knows are answered
// authoritatively, with NXDOMAIN and NODATA exactly as the response-code
// table of the DNS spec; any other name would be forwarded upstream, which
// the simulation does not have: it is NXDOMAIN, not authoritative.
func (z *Zone) Query(name string, t Type) Response {
	qname := trimDot(name)
	lname := strings.ToLower(qname)
	if strings.HasSuffix(lname, ".in-addr.arpa") || strings.HasSuffix(lname, ".ip6.arpa") {
		return z.reverse(qname, t)
	}
	if lname != z.Domain && !strings.HasSuffix(lname, "."+z.Domain) {
		return Response{Rcode: NXDomain}
	}
	answer, extra, err := z.answer(qname, lname, t)
	if err != nil {
		return z.negative(NXDomain)
	}
	if len(answer) == 0 {
		return z.negative(NoError)
	}
	return Response{Rcode: NoError, Authoritative: true, Answer: answer, Extra: extra}
}

// negative is an authoritative NXDOMAIN or NODATA with the SOA.
func (z *Zone) negative(rc Rcode) Response {
	return Response{Rcode: rc, Authoritative: true, Ns: []RR{z.soa()}}
}

// soa is the zone's SOA: TTL min(ttl, 300), minimum = ttl.
func (z *Zone) soa() RR {
	return RR{Name: z.Domain, Type: TypeSOA, TTL: min(z.TTL, 300), SOA: &SOA{
		Ns: "ns.dns." + z.Domain, Mbox: "hostmaster." + z.Domain, Serial: z.Serial,
		Refresh: 7200, Retry: 1800, Expire: 86400, MinTT: z.TTL}}
}

// answer dispatches on the type (upstream: CoreDNS handler.go ServeDNS).
func (z *Zone) answer(qname, lname string, t Type) (answer, extra []RR, err error) {
	switch t {
	case TypeA, TypeAAAA:
		answer, err = z.address(qname, lname, t, 0)
	case TypeTXT:
		answer, err = z.txt(qname, lname)
	case TypeCNAME:
		answer, err = z.cname(qname, lname)
	case TypeSRV:
		answer, extra, err = z.srv(qname, lname)
	case TypeSOA:
		if lname == z.Domain {
			answer = []RR{z.soa()}
		}
	case TypeNS:
		if lname == z.Domain {
			return z.ns()
		}
		_, err = z.address(qname, lname, TypeA, 0)
	default: // a fake A lookup tells NODATA from NXDOMAIN
		_, err = z.address(qname, lname, TypeA, 0)
	}
	return answer, extra, err
}

// lookup parses a name of the zone and returns its entries.
func (z *Zone) lookup(lname string) ([]entry, error) {
	base := strings.TrimSuffix(strings.TrimSuffix(lname, z.Domain), ".")
	r, err := parseRequest(base)
	if err != nil {
		return nil, err
	}
	return z.records(r)
}

// address answers A or AAAA: one record per distinct address of the
// family, and for a CNAME entry the CNAME followed by the target's
// addresses (inside the zone; an outside target has none here).
func (z *Zone) address(qname, lname string, t Type, depth int) ([]RR, error) {
	if lname == "ns.dns."+z.Domain {
		return z.nsAddress(qname, t), nil
	}
	entries, err := z.lookup(lname)
	if err != nil {
		return nil, err
	}
	var out []RR
	seen := map[string]bool{}
	for _, e := range entries {
		if !e.isIP() {
			out = append(out, z.followCNAME(qname, e.host, t, depth)...)
			continue
		}
		if (familyOf(e.host) == IPv4) != (t == TypeA) || seen[e.host] {
			continue
		}
		seen[e.host] = true
		out = append(out, RR{Name: qname, Type: t, TTL: z.TTL, IP: e.host})
	}
	return out, nil
}

// followCNAME returns the CNAME to target and, for a target in the zone,
// the target's records; a target in the zone without records drops the
// CNAME too (upstream: backend_lookup.go A).
func (z *Zone) followCNAME(qname, target string, t Type, depth int) []RR {
	ltarget := strings.ToLower(target)
	if ltarget == strings.ToLower(qname) || depth >= maxCNAMEChain {
		return nil
	}
	cname := RR{Name: qname, Type: TypeCNAME, TTL: z.TTL, Target: target}
	if ltarget != z.Domain && !strings.HasSuffix(ltarget, "."+z.Domain) {
		return []RR{cname}
	}
	next, err := z.address(target, ltarget, t, depth+1)
	if err != nil || len(next) == 0 {
		return nil
	}
	return append([]RR{cname}, next...)
}

// txt answers dns-version; any other existing name is NODATA.
func (z *Zone) txt(qname, lname string) ([]RR, error) {
	if lname == "dns-version."+z.Domain {
		return []RR{{Name: qname, Type: TypeTXT, TTL: 28800, Text: DNSSchemaVersion}}, nil
	}
	entries, err := z.lookup(lname)
	if len(entries) > 0 {
		return nil, nil
	}
	if err == nil {
		err = errNoItems
	}
	return nil, err
}

// cname answers the CNAME of an ExternalName service; other names are
// NODATA.
func (z *Zone) cname(qname, lname string) ([]RR, error) {
	entries, err := z.lookup(lname)
	if err != nil || len(entries) == 0 || entries[0].isIP() {
		return nil, err
	}
	return []RR{{Name: qname, Type: TypeCNAME, TTL: z.TTL, Target: entries[0].host}}, nil
}

// srv answers SRV (upstream: backend_lookup.go SRV): priority 0, weight
// floor(100/N) for N entries (at least 1), entries without a port skipped,
// duplicates dropped; the additional section holds the targets' addresses.
func (z *Zone) srv(qname, lname string) (answer, extra []RR, err error) {
	entries, err := z.lookup(lname)
	if err != nil {
		return nil, nil, err
	}
	entries = slices.DeleteFunc(entries, func(e entry) bool { return !e.isIP() })
	weight := uint16(max(1, 100/max(1, len(entries))))
	type target struct {
		name, addr string
		port       int32
	}
	seen := map[target]bool{}
	for _, e := range entries {
		if e.port == -1 {
			continue
		}
		if k := (target{name: e.key, port: e.port}); !seen[k] {
			seen[k] = true
			answer = append(answer, RR{Name: qname, Type: TypeSRV, TTL: z.TTL, Weight: weight, Port: uint16(e.port), Target: e.key})
		}
		if k := (target{name: e.key, addr: e.host}); !seen[k] {
			seen[k] = true
			extra = append(extra, RR{Name: e.key, Type: addrType(e.host), TTL: z.TTL, IP: e.host})
		}
	}
	return answer, extra, nil
}

func addrType(ip string) Type {
	if familyOf(ip) == IPv6 {
		return TypeAAAA
	}
	return TypeA
}

// ns answers NS at the apex: ns.dns.<zone>, with the cluster DNS
// service's address.
func (z *Zone) ns() ([]RR, []RR, error) {
	target := "ns.dns." + z.Domain
	return []RR{{Name: z.Domain, Type: TypeNS, TTL: z.TTL, Target: target}}, z.nsAddress(target, TypeA), nil
}

// nsAddress is the A record of ns.dns.<zone>: the cluster IPs of
// kube-system/kube-dns.
func (z *Zone) nsAddress(name string, t Type) []RR {
	s := z.services[nsName{"kube-system", "kube-dns"}]
	if s == nil || t != TypeA {
		return nil
	}
	var out []RR
	for _, ip := range s.Spec.ClusterIPs {
		out = append(out, RR{Name: name, Type: TypeA, TTL: z.TTL, IP: ip})
	}
	return out
}
