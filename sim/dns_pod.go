package sim

import (
	"hash/fnv"
	"strconv"

	"github.com/stsim/stsim/api"
	"github.com/stsim/stsim/dns"
)

// What a pod sees of cluster DNS: the entry points for the exec stand-in.

// resolver returns the named pod and its libc resolver: its /etc/hosts,
// its ClusterFirst resolv.conf and CoreDNS's current zone.
func (c *Cluster) resolver(pod string) (*api.Pod, dns.Resolver, error) {
	k := splitName(pod)
	p := c.pod(k)
	if p == nil {
		return nil, dns.Resolver{}, api.NewNotFound("pods", "", k.name)
	}
	return p, dns.Resolver{
		Conf:   dns.ClusterFirst(p.Namespace, ClusterDomain, dns.KubeDNSIP),
		Hosts:  dns.PodHosts(p, ClusterDomain),
		Server: c.dns.zone,
	}, nil
}

// Resolve resolves name from inside the pod ("NAME" or "NAMESPACE/NAME") as
// getaddrinfo does: /etc/hosts first (the pod's own hostname and FQDN
// always resolve there), then DNS through the search list
// <ns>.svc.cluster.local svc.cluster.local cluster.local with ndots:5, as
// CoreDNS answers now (after the endpointslice controller and CoreDNS's
// watch have caught up). A name that does not resolve gives an error
// wrapping dns.ErrNoSuchHost; an unknown pod a NotFound error.
func (c *Cluster) Resolve(pod, name string) ([]string, error) {
	_, r, err := c.resolver(pod)
	if err != nil {
		return nil, err
	}
	return r.LookupHost(name)
}

// NSLookup is `nslookup NAME` run in the pod, printed as busybox prints it
// (see NSLookupArgs); an unknown pod prints kubectl's error.
func (c *Cluster) NSLookup(pod, name string) string {
	out, _ := c.NSLookupArgs(pod, []string{name})
	return out
}

// NSLookupArgs runs busybox's `nslookup [-type=T] NAME [SERVER]` in the pod
// and returns its output and exit code. Busybox appends the search domains
// only to names without a dot, so `nslookup redis-sts-0.redis-svc` is
// NXDOMAIN where `ping redis-sts-0.redis-svc` works; the full name works in
// both. Without -type it asks A and AAAA (this cluster has no IPv6: the
// AAAA reply of an existing name is empty), or PTR for an address.
func (c *Cluster) NSLookupArgs(pod string, args []string) (string, int) {
	_, r, err := c.resolver(pod)
	if err != nil {
		return kubectlError(err), 1
	}
	return dns.NSLookup(r.Conf, c.dns.zone, args)
}

// Ping is `ping -c N NAME` run in the pod, printed as busybox prints it
// (see PingCount).
func (c *Cluster) Ping(pod, name string, n int) string {
	out, _ := c.PingCount(pod, name, n)
	return out
}

// PingCount runs busybox's `ping -c N NAME` in the pod and returns its
// output and exit code. The name is resolved as Resolve does and the first
// address is pinged: a pod answers with TTL 64 from itself, 63 from its own
// node and 62 across nodes, with round-trip times derived from the
// addresses (deterministic); a cluster IP never answers (kube-proxy's
// iptables rules do not answer ICMP), nor does an address no pod has.
func (c *Cluster) PingCount(pod, name string, n int) (string, int) {
	p, r, err := c.resolver(pod)
	if err != nil {
		return kubectlError(err), 1
	}
	ips, err := r.LookupHost(name)
	if err != nil {
		return dns.Ping(name, "", nil)
	}
	ip := ips[0]
	replies := make([]*dns.PingReply, max(n, 0))
	if ttl, ok := c.pingTTL(p, ip); ok {
		for seq := range replies {
			replies[seq] = &dns.PingReply{TTL: ttl, RTT: rtt(p.Status.PodIP, ip, seq, ttl)}
		}
	}
	return dns.Ping(name, ip, replies)
}

// pingTTL returns the TTL of echo replies from ip to pod p, and false when
// nothing answers.
func (c *Cluster) pingTTL(p *api.Pod, ip string) (int, bool) {
	if ip == p.Status.PodIP || ip == "127.0.0.1" || ip == "::1" {
		return 64, true
	}
	for _, slot := range c.pods {
		q := slot.cur
		if q.Status.PodIP != ip || c.kubelet.pods[q.UID] == nil {
			continue
		}
		if q.Spec.NodeName == p.Spec.NodeName {
			return 63, true
		}
		return 62, true
	}
	return 0, false
}

// rtt is a deterministic round-trip time in microseconds: about 50-100µs
// on one host, 100-400µs across nodes.
func rtt(from, to string, seq, ttl int) int {
	h := fnv.New32a()
	h.Write([]byte(from + ">" + to + "#" + strconv.Itoa(seq)))
	v := int(h.Sum32())
	if ttl >= 63 {
		return 50 + v%50
	}
	return 100 + v%300
}

// PodResolvConf returns the pod's /etc/resolv.conf.
func (c *Cluster) PodResolvConf(pod string) (string, error) {
	_, r, err := c.resolver(pod)
	if err != nil {
		return "", err
	}
	return r.Conf.String(), nil
}

// PodHostsFile returns the pod's kubelet-managed /etc/hosts.
func (c *Cluster) PodHostsFile(pod string) (string, error) {
	_, r, err := c.resolver(pod)
	if err != nil {
		return "", err
	}
	return dns.HostsFile(r.Hosts), nil
}

// kubectlError renders an error as kubectl prints it.
func kubectlError(err error) string {
	if se, ok := err.(*api.StatusError); ok {
		return se.Kubectl()
	}
	return "error: " + err.Error() + "\n"
}
