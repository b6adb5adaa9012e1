package sim_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/stsim/stsim/api"
	"github.com/stsim/stsim/dns"
	"github.com/stsim/stsim/sim"
)

// dnsOp is one generated step of a DNS scenario.
type dnsOp struct {
	kind     string
	ordinal  int
	replicas int32
	svc      string
	headless bool
	publish  bool
	seconds  int
}

func (o dnsOp) String() string {
	return o.command() + fmt.Sprintf("; run %ds", o.seconds)
}

func (o dnsOp) command() string {
	switch o.kind {
	case "scale":
		return fmt.Sprintf("scale sts/redis-sts --replicas=%d", o.replicas)
	case "run":
		return "run"
	case "apply-svc":
		return fmt.Sprintf("apply service/%s headless=%v publishNotReadyAddresses=%v", o.svc, o.headless, o.publish)
	case "delete-svc":
		return "delete service/" + o.svc
	}
	return fmt.Sprintf("%s pod redis-sts-%d", o.kind, o.ordinal)
}

func genDNSOp() *rapid.Generator[dnsOp] {
	kinds := []string{"scale", "run", "apply-svc", "delete-svc", "delete", "force-delete", "fail", "not-ready", "ready"}
	return rapid.Custom(func(t *rapid.T) dnsOp {
		return dnsOp{
			kind:     rapid.SampledFrom(kinds).Draw(t, "kind"),
			ordinal:  rapid.IntRange(0, 3).Draw(t, "ordinal"),
			replicas: rapid.Int32Range(0, 4).Draw(t, "replicas"),
			svc:      rapid.SampledFrom([]string{"redis-svc", "redis"}).Draw(t, "svc"),
			headless: rapid.Bool().Draw(t, "headless"),
			publish:  rapid.Bool().Draw(t, "publish"),
			seconds:  rapid.IntRange(0, 5).Draw(t, "seconds"),
		}
	})
}

// applyDNSOp performs o, then lets o.seconds pass; errors (unknown pods,
// immutable cluster IPs) are part of the game.
func applyDNSOp(c *sim.Cluster, o dnsOp) {
	pod := fmt.Sprintf("redis-sts-%d", o.ordinal)
	defer func() { _ = c.RunFor(time.Duration(o.seconds) * time.Second) }()
	switch o.kind {
	case "scale":
		_ = c.Scale("redis-sts", o.replicas)
	case "run":
		_ = c.RunUntilStable()
	case "apply-svc":
		s := dnsNamedRedisSvc("")
		s.Name = o.svc
		if o.headless {
			s.Spec.ClusterIP = dns.ClusterIPNone
		}
		s.Spec.PublishNotReadyAddresses = o.publish
		_, _ = c.ApplyService(s)
	case "delete-svc":
		_ = c.DeleteService(o.svc)
	case "delete":
		_ = c.DeletePod(pod, sim.DeleteOptions{})
	case "force-delete":
		_ = c.DeletePod(pod, sim.DeleteOptions{Force: true})
	case "fail":
		_ = c.FailPod(pod)
	case "not-ready", "ready":
		_ = c.SetReadiness(pod, o.kind == "ready")
	}
}

// TestDNSIsAPureFunctionOfServicesAndReadyPods: after any sequence of pod
// and service changes and time for propagation, CoreDNS's zone equals the
// zone rebuilt from scratch from the stored slices, and equals a reference
// computed from the services and pods alone; a per-pod name exists exactly
// for a listed pod that is Ready and not terminating (or whose service
// publishes not-ready addresses) and whose subdomain names the service
// (STYLE.md practice 6; dns.md §9; upstream podToEndpoint,
// ShouldSetHostname).
func TestDNSIsAPureFunctionOfServicesAndReadyPods(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		seed := rapid.Uint64Range(1, 1<<20).Draw(rt, "seed")
		c := sim.NewCluster(sim.Config{Seed: seed})
		_, err := c.ApplyStatefulSet(dnsRedisSet(2))
		if err != nil {
			rt.Fatal(err)
		}
		ops := rapid.SliceOfN(genDNSOp(), 1, 15).Draw(rt, "ops")
		for _, o := range ops {
			applyDNSOp(c, o)
		}
		if err := c.RunUntilStable(); err != nil {
			rt.Fatalf("seed %d: %v", seed, err)
		}
		dnsCheckZone(rt, c, seed, ops)
	})
}

// dnsCheckZone compares the simulated CoreDNS zone with its rebuild and with
// the reference.
func dnsCheckZone(rt *rapid.T, c *sim.Cluster, seed uint64, ops []dnsOp) {
	got := dnsRender(c.DNSRecords())
	rebuilt := dns.Build(sim.ClusterDomain, dns.DefaultTTL, []string{"default", "kube-system"}, c.Services(""), c.EndpointSlices(""))
	if want := dnsRender(rebuilt.Records()); got != want {
		rt.Fatalf("seed %d, ops %v: incremental zone differs from its rebuild:\n%s\nwant:\n%s", seed, ops, got, want)
	}
	if want := dnsRender(dnsReferenceZone(c).Records()); got != want {
		rt.Fatalf("seed %d, ops %v: zone differs from the reference:\n%s\nwant:\n%s", seed, ops, got, want)
	}
	for _, s := range c.Services("default") {
		for _, p := range c.Pods("default") {
			name := p.Spec.Hostname + "." + s.Name + ".default.svc.cluster.local"
			exists := c.DNSQuery(name, dns.TypeA).Rcode == dns.NoError
			if want := dnsPerPodNameExists(p, s); exists != want {
				rt.Fatalf("seed %d, ops %v: %s exists=%v, want %v (pod phase %s ready %v terminating %v)",
					seed, ops, name, exists, want, p.Status.Phase, api.IsPodReady(p), p.Terminating())
			}
		}
	}
}

// dnsPerPodNameExists is the rule of dns.md §9 written out without package
// dns: the service selects the pod, the pod has an IP and is not terminal,
// it is Ready and not terminating or the service publishes not-ready
// addresses, and its subdomain is the service's name.
func dnsPerPodNameExists(p *api.Pod, s *dns.Service) bool {
	selected := s.Spec.Selector["app"] == p.Labels["app"]
	listed := p.Status.PodIP != "" && p.Status.Phase != api.PodFailed && p.Status.Phase != api.PodSucceeded
	ready := s.Spec.PublishNotReadyAddresses || api.IsPodReady(p) && !p.Terminating()
	return selected && listed && ready && p.Spec.Subdomain == s.Name && p.Spec.Hostname != ""
}

// dnsReferenceZone builds the zone from the services and pods directly: one
// slice per service holding every listed pod.
func dnsReferenceZone(c *sim.Cluster) *dns.Zone {
	var slices []*dns.EndpointSlice
	for _, s := range c.Services("") {
		sl := &dns.EndpointSlice{ObjectMeta: api.ObjectMeta{Name: s.Name + "-ref", Namespace: s.Namespace,
			Labels: map[string]string{dns.LabelServiceName: s.Name}}}
		for _, p := range c.Pods(s.Namespace) {
			if ep, ok := dns.EndpointFor(p, s); ok {
				sl.Endpoints = append(sl.Endpoints, ep)
				sl.Ports = dns.EndpointPortsFor(s, p)
			}
		}
		slices = append(slices, sl)
	}
	return dns.Build(sim.ClusterDomain, dns.DefaultTTL, []string{"default", "kube-system"}, c.Services(""), slices)
}

func dnsRender(rrs []dns.RR) string {
	lines := make([]string, len(rrs))
	for i, rr := range rrs {
		lines[i] = rr.String()
	}
	slices.Sort(lines)
	return strings.Join(lines, "\n")
}
