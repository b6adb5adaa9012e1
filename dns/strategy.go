package dns

import (
	"fmt"
	"slices"

	"github.com/stsim/stsim/api"
)

// The registry's preparation of a service before validation (upstream:
// pkg/registry/core/service/storage/storage.go beginCreate, beginUpdate,
// patchAllocatedValues, normalizeClusterIPs; alloc.go initIPFamilyFields).
// The order on update is PrepareForUpdate, InitIPFamilies, ValidateUpdate;
// on create PrepareForCreate, InitIPFamilies, ValidateCreate, then the IP
// allocation (see Allocator).

// PrepareForCreate fills clusterIPs from clusterIP for a client that only
// set the singular field.
func PrepareForCreate(s *Service) {
	if s.Spec.ClusterIP != "" && len(s.Spec.ClusterIPs) == 0 {
		s.Spec.ClusterIPs = []string{s.Spec.ClusterIP}
	}
}

// PrepareForUpdate restores the values the server allocated that the new
// object leaves out, then reconciles clusterIP with clusterIPs. This is why
// removing `clusterIP: None` from an applied manifest is a silent no-op (the
// service stays headless), and why adding `clusterIP: None` to a ClusterIP
// service turns clusterIPs into ["None"], which ValidateUpdate rejects.
func PrepareForUpdate(s, old *Service) {
	patchAllocatedValues(s, old)
	normalizeClusterIPs(s, old)
	dropTypeDependentFields(s, old)
}

// dropTypeDependentFields wipes node ports that a type change made useless
// when the new object kept the old values (upstream: strategy.go
// dropTypeDependentFields; the cluster IP fields of a service turning into
// ExternalName are never patched in, so they need no wiping here).
func dropTypeDependentFields(s, old *Service) {
	if !needsNodePorts(old) || needsNodePorts(s) || len(s.Spec.Ports) != len(old.Spec.Ports) {
		return
	}
	for i := range s.Spec.Ports {
		if s.Spec.Ports[i].NodePort != old.Spec.Ports[i].NodePort {
			return
		}
	}
	for i := range s.Spec.Ports {
		s.Spec.Ports[i].NodePort = 0
	}
}

// patchAllocatedValues copies clusterIP, clusterIPs and node ports (by port
// name) from old when the new object leaves them empty.
func patchAllocatedValues(s, old *Service) {
	if s.Spec.Type != ServiceTypeExternalName && old.Spec.Type != ServiceTypeExternalName {
		if s.Spec.ClusterIP == "" {
			s.Spec.ClusterIP = old.Spec.ClusterIP
		}
		if len(s.Spec.ClusterIPs) == 0 && len(old.Spec.ClusterIPs) > 0 {
			s.Spec.ClusterIPs = slices.Clone(old.Spec.ClusterIPs)
		}
	}
	if needsNodePorts(old) && needsNodePorts(s) {
		patchNodePorts(s, old)
	}
}

// patchNodePorts gives each new port without a node port the node port of
// the old port of the same name, unless the new object uses it elsewhere.
func patchNodePorts(s, old *Service) {
	used := map[int32]bool{}
	oldUsed := map[int32]bool{}
	for _, p := range old.Spec.Ports {
		oldUsed[p.NodePort] = p.NodePort != 0
	}
	for _, p := range s.Spec.Ports {
		used[p.NodePort] = p.NodePort != 0 && oldUsed[p.NodePort]
	}
	byName := map[string]int32{}
	for _, p := range old.Spec.Ports {
		byName[p.Name] = p.NodePort
	}
	for i := range s.Spec.Ports {
		p := &s.Spec.Ports[i]
		if p.NodePort == 0 && !used[byName[p.Name]] {
			p.NodePort = byName[p.Name]
		}
	}
}

// normalizeClusterIPs keeps clusterIPs in step with clusterIP on update.
func normalizeClusterIPs(s, old *Service) {
	if len(old.Spec.ClusterIPs) > 0 && len(s.Spec.ClusterIPs) == 0 && old.Spec.ClusterIP == s.Spec.ClusterIP {
		s.Spec.ClusterIPs = slices.Clone(old.Spec.ClusterIPs)
	}
	if old.Spec.ClusterIP == s.Spec.ClusterIP {
		return
	}
	same := slices.Equal(old.Spec.ClusterIPs, s.Spec.ClusterIPs)
	switch {
	case old.Spec.ClusterIP != "" && s.Spec.ClusterIP == "":
		if same {
			s.Spec.ClusterIPs = nil
		}
	case same:
		s.Spec.ClusterIPs = []string{s.Spec.ClusterIP}
	}
}

// InitIPFamilies sets ipFamilyPolicy and ipFamilies for a single-stack IPv4
// cluster, as the allocator's initIPFamilyFields does, and returns its
// errors (an Invalid status for the service). old is nil on create.
func InitIPFamilies(s, old *Service) api.ErrorList {
	if s.Spec.Type == ServiceTypeExternalName {
		return nil
	}
	if s.Spec.IPFamilyPolicy == nil {
		switch {
		case old != nil && old.Spec.IPFamilyPolicy != nil:
			s.Spec.IPFamilyPolicy = ptrTo(*old.Spec.IPFamilyPolicy)
		case s.Spec.ClusterIP == ClusterIPNone && len(s.Spec.Selector) == 0:
			s.Spec.IPFamilyPolicy = ptrTo(RequireDualStack)
		default:
			s.Spec.IPFamilyPolicy = ptrTo(SingleStack)
		}
	}
	if errs := validateClusterIPFields(s, old); len(errs) > 0 {
		return errs
	}
	if errs := inferFamilies(s); len(errs) > 0 {
		return errs
	}
	if s.Spec.ClusterIP == ClusterIPNone && len(s.Spec.Selector) == 0 {
		headlessSelectorlessFamilies(s)
		return nil
	}
	return checkSingleStack(s)
}

// inferFamilies adds the family of each cluster IP that ipFamilies lacks.
func inferFamilies(s *Service) api.ErrorList {
	var errs api.ErrorList
	if *s.Spec.IPFamilyPolicy == SingleStack && len(s.Spec.IPFamilies) == 2 {
		errs = append(errs, api.Invalid(specPath.Child("ipFamilyPolicy"), s.Spec.IPFamilyPolicy,
			"must be 'RequireDualStack' or 'PreferDualStack' when multiple IP families are specified"))
	}
	for i, ip := range s.Spec.ClusterIPs {
		if ip == ClusterIPNone {
			break
		}
		if i < len(s.Spec.IPFamilies) {
			continue
		}
		if fam := familyOf(ip); fam != IPv4 {
			errs = append(errs, api.Invalid(specPath.Child("clusterIPs").Index(i), s.Spec.ClusterIPs,
				fmt.Sprintf("%s is not configured on this cluster", fam)))
			continue
		}
		s.Spec.IPFamilies = append(s.Spec.IPFamilies, IPv4)
	}
	return errs
}

// headlessSelectorlessFamilies: such a service may hold both families even
// on a single-stack cluster.
func headlessSelectorlessFamilies(s *Service) {
	if len(s.Spec.IPFamilies) == 0 {
		s.Spec.IPFamilies = []string{IPv4}
	}
	if len(s.Spec.IPFamilies) < 2 && *s.Spec.IPFamilyPolicy != SingleStack {
		other := IPv6
		if s.Spec.IPFamilies[0] == IPv6 {
			other = IPv4
		}
		s.Spec.IPFamilies = append(s.Spec.IPFamilies, other)
	}
}

// checkSingleStack rejects what a single-stack IPv4 cluster cannot serve
// and defaults ipFamilies to [IPv4].
func checkSingleStack(s *Service) api.ErrorList {
	var errs api.ErrorList
	if *s.Spec.IPFamilyPolicy == RequireDualStack {
		errs = append(errs, api.Invalid(specPath.Child("ipFamilyPolicy"), s.Spec.IPFamilyPolicy,
			"this cluster is not configured for dual-stack services"))
	}
	for i, f := range s.Spec.IPFamilies {
		if f != IPv4 {
			errs = append(errs, api.Invalid(specPath.Child("ipFamilies").Index(i), f, "not configured on this cluster"))
		}
	}
	if len(errs) == 0 && len(s.Spec.IPFamilies) == 0 {
		s.Spec.IPFamilies = []string{IPv4}
	}
	return errs
}
