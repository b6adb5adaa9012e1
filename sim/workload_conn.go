package sim

import (
	"io"
	"slices"
	"time"
)

// Conn is one end of a simulated connection.
type Conn struct {
	// Data is free for the workload's own per-connection state.
	Data any

	p             *Process
	h             ConnHandler
	local, remote endpoint
	peer          *Conn
	lat           time.Duration
	open, closed  bool
}

// LocalAddr returns the local "ip:port".
func (cn *Conn) LocalAddr() string { return cn.local.String() }

// RemoteAddr returns the peer's "ip:port".
func (cn *Conn) RemoteAddr() string { return cn.remote.String() }

// RemoteIP returns the peer's IP address.
func (cn *Conn) RemoteIP() string { return cn.remote.ip }

// Open reports whether the connection is established and not closed.
func (cn *Conn) Open() bool { return cn.open && !cn.closed }

// Dial connects to host:port (a name resolved from the pod, or an IP).
// It returns at once; h.Open runs when the connection is established, or
// h.Close with ErrConnRefused (nothing listens) or ErrHostUnreachable (no
// pod has the address). A name that does not resolve is an error now.
func (p *Process) Dial(host string, port int, h ConnHandler) (*Conn, error) {
	if !p.Alive() {
		return nil, ErrNotRunning
	}
	w := p.c.work()
	local := endpoint{p.ip, w.ephemeralPort()}
	remote, err := p.lookup(host, port, local.port)
	if err != nil {
		return nil, err
	}
	cn := &Conn{p: p, h: h, local: local, remote: remote, lat: p.c.latency(p.ip, remote.ip, local.port)}
	p.conns = append(p.conns, cn)
	p.c.eng.after(cn.lat, actorWorkload, "connect to ", remote.String(), func() { p.c.accept(cn) })
	return cn, nil
}

// accept is the arrival of a connection request.
func (c *Cluster) accept(cn *Conn) {
	if cn.closed {
		return
	}
	l := c.work().listenerAt(cn.remote)
	if l != nil && !c.linked(cn.p, l.p) || l == nil && c.netCut(cn.p.rt.node) {
		return // the request is lost on a cut network: no answer
	}
	if l == nil {
		err, d := ErrConnRefused, cn.lat
		if _, used := c.ipNode(cn.remote.ip); !used {
			err, d = ErrHostUnreachable, arpTimeout
		}
		c.eng.after(d, actorWorkload, "connect to ", cn.remote.String(), func() { cn.fail(err) })
		return
	}
	s := &Conn{p: l.p, local: cn.remote, remote: cn.local, peer: cn, lat: cn.lat, open: true}
	cn.peer = s
	l.p.conns = append(l.p.conns, s)
	c.eng.after(cn.lat, actorWorkload, "connect to ", cn.remote.String(), func() {
		if cn.closed || cn.p.reap() || !c.linked(cn.p, s.p) {
			return
		}
		cn.open = true
		if cn.h.Open != nil {
			cn.h.Open(cn)
		}
	})
	if l.l.Accept != nil {
		s.h = l.l.Accept(s)
	}
}

// arpTimeout is how long a connection to an address no pod has takes to
// fail: the neighbour lookup gives up and the kernel reports EHOSTUNREACH.
const arpTimeout = 3 * time.Second

// fail ends a connection that could not be established.
func (cn *Conn) fail(err error) {
	if cn.closed {
		return
	}
	cn.closed = true
	cn.p.dropConn(cn)
	if !cn.p.reap() && cn.h.Close != nil {
		cn.h.Close(cn, err)
	}
}

// Send sends a message to the peer; it arrives after the latency, in
// order, unless the peer is gone by then. It reports whether the message
// left (false on a closed connection or a dead process).
func (cn *Conn) Send(msg any) bool {
	if cn.closed || !cn.p.Alive() {
		return false
	}
	cn.p.c.eng.after(cn.lat, actorWorkload, "deliver to ", cn.remote.String(), func() {
		pe := cn.peer
		if pe == nil || pe.closed || pe.p.reap() || pe.h.Message == nil || !cn.p.c.linked(cn.p, pe.p) {
			return
		}
		pe.h.Message(pe, msg)
	})
	return true
}

// Close closes the connection; the peer's Close handler runs after the
// latency, once the messages sent before have arrived.
func (cn *Conn) Close() {
	if cn.closed {
		return
	}
	cn.closed = true
	cn.p.dropConn(cn)
	pe := cn.peer
	if pe == nil {
		return
	}
	cn.p.c.eng.after(cn.lat, actorWorkload, "close ", cn.remote.String(), func() {
		if pe.closed || !cn.p.c.linked(cn.p, pe.p) {
			return // a FIN lost on a cut network leaves the peer's end open
		}
		pe.closed = true
		pe.p.dropConn(pe)
		if !pe.p.reap() && pe.h.Close != nil {
			pe.h.Close(pe, io.EOF)
		}
	})
}

// dropConn forgets a closed connection.
func (p *Process) dropConn(cn *Conn) {
	p.conns = slices.DeleteFunc(p.conns, func(o *Conn) bool { return o == cn })
}
