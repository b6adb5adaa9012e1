package manifest

//lint:file-ignore SA1019 v1 Endpoints is deprecated, but the endpoints controller still writes it and kubectl still prints it.

import (
	corev1 "k8s.io/api/core/v1"
	discoveryv1 "k8s.io/api/discovery/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/util/intstr"

	"github.com/stsim/stsim/dns"
)

// Services, EndpointSlices and Endpoints: dns's types at the edge.

func serviceIn(o *corev1.Service) *dns.Service {
	s := o.Spec
	out := &dns.Service{
		ObjectMeta: metaIn(o.ObjectMeta),
		Spec: dns.ServiceSpec{
			Type:                          dns.ServiceType(s.Type),
			Selector:                      s.Selector,
			ClusterIP:                     s.ClusterIP,
			ClusterIPs:                    s.ClusterIPs,
			ExternalName:                  s.ExternalName,
			PublishNotReadyAddresses:      s.PublishNotReadyAddresses,
			SessionAffinity:               string(s.SessionAffinity),
			ExternalTrafficPolicy:         string(s.ExternalTrafficPolicy),
			AllocateLoadBalancerNodePorts: s.AllocateLoadBalancerNodePorts,
		},
	}
	for _, p := range s.Ports {
		port := dns.ServicePort{Name: p.Name, Protocol: dns.Protocol(p.Protocol), Port: p.Port, NodePort: p.NodePort}
		if p.TargetPort.Type == intstr.String {
			port.TargetPort = dns.FromString(p.TargetPort.StrVal)
		} else {
			port.TargetPort = dns.FromInt(p.TargetPort.IntVal)
		}
		out.Spec.Ports = append(out.Spec.Ports, port)
	}
	for _, f := range s.IPFamilies {
		out.Spec.IPFamilies = append(out.Spec.IPFamilies, string(f))
	}
	if s.IPFamilyPolicy != nil {
		v := string(*s.IPFamilyPolicy)
		out.Spec.IPFamilyPolicy = &v
	}
	if s.InternalTrafficPolicy != nil {
		v := string(*s.InternalTrafficPolicy)
		out.Spec.InternalTrafficPolicy = &v
	}
	return out
}

func serviceOut(o *dns.Service) *corev1.Service {
	s := o.Spec
	out := &corev1.Service{
		TypeMeta:   typeMeta("v1", "Service"),
		ObjectMeta: metaOut(o.ObjectMeta),
		Spec: corev1.ServiceSpec{
			Type:                          corev1.ServiceType(s.Type),
			Selector:                      s.Selector,
			ClusterIP:                     s.ClusterIP,
			ClusterIPs:                    s.ClusterIPs,
			ExternalName:                  s.ExternalName,
			PublishNotReadyAddresses:      s.PublishNotReadyAddresses,
			SessionAffinity:               corev1.ServiceAffinity(s.SessionAffinity),
			ExternalTrafficPolicy:         corev1.ServiceExternalTrafficPolicy(s.ExternalTrafficPolicy),
			AllocateLoadBalancerNodePorts: s.AllocateLoadBalancerNodePorts,
		},
	}
	for _, p := range s.Ports {
		port := corev1.ServicePort{Name: p.Name, Protocol: corev1.Protocol(p.Protocol), Port: p.Port, NodePort: p.NodePort}
		if p.TargetPort.IsString {
			port.TargetPort = intstr.FromString(p.TargetPort.Str)
		} else {
			port.TargetPort = intstr.FromInt32(p.TargetPort.Int)
		}
		out.Spec.Ports = append(out.Spec.Ports, port)
	}
	for _, f := range s.IPFamilies {
		out.Spec.IPFamilies = append(out.Spec.IPFamilies, corev1.IPFamily(f))
	}
	if s.IPFamilyPolicy != nil {
		v := corev1.IPFamilyPolicy(*s.IPFamilyPolicy)
		out.Spec.IPFamilyPolicy = &v
	}
	if s.InternalTrafficPolicy != nil {
		v := corev1.ServiceInternalTrafficPolicy(*s.InternalTrafficPolicy)
		out.Spec.InternalTrafficPolicy = &v
	}
	return out
}

func objectReferenceOut(r *dns.ObjectReference) *corev1.ObjectReference {
	if r == nil {
		return nil
	}
	return &corev1.ObjectReference{Kind: r.Kind, Namespace: r.Namespace, Name: r.Name, UID: types.UID(r.UID)}
}

func stringPtr(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// endpointSliceOut renders a slice as the endpointslice controller writes
// it: every condition and port field set.
func endpointSliceOut(o *dns.EndpointSlice) *discoveryv1.EndpointSlice {
	out := &discoveryv1.EndpointSlice{
		TypeMeta:    typeMeta("discovery.k8s.io/v1", "EndpointSlice"),
		ObjectMeta:  metaOut(o.ObjectMeta),
		AddressType: discoveryv1.AddressType(o.AddressType),
		Endpoints:   []discoveryv1.Endpoint{},
		Ports:       []discoveryv1.EndpointPort{},
	}
	for _, e := range o.Endpoints {
		ready, serving, terminating := e.Conditions.Ready, e.Conditions.Serving, e.Conditions.Terminating
		out.Endpoints = append(out.Endpoints, discoveryv1.Endpoint{
			Addresses:  e.Addresses,
			Conditions: discoveryv1.EndpointConditions{Ready: &ready, Serving: &serving, Terminating: &terminating},
			Hostname:   stringPtr(e.Hostname),
			TargetRef:  objectReferenceOut(e.TargetRef),
			NodeName:   stringPtr(e.NodeName),
		})
	}
	for _, p := range o.Ports {
		name, protocol, port := p.Name, corev1.Protocol(p.Protocol), p.Port
		out.Ports = append(out.Ports, discoveryv1.EndpointPort{Name: &name, Protocol: &protocol, Port: &port})
	}
	return out
}

func endpointAddressesOut(as []dns.EndpointAddress) []corev1.EndpointAddress {
	var out []corev1.EndpointAddress
	for _, a := range as {
		out = append(out, corev1.EndpointAddress{
			IP: a.IP, Hostname: a.Hostname, NodeName: stringPtr(a.NodeName), TargetRef: objectReferenceOut(a.TargetRef),
		})
	}
	return out
}

// endpointsOut renders the endpoints controller's v1 Endpoints.
func endpointsOut(o *dns.Endpoints) *corev1.Endpoints {
	out := &corev1.Endpoints{TypeMeta: typeMeta("v1", "Endpoints"), ObjectMeta: metaOut(o.ObjectMeta)}
	for _, ss := range o.Subsets {
		sub := corev1.EndpointSubset{
			Addresses:         endpointAddressesOut(ss.Addresses),
			NotReadyAddresses: endpointAddressesOut(ss.NotReadyAddresses),
		}
		for _, p := range ss.Ports {
			sub.Ports = append(sub.Ports, corev1.EndpointPort{Name: p.Name, Port: p.Port, Protocol: corev1.Protocol(p.Protocol)})
		}
		out.Subsets = append(out.Subsets, sub)
	}
	return out
}
