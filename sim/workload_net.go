package sim

import (
	"net"
	"slices"
	"strconv"

	"github.com/stsim/stsim/dns"
)

// The simulated pod network: connection-oriented, in order, with a
// latency; a message to a process that is gone is lost, and a process's
// death closes its connections (its peers see the close one latency
// later, as the kernel's FIN). Addresses are pod IPs; a Service's cluster
// IP is routed to one of its Ready endpoints, as kube-proxy does. Nothing
// crosses to or from a node that is powered off or partitioned: messages,
// connection requests and closes are lost there, and the ends stay open
// until the applications' own timeouts.

// endpoint is an IP address and a port.
type endpoint struct {
	ip   string
	port int
}

func (e endpoint) String() string { return net.JoinHostPort(e.ip, strconv.Itoa(e.port)) }

// Listener is what a process offers on a port.
type Listener struct {
	// Accept is called when a peer's connection arrives and returns the
	// handlers of the server's end; nil accepts and ignores the peer.
	Accept func(c *Conn) ConnHandler
	// Query answers a one-shot request at once, without virtual time: it
	// serves clients run by exec (such as `redis-cli -h HOST`), which run
	// at one instant. from is the client's "ip:port".
	Query func(from string, req any) any
}

// ConnHandler receives the events of one end of a connection.
type ConnHandler struct {
	// Open is called on the dialing end when the connection is
	// established.
	Open func(c *Conn)
	// Message is called with each message the peer sent, in order.
	Message func(c *Conn, msg any)
	// Close is called once when the connection ends: io.EOF when the peer
	// closed it or its process died, ErrConnRefused or ErrHostUnreachable
	// when it could not be established.
	Close func(c *Conn, err error)
}

// listener is a port a process listens on.
type listener struct {
	p *Process
	l Listener
}

// Listen opens a port of the pod's IP address.
func (p *Process) Listen(port int, l Listener) error {
	if !p.Alive() {
		return ErrNotRunning
	}
	w := p.c.work()
	e := endpoint{p.ip, port}
	if old := w.listenerAt(e); old != nil && old.p != p {
		return ErrAddrInUse
	}
	w.listeners[e] = &listener{p: p, l: l}
	if !slices.Contains(p.ports, port) {
		p.ports = append(p.ports, port)
	}
	return nil
}

// listenerAt returns the live listener of an address.
func (w *workloadState) listenerAt(e endpoint) *listener {
	l := w.listeners[e]
	if l == nil || l.p.reap() {
		return nil
	}
	return l
}

// Resolve resolves a name from inside the pod, as Cluster.Resolve does.
func (p *Process) Resolve(name string) ([]string, error) {
	pod := *p.pod
	pod.Status.PodIP = p.ip
	r := dns.Resolver{Conf: dns.ClusterFirst(pod.Namespace, ClusterDomain, dns.KubeDNSIP),
		Hosts: dns.PodHosts(&pod, ClusterDomain), Server: p.c.dns.zone}
	return r.LookupHost(name)
}

// lookup returns the address host:port reaches from the pod: a name is
// resolved, the loopback is the pod itself, a cluster IP is routed to an
// endpoint.
func (p *Process) lookup(host string, port int, salt int) (endpoint, error) {
	ip := host
	switch {
	case host == "localhost" || host == "127.0.0.1" || host == "::1":
		return endpoint{p.ip, port}, nil
	case net.ParseIP(host) == nil:
		ips, err := p.Resolve(host)
		if err != nil {
			return endpoint{}, err
		}
		ip = ips[0]
	}
	return p.c.route(endpoint{ip, port}, p.ip, salt), nil
}

// Query sends req to the listener of host:port and returns its answer at
// once (see Listener.Query).
func (p *Process) Query(host string, port int, req any) (any, error) {
	if !p.Alive() {
		return nil, ErrNotRunning
	}
	local := endpoint{p.ip, p.c.work().ephemeralPort()}
	if host == "localhost" || host == "127.0.0.1" {
		local.ip = "127.0.0.1"
	}
	remote, err := p.lookup(host, port, local.port)
	if err != nil {
		return nil, err
	}
	l := p.c.work().listenerAt(remote)
	switch {
	case l == nil:
		if _, used := p.c.ipNode(remote.ip); !used {
			return nil, ErrHostUnreachable
		}
		return nil, ErrConnRefused
	case l.l.Query == nil:
		return nil, ErrNoQuery
	}
	return l.l.Query(local.String(), req), nil
}
