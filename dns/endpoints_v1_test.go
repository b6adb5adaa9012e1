package dns

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestEndpointsFor: the v1 Endpoints the endpoints controller keeps, from
// the service's slices (upstream: endpoints_controller.go syncService,
// endpoints.RepackSubsets).
func TestEndpointsFor(t *testing.T) {
	s := service("app", "redis-svc", ClusterIPNone)
	s.Labels = map[string]string{"tier": "cache"}
	ready := pod("app", "redis-sts-1", "redis-svc", "10.244.2.6", true)
	readyLow := pod("app", "redis-sts-0", "redis-svc", "10.244.10.5", true)
	notReady := pod("app", "redis-sts-2", "redis-svc", "10.244.3.7", false)
	gone := pod("app", "redis-sts-3", "redis-svc", "10.244.4.8", true)
	now := time.Second
	gone.DeletionTimestamp = &now
	other := sliceOf(service("app", "web", ""), ready)
	ep := EndpointsFor(s, []*EndpointSlice{sliceOf(s, ready, notReady, gone), sliceOf(s, readyLow), other})
	require.NotNil(t, ep)
	assert.Equal(t, "redis-svc", ep.Name)
	assert.Equal(t, map[string]string{"tier": "cache", LabelHeadless: "", LabelEndpointsManagedBy: EndpointsController}, ep.Labels)
	require.Len(t, ep.Subsets, 1, "one port set")
	ss := ep.Subsets[0]
	var addrs, notReadyAddrs []string
	for _, a := range ss.Addresses {
		addrs = append(addrs, a.IP)
	}
	for _, a := range ss.NotReadyAddresses {
		notReadyAddrs = append(notReadyAddrs, a.IP)
	}
	assert.Equal(t, []string{"10.244.10.5", "10.244.2.6"}, addrs, "ready ones, by IP as a string; terminating ones left out")
	assert.Equal(t, []string{"10.244.3.7"}, notReadyAddrs)
	assert.Equal(t, "redis-sts-1", ss.Addresses[1].Hostname)
	assert.Equal(t, []EndpointPort{{Name: "redis", Protocol: ProtocolTCP, Port: 6379}}, ss.Ports)
	assert.Empty(t, s.Labels[LabelHeadless], "the service's labels are not touched")

	s.Spec.PublishNotReadyAddresses = true
	pub := EndpointsFor(s, []*EndpointSlice{sliceOf(s, ready, notReady, gone)})
	assert.Len(t, pub.Subsets[0].Addresses, 3, "publishNotReadyAddresses: all ready, terminating ones too")
}

// TestEndpointsForNone: no Endpoints for an ExternalName service or one
// without a selector; an empty one (no subsets) before any slice.
func TestEndpointsForNone(t *testing.T) {
	ext := &Service{Spec: ServiceSpec{Type: ServiceTypeExternalName, ExternalName: "db.example.com", Selector: map[string]string{"a": "b"}}}
	assert.Nil(t, EndpointsFor(ext, nil))
	manual := service("app", "manual", "")
	manual.Spec.Selector = nil
	assert.Nil(t, EndpointsFor(manual, nil))
	web := service("app", "web", "10.96.0.20")
	ep := EndpointsFor(web, nil)
	require.NotNil(t, ep)
	assert.Empty(t, ep.Subsets)
	assert.NotContains(t, ep.Labels, LabelHeadless)
}

// TestEndpointsRepack: ports served by the same addresses share a subset;
// a port that a pod lacks splits them.
func TestEndpointsRepack(t *testing.T) {
	s := service("app", "web", "")
	s.Spec.Ports = []ServicePort{{Name: "https", Port: 443, TargetPort: FromInt(8443)}, {Name: "http", Port: 80, TargetPort: FromInt(8080)}}
	both := &EndpointSlice{Endpoints: []Endpoint{{Addresses: []string{"10.0.0.1"}, Conditions: EndpointConditions{Ready: true}}},
		Ports: []EndpointPort{{Name: "https", Port: 8443, Protocol: ProtocolTCP}, {Name: "http", Port: 8080, Protocol: ProtocolTCP}}}
	one := &EndpointSlice{Endpoints: []Endpoint{{Addresses: []string{"10.0.0.2"}, Conditions: EndpointConditions{Ready: true}}},
		Ports: []EndpointPort{{Name: "http", Port: 8080, Protocol: ProtocolTCP}}}
	for _, sl := range []*EndpointSlice{both, one} {
		sl.Namespace, sl.Labels = "app", map[string]string{LabelServiceName: "web"}
	}
	ep := EndpointsFor(s, []*EndpointSlice{both, one})
	require.Len(t, ep.Subsets, 2)
	assert.Equal(t, "http", ep.Subsets[0].Ports[0].Name)
	assert.Len(t, ep.Subsets[0].Addresses, 2, "http is served by both")
	assert.Equal(t, "https", ep.Subsets[1].Ports[0].Name)
	assert.Len(t, ep.Subsets[1].Addresses, 1, "https by one")
}
