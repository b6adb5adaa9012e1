package dns_test

import (
	"fmt"

	"github.com/stsim/stsim/api"
	"github.com/stsim/stsim/dns"
)

// A StatefulSet pod's per-pod name exists once its endpoint is ready in the
// slice of the service its subdomain names.
func ExampleZone_Query() {
	svc := &dns.Service{ObjectMeta: api.ObjectMeta{Name: "redis-svc", Namespace: "default"},
		Spec: dns.ServiceSpec{ClusterIP: dns.ClusterIPNone, Selector: map[string]string{"app": "redis-sts"},
			Ports: []dns.ServicePort{{Name: "redis", Port: 6379}}}}
	dns.Default(svc)
	pod := &api.Pod{
		ObjectMeta: api.ObjectMeta{Name: "redis-sts-0", Namespace: "default", Labels: map[string]string{"app": "redis-sts"}},
		Spec:       api.PodSpec{Hostname: "redis-sts-0", Subdomain: "redis-svc"},
		Status: api.PodStatus{Phase: api.PodRunning, PodIP: "10.244.1.2",
			Conditions: []api.PodCondition{{Type: api.PodReady, Status: api.ConditionTrue}}},
	}
	ep, _ := dns.EndpointFor(pod, svc)
	slice := &dns.EndpointSlice{
		ObjectMeta: api.ObjectMeta{Name: "redis-svc-x7k2p", Namespace: "default", Labels: map[string]string{dns.LabelServiceName: "redis-svc"}},
		Endpoints:  []dns.Endpoint{ep}, Ports: dns.EndpointPortsFor(svc, pod),
	}
	zone := dns.Build(dns.DefaultZone, dns.DefaultTTL, []string{"default"}, []*dns.Service{svc}, []*dns.EndpointSlice{slice})
	for _, rr := range zone.Records() {
		fmt.Println(rr)
	}
	fmt.Println(zone.Query("redis-sts-1.redis-svc.default.svc.cluster.local", dns.TypeA).Rcode)
	r := dns.Resolver{Conf: dns.ClusterFirst("default", dns.DefaultZone, dns.KubeDNSIP), Server: zone}
	fmt.Println(r.LookupHost("redis-sts-0.redis-svc"))
	// Output:
	// 2.1.244.10.in-addr.arpa.	30	IN	PTR	redis-sts-0.redis-svc.default.svc.cluster.local.
	// _redis._tcp.redis-svc.default.svc.cluster.local.	30	IN	SRV	0 100 6379 redis-sts-0.redis-svc.default.svc.cluster.local.
	// redis-sts-0.redis-svc.default.svc.cluster.local.	30	IN	A	10.244.1.2
	// redis-svc.default.svc.cluster.local.	30	IN	A	10.244.1.2
	// NXDOMAIN
	// [10.244.1.2] <nil>
}
