package dns

import (
	"fmt"
	"slices"

	"github.com/stsim/stsim/api"
)

// validateClusterIPFields is upstream's ValidateServiceClusterIPsRelatedFields
// for clusterIP, clusterIPs, ipFamilies and ipFamilyPolicy.
func validateClusterIPFields(s, old *Service) api.ErrorList {
	if s.Spec.Type == ServiceTypeExternalName {
		return nil
	}
	ipsPath := specPath.Child("clusterIPs")
	var errs api.ErrorList
	switch {
	case s.Spec.ClusterIP != "" && len(s.Spec.ClusterIPs) == 0:
		errs = append(errs, api.Required(ipsPath, ""))
	case s.Spec.ClusterIP != "" && s.Spec.ClusterIPs[0] != s.Spec.ClusterIP:
		errs = append(errs, api.Invalid(ipsPath, s.Spec.ClusterIPs, "first value must match `clusterIP`"))
	case s.Spec.ClusterIP == "" && len(s.Spec.ClusterIPs) != 0:
		errs = append(errs, api.Invalid(ipsPath, s.Spec.ClusterIPs, "must be empty when `clusterIP` is not specified"))
	}
	errs = append(errs, validateFamilies(s)...)
	ipErrs := validateClusterIPList(s, old)
	errs = append(errs, ipErrs...)
	if len(ipErrs) > 0 {
		return errs
	}
	if len(s.Spec.ClusterIPs) > 1 && familyOf(s.Spec.ClusterIPs[0]) == familyOf(s.Spec.ClusterIPs[1]) {
		errs = append(errs, api.Invalid(ipsPath, s.Spec.ClusterIPs, "may specify no more than one IP for each IP family"))
	}
	return append(errs, validateIPsMatchFamilies(s)...)
}

// validateFamilies checks ipFamilies and ipFamilyPolicy on their own.
func validateFamilies(s *Service) api.ErrorList {
	var errs api.ErrorList
	p := specPath.Child("ipFamilies")
	for i, f := range s.Spec.IPFamilies {
		if f != IPv4 && f != IPv6 {
			errs = append(errs, api.NotSupported(p.Index(i), f, []string{IPv4, IPv6}))
		}
		if slices.Contains(s.Spec.IPFamilies[:i], f) {
			errs = append(errs, api.Duplicate(p.Index(i), f))
		}
	}
	if pol := s.Spec.IPFamilyPolicy; pol != nil && *pol != SingleStack && *pol != PreferDualStack && *pol != RequireDualStack {
		errs = append(errs, api.NotSupported(specPath.Child("ipFamilyPolicy"), pol, []string{PreferDualStack, RequireDualStack, SingleStack}))
	}
	return errs
}

// validateClusterIPList checks each cluster IP: "None" only first and
// alone, every other value a valid IP (old values are accepted), at most
// two values.
func validateClusterIPList(s, old *Service) api.ErrorList {
	p := specPath.Child("clusterIPs")
	var oldIPs []string
	if old != nil {
		oldIPs = old.Spec.ClusterIPs
	}
	var errs api.ErrorList
	for i, ip := range s.Spec.ClusterIPs {
		if i == 0 && ip == ClusterIPNone {
			if len(s.Spec.ClusterIPs) > 1 {
				errs = append(errs, api.Invalid(p, s.Spec.ClusterIPs, "'None' must be the first and only value"))
			}
			continue
		}
		errs = append(errs, validateIP(p.Index(i), ip, oldIPs)...)
	}
	if len(s.Spec.ClusterIPs) > 2 {
		errs = append(errs, api.Invalid(p, s.Spec.ClusterIPs, "may only hold up to 2 values"))
	}
	return errs
}

// validateIPsMatchFamilies checks that each cluster IP is of the family
// ipFamilies names at the same index.
func validateIPsMatchFamilies(s *Service) api.ErrorList {
	if s.IsHeadless() {
		return nil
	}
	var errs api.ErrorList
	for i, ip := range s.Spec.ClusterIPs {
		if i >= len(s.Spec.IPFamilies) {
			break
		}
		if want := s.Spec.IPFamilies[i]; want != familyOf(ip) {
			errs = append(errs, api.Invalid(specPath.Child("clusterIPs").Index(i), ip,
				fmt.Sprintf("expected an %s value as indicated by `ipFamilies[%d]`", want, i)))
		}
	}
	return errs
}

// msgMayNotChange is the detail of an update that changes a set value.
const msgMayNotChange = "may not change once set"

// validateClusterIPsUpdate is upstream's validateUpgradeDowngradeClusterIPs:
// the primary cluster IP may not change once set (turning a ClusterIP
// service headless is such a change), except to or from ExternalName and
// between two headless specs. The bad value printed is the whole new
// clusterIPs list, e.g. `spec.clusterIPs[0]: Invalid value: ["None"]: may
// not change once set`.
func validateClusterIPsUpdate(old, s *Service) api.ErrorList {
	if s.Spec.Type == ServiceTypeExternalName || old.Spec.Type == ServiceTypeExternalName {
		return nil
	}
	if old.IsHeadless() && s.IsHeadless() {
		return nil
	}
	p := specPath.Child("clusterIPs")
	olds, news := old.Spec.ClusterIPs, s.Spec.ClusterIPs
	var errs api.ErrorList
	switch {
	case len(olds) == len(news):
		for i, ip := range olds {
			if ip != news[i] {
				errs = append(errs, api.Invalid(p.Index(i), news, msgMayNotChange))
			}
		}
	case len(olds) > len(news):
		if len(news) == 0 {
			errs = append(errs, api.Invalid(p.Index(0), news, "primary clusterIP can not be unset"))
		}
		if len(olds) > 0 && len(news) > 0 && news[0] != olds[0] {
			errs = append(errs, api.Invalid(p.Index(0), news, msgMayNotChange))
		}
		if len(news) == 1 && (s.Spec.IPFamilyPolicy == nil || *s.Spec.IPFamilyPolicy != SingleStack) {
			errs = append(errs, api.Invalid(specPath.Child("ipFamilyPolicy"), s.Spec.IPFamilyPolicy,
				"must be set to 'SingleStack' when releasing the secondary clusterIP"))
		}
	default:
		if len(olds) > 0 && news[0] != olds[0] {
			errs = append(errs, api.Invalid(p.Index(0), news, msgMayNotChange))
		}
	}
	return errs
}

// validateIPFamiliesUpdate is the same-length case of upstream's
// validateUpgradeDowngradeIPFamilies: a non-headless service may not change
// its IP families (this single-stack model never adds or drops one).
func validateIPFamiliesUpdate(old, s *Service) api.ErrorList {
	if s.Spec.Type == ServiceTypeExternalName || old.Spec.Type == ServiceTypeExternalName {
		return nil
	}
	if old.IsHeadless() || s.IsHeadless() || len(old.Spec.IPFamilies) != len(s.Spec.IPFamilies) {
		return nil
	}
	var errs api.ErrorList
	for i, f := range old.Spec.IPFamilies {
		if f != s.Spec.IPFamilies[i] {
			errs = append(errs, api.Invalid(specPath.Child("ipFamilies").Index(0), s.Spec.IPFamilies, msgMayNotChange))
		}
	}
	return errs
}
