package sim_test

import (
	"fmt"

	"github.com/stsim/stsim/api"
	"github.com/stsim/stsim/dns"
	"github.com/stsim/stsim/sim"
)

// The seed's redis-sts behind the headless redis-svc: each pod has a stable
// name; busybox's nslookup needs the full name, ping (libc) also takes the
// short one.
func ExampleCluster_Resolve() {
	c := sim.NewCluster(sim.Config{Seed: 1})
	if _, err := c.ApplyService(dnsRedisSvc("redis-svc", dns.ClusterIPNone)); err != nil {
		panic(err)
	}
	if _, err := c.ApplyStatefulSet(dnsRedisSet(2)); err != nil {
		panic(err)
	}
	if err := c.RunUntilStable(); err != nil {
		panic(err)
	}
	ips, err := c.Resolve("redis-sts-1", "redis-sts-0.redis-svc")
	fmt.Println(ips, err)
	fmt.Print(c.Ping("redis-sts-1", "redis-sts-0.redis-svc", 2))
	fmt.Print(c.NSLookup("redis-sts-1", "redis-sts-0.redis-svc.default.svc.cluster.local"))
	// Output:
	// [10.244.1.2] <nil>
	// PING redis-sts-0.redis-svc (10.244.1.2): 56 data bytes
	// 64 bytes from 10.244.1.2: seq=0 ttl=62 time=0.297 ms
	// 64 bytes from 10.244.1.2: seq=1 ttl=62 time=0.178 ms
	//
	// --- redis-sts-0.redis-svc ping statistics ---
	// 2 packets transmitted, 2 packets received, 0% packet loss
	// round-trip min/avg/max = 0.178/0.237/0.297 ms
	// Server:		10.96.0.10
	// Address:	10.96.0.10:53
	//
	// Name:	redis-sts-0.redis-svc.default.svc.cluster.local
	// Address: 10.244.1.2
}

// Turning an existing ClusterIP service headless is rejected: the cluster
// IP may not change once set. Delete and recreate the service instead.
func ExampleCluster_ApplyService() {
	c := sim.NewCluster(sim.Config{Seed: 1})
	fmt.Println(c.ApplyService(dnsRedisSvc("redis-svc", "")))
	_, err := c.ApplyService(dnsRedisSvc("redis-svc", dns.ClusterIPNone))
	fmt.Print(err.(*api.StatusError).Kubectl())
	fmt.Println(c.DeleteService("redis-svc"))
	fmt.Println(c.ApplyService(dnsRedisSvc("redis-svc", dns.ClusterIPNone)))
	// Output:
	// created <nil>
	// The Service "redis-svc" is invalid: spec.clusterIPs[0]: Invalid value: ["None"]: may not change once set
	// <nil>
	// created <nil>
}
