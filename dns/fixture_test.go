package dns

import (
	"fmt"

	"github.com/stsim/stsim/api"
)

// The fixture is the spec's worked example (dns.md §6.3): StatefulSet
// redis-sts with serviceName redis-svc in namespace app, plus a ClusterIP
// service, an ExternalName service and a namespace other.

// pod returns a StatefulSet-like pod: hostname = name, subdomain given.
func pod(ns, name, subdomain, ip string, ready bool) *api.Pod {
	status := api.ConditionFalse
	if ready {
		status = api.ConditionTrue
	}
	return &api.Pod{
		ObjectMeta: api.ObjectMeta{Name: name, Namespace: ns, UID: "uid-" + name, Labels: map[string]string{"app": "redis-sts"}},
		Spec:       api.PodSpec{Hostname: name, Subdomain: subdomain, NodeName: "node-1"},
		Status: api.PodStatus{Phase: api.PodRunning, PodIP: ip,
			Conditions: []api.PodCondition{{Type: api.PodReady, Status: status}}},
	}
}

// service returns a defaulted service selecting app=redis-sts with one port
// named "redis" (6379/TCP).
func service(ns, name, clusterIP string) *Service {
	s := &Service{ObjectMeta: api.ObjectMeta{Name: name, Namespace: ns, UID: "uid-" + name},
		Spec: ServiceSpec{ClusterIP: clusterIP, Selector: map[string]string{"app": "redis-sts"},
			Ports: []ServicePort{{Name: "redis", Port: 6379}}}}
	Default(s)
	PrepareForCreate(s)
	if errs := InitIPFamilies(s, nil); len(errs) > 0 {
		panic(errs)
	}
	return s
}

// sliceOf builds one slice of the service from the pods it lists.
func sliceOf(s *Service, pods ...*api.Pod) *EndpointSlice {
	sl := &EndpointSlice{ObjectMeta: api.ObjectMeta{Name: s.Name + "-abcde", Namespace: s.Namespace,
		Labels: map[string]string{LabelServiceName: s.Name}}, AddressType: AddressTypeIPv4}
	for _, p := range pods {
		if ep, ok := EndpointFor(p, s); ok {
			sl.Endpoints = append(sl.Endpoints, ep)
			sl.Ports = EndpointPortsFor(s, p)
		}
	}
	return sl
}

// fixture returns the zone of the worked example: in namespace app,
// headless redis-svc with redis-sts-0 (ready, 10.244.1.5), redis-sts-1
// (ready, 10.244.2.6) and redis-sts-2 (not ready, 10.244.3.7); ClusterIP
// service web (10.96.100.1) selecting those pods and cache-0 (ready,
// 10.244.1.9, subdomain web); ExternalName service db → db.example.com;
// and namespace other, empty.
func fixture() *Zone {
	pods := []*api.Pod{
		pod("app", "redis-sts-0", "redis-svc", "10.244.1.5", true),
		pod("app", "redis-sts-1", "redis-svc", "10.244.2.6", true),
		pod("app", "redis-sts-2", "redis-svc", "10.244.3.7", false),
		pod("app", "cache-0", "web", "10.244.1.9", true),
	}
	for _, p := range pods {
		p.Labels["tier"] = "web"
	}
	pods[3].Labels["app"] = "cache"
	redis := service("app", "redis-svc", ClusterIPNone)
	web := service("app", "web", "10.96.100.1")
	web.Spec.Selector = map[string]string{"tier": "web"}
	db := &Service{ObjectMeta: api.ObjectMeta{Name: "db", Namespace: "app"},
		Spec: ServiceSpec{Type: ServiceTypeExternalName, ExternalName: "db.example.com"}}
	websl := sliceOf(web, pods...)
	websl.Name = "web-xyz12"
	return Build(DefaultZone, DefaultTTL, []string{"app", "other", "default"}, []*Service{redis, web, db},
		[]*EndpointSlice{sliceOf(redis, pods...), websl})
}

// bigZone is a zone with one headless service of n ready pods in slices of
// 100, as the endpointslice controller cuts them.
func bigZone(n int) (*Zone, *Service, []*EndpointSlice) {
	s := service("app", "web", ClusterIPNone)
	var slices []*EndpointSlice
	for i := 0; i < n; i++ {
		if i%MaxEndpointsPerSlice == 0 {
			slices = append(slices, &EndpointSlice{ObjectMeta: api.ObjectMeta{Name: fmt.Sprintf("web-%05d", i/100), Namespace: "app",
				Labels: map[string]string{LabelServiceName: "web"}}, Ports: []EndpointPort{{Name: "redis", Protocol: ProtocolTCP, Port: 6379}}})
		}
		p := pod("app", fmt.Sprintf("web-%d", i), "web", fmt.Sprintf("10.%d.%d.%d", 100+i/65536, i/256%256, i%256), true)
		ep, _ := EndpointFor(p, s)
		sl := slices[len(slices)-1]
		sl.Endpoints = append(sl.Endpoints, ep)
	}
	return Build(DefaultZone, DefaultTTL, []string{"app"}, []*Service{s}, slices), s, slices
}
