package sim

import (
	"hash/fnv"
	"maps"
	"slices"
	"strconv"
	"time"

	"github.com/stsim/stsim/dns"
)

// ipNode returns the node whose pod network holds ip, and whether a pod
// has it.
func (c *Cluster) ipNode(ip string) (string, bool) {
	ni, i, ok := parsePodIP(ip)
	if !ok {
		return "", false
	}
	for _, name := range c.nodeNames {
		if n := c.kubelet.nodes[name]; n != nil && n.index == ni && n.inUse(i) {
			return name, true
		}
	}
	return "", false
}

// latency is the one-way delay of a connection from one pod address to
// another: half the round trip ping reports (about 25-50µs on one node,
// 50-200µs across nodes), 10µs within a pod; seq varies it per
// connection, deterministically.
func (c *Cluster) latency(from, to string, seq int) time.Duration {
	if from == to {
		return 10 * time.Microsecond
	}
	ttl := 62
	fromNode, _ := c.ipNode(from)
	if toNode, ok := c.ipNode(to); ok && toNode == fromNode {
		ttl = 63
	}
	return time.Duration(rtt(from, to, seq, ttl)) * time.Microsecond / 2
}

// route is kube-proxy: a connection to a Service's cluster IP and port
// goes to one of the service's Ready endpoints (picked by a hash of the
// client's address, where kube-proxy's iptables rules pick at random), on
// the target port. Other addresses are not rewritten; a service without
// Ready endpoints leaves the address as is (nothing answers there).
func (c *Cluster) route(to endpoint, client string, salt int) endpoint {
	svc := c.serviceByIP(to.ip)
	if svc == nil {
		return to
	}
	i := slices.IndexFunc(svc.Spec.Ports, func(sp dns.ServicePort) bool { return int(sp.Port) == to.port })
	if i < 0 {
		return to
	}
	name := svc.Spec.Ports[i].Name
	var eps []endpoint
	for _, k := range slices.SortedFunc(maps.Keys(c.dns.slices), keyLess) {
		sl := c.dns.slices[k]
		if k.ns != svc.Namespace || sl.Service() != svc.Name {
			continue
		}
		j := slices.IndexFunc(sl.Ports, func(ep dns.EndpointPort) bool { return ep.Name == name })
		if j < 0 {
			continue
		}
		for _, e := range sl.Endpoints {
			if e.Conditions.Ready && len(e.Addresses) > 0 {
				eps = append(eps, endpoint{e.Addresses[0], int(sl.Ports[j].Port)})
			}
		}
	}
	if len(eps) == 0 {
		return to
	}
	h := fnv.New32a()
	h.Write([]byte(client + ":" + strconv.Itoa(salt)))
	return eps[int(h.Sum32()%uint32(len(eps)))]
}

// serviceByIP returns the service with this cluster IP.
func (c *Cluster) serviceByIP(ip string) *dns.Service {
	if ip == "" || ip == "None" {
		return nil
	}
	for _, s := range c.dns.services {
		if s.Spec.ClusterIP == ip {
			return s
		}
	}
	return nil
}

// netCut reports whether a node is off the pod network: powered off or
// partitioned (nodes.go).
func (c *Cluster) netCut(node string) bool {
	if c.life.offlineN == 0 {
		return false
	}
	h := c.life.health[node]
	return h != nil && (h.partitioned || h.powerOff)
}

// linked reports whether packets between two processes get through.
func (c *Cluster) linked(a, b *Process) bool {
	return a.rt.node == b.rt.node || !c.netCut(a.rt.node) && !c.netCut(b.rt.node)
}
