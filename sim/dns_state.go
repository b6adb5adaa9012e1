package sim

import (
	"math/rand/v2"
	"time"

	"github.com/stsim/stsim/api"
	"github.com/stsim/stsim/dns"
)

// The Services, EndpointSlices and cluster DNS of the simulation: the API
// server's Service registry (dns_services.go), the endpointslice controller
// (dns_endpoints.go), CoreDNS's watch of both (dns_coredns.go) and what a
// pod sees (dns_pod.go). The rules themselves are package dns.

// ActorEndpointSlice is the endpointslice controller's trace actor.
const ActorEndpointSlice = "endpointslice-controller"

// The cluster's network defaults (kubeadm and kind).
const (
	// ServiceCIDR is kube-apiserver's --service-cluster-ip-range.
	ServiceCIDR = "10.96.0.0/12"
	// KubernetesServiceIP is the first address of ServiceCIDR, the
	// "kubernetes" service in namespace default.
	KubernetesServiceIP = "10.96.0.1"
	// ClusterDomain is the kubelet's --cluster-domain.
	ClusterDomain = dns.DefaultZone
)

// dnsState is the cluster's Service and DNS model.
type dnsState struct {
	c        *Cluster
	rnd      *rand.Rand // cluster IPs, node ports, slice names and UIDs
	alloc    *dns.Allocator
	zone     *dns.Zone // CoreDNS's view, behind the propagation delay
	services map[key]*dns.Service
	slices   map[key]*dns.EndpointSlice
	// selecting counts the services with a selector per namespace, so pod
	// changes in namespaces without one cost nothing.
	selecting map[string]int
	ctrl      sliceController
}

// init sets up the model once the default namespaces exist: the zone
// knows them, and the built-in services kubernetes and kube-dns exist.
func (d *dnsState) init(c *Cluster) {
	d.c = c
	d.rnd = rand.New(rand.NewPCG(c.cfg.Seed, 0xd25))
	d.alloc, _ = dns.NewAllocator(ServiceCIDR, d.rnd)
	d.zone = dns.NewZone(ClusterDomain, dns.DefaultTTL)
	d.zone.Serial = uint32(api.Epoch.Unix())
	d.services = map[key]*dns.Service{}
	d.slices = map[key]*dns.EndpointSlice{}
	d.selecting = map[string]int{}
	d.ctrl.init(d)
	for ns := range c.namespaces {
		d.zone.SetNamespace(ns)
	}
	for _, s := range builtinServices() {
		d.createBuiltin(s)
	}
}

// timing returns the endpointslice controller's delay and CoreDNS's watch
// delay.
func (d *dnsState) timing() (slices, coredns time.Duration) {
	return d.c.propagation(d.c.timing.EndpointSlice, d.c.timing.DNSPropagation) // fault.go: delay spikes
}

// builtinServices are the services every kubeadm cluster starts with.
func builtinServices() []*dns.Service {
	dnsPorts := []dns.ServicePort{
		{Name: "dns", Protocol: dns.ProtocolUDP, Port: 53, TargetPort: dns.FromInt(53)},
		{Name: "dns-tcp", Protocol: dns.ProtocolTCP, Port: 53, TargetPort: dns.FromInt(53)},
		{Name: "metrics", Protocol: dns.ProtocolTCP, Port: 9153, TargetPort: dns.FromInt(9153)},
	}
	return []*dns.Service{
		{ObjectMeta: api.ObjectMeta{Name: "kubernetes", Namespace: "default",
			Labels: map[string]string{"component": "apiserver", "provider": "kubernetes"}},
			Spec: dns.ServiceSpec{ClusterIP: KubernetesServiceIP,
				Ports: []dns.ServicePort{{Name: "https", Protocol: dns.ProtocolTCP, Port: 443, TargetPort: dns.FromInt(6443)}}}},
		{ObjectMeta: api.ObjectMeta{Name: "kube-dns", Namespace: "kube-system",
			Labels:      map[string]string{"k8s-app": "kube-dns", "kubernetes.io/cluster-service": "true", "kubernetes.io/name": "CoreDNS"},
			Annotations: map[string]string{"prometheus.io/port": "9153", "prometheus.io/scrape": "true"}},
			Spec: dns.ServiceSpec{ClusterIP: dns.KubeDNSIP, Selector: map[string]string{"k8s-app": "kube-dns"}, Ports: dnsPorts}},
	}
}

// createBuiltin stores a built-in service as it stands at start-up: no
// trace event, no endpoints (the API server and CoreDNS pods are not
// simulated), known to CoreDNS at once.
func (d *dnsState) createBuiltin(s *dns.Service) {
	dns.Default(s)
	dns.PrepareForCreate(s)
	_ = dns.InitIPFamilies(s, nil)
	_ = d.alloc.AllocateService(s)
	d.stamp(s)
	// Bootstrap objects share the last bootstrap resourceVersion, so that
	// the built-in services do not shift the resourceVersions of everything
	// created afterwards.
	d.c.rv--
	s.ResourceVersion, s.Generation = d.c.rv, 1
	d.services[key{s.Namespace, s.Name}] = s
	d.zone.SetService(s)
}

// stamp gives a new service its identity from the model's own random
// stream, so that services do not shift the UIDs of other objects.
func (d *dnsState) stamp(s *dns.Service) {
	s.UID = d.uid()
	s.ResourceVersion = d.c.nextRV()
	s.CreationTimestamp = d.c.eng.now
}

// uid returns a UUID (version 4 layout) from the model's stream.
func (d *dnsState) uid() string {
	const hex = "0123456789abcdef"
	hi, lo := d.rnd.Uint64(), d.rnd.Uint64()
	hi = hi&^0xf000 | 0x4000
	lo = lo&^(3<<62) | 1<<63
	var b []byte
	for i := 0; i < 32; i++ {
		if i == 8 || i == 12 || i == 16 || i == 20 {
			b = append(b, '-')
		}
		w, shift := hi, uint(60-4*i)
		if i >= 16 {
			w, shift = lo, uint(60-4*(i-16))
		}
		b = append(b, hex[(w>>shift)&0xf])
	}
	return string(b)
}

// namespaceAdded tells CoreDNS about a new namespace, after its watch
// delay.
func (d *dnsState) namespaceAdded(name string) {
	if d.zone == nil {
		return // during NewCluster: init adds the namespaces
	}
	_, delay := d.timing()
	d.c.eng.after(delay, actorCoreDNS, "watch namespace/", name, func() {
		d.zone.SetNamespace(name)
		d.touch()
	})
}
