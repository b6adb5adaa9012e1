package sim_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/stsim/stsim/api"
	"github.com/stsim/stsim/dns"
	"github.com/stsim/stsim/sim"
	"github.com/stsim/stsim/sts"
)

// dnsRedisSet is the seed's redis-sts: serviceName redis-svc, label
// app=redis-sts, redis:5-alpine on port 6379 (seed README §2).
func dnsRedisSet(replicas int32) *sts.StatefulSet {
	labels := map[string]string{"app": "redis-sts"}
	return &sts.StatefulSet{
		ObjectMeta: api.ObjectMeta{Name: "redis-sts"},
		Spec: sts.Spec{
			ServiceName: "redis-svc", Replicas: &replicas,
			Selector: &api.LabelSelector{MatchLabels: labels},
			Template: api.PodTemplateSpec{Labels: labels, Spec: api.PodSpec{Containers: []api.Container{{
				Name: "redis", Image: "redis:5-alpine", Ports: []api.ContainerPort{{ContainerPort: 6379}}}}}},
		},
	}
}

// dnsRedisSvc is the seed's redis-svc (seed README §3); headless when
// clusterIP is "None".
func dnsRedisSvc(name, clusterIP string) *dns.Service {
	return &dns.Service{
		ObjectMeta: api.ObjectMeta{Name: name},
		Spec: dns.ServiceSpec{
			ClusterIP: clusterIP,
			Selector:  map[string]string{"app": "redis-sts"},
			Ports:     []dns.ServicePort{{Port: 6379, Protocol: dns.ProtocolTCP, TargetPort: dns.FromInt(6379)}},
		},
	}
}

// dnsSeedCluster runs redis-sts with the given services until stable.
func dnsSeedCluster(t *testing.T, services ...*dns.Service) *sim.Cluster {
	t.Helper()
	c := sim.NewCluster(sim.Config{Seed: 1})
	for _, s := range services {
		_, err := c.ApplyService(s)
		require.NoError(t, err)
	}
	_, err := c.ApplyStatefulSet(dnsRedisSet(2))
	require.NoError(t, err)
	require.NoError(t, c.RunUntilStable())
	return c
}

// dnsPodIP returns the named pod's IP.
func dnsPodIP(t *testing.T, c *sim.Cluster, name string) string {
	t.Helper()
	p, ok := c.Pod(name)
	require.True(t, ok, name)
	require.NotEmpty(t, p.Status.PodIP)
	return p.Status.PodIP
}
