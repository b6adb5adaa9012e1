package dns

import (
	"strings"

	"github.com/stsim/stsim/api"
)

// validatePorts checks each port (upstream: validateServicePort): a name
// is required when there are several ports and must be a unique DNS-1123
// label; the port number, protocol and targetPort must be valid.
func validatePorts(s *Service) api.ErrorList {
	var errs api.ErrorList
	names := map[string]bool{}
	for i := range s.Spec.Ports {
		sp := &s.Spec.Ports[i]
		p := specPath.Child("ports").Index(i)
		switch {
		case len(s.Spec.Ports) > 1 && sp.Name == "":
			errs = append(errs, api.Required(p.Child("name"), ""))
		case sp.Name != "":
			for _, msg := range api.IsDNS1123Label(sp.Name) {
				errs = append(errs, api.Invalid(p.Child("name"), sp.Name, msg))
			}
			if names[sp.Name] {
				errs = append(errs, api.Duplicate(p.Child("name"), sp.Name))
			}
			names[sp.Name] = true
		}
		errs = append(errs, validatePortNum(int(sp.Port), p.Child("port"), sp.Port)...)
		errs = append(errs, validateEnum(string(sp.Protocol), p.Child("protocol"), []string{"SCTP", "TCP", "UDP"})...)
		errs = append(errs, validatePortNumOrName(sp.TargetPort, p.Child("targetPort"))...)
	}
	return errs
}

// validatePortNum is IsValidPortNum; value is what the error prints.
func validatePortNum(n int, p *api.Path, value any) api.ErrorList {
	if n >= 1 && n <= 65535 {
		return nil
	}
	return api.ErrorList{api.Invalid(p, value, "must be between 1 and 65535, inclusive")}
}

// validatePortNumOrName is upstream's ValidatePortNumOrName.
func validatePortNumOrName(v IntOrString, p *api.Path) api.ErrorList {
	if !v.IsString {
		return validatePortNum(int(v.Int), p, int(v.Int))
	}
	var errs api.ErrorList
	for _, msg := range portNameErrors(v.Str) {
		errs = append(errs, api.Invalid(p, v.Str, msg))
	}
	return errs
}

// portNameErrors is apimachinery's IsValidPortName (an IANA_SVC_NAME).
func portNameErrors(name string) []string {
	var out []string
	if len(name) > 15 {
		out = append(out, api.MaxLenError(15))
	}
	letter, charset := false, name != ""
	for i := 0; i < len(name); i++ {
		c := name[i]
		letter = letter || c >= 'a' && c <= 'z'
		charset = charset && (c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-')
	}
	if !charset {
		out = append(out, "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)")
	}
	if !letter {
		out = append(out, "must contain at least one letter (a-z)")
	}
	if strings.Contains(name, "--") {
		out = append(out, "must not contain consecutive hyphens")
	}
	if name != "" && (name[0] == '-' || name[len(name)-1] == '-') {
		out = append(out, "must not begin or end with a hyphen")
	}
	return out
}

// validateNodePorts forbids node ports on ClusterIP services and rejects
// a node port used twice with one protocol.
func validateNodePorts(s *Service) api.ErrorList {
	var errs api.ErrorList
	seen := map[[2]string]bool{}
	for i, sp := range s.Spec.Ports {
		p := specPath.Child("ports").Index(i).Child("nodePort")
		if s.Spec.Type == ServiceTypeClusterIP && sp.NodePort != 0 {
			errs = append(errs, api.Forbidden(p, "may not be used when `type` is 'ClusterIP'"))
		}
		if sp.NodePort == 0 {
			continue
		}
		k := [2]string{string(sp.Protocol), itoa(int(sp.NodePort))}
		if seen[k] {
			errs = append(errs, api.Duplicate(p, sp.NodePort))
		}
		seen[k] = true
	}
	return errs
}

// portKey is the value upstream's duplicate-port error prints: an internal
// core.ServicePort holding only the protocol and port, marshalled without
// JSON tags.
type portKey struct {
	Name        string
	Protocol    Protocol
	AppProtocol *string
	Port        int32
	TargetPort  int32
	NodePort    int32
}

// validateDuplicatePorts rejects two ports with the same (protocol, port).
func validateDuplicatePorts(s *Service) api.ErrorList {
	var errs api.ErrorList
	seen := map[portKey]bool{}
	for i, sp := range s.Spec.Ports {
		k := portKey{Protocol: sp.Protocol, Port: sp.Port}
		if seen[k] {
			errs = append(errs, api.Duplicate(specPath.Child("ports").Index(i), k))
		}
		seen[k] = true
	}
	return errs
}
