package dns

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

const header = "Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\n"

// TestNSLookup checks busybox's nslookup output (networking/nslookup.c,
// FEATURE_NSLOOKUP_BIG: one reply per query in query order, each followed
// by a blank line; search domains only for names without a dot).
func TestNSLookup(t *testing.T) {
	z := fixture()
	rc := ClusterFirst("app", DefaultZone, KubeDNSIP)
	tests := []struct {
		rule string
		args []string
		want string
		code int
	}{
		{"full name: A answer, empty AAAA reply", []string{"redis-sts-0.redis-svc.app.svc.cluster.local"},
			header + "Name:\tredis-sts-0.redis-svc.app.svc.cluster.local\nAddress: 10.244.1.5\n\n\n", 0},
		{"dotted short name is asked as is: NXDOMAIN twice", []string{"redis-sts-0.redis-svc"},
			header + "** server can't find redis-sts-0.redis-svc: NXDOMAIN\n\n** server can't find redis-sts-0.redis-svc: NXDOMAIN\n\n", 1},
		{"name without a dot: every search domain, A then AAAA", []string{"web"},
			header + "Name:\tweb.app.svc.cluster.local\nAddress: 10.96.100.1\n\n" +
				"** server can't find web.svc.cluster.local: NXDOMAIN\n\n** server can't find web.cluster.local: NXDOMAIN\n\n\n" +
				"** server can't find web.svc.cluster.local: NXDOMAIN\n\n** server can't find web.cluster.local: NXDOMAIN\n\n", 1},
		{"an address: PTR", []string{"10.96.100.1"},
			header + "1.100.96.10.in-addr.arpa\tname = web.app.svc.cluster.local\n\n", 0},
		{"SRV", []string{"-type=srv", "_redis._tcp.web.app.svc.cluster.local"},
			header + "_redis._tcp.web.app.svc.cluster.local\tservice = 0 100 6379 web.app.svc.cluster.local\n\n", 0},
		{"CNAME", []string{"-type=cname", "db.app.svc.cluster.local"},
			header + "db.app.svc.cluster.local\tcanonical name = db.example.com\n\n", 0},
		{"TXT", []string{"-type=txt", "dns-version.cluster.local"},
			header + "dns-version.cluster.local\ttext = \"1.1.0\"\n\n", 0},
		{"SOA", []string{"-type=soa", "cluster.local"},
			header + "cluster.local\n\torigin = ns.dns.cluster.local\n\tmail addr = hostmaster.cluster.local\n\tserial = 0\n" +
				"\trefresh = 7200\n\tretry = 1800\n\texpire = 86400\n\tminimum = 30\n\n", 0},
		{"unknown type", []string{"-type=foo", "web"}, "nslookup: invalid query type \"foo\"\n", 1},
		{"another server is unreachable", []string{"web", "8.8.8.8"}, ";; connection timed out; no servers could be reached\n\n", 1},
	}
	for _, tt := range tests {
		t.Run(tt.rule, func(t *testing.T) {
			out, code := NSLookup(rc, z, tt.args)
			assert.Equal(t, tt.want, out)
			assert.Equal(t, tt.code, code)
		})
	}
}

// TestPing checks busybox's ping output (networking/ping.c): replies, lost
// packets, statistics with integer-microsecond averages, bad address.
func TestPing(t *testing.T) {
	out, code := Ping("redis-sts-0.redis-svc", "10.244.1.5", []*PingReply{{TTL: 62, RTT: 180}, nil, {TTL: 62, RTT: 301}})
	assert.Equal(t, 0, code)
	assert.Equal(t, "PING redis-sts-0.redis-svc (10.244.1.5): 56 data bytes\n"+
		"64 bytes from 10.244.1.5: seq=0 ttl=62 time=0.180 ms\n"+
		"64 bytes from 10.244.1.5: seq=2 ttl=62 time=0.301 ms\n"+
		"\n--- redis-sts-0.redis-svc ping statistics ---\n"+
		"3 packets transmitted, 2 packets received, 33% packet loss\n"+
		"round-trip min/avg/max = 0.180/0.240/0.301 ms\n", out)

	out, code = Ping("web", "10.96.100.1", []*PingReply{nil, nil})
	assert.Equal(t, 1, code)
	assert.Equal(t, "PING web (10.96.100.1): 56 data bytes\n\n--- web ping statistics ---\n"+
		"2 packets transmitted, 0 packets received, 100% packet loss\n", out)

	out, code = Ping("nope", "", nil)
	assert.Equal(t, "ping: bad address 'nope'\n", out)
	assert.Equal(t, 1, code)
}
