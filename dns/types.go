package dns

import (
	"encoding/json"
	"maps"
	"slices"

	"github.com/stsim/stsim/api"
)

// ServiceType is v1.ServiceType.
type ServiceType string

// The service types.
const (
	ServiceTypeClusterIP    ServiceType = "ClusterIP"
	ServiceTypeNodePort     ServiceType = "NodePort"
	ServiceTypeLoadBalancer ServiceType = "LoadBalancer"
	ServiceTypeExternalName ServiceType = "ExternalName"
)

// Protocol is v1.Protocol.
type Protocol string

// The port protocols.
const (
	ProtocolTCP  Protocol = "TCP"
	ProtocolUDP  Protocol = "UDP"
	ProtocolSCTP Protocol = "SCTP"
)

// Values of the enumerated service fields.
const (
	// ClusterIPNone is the clusterIP of a headless service.
	ClusterIPNone = "None"

	AffinityNone     = "None"
	AffinityClientIP = "ClientIP"

	TrafficPolicyCluster = "Cluster"
	TrafficPolicyLocal   = "Local"

	SingleStack      = "SingleStack"
	PreferDualStack  = "PreferDualStack"
	RequireDualStack = "RequireDualStack"

	IPv4 = "IPv4"
	IPv6 = "IPv6"
)

// Service is the subset of v1.Service that DNS and endpoints need.
type Service struct {
	api.ObjectMeta `json:"metadata"`
	Spec           ServiceSpec `json:"spec"`
}

// ServiceSpec is the modelled subset of v1.ServiceSpec.
type ServiceSpec struct {
	Type                          ServiceType       `json:"type,omitempty"`
	Selector                      map[string]string `json:"selector,omitempty"`
	Ports                         []ServicePort     `json:"ports,omitempty"`
	ClusterIP                     string            `json:"clusterIP,omitempty"`
	ClusterIPs                    []string          `json:"clusterIPs,omitempty"`
	IPFamilies                    []string          `json:"ipFamilies,omitempty"`
	IPFamilyPolicy                *string           `json:"ipFamilyPolicy,omitempty"`
	ExternalName                  string            `json:"externalName,omitempty"`
	PublishNotReadyAddresses      bool              `json:"publishNotReadyAddresses,omitempty"`
	SessionAffinity               string            `json:"sessionAffinity,omitempty"`
	InternalTrafficPolicy         *string           `json:"internalTrafficPolicy,omitempty"`
	ExternalTrafficPolicy         string            `json:"externalTrafficPolicy,omitempty"`
	AllocateLoadBalancerNodePorts *bool             `json:"allocateLoadBalancerNodePorts,omitempty"`
}

// ServicePort is v1.ServicePort (appProtocol is not modelled).
type ServicePort struct {
	Name       string      `json:"name,omitempty"`
	Protocol   Protocol    `json:"protocol,omitempty"`
	Port       int32       `json:"port"`
	TargetPort IntOrString `json:"targetPort,omitzero"`
	NodePort   int32       `json:"nodePort,omitempty"`
}

// IntOrString is a port number or a port name (intstr.IntOrString). The
// zero value is the number 0, which defaulting replaces by the port.
type IntOrString struct {
	IsString bool
	Int      int32
	Str      string
}

// FromInt returns the port number n.
func FromInt(n int32) IntOrString { return IntOrString{Int: n} }

// FromString returns the port name s.
func FromString(s string) IntOrString { return IntOrString{IsString: true, Str: s} }

// String renders the value as kubectl does: the number or the name.
func (v IntOrString) String() string {
	if v.IsString {
		return v.Str
	}
	return itoa(int(v.Int))
}

// MarshalJSON writes a number or a string, as intstr does.
func (v IntOrString) MarshalJSON() ([]byte, error) {
	if v.IsString {
		return json.Marshal(v.Str)
	}
	return json.Marshal(v.Int)
}

// UnmarshalJSON reads a number or a string.
func (v *IntOrString) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '"' {
		v.IsString = true
		return json.Unmarshal(b, &v.Str)
	}
	*v = IntOrString{}
	return json.Unmarshal(b, &v.Int)
}

// IsHeadless reports whether the service is headless: its only cluster IP
// is "None" (upstream: validation.go isHeadlessService), or, before the
// registry has normalized clusterIPs, its clusterIP is "None".
func (s *Service) IsHeadless() bool {
	if len(s.Spec.ClusterIPs) > 0 {
		return len(s.Spec.ClusterIPs) == 1 && s.Spec.ClusterIPs[0] == ClusterIPNone
	}
	return s.Spec.ClusterIP == ClusterIPNone
}

// HasClusterIP reports whether the service has a virtual IP: it is neither
// headless nor ExternalName nor without a clusterIP
// (upstream: helper.IsServiceIPSet).
func (s *Service) HasClusterIP() bool {
	return s.Spec.ClusterIP != ClusterIPNone && s.Spec.ClusterIP != "" && s.Spec.Type != ServiceTypeExternalName
}

// DeepCopy returns a copy of s that shares nothing with it.
func (s *Service) DeepCopy() *Service {
	out := *s
	out.Labels = maps.Clone(s.Labels)
	out.Annotations = maps.Clone(s.Annotations)
	out.OwnerReferences = slices.Clone(s.OwnerReferences)
	out.Finalizers = slices.Clone(s.Finalizers)
	out.Spec.Selector = maps.Clone(s.Spec.Selector)
	out.Spec.Ports = slices.Clone(s.Spec.Ports)
	out.Spec.ClusterIPs = slices.Clone(s.Spec.ClusterIPs)
	out.Spec.IPFamilies = slices.Clone(s.Spec.IPFamilies)
	out.Spec.IPFamilyPolicy = clonePtr(s.Spec.IPFamilyPolicy)
	out.Spec.InternalTrafficPolicy = clonePtr(s.Spec.InternalTrafficPolicy)
	out.Spec.AllocateLoadBalancerNodePorts = clonePtr(s.Spec.AllocateLoadBalancerNodePorts)
	if s.DeletionTimestamp != nil {
		d := *s.DeletionTimestamp
		out.DeletionTimestamp = &d
	}
	return &out
}

func clonePtr[T any](p *T) *T {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}

func ptrTo[T any](v T) *T { return &v }
