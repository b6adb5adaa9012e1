package dns

import (
	"strings"

	"github.com/stsim/stsim/api"
)

// Validation of Services, worded as the API server words it (upstream:
// pkg/apis/core/validation/validation.go ValidateServiceCreate,
// ValidateServiceUpdate, validateService). Fields stsim does not model
// (externalIPs, loadBalancerSourceRanges, sessionAffinityConfig,
// healthCheckNodePort, trafficDistribution, loadBalancerClass) are not
// checked.

var (
	specPath            = api.NewPath("spec")
	supportedTypes      = []string{"ClusterIP", "ExternalName", "LoadBalancer", "NodePort"}
	supportedAffinities = []string{AffinityClientIP, AffinityNone}
	supportedPolicies   = []string{TrafficPolicyCluster, TrafficPolicyLocal}
)

// ValidateCreate validates a new service (after Default, PrepareForCreate
// and InitIPFamilies). Its name is a DNS-1123 label: RelaxedServiceName
// Validation is GA and locked on in v1.37 (older releases required a
// DNS-1035 label, which may not start with a digit).
func ValidateCreate(s *Service) api.ErrorList {
	meta := api.NewPath("metadata")
	errs := api.ValidateObjectMetaName(s.Name, api.NameIsDNSLabel, meta)
	errs = append(errs, api.ValidateLabels(s.Labels, meta.Child("labels"))...)
	errs = append(errs, api.ValidateAnnotations(s.Annotations, meta.Child("annotations"))...)
	return append(errs, validateService(s, nil)...)
}

// ValidateUpdate validates an update of old to s (after Default,
// PrepareForUpdate and InitIPFamilies): the cluster IPs may not change once
// set, unless the service turns into or out of an ExternalName service.
func ValidateUpdate(s, old *Service) api.ErrorList {
	meta := api.NewPath("metadata")
	errs := api.ValidateLabels(s.Labels, meta.Child("labels"))
	errs = append(errs, api.ValidateAnnotations(s.Annotations, meta.Child("annotations"))...)
	errs = append(errs, validateClusterIPsUpdate(old, s)...)
	errs = append(errs, validateIPFamiliesUpdate(old, s)...)
	return append(errs, validateService(s, old)...)
}

// validateService is upstream's validateService for the modelled fields,
// in upstream's order.
func validateService(s, old *Service) api.ErrorList {
	var errs api.ErrorList
	if len(s.Spec.Ports) == 0 && !s.IsHeadless() && s.Spec.Type != ServiceTypeExternalName {
		errs = append(errs, api.Required(specPath.Child("ports"), ""))
	}
	errs = append(errs, validateTypeSpecific(s)...)
	errs = append(errs, validatePorts(s)...)
	if s.Spec.Selector != nil {
		errs = append(errs, api.ValidateLabels(s.Spec.Selector, specPath.Child("selector"))...)
	}
	errs = append(errs, validateEnum(s.Spec.SessionAffinity, specPath.Child("sessionAffinity"), supportedAffinities)...)
	errs = append(errs, validateClusterIPFields(s, old)...)
	errs = append(errs, validateEnum(string(s.Spec.Type), specPath.Child("type"), supportedTypes)...)
	errs = append(errs, validateNodePorts(s)...)
	errs = append(errs, validateDuplicatePorts(s)...)
	errs = append(errs, validateLoadBalancerFields(s)...)
	errs = append(errs, validateTrafficPolicies(s)...)
	return errs
}

// validateTypeSpecific checks what headless NodePort/LoadBalancer and
// ExternalName services may not have.
func validateTypeSpecific(s *Service) api.ErrorList {
	var errs api.ErrorList
	switch s.Spec.Type {
	case ServiceTypeLoadBalancer, ServiceTypeNodePort:
		if s.IsHeadless() {
			errs = append(errs, api.Invalid(specPath.Child("clusterIPs").Index(0), s.Spec.ClusterIPs[0],
				"may not be set to 'None' for "+string(s.Spec.Type)+" services"))
		}
	case ServiceTypeExternalName:
		if len(s.Spec.ClusterIPs) > 0 {
			errs = append(errs, api.Forbidden(specPath.Child("clusterIPs"), "may not be set for ExternalName services"))
		}
		if len(s.Spec.IPFamilies) > 0 {
			errs = append(errs, api.Forbidden(specPath.Child("ipFamilies"), "may not be set for ExternalName services"))
		}
		if s.Spec.IPFamilyPolicy != nil {
			errs = append(errs, api.Forbidden(specPath.Child("ipFamilyPolicy"), "may not be set for ExternalName services"))
		}
		errs = append(errs, validateExternalName(s.Spec.ExternalName)...)
	}
	return errs
}

// validateExternalName checks the CNAME target: a DNS-1123 subdomain, with
// an optional trailing dot.
func validateExternalName(name string) api.ErrorList {
	p := specPath.Child("externalName")
	cname := strings.TrimSuffix(name, ".")
	if cname == "" {
		return api.ErrorList{api.Required(p, "")}
	}
	var errs api.ErrorList
	for _, msg := range api.IsDNS1123Subdomain(cname) {
		errs = append(errs, api.Invalid(p, cname, msg))
	}
	return errs
}

// validateEnum is the Required / NotSupported pair upstream writes out for
// each enumerated field.
func validateEnum(v string, p *api.Path, supported []string) api.ErrorList {
	if v == "" {
		return api.ErrorList{api.Required(p, "")}
	}
	for _, s := range supported {
		if v == s {
			return nil
		}
	}
	return api.ErrorList{api.NotSupported(p, v, supported)}
}

// validateLoadBalancerFields checks allocateLoadBalancerNodePorts. The
// Required error's path lacks "spec.", as upstream's does.
func validateLoadBalancerFields(s *Service) api.ErrorList {
	var errs api.ErrorList
	if s.Spec.AllocateLoadBalancerNodePorts != nil && s.Spec.Type != ServiceTypeLoadBalancer {
		errs = append(errs, api.Forbidden(specPath.Child("allocateLoadBalancerNodePorts"), "may only be used when `type` is 'LoadBalancer'"))
	}
	if s.Spec.Type == ServiceTypeLoadBalancer && s.Spec.AllocateLoadBalancerNodePorts == nil {
		errs = append(errs, api.Required(api.NewPath("allocateLoadBalancerNodePorts"), ""))
	}
	return errs
}

// validateTrafficPolicies checks externalTrafficPolicy and
// internalTrafficPolicy (upstream: validateServiceExternalTrafficPolicy,
// validateServiceInternalTrafficFieldsValue).
func validateTrafficPolicies(s *Service) api.ErrorList {
	var errs api.ErrorList
	ext := specPath.Child("externalTrafficPolicy")
	switch {
	case !externallyAccessible(s) && s.Spec.ExternalTrafficPolicy != "":
		errs = append(errs, api.Invalid(ext, s.Spec.ExternalTrafficPolicy, "may only be set for externally-accessible services"))
	case externallyAccessible(s):
		errs = append(errs, validateEnum(s.Spec.ExternalTrafficPolicy, ext, supportedPolicies)...)
	}
	in := specPath.Child("internalTrafficPolicy")
	switch p := s.Spec.InternalTrafficPolicy; {
	case p == nil && needsTrafficPolicy(s):
		errs = append(errs, api.Required(in, ""))
	case p != nil && *p != TrafficPolicyCluster && *p != TrafficPolicyLocal:
		errs = append(errs, api.NotSupported(in, *p, supportedPolicies))
	}
	return errs
}
