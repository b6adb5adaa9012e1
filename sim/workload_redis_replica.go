package sim

import (
	"errors"
	"io"
)

// The replica's end of the link to its master.

// replOpen: the connection is up; the handshake starts with a PING.
func (s *redisServer) replOpen(cn *Conn) {
	if cn != s.repl.conn {
		return
	}
	s.log(redisNotice, "Non blocking connect for SYNC fired the event.")
	s.repl.state = replHandshake
	cn.Send(replPing{})
}

// replMessage handles what the master sends.
func (s *redisServer) replMessage(cn *Conn, msg any) {
	r := &s.repl
	if cn != r.conn {
		return
	}
	r.lastIO = s.p.Now()
	switch m := msg.(type) {
	case replPong:
		s.log(redisNotice, "Master replied to PING, replication can continue...")
		s.sendPSync(cn)
	case replFullResync:
		s.log(redisNotice, "Full resync from master: %s:%d", m.replID, m.offset)
		if r.cached {
			s.log(redisNotice, "Discarding previously cached master state.")
			r.cached = false
		}
		r.masterReplID, r.reploff, r.state = m.replID, m.offset, replTransfer
	case replContinue:
		s.replContinued(m)
	case replRDB:
		s.replLoad(m.data)
	case replCommand:
		s.replApply(m.argv)
	}
}

// sendPSync asks for a partial resynchronization with the cached master,
// or a full one.
func (s *redisServer) sendPSync(cn *Conn) {
	r := &s.repl
	id, off := "?", int64(-1)
	if r.cached {
		id, off = r.masterReplID, r.reploff+1
		s.log(redisNotice, "Trying a partial resynchronization (request %s:%d).", id, off)
	} else {
		s.log(redisNotice, "Partial resynchronization not possible (no cached master)")
	}
	cn.Send(replPSync{replID: id, offset: off, port: s.conf.port})
}

// replLoad is the end of a full resync: the RDB replaces the dataset and
// becomes the replica's dump.rdb, as Redis renames the received file.
func (s *redisServer) replLoad(data []byte) {
	r := &s.repl
	s.log(redisNotice, "MASTER <-> REPLICA sync: receiving %d bytes from master", len(data))
	_ = s.writeRDB(redisPid, data)
	s.log(redisNotice, "MASTER <-> REPLICA sync: Flushing old data")
	s.log(redisNotice, "MASTER <-> REPLICA sync: Loading DB in memory")
	db, err := decodeRDB(data, s.ver.rdb)
	if err != nil {
		s.log(redisWarning, "Failed trying to load the MASTER synchronization DB from disk")
		s.replDrop()
		return
	}
	s.db, s.dirty = db, 0
	s.log(redisNotice, "MASTER <-> REPLICA sync: Finished with success")
	r.state, r.replID, r.offset = replConnected, r.masterReplID, r.reploff
	r.createBacklog()
}

// replApply applies a command of the stream.
func (s *redisServer) replApply(argv []string) {
	r := &s.repl
	if r.state != replConnected {
		return
	}
	if name := argv[0]; name != "PING" && name != "SELECT" {
		s.call(&redisClient{master: true}, argv)
	}
	s.feed(argv) // the backlog and the sub-replicas get the stream as it is
	r.reploff += respLen(argv)
	r.offset = r.reploff
}

// replClosed: the link is gone (the master closed it or died), or could
// not be set up.
func (s *redisServer) replClosed(cn *Conn, err error) {
	if cn != s.repl.conn {
		return
	}
	if s.repl.state == replConnecting && err != nil && !errors.Is(err, io.EOF) {
		s.log(redisWarning, "Error condition on socket for SYNC: %s", connErrText(err))
	}
	s.replLost()
}

// replLost handles the end of the link to the master.
func (s *redisServer) replLost() {
	r := &s.repl
	wasUp := r.state == replConnected
	r.conn = nil
	if wasUp {
		s.log(redisWarning, "Connection with master lost.")
		s.log(redisNotice, "Caching the disconnected master state.")
		r.cached = true
	}
	r.state = replConnect
	down := r.linkDownSince
	if wasUp || down == 0 {
		down = s.p.Now()
	}
	s.replRetry(down)
}

// replDrop closes the link ourselves and goes back to connecting.
func (s *redisServer) replDrop() {
	if cn := s.repl.conn; cn != nil {
		cn.Close()
	}
	s.replLost()
}

// connErrText is strerror's wording of a connection error.
func connErrText(err error) string {
	if errors.Is(err, ErrHostUnreachable) {
		return "No route to host"
	}
	return "Connection refused"
}
