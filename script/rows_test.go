package script

import (
	"testing"

	"github.com/stsim/stsim/dns"
)

// TestFormatEndpoints: the ENDPOINTS cell lists three ready addresses with
// their ports and counts the rest per port (upstream: printers.go
// formatEndpoints).
func TestFormatEndpoints(t *testing.T) {
	addrs := func(ips ...string) []dns.EndpointAddress {
		var out []dns.EndpointAddress
		for _, ip := range ips {
			out = append(out, dns.EndpointAddress{IP: ip})
		}
		return out
	}
	port := func(n int32) dns.EndpointPort { return dns.EndpointPort{Port: n} }
	tests := []struct {
		name string
		ep   dns.Endpoints
		want string
	}{
		{"none", dns.Endpoints{}, "<none>"},
		{"one port", dns.Endpoints{Subsets: []dns.EndpointSubset{{Addresses: addrs("10.244.1.2", "10.244.2.2"), Ports: []dns.EndpointPort{port(6379)}}}},
			"10.244.1.2:6379,10.244.2.2:6379"},
		{"not ready ones are not listed", dns.Endpoints{Subsets: []dns.EndpointSubset{{NotReadyAddresses: addrs("10.244.1.2"), Ports: []dns.EndpointPort{port(80)}}}},
			""},
		{"headless without ports", dns.Endpoints{Subsets: []dns.EndpointSubset{{Addresses: addrs("10.0.0.1", "10.0.0.2")}}},
			"10.0.0.1,10.0.0.2"},
		{"more than three", dns.Endpoints{Subsets: []dns.EndpointSubset{{Addresses: addrs("a", "b", "c", "d"), Ports: []dns.EndpointPort{port(1), port(2)}}}},
			"a:1,b:1,c:1 + 5 more..."},
	}
	for _, tt := range tests {
		if got := formatEndpoints(&tt.ep); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}

// TestWithMore: EndpointSlice cells (upstream: listWithMoreString).
func TestWithMore(t *testing.T) {
	for _, tt := range []struct {
		in   []string
		want string
	}{
		{nil, "<unset>"},
		{[]string{"80"}, "80"},
		{[]string{"a", "b", "c"}, "a,b,c"},
		{[]string{"a", "b", "c", "d", "e"}, "a,b,c + 2 more..."},
	} {
		if got := withMore(tt.in); got != tt.want {
			t.Errorf("withMore(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestAccessModes: kubectl's fixed order, without duplicates.
func TestAccessModes(t *testing.T) {
	got := accessModes([]string{"ReadWriteOncePod", "ReadWriteMany", "ReadWriteOnce", "ReadWriteMany"})
	if got != "RWO,RWX,RWOP" {
		t.Errorf("got %q", got)
	}
}
