package dns

import (
	"github.com/stsim/stsim/api"
)

// Labels and limits of EndpointSlices (upstream: k8s.io/api/discovery/v1
// well_known_labels.go; kube-controller-manager
// --max-endpoints-per-slice default).
const (
	LabelServiceName     = "kubernetes.io/service-name"
	LabelManagedBy       = "endpointslice.kubernetes.io/managed-by"
	LabelHeadless        = "service.kubernetes.io/headless"
	ManagedByController  = "endpointslice-controller.k8s.io"
	AddressTypeIPv4      = "IPv4"
	MaxEndpointsPerSlice = 100
)

// EndpointSlice is the modelled subset of discovery/v1 EndpointSlice.
type EndpointSlice struct {
	api.ObjectMeta `json:"metadata"`
	AddressType    string         `json:"addressType"`
	Endpoints      []Endpoint     `json:"endpoints"`
	Ports          []EndpointPort `json:"ports"`
}

// Service returns the name of the service the slice belongs to.
func (s *EndpointSlice) Service() string { return s.Labels[LabelServiceName] }

// Endpoint is discovery/v1 Endpoint. Hostname is empty when unset.
type Endpoint struct {
	Addresses  []string           `json:"addresses"`
	Conditions EndpointConditions `json:"conditions"`
	Hostname   string             `json:"hostname,omitempty"`
	TargetRef  *ObjectReference   `json:"targetRef,omitempty"`
	NodeName   string             `json:"nodeName,omitempty"`
}

// EndpointConditions is discovery/v1 EndpointConditions; the controller
// always sets all three.
type EndpointConditions struct {
	Ready       bool `json:"ready"`
	Serving     bool `json:"serving"`
	Terminating bool `json:"terminating"`
}

// ObjectReference is the endpoint's targetRef (always a Pod here).
type ObjectReference struct {
	Kind      string `json:"kind"`
	Namespace string `json:"namespace"`
	Name      string `json:"name"`
	UID       string `json:"uid"`
}

// EndpointPort is discovery/v1 EndpointPort; an empty Name is an unnamed
// port.
type EndpointPort struct {
	Name     string   `json:"name"`
	Protocol Protocol `json:"protocol"`
	Port     int32    `json:"port"`
}

// Selects reports whether the service's selector picks the pod: same
// namespace, a non-nil selector (services without one get no managed
// slices) whose every label the pod carries.
func Selects(s *Service, p *api.Pod) bool {
	if s.Spec.Selector == nil || s.Namespace != p.Namespace || s.Spec.Type == ServiceTypeExternalName {
		return false
	}
	for k, v := range s.Spec.Selector {
		if got, ok := p.Labels[k]; !ok || got != v {
			return false
		}
	}
	return true
}

// ShouldPodBeInEndpoints reports whether a selected pod is listed at all:
// not terminal and with an IP; terminating pods are listed (upstream:
// k8s.io/endpointslice/util/controller_utils.go ShouldPodBeInEndpoints with
// includeTerminating=true).
func ShouldPodBeInEndpoints(p *api.Pod) bool {
	if p.Status.Phase == api.PodSucceeded || p.Status.Phase == api.PodFailed {
		return false
	}
	return p.Status.PodIP != ""
}

// ShouldSetHostname reports whether the pod's endpoint in the service's
// slices carries the pod's hostname: the pod has a hostname and its
// subdomain names this service in its namespace. Headlessness is not
// checked (upstream: controller_utils.go ShouldSetHostname; kubernetes
// #124207 and #74950).
func ShouldSetHostname(p *api.Pod, s *Service) bool {
	return p.Spec.Hostname != "" && p.Spec.Subdomain == s.Name && s.Namespace == p.Namespace
}

// EndpointFor returns the pod's endpoint in the service's slices, and false
// when the pod is not listed (upstream: k8s.io/endpointslice utils.go
// podToEndpoint): serving = pod Ready; terminating = deletion started;
// ready = publishNotReadyAddresses || (serving && !terminating).
func EndpointFor(p *api.Pod, s *Service) (Endpoint, bool) {
	if !Selects(s, p) || !ShouldPodBeInEndpoints(p) {
		return Endpoint{}, false
	}
	serving := api.IsPodReady(p)
	terminating := p.DeletionTimestamp != nil
	ep := Endpoint{
		Addresses: []string{p.Status.PodIP},
		Conditions: EndpointConditions{
			Ready:       s.Spec.PublishNotReadyAddresses || serving && !terminating,
			Serving:     serving,
			Terminating: terminating,
		},
		TargetRef: &ObjectReference{Kind: "Pod", Namespace: p.Namespace, Name: p.Name, UID: p.UID},
		NodeName:  p.Spec.NodeName,
	}
	if ShouldSetHostname(p, s) {
		ep.Hostname = p.Spec.Hostname
	}
	return ep, true
}

// EndpointPortsFor resolves the service's ports on the pod: a numeric
// targetPort as is, a named one through the pod's container ports of the
// same name and protocol (a port that does not resolve is left out). A
// headless service without ports has none (upstream: utils.go
// getEndpointPorts, findPort).
func EndpointPortsFor(s *Service, p *api.Pod) []EndpointPort {
	out := []EndpointPort{}
	for _, sp := range s.Spec.Ports {
		port, ok := findPort(p, sp)
		if ok {
			out = append(out, EndpointPort{Name: sp.Name, Protocol: sp.Protocol, Port: port})
		}
	}
	return out
}

func findPort(p *api.Pod, sp ServicePort) (int32, bool) {
	if !sp.TargetPort.IsString {
		return sp.TargetPort.Int, true
	}
	for _, c := range p.Spec.Containers {
		for _, cp := range c.Ports {
			proto := Protocol(cp.Protocol)
			if proto == "" {
				proto = ProtocolTCP
			}
			if cp.Name == sp.TargetPort.Str && proto == sp.Protocol {
				return cp.ContainerPort, true
			}
		}
	}
	return 0, false
}
