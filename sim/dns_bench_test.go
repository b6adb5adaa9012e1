package sim_test

import (
	"testing"
	"time"

	"github.com/stsim/stsim/dns"
	"github.com/stsim/stsim/sim"
	"github.com/stsim/stsim/sts"
)

// BenchmarkScaleUpBehindHeadlessService is a Parallel scale-up of 10,000
// pods behind their headless service: every readiness change goes through
// the endpointslice controller (slices of 100) and CoreDNS's zone, so the
// cost per pod must stay that of one slice, not of all endpoints.
func BenchmarkScaleUpBehindHeadlessService(b *testing.B) {
	const n = 10000
	for b.Loop() {
		c := sim.NewCluster(sim.Config{Seed: 1, NoTrace: true, StableBound: 1000 * time.Hour, NodePods: n})
		svc := dnsRedisSvc("web", dns.ClusterIPNone)
		svc.Spec.Selector = map[string]string{"app": "web"}
		if _, err := c.ApplyService(svc); err != nil {
			b.Fatal(err)
		}
		if _, err := c.ApplyStatefulSet(benchSet("web", sts.Parallel, n)); err != nil {
			b.Fatal(err)
		}
		if err := c.RunUntilStable(); err != nil {
			b.Fatal(err)
		}
		if got := len(c.EndpointSlices("default")); got != n/dns.MaxEndpointsPerSlice {
			b.Fatalf("%d slices", got)
		}
		if _, err := c.Resolve("web-0", "web-9999.web"); err != nil {
			b.Fatal(err)
		}
	}
}
