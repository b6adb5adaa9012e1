package sim

// The replication backlog: the last megabyte of the stream, which lets a
// replica that reconnects to the same master (or to a replica promoted from
// the same history, PSYNC2) continue where it stopped instead of
// resyncing in full.

// replEntry is one command of the backlog and the offset of its first
// byte.
type replEntry struct {
	start int64
	argv  []string
}

// backlogSize is repl-backlog-size.
const backlogSize = 1 << 20

// propagate feeds a write to the replication stream, preceded by SELECT
// when the stream has not selected the database yet.
func (s *redisServer) propagate(argv []string) {
	r := &s.repl
	if !r.backlog {
		return
	}
	if r.selDB != 0 {
		r.selDB = 0
		s.feed([]string{"SELECT", "0"})
	}
	s.feed(argv)
}

// feed appends a command to the stream and the backlog: online replicas
// get it now, replicas waiting for their BGSAVE after it.
func (s *redisServer) feed(argv []string) {
	r := &s.repl
	if !r.backlog {
		return
	}
	r.entries = append(r.entries, replEntry{start: r.offset + 1, argv: argv})
	r.offset += respLen(argv)
	for len(r.entries) > 1 && r.offset-r.entries[0].start+1 > backlogSize {
		r.entries = r.entries[1:]
	}
	r.backlogStart = r.entries[0].start
	for _, l := range r.links {
		switch l.state {
		case linkOnline:
			l.conn.Send(replCommand{argv: argv})
		case linkWaitEnd:
			l.pending = append(l.pending, replCommand{argv: argv})
		}
	}
}

// createBacklog starts the backlog at the current offset.
func (r *redisRepl) createBacklog() {
	r.backlog, r.backlogStart, r.entries = true, r.offset+1, nil
}

// tryPartialResync is masterTryPartialResynchronization: a replica that
// asks for our replication ID (or the previous one, up to where it was
// valid) at an offset the backlog still holds gets the rest of the stream
// (+CONTINUE); otherwise it needs a full resync.
func (s *redisServer) tryPartialResync(l *replicaLink, m replPSync) bool {
	r := &s.repl
	switch {
	case m.replID == "?":
		s.log(redisNotice, "Full resync requested by replica %s", l.name)
	case m.replID != r.replID && m.replID != r.replID2:
		s.log(redisNotice, "Partial resynchronization not accepted: Replication ID mismatch (Replica asked for '%s', my replication IDs are '%s' and '%s')", m.replID, r.replID, r.replID2)
	case m.replID != r.replID && m.offset > r.secondOffset:
		s.log(redisNotice, "Partial resynchronization not accepted: Requested offset for second ID was %d, but I can reply up to %d", m.offset, r.secondOffset)
	case !r.backlog || m.offset < r.backlogStart || m.offset > r.offset+1 || !r.atBoundary(m.offset):
		s.log(redisNotice, "Unable to partial resync with replica %s for lack of backlog (Replica request was: %d).", l.name, m.offset)
	default:
		s.continueReplica(l, m.offset)
		return true
	}
	return false
}

// atBoundary reports whether a command of the backlog starts at off (or
// off is the next byte of the stream).
func (r *redisRepl) atBoundary(off int64) bool {
	if off == r.offset+1 {
		return true
	}
	for _, e := range r.entries {
		if e.start == off {
			return true
		}
	}
	return false
}

// continueReplica sends +CONTINUE and the backlog from off.
func (s *redisServer) continueReplica(l *replicaLink, off int64) {
	r := &s.repl
	l.state, l.ackOff, l.ackTime = linkOnline, off-1, s.p.Now()
	l.conn.Send(replContinue{replID: r.replID})
	for _, e := range r.entries {
		if e.start >= off {
			l.conn.Send(replCommand{argv: e.argv})
		}
	}
	s.log(redisNotice, "Partial resynchronization request from %s accepted. Sending %d bytes of backlog starting from offset %d.", l.name, r.offset-off+1, off)
}

// replContinued is the replica's side of +CONTINUE: the cached master
// comes back to life, with the dataset the replica has.
func (s *redisServer) replContinued(m replContinue) {
	r := &s.repl
	s.log(redisNotice, "Successful partial resynchronization with master.")
	if m.replID != r.masterReplID {
		r.replID2, r.secondOffset = r.masterReplID, r.reploff+1
		s.log(redisWarning, "Master replication ID changed to %s", m.replID)
	}
	s.log(redisNotice, "MASTER <-> REPLICA sync: Master accepted a Partial Resynchronization.")
	r.masterReplID, r.replID, r.cached, r.state = m.replID, m.replID, false, replConnected
	r.offset = r.reploff
	if !r.backlog {
		r.createBacklog()
	}
}
