package dns

import (
	"fmt"
	"net/netip"
	"strings"
)

// What busybox's nslookup prints (networking/nslookup.c with
// FEATURE_NSLOOKUP_BIG, the default build, as in Alpine-based images such as
// redis:5-alpine and in busybox ≥ 1.29). Unlike libc it appends the search
// domains only to a name without any dot: `nslookup redis-sts-0.redis-svc`
// asks for that name as is and fails, while ping (libc) resolves it.

// nslookupTypes are busybox's -type= values, in its query order.
var nslookupTypes = []struct {
	name string
	t    Type
}{
	{"soa", TypeSOA}, {"ns", TypeNS}, {"a", TypeA}, {"aaaa", TypeAAAA}, {"cname", TypeCNAME},
	{"mx", TypeMX}, {"txt", TypeTXT}, {"srv", TypeSRV}, {"ptr", TypePTR}, {"any", TypeANY},
}

// NSLookup runs busybox's `nslookup [-type=T]... NAME [SERVER]` against
// server with the pod's resolv.conf and returns its output and exit code.
// Without -type it asks A and AAAA, or PTR for an IP address. The replies
// are printed in query order (a real run prints them as they arrive).
// A SERVER other than the configured nameserver is unreachable here.
func NSLookup(conf ResolvConf, server Querier, args []string) (string, int) {
	types, rest, err := nslookupArgs(args)
	if err != "" {
		return err, 1
	}
	name := rest[0]
	ns := conf.Nameservers[0]
	if len(rest) == 2 && rest[1] != ns {
		return ";; connection timed out; no servers could be reached\n\n", 1
	}
	queries := nslookupQueries(conf, name, types)
	var b strings.Builder
	b.WriteString("Server:\t\t" + ns + "\nAddress:\t" + ns + ":53\n\n")
	code := 0
	for _, q := range queries {
		resp := server.Query(q.name, q.t)
		if resp.Rcode != NoError {
			fmt.Fprintf(&b, "** server can't find %s: %s\n", q.name, resp.Rcode)
			code = 1
		} else {
			writeReply(&b, resp)
		}
		b.WriteString("\n")
	}
	return b.String(), code
}

// nslookupArgs parses the options; the error is busybox's message.
func nslookupArgs(args []string) (types []Type, rest []string, errMsg string) {
	const usage = "BusyBox v1.36.1 multi-call binary.\n\nUsage: nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]\n\nQuery DNS about HOST\n\nQUERY_TYPE: soa,ns,a,aaaa,cname,mx,txt,ptr,srv,any\n"
	for len(args) > 0 && strings.HasPrefix(args[0], "-") {
		opt, val, _ := strings.Cut(args[0][1:], "=")
		args = args[1:]
		switch opt {
		case "type", "querytype":
			t, ok := nslookupType(val)
			if !ok {
				return nil, nil, fmt.Sprintf("nslookup: invalid query type \"%s\"\n", val)
			}
			types = append(types, t)
		case "debug", "port", "retry", "t", "timeout":
		default:
			return nil, nil, usage
		}
	}
	if len(args) == 0 || len(args) > 2 {
		return nil, nil, usage
	}
	return types, args, ""
}

func nslookupType(name string) (Type, bool) {
	for _, q := range nslookupTypes {
		if strings.EqualFold(q.name, name) {
			return q.t, true
		}
	}
	return 0, false
}

type question struct {
	name string
	t    Type
}

// nslookupQueries lists the questions busybox sends: a PTR for an address
// given without -type, else each type (in busybox's order) for the name,
// with the search domains appended only when the name has no dot.
func nslookupQueries(conf ResolvConf, name string, types []Type) []question {
	if len(types) == 0 {
		if a, err := netip.ParseAddr(name); err == nil && a.Is4() {
			return []question{{ReverseName(a.String()), TypePTR}}
		}
		types = []Type{TypeA, TypeAAAA}
	}
	var out []question
	for _, q := range nslookupTypes {
		for _, t := range types {
			if t != q.t {
				continue
			}
			if t == TypePTR || strings.Contains(name, ".") || len(conf.Search) == 0 {
				out = append(out, question{name, t})
				continue
			}
			for _, d := range conf.Search {
				out = append(out, question{name + "." + d, t})
			}
		}
	}
	return out
}

// writeReply prints the answer section as busybox's parse_reply does:
// "Name:\t<name>\nAddress: <ip>" for addresses, "<name>\t<what> = <data>"
// otherwise. The first NS, CNAME or PTR record fixes the wording of all
// later ones of these types (busybox reuses its format string).
func writeReply(b *strings.Builder, resp Response) {
	if !resp.Authoritative {
		b.WriteString("Non-authoritative answer:\n")
	}
	format := ""
	for _, rr := range resp.Answer {
		switch rr.Type {
		case TypeA, TypeAAAA:
			fmt.Fprintf(b, "Name:\t%s\nAddress: %s\n", rr.Name, rr.IP)
		case TypeNS, TypeCNAME, TypePTR:
			if format == "" {
				format = map[Type]string{TypeNS: "nameserver", TypeCNAME: "canonical name", TypePTR: "name"}[rr.Type]
			}
			fmt.Fprintf(b, "%s\t%s = %s\n", rr.Name, format, rr.Target)
		case TypeTXT:
			fmt.Fprintf(b, "%s\ttext = \"%s\"\n", rr.Name, rr.Text)
		case TypeSRV:
			fmt.Fprintf(b, "%s\tservice = %d %d %d %s\n", rr.Name, rr.Priority, rr.Weight, rr.Port, rr.Target)
		case TypeSOA:
			s := rr.SOA
			fmt.Fprintf(b, "%s\n\torigin = %s\n\tmail addr = %s\n\tserial = %d\n\trefresh = %d\n\tretry = %d\n\texpire = %d\n\tminimum = %d\n",
				rr.Name, s.Ns, s.Mbox, s.Serial, s.Refresh, s.Retry, s.Expire, s.MinTT)
		}
	}
}

// PingReply is one echo reply: the TTL it arrived with and its round-trip
// time in microseconds.
type PingReply struct {
	TTL int
	RTT int
}

// Ping renders busybox's `ping -c N NAME` (networking/ping.c) for an
// address ip that name resolved to (ip "" when it did not), with the
// replies to the N echo requests (nil for a lost one). It returns the
// output and the exit code: 1 when nothing came back or the name did not
// resolve.
func Ping(name, ip string, replies []*PingReply) (string, int) {
	if ip == "" {
		return "ping: bad address '" + name + "'\n", 1
	}
	var b strings.Builder
	fmt.Fprintf(&b, "PING %s (%s): 56 data bytes\n", name, ip)
	received, sum, lo, hi := 0, 0, 0, 0
	for seq, r := range replies {
		if r == nil {
			continue
		}
		if received == 0 || r.RTT < lo {
			lo = r.RTT
		}
		hi = max(hi, r.RTT)
		received++
		sum += r.RTT
		fmt.Fprintf(&b, "64 bytes from %s: seq=%d ttl=%d time=%s ms\n", ip, seq, r.TTL, micros(r.RTT))
	}
	sent := len(replies)
	loss := 0
	if sent > 0 {
		loss = (sent - received) * 100 / sent
	}
	fmt.Fprintf(&b, "\n--- %s ping statistics ---\n%d packets transmitted, %d packets received, %d%% packet loss\n", name, sent, received, loss)
	if received == 0 {
		return b.String(), 1
	}
	fmt.Fprintf(&b, "round-trip min/avg/max = %s/%s/%s ms\n", micros(lo), micros(sum/received), micros(hi))
	return b.String(), 0
}

// micros prints microseconds as busybox does: "%u.%03u" milliseconds.
func micros(us int) string { return fmt.Sprintf("%d.%03d", us/1000, us%1000) }
