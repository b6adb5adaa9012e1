package dns

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/stsim/stsim/api"
)

// valid returns a minimal valid ClusterIP service, defaulted.
func valid(change func(*Service)) *Service {
	s := &Service{ObjectMeta: api.ObjectMeta{Name: "web", Namespace: "default"},
		Spec: ServiceSpec{Selector: map[string]string{"app": "web"}, Ports: []ServicePort{{Port: 80}}}}
	if change != nil {
		change(s)
	}
	Default(s)
	PrepareForCreate(s)
	return s
}

// TestValidateCreate checks each rule of upstream's ValidateServiceCreate
// and validateService (pkg/apis/core/validation/validation.go) with its
// exact message.
func TestValidateCreate(t *testing.T) {
	tests := []struct {
		rule   string
		change func(*Service)
		want   string
	}{
		{"valid", nil, ""},
		{"name is a DNS-1123 label (RelaxedServiceNameValidation, GA in 1.37): may start with a digit", func(s *Service) { s.Name = "1web" }, ""},
		{"name is required", func(s *Service) { s.Name = "" }, "metadata.name: Required value: name or generateName is required"},
		{"name must be a DNS label", func(s *Service) { s.Name = "Web" },
			`metadata.name: Invalid value: "Web": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`},
		{"ports required unless headless or ExternalName", func(s *Service) { s.Spec.Ports = nil }, "spec.ports: Required value"},
		{"headless may have no ports", func(s *Service) { s.Spec.Ports = nil; s.Spec.ClusterIP = ClusterIPNone }, ""},
		{"several ports need names", func(s *Service) { s.Spec.Ports = append(s.Spec.Ports, ServicePort{Port: 81}) },
			"[spec.ports[0].name: Required value, spec.ports[1].name: Required value]"},
		{"port names are unique", func(s *Service) {
			s.Spec.Ports = []ServicePort{{Name: "http", Port: 80}, {Name: "http", Port: 81}}
		}, `spec.ports[1].name: Duplicate value: "http"`},
		{"port number range", func(s *Service) { s.Spec.Ports[0].Port = 70000 },
			"[spec.ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive, spec.ports[0].targetPort: Invalid value: 70000: must be between 1 and 65535, inclusive]"},
		{"protocol is TCP, UDP or SCTP", func(s *Service) { s.Spec.Ports[0].Protocol = "HTTP" },
			`spec.ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"`},
		{"named targetPort is an IANA_SVC_NAME", func(s *Service) { s.Spec.Ports[0].TargetPort = FromString("Redis_Port") },
			`spec.ports[0].targetPort: Invalid value: "Redis_Port": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)`},
		{"named targetPort needs a letter", func(s *Service) { s.Spec.Ports[0].TargetPort = FromString("6379-6380") },
			`spec.ports[0].targetPort: Invalid value: "6379-6380": must contain at least one letter (a-z)`},
		{"duplicate protocol and port", func(s *Service) {
			s.Spec.Ports = []ServicePort{{Name: "a", Port: 80}, {Name: "b", Port: 80}}
		}, `spec.ports[1]: Duplicate value: {"Name":"","Protocol":"TCP","AppProtocol":null,"Port":80,"TargetPort":0,"NodePort":0}`},
		{"nodePort forbidden for ClusterIP", func(s *Service) { s.Spec.Ports[0].NodePort = 30080 },
			"spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'"},
		{"type is known", func(s *Service) { s.Spec.Type = "Internal" },
			`spec.type: Unsupported value: "Internal": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"`},
		{"headless NodePort", func(s *Service) { s.Spec.Type = ServiceTypeNodePort; s.Spec.ClusterIP = ClusterIPNone },
			`spec.clusterIPs[0]: Invalid value: "None": may not be set to 'None' for NodePort services`},
		{"ExternalName needs a name", func(s *Service) { s.Spec.Type = ServiceTypeExternalName },
			"spec.externalName: Required value"},
		{"ExternalName takes a DNS subdomain with an optional dot", func(s *Service) {
			s.Spec.Type, s.Spec.ExternalName = ServiceTypeExternalName, "db.example.com."
		}, ""},
		{"clusterIP must be an IP", func(s *Service) { s.Spec.ClusterIP = "10.96.0.300" },
			`spec.clusterIPs[0]: Invalid value: "10.96.0.300": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)`},
		{"no leading zeros (StrictIPCIDRValidation)", func(s *Service) { s.Spec.ClusterIP = "10.96.0.010" },
			`spec.clusterIPs[0]: Invalid value: "10.96.0.010": must not have leading 0s`},
		{"clusterIPs[0] must match clusterIP", func(s *Service) { s.Spec.ClusterIP, s.Spec.ClusterIPs = "10.96.0.5", []string{"10.96.0.6"} },
			`spec.clusterIPs: Invalid value: ["10.96.0.6"]: first value must match ` + "`clusterIP`"},
		{"sessionAffinity is known", func(s *Service) { s.Spec.SessionAffinity = "Cookie" },
			`spec.sessionAffinity: Unsupported value: "Cookie": supported values: "ClientIP", "None"`},
		{"selector labels are label values", func(s *Service) { s.Spec.Selector["app"] = "-web" },
			`spec.selector: Invalid value: "-web": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`},
		{"externalTrafficPolicy only for external services", func(s *Service) { s.Spec.ExternalTrafficPolicy = TrafficPolicyLocal },
			`spec.externalTrafficPolicy: Invalid value: "Local": may only be set for externally-accessible services`},
	}
	for _, tt := range tests {
		t.Run(tt.rule, func(t *testing.T) {
			s := valid(tt.change)
			errs := InitIPFamilies(s, nil)
			if len(errs) == 0 {
				errs = ValidateCreate(s)
			}
			assert.Equal(t, tt.want, errs.Error())
		})
	}
}

// TestValidateUpdateClusterIPs: the primary cluster IP may not change once
// set, with the value printed as JSON since apimachinery v0.34 (dns.md §7;
// upstream validateUpgradeDowngradeClusterIPs, storage.go beginUpdate).
func TestValidateUpdateClusterIPs(t *testing.T) {
	allocated := func(ip string) *Service {
		s := valid(func(s *Service) { s.Spec.ClusterIP = ip })
		_ = InitIPFamilies(s, nil)
		return s
	}
	tests := []struct {
		rule       string
		old        *Service
		manifestIP string
		want       string
		wantIPs    []string
	}{
		{"adding clusterIP: None to a ClusterIP service", allocated("10.96.12.34"), ClusterIPNone,
			`spec.clusterIPs[0]: Invalid value: ["None"]: may not change once set`, nil},
		{"setting another IP", allocated("10.96.12.34"), "10.96.0.50",
			`spec.clusterIPs[0]: Invalid value: ["10.96.0.50"]: may not change once set`, nil},
		{"leaving clusterIP out keeps the allocated one", allocated("10.96.12.34"), "", "", []string{"10.96.12.34"}},
		{"removing clusterIP: None keeps the service headless", allocated(ClusterIPNone), "", "", []string{ClusterIPNone}},
		{"setting an IP on a headless service", allocated(ClusterIPNone), "10.96.0.50",
			`spec.clusterIPs[0]: Invalid value: ["10.96.0.50"]: may not change once set`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.rule, func(t *testing.T) {
			s := valid(func(s *Service) { s.Spec.ClusterIP = tt.manifestIP; s.Spec.ClusterIPs = nil })
			PrepareForUpdate(s, tt.old)
			errs := InitIPFamilies(s, tt.old)
			errs = append(errs, ValidateUpdate(s, tt.old)...)
			assert.Equal(t, tt.want, errs.Error())
			if tt.wantIPs != nil {
				assert.Equal(t, tt.wantIPs, s.Spec.ClusterIPs)
			}
		})
	}
}

// TestExternalNameTransitionsAreExempt: turning a service into or out of
// ExternalName may change its cluster IPs.
func TestExternalNameTransitionsAreExempt(t *testing.T) {
	old := valid(func(s *Service) { s.Spec.ClusterIP = "10.96.12.34" })
	_ = InitIPFamilies(old, nil)
	s := valid(func(s *Service) { s.Spec.Type, s.Spec.ExternalName = ServiceTypeExternalName, "db.example.com" })
	s.Spec.InternalTrafficPolicy = nil
	PrepareForUpdate(s, old)
	assert.Empty(t, append(InitIPFamilies(s, old), ValidateUpdate(s, old)...))
	assert.Empty(t, s.Spec.ClusterIPs)
}

// TestInitIPFamilies: a single-stack IPv4 cluster defaults SingleStack and
// [IPv4], gives headless selector-less services both families, and refuses
// dual stack (upstream: alloc.go initIPFamilyFields).
func TestInitIPFamilies(t *testing.T) {
	s := valid(nil)
	assert.Empty(t, InitIPFamilies(s, nil))
	assert.Equal(t, SingleStack, *s.Spec.IPFamilyPolicy)
	assert.Equal(t, []string{IPv4}, s.Spec.IPFamilies)

	s = valid(func(s *Service) { s.Spec.ClusterIP, s.Spec.Selector = ClusterIPNone, nil })
	assert.Empty(t, InitIPFamilies(s, nil))
	assert.Equal(t, RequireDualStack, *s.Spec.IPFamilyPolicy)
	assert.Equal(t, []string{IPv4, IPv6}, s.Spec.IPFamilies)

	s = valid(func(s *Service) { s.Spec.IPFamilyPolicy = ptrTo(RequireDualStack) })
	assert.Equal(t, `spec.ipFamilyPolicy: Invalid value: "RequireDualStack": this cluster is not configured for dual-stack services`,
		InitIPFamilies(s, nil).Error())
	s = valid(func(s *Service) { s.Spec.IPFamilies = []string{IPv6} })
	assert.Equal(t, `spec.ipFamilies[0]: Invalid value: "IPv6": not configured on this cluster`, InitIPFamilies(s, nil).Error())
}
