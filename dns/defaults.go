package dns

// Default applies the API server's defaults to a service as read from a
// manifest (upstream: pkg/apis/core/v1/defaults.go SetDefaults_Service):
// sessionAffinity None, type ClusterIP, port protocol TCP, targetPort = port,
// externalTrafficPolicy Cluster for NodePort and LoadBalancer services,
// internalTrafficPolicy Cluster for ClusterIP, NodePort and LoadBalancer, and
// allocateLoadBalancerNodePorts true for LoadBalancer services.
func Default(s *Service) {
	sp := &s.Spec
	if sp.SessionAffinity == "" {
		sp.SessionAffinity = AffinityNone
	}
	if sp.Type == "" {
		sp.Type = ServiceTypeClusterIP
	}
	for i := range sp.Ports {
		p := &sp.Ports[i]
		if p.Protocol == "" {
			p.Protocol = ProtocolTCP
		}
		if p.TargetPort == (IntOrString{}) || p.TargetPort == FromString("") {
			p.TargetPort = FromInt(p.Port)
		}
	}
	if externallyAccessible(s) && sp.ExternalTrafficPolicy == "" {
		sp.ExternalTrafficPolicy = TrafficPolicyCluster
	}
	if sp.InternalTrafficPolicy == nil && needsTrafficPolicy(s) {
		sp.InternalTrafficPolicy = ptrTo(TrafficPolicyCluster)
	}
	if sp.Type == ServiceTypeLoadBalancer && sp.AllocateLoadBalancerNodePorts == nil {
		sp.AllocateLoadBalancerNodePorts = ptrTo(true)
	}
}

// externallyAccessible is upstream's service.ExternallyAccessible without
// externalIPs, which are not modelled.
func externallyAccessible(s *Service) bool {
	return s.Spec.Type == ServiceTypeLoadBalancer || s.Spec.Type == ServiceTypeNodePort
}

// needsTrafficPolicy reports whether internalTrafficPolicy is defaulted and
// required: for ClusterIP, NodePort and LoadBalancer services.
func needsTrafficPolicy(s *Service) bool {
	switch s.Spec.Type {
	case ServiceTypeClusterIP, ServiceTypeNodePort, ServiceTypeLoadBalancer:
		return true
	}
	return false
}

// needsNodePorts reports whether the service's ports get node ports
// (upstream: storage.go needsNodePort).
func needsNodePorts(s *Service) bool {
	switch s.Spec.Type {
	case ServiceTypeNodePort:
		return true
	case ServiceTypeLoadBalancer:
		return s.Spec.AllocateLoadBalancerNodePorts == nil || *s.Spec.AllocateLoadBalancerNodePorts
	}
	return false
}
