package manifest

import (
	"strings"
	"testing"

	"github.com/stsim/stsim/api"
	"github.com/stsim/stsim/dns"
)

// TestEndpointSliceJSON: a slice renders as the endpointslice controller
// writes it: every condition set, false ones included, an unnamed port
// named "", no hostname or node when unset.
func TestEndpointSliceJSON(t *testing.T) {
	sl := &dns.EndpointSlice{
		ObjectMeta:  api.ObjectMeta{Name: "web-abcde", Namespace: "default"},
		AddressType: dns.AddressTypeIPv4,
		Endpoints: []dns.Endpoint{{Addresses: []string{"10.244.1.2"}, Conditions: dns.EndpointConditions{Serving: true},
			TargetRef: &dns.ObjectReference{Kind: "Pod", Namespace: "default", Name: "web-0", UID: "u"}}},
		Ports: []dns.EndpointPort{{Protocol: dns.ProtocolTCP, Port: 80}},
	}
	b, err := JSON(sl)
	if err != nil {
		t.Fatal(err)
	}
	got := string(b)
	for _, want := range []string{
		`"apiVersion": "discovery.k8s.io/v1"`, `"kind": "EndpointSlice"`, `"addressType": "IPv4"`,
		`"ready": false`, `"serving": true`, `"terminating": false`, `"name": ""`, `"port": 80`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %s in\n%s", want, got)
		}
	}
	if strings.Contains(got, "hostname") || strings.Contains(got, "nodeName") {
		t.Errorf("unset fields rendered:\n%s", got)
	}
}

// TestEndpointsYAML: v1 Endpoints render with subsets, addresses and
// notReadyAddresses.
func TestEndpointsYAML(t *testing.T) {
	ep := &dns.Endpoints{
		ObjectMeta: api.ObjectMeta{Name: "redis-svc", Namespace: "default"},
		Subsets: []dns.EndpointSubset{{
			Addresses:         []dns.EndpointAddress{{IP: "10.244.1.2", Hostname: "redis-sts-0", NodeName: "node-1"}},
			NotReadyAddresses: []dns.EndpointAddress{{IP: "10.244.2.2"}},
			Ports:             []dns.EndpointPort{{Port: 6379, Protocol: dns.ProtocolTCP}},
		}},
	}
	b, err := YAML(ep)
	if err != nil {
		t.Fatal(err)
	}
	want := `apiVersion: v1
kind: Endpoints
metadata:
  creationTimestamp: "2025-01-01T00:00:00Z"
  name: redis-svc
  namespace: default
subsets:
- addresses:
  - hostname: redis-sts-0
    ip: 10.244.1.2
    nodeName: node-1
  notReadyAddresses:
  - ip: 10.244.2.2
  ports:
  - port: 6379
    protocol: TCP
`
	if string(b) != want {
		t.Errorf("got\n%s\nwant\n%s", b, want)
	}
}
