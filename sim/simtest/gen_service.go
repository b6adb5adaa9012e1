package simtest

import (
	"pgregory.net/rapid"

	"github.com/stsim/stsim/api"
	"github.com/stsim/stsim/dns"
)

// Services generates Services selecting the pods of the set named set:
// the set's governing service (named set, headless or not) or a second
// one (set-client), publishing not-ready addresses or not, with one port.
func Services(set string) *rapid.Generator[*dns.Service] {
	return rapid.Custom(func(t *rapid.T) *dns.Service {
		name := rapid.SampledFrom([]string{set, set + "-client"}).Draw(t, "service")
		s := headlessService(name, set)
		if !rapid.Bool().Draw(t, "headless") {
			s.Spec.ClusterIP = ""
		}
		s.Spec.PublishNotReadyAddresses = rapid.Bool().Draw(t, "publishNotReadyAddresses")
		return s
	})
}

// headlessService is a headless service selecting app=set on port 80.
func headlessService(name, set string) *dns.Service {
	return &dns.Service{
		ObjectMeta: api.ObjectMeta{Name: name},
		Spec: dns.ServiceSpec{
			ClusterIP: dns.ClusterIPNone,
			Selector:  map[string]string{"app": set},
			Ports:     []dns.ServicePort{{Name: "http", Port: 80, Protocol: dns.ProtocolTCP, TargetPort: dns.FromInt(80)}},
		},
	}
}
