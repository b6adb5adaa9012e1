package dns

import "slices"

// reverse answers PTR questions (upstream: reverse.go serviceRecordForIP):
// a cluster IP maps to its service; otherwise one PTR per ready endpoint
// holding the address. Unknown addresses fall through to the (absent)
// upstream: NXDOMAIN, not authoritative.
func (z *Zone) reverse(qname string, t Type) Response {
	ip, ok := parseReverse(qname)
	if !ok || t != TypePTR {
		return Response{Rcode: NXDomain}
	}
	var targets []string
	if k, ok := z.vips[ip]; ok {
		targets = []string{ServiceFQDN(k.name, k.ns, z.Domain)}
	} else {
		targets = z.endpointPTRs(ip)
	}
	if len(targets) == 0 {
		return Response{Rcode: NXDomain}
	}
	var answer []RR
	for _, tg := range targets {
		answer = append(answer, RR{Name: qname, Type: TypePTR, TTL: z.TTL, Target: tg})
	}
	return Response{Rcode: NoError, Authoritative: true, Answer: answer}
}

// endpointPTRs returns the distinct names of the ready endpoints holding
// ip, sorted.
func (z *Zone) endpointPTRs(ip string) []string {
	var out []string
	for _, ix := range z.byIP[ip] {
		for _, a := range ix.ready {
			if a.ip == ip {
				out = append(out, EndpointFQDN(a.name, ix.svc.name, ix.svc.ns, z.Domain))
			}
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}
