package sim

import (
	"slices"
	"strconv"
	"time"
)

// Replication, master side: replicas connect, ask for a resync, get a
// BGSAVE's RDB, then the stream of writes (and a PING every 10 seconds).

// replicaLink is a replica attached to this server.
type replicaLink struct {
	conn    *Conn
	name    string // "ip:listening-port", as Redis names replicas
	ip      string
	port    int
	state   linkState
	child   *redisChild // the BGSAVE it waits for
	pending []replCommand
	ackOff  int64
	ackTime time.Duration
}

type linkState uint8

const (
	linkWaitStart linkState = iota // waits for the next BGSAVE
	linkWaitEnd                    // waits for the BGSAVE in progress
	linkOnline                     // streaming
)

// replPingPeriod is repl-ping-replica-period.
const replPingPeriod = 10

// accept serves a connection to the server's port: replicas (clients are
// exec'd and use Query).
func (s *redisServer) accept(cn *Conn) ConnHandler {
	return ConnHandler{Message: s.masterMessage, Close: s.masterClosed}
}

func (s *redisServer) masterMessage(cn *Conn, msg any) {
	switch m := msg.(type) {
	case replPing:
		cn.Send(replPong{})
	case replPSync:
		s.syncRequest(cn, m)
	case replAck:
		if l, ok := cn.Data.(*replicaLink); ok {
			l.ackOff, l.ackTime = m.offset, s.p.Now()
		}
	}
}

// syncRequest is syncCommand: a replica asks for the dataset.
func (s *redisServer) syncRequest(cn *Conn, m replPSync) {
	r := &s.repl
	if r.masterHost != "" && r.state != replConnected {
		cn.Close() // -NOMASTERLINK Can't SYNC while not connected with my master
		return
	}
	l := &replicaLink{conn: cn, ip: cn.RemoteIP(), port: m.port, name: cn.RemoteIP() + ":" + strconv.Itoa(m.port)}
	s.log(redisNotice, "Replica %s asks for synchronization", l.name)
	cn.Data = l
	r.links = append(r.links, l)
	if s.tryPartialResync(l, m) {
		return
	}
	if len(r.links) == 1 && !r.backlog {
		r.replID, r.replID2, r.secondOffset = s.randomID(), zeroReplID, -1
		r.createBacklog()
	}
	switch {
	case s.child != nil && s.child.forSync:
		s.log(redisNotice, "Waiting for end of BGSAVE for SYNC")
		for _, o := range r.links {
			if o != l && o.state == linkWaitEnd && o.child == s.child {
				l.pending = slices.Clone(o.pending)
				break
			}
		}
		l.state, l.child = linkWaitEnd, s.child
		cn.Send(replFullResync{replID: r.replID, offset: s.child.offset})
	case s.child != nil:
		s.log(redisNotice, "Can't attach the replica to the current BGSAVE. Waiting for next BGSAVE for SYNC")
	default:
		s.log(redisNotice, "Starting BGSAVE for SYNC with target: disk")
		s.syncBgsave()
	}
}

// syncBgsave starts a BGSAVE for the replicas waiting for one and tells
// them the offset it snapshots (+FULLRESYNC).
func (s *redisServer) syncBgsave() {
	r := &s.repl
	r.selDB = -1
	s.bgsave(true)
	for _, l := range r.links {
		if l.state == linkWaitStart {
			l.state, l.child, l.pending = linkWaitEnd, s.child, nil
			l.conn.Send(replFullResync{replID: r.replID, offset: s.child.offset})
		}
	}
}

// syncDone sends a finished BGSAVE to the replicas that wait for it, then
// what was written meanwhile; replicas that waited for the next BGSAVE
// get one now.
func (s *redisServer) syncDone(ch *redisChild, ok bool) {
	waiting := false
	for _, l := range slices.Clone(s.repl.links) {
		switch {
		case l.state == linkWaitStart:
			waiting = true
		case l.state != linkWaitEnd || l.child != ch:
		case !ok:
			s.log(redisWarning, "SYNC failed. BGSAVE child returned an error")
			l.conn.Close()
			s.dropLink(l)
		default:
			l.conn.Send(replRDB{data: ch.data})
			s.log(redisNotice, "Synchronization with replica %s succeeded", l.name)
			l.state, l.child, l.ackTime = linkOnline, nil, s.p.Now()
			for _, c := range l.pending {
				l.conn.Send(c)
			}
			l.pending = nil
		}
	}
	if waiting {
		s.syncBgsave()
	}
}

// masterClosed: a replica went away.
func (s *redisServer) masterClosed(cn *Conn, _ error) {
	if l, ok := cn.Data.(*replicaLink); ok {
		s.log(redisWarning, "Connection with replica %s lost.", l.name)
		s.dropLink(l)
	}
}

func (s *redisServer) dropLink(l *replicaLink) {
	s.repl.links = slices.DeleteFunc(s.repl.links, func(o *replicaLink) bool { return o == l })
}

// disconnectReplicas closes every replica's link (they reconnect and
// resync), as a role change does.
func (s *redisServer) disconnectReplicas() {
	for _, l := range slices.Clone(s.repl.links) {
		l.conn.Close()
		s.dropLink(l)
	}
}

// masterCron pings the replicas every repl-ping-replica-period seconds and
// drops those silent for repl-timeout.
func (s *redisServer) masterCron() {
	r := &s.repl
	if r.masterHost != "" || len(r.links) == 0 {
		return
	}
	if s.ticks%replPingPeriod == 0 {
		s.feed([]string{"PING"})
	}
	for _, l := range slices.Clone(r.links) {
		if l.state == linkOnline && s.p.Now()-l.ackTime > replTimeout {
			s.log(redisWarning, "Disconnecting timedout replica: %s", l.name)
			l.conn.Close()
			s.dropLink(l)
		}
	}
}
