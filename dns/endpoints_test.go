package dns

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/stsim/stsim/api"
)

// TestShouldSetHostname: the endpoint carries the pod's hostname only when
// the pod has one and its subdomain is this service's name in its namespace;
// headlessness is not checked (upstream: k8s.io/endpointslice/util
// controller_utils.go ShouldSetHostname; kubernetes#124207).
func TestShouldSetHostname(t *testing.T) {
	tests := []struct {
		rule                     string
		hostname, subdomain, svc string
		svcNS                    string
		want                     bool
	}{
		{"subdomain names the service", "web-0", "nginx", "nginx", "app", true},
		{"subdomain names another service (#74950)", "web-0", "nginx", "web", "app", false},
		{"no hostname", "", "nginx", "nginx", "app", false},
		{"no subdomain", "web-0", "", "nginx", "app", false},
		{"service in another namespace", "web-0", "nginx", "nginx", "other", false},
	}
	for _, tt := range tests {
		t.Run(tt.rule, func(t *testing.T) {
			p := pod("app", "web-0", tt.subdomain, "10.244.1.2", true)
			p.Spec.Hostname = tt.hostname
			s := service(tt.svcNS, tt.svc, ClusterIPNone)
			assert.Equal(t, tt.want, ShouldSetHostname(p, s))
		})
	}
}

// TestEndpointConditions: serving = Ready; terminating = deletion started;
// ready = publishNotReadyAddresses || (serving && !terminating); terminal
// pods and pods without an IP are not listed (upstream: k8s.io/endpointslice
// utils.go podToEndpoint, ShouldPodBeInEndpoints; dns.md §4.1).
func TestEndpointConditions(t *testing.T) {
	now := time.Second
	tests := []struct {
		rule        string
		ready       bool
		terminating bool
		phase       api.PodPhase
		ip          string
		publish     bool
		listed      bool
		want        EndpointConditions
	}{
		{"Ready pod", true, false, api.PodRunning, "10.244.1.2", false, true, EndpointConditions{Ready: true, Serving: true}},
		{"not Ready pod", false, false, api.PodRunning, "10.244.1.2", false, true, EndpointConditions{}},
		{"terminating Ready pod is not ready", true, true, api.PodRunning, "10.244.1.2", false, true, EndpointConditions{Serving: true, Terminating: true}},
		{"publishNotReadyAddresses: not Ready but ready", false, false, api.PodRunning, "10.244.1.2", true, true, EndpointConditions{Ready: true}},
		{"publishNotReadyAddresses: terminating but ready", true, true, api.PodRunning, "10.244.1.2", true, true, EndpointConditions{Ready: true, Serving: true, Terminating: true}},
		{"no IP: not listed", false, false, api.PodPending, "", true, false, EndpointConditions{}},
		{"Failed: not listed", false, false, api.PodFailed, "10.244.1.2", true, false, EndpointConditions{}},
		{"Succeeded: not listed", false, false, api.PodSucceeded, "10.244.1.2", true, false, EndpointConditions{}},
	}
	for _, tt := range tests {
		t.Run(tt.rule, func(t *testing.T) {
			p := pod("app", "web-0", "web", tt.ip, tt.ready)
			p.Status.Phase = tt.phase
			if tt.terminating {
				p.DeletionTimestamp = &now
			}
			s := service("app", "web", ClusterIPNone)
			s.Spec.PublishNotReadyAddresses = tt.publish
			ep, ok := EndpointFor(p, s)
			assert.Equal(t, tt.listed, ok)
			if ok {
				assert.Equal(t, tt.want, ep.Conditions)
				assert.Equal(t, "web-0", ep.Hostname)
				assert.Equal(t, ObjectReference{Kind: "Pod", Namespace: "app", Name: "web-0", UID: "uid-web-0"}, *ep.TargetRef)
			}
		})
	}
}

// TestSelects: the selector must match every label, in the same namespace;
// a nil selector selects nothing (the controller leaves such services
// alone), an empty one everything.
func TestSelects(t *testing.T) {
	p := pod("app", "web-0", "web", "10.244.1.2", true)
	s := service("app", "web", ClusterIPNone)
	assert.True(t, Selects(s, p))
	s.Spec.Selector = map[string]string{"app": "redis-sts", "tier": "cache"}
	assert.False(t, Selects(s, p))
	s.Spec.Selector = nil
	assert.False(t, Selects(s, p))
	s.Spec.Selector = map[string]string{}
	assert.True(t, Selects(s, p))
	s.Namespace = "other"
	assert.False(t, Selects(s, p))
}

// TestEndpointPorts: a numeric targetPort is used as is; a named one is
// looked up among the containers' ports of the same protocol, and left out
// when missing (upstream: utils.go getEndpointPorts, findPort).
func TestEndpointPorts(t *testing.T) {
	p := pod("app", "web-0", "web", "10.244.1.2", true)
	p.Spec.Containers = []api.Container{{Name: "redis", Ports: []api.ContainerPort{{Name: "redis", ContainerPort: 6380}}}}
	s := service("app", "web", ClusterIPNone)
	s.Spec.Ports = []ServicePort{
		{Name: "num", Protocol: ProtocolTCP, Port: 6379, TargetPort: FromInt(7000)},
		{Name: "named", Protocol: ProtocolTCP, Port: 6379, TargetPort: FromString("redis")},
		{Name: "udp", Protocol: ProtocolUDP, Port: 6379, TargetPort: FromString("redis")},
	}
	assert.Equal(t, []EndpointPort{{Name: "num", Protocol: ProtocolTCP, Port: 7000}, {Name: "named", Protocol: ProtocolTCP, Port: 6380}},
		EndpointPortsFor(s, p))
}
