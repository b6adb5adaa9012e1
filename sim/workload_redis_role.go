package sim

import (
	"strconv"
	"strings"
)

// REPLICAOF and ROLE.

// cmdReplicaof is REPLICAOF host port / REPLICAOF NO ONE (and SLAVEOF).
func (s *redisServer) cmdReplicaof(cl *redisClient, argv []string) redisReply {
	r := &s.repl
	if strings.EqualFold(argv[1], "no") && strings.EqualFold(argv[2], "one") {
		if r.masterHost != "" {
			s.unsetMaster()
			s.log(redisNotice, "MASTER MODE enabled (user request from '%s')", cl.info(strings.ToLower(argv[0])))
		}
		return replyOK()
	}
	port, err := strconv.ParseInt(argv[2], 10, 64)
	if err != nil {
		return replyError("ERR value is not an integer or out of range")
	}
	if r.masterHost != "" && strings.EqualFold(r.masterHost, argv[1]) && int64(r.masterPort) == port {
		s.log(redisNotice, "REPLICAOF would result into synchronization with the master we are already connected with. No operation performed.")
		return replyStatus("OK Already connected to specified master")
	}
	s.setMaster(argv[1], int(port))
	s.log(redisNotice, "REPLICAOF %s:%d enabled (user request from '%s')", r.masterHost, r.masterPort, cl.info(strings.ToLower(argv[0])))
	return replyOK()
}

// setMaster is replicationSetMaster.
func (s *redisServer) setMaster(host string, port int) {
	r := &s.repl
	wasMaster := r.masterHost == ""
	r.masterHost, r.masterPort = host, port
	s.closeMasterLink()
	s.disconnectReplicas()
	if wasMaster {
		s.log(redisNotice, "Before turning into a replica, using my master parameters to synthesize a cached master: I may be able to synchronize with the new master with just a partial transfer.")
		r.cached, r.masterReplID, r.reploff = true, r.replID, r.offset
	}
	r.state = replConnect
	s.replRetry(s.p.Now())
}

// unsetMaster is replicationUnsetMaster: the replica becomes a master
// with a new replication ID (the old one kept as the secondary).
func (s *redisServer) unsetMaster() {
	r := &s.repl
	r.replID2, r.secondOffset, r.replID = r.replID, r.offset+1, s.randomID()
	s.log(redisWarning, "Setting secondary replication ID to %s, valid up to offset: %d. New replication ID is %s", r.replID2, r.secondOffset, r.replID)
	s.closeMasterLink()
	if r.cached {
		s.log(redisNotice, "Discarding previously cached master state.")
		r.cached = false
	}
	s.disconnectReplicas()
	r.masterHost, r.masterPort, r.state, r.selDB = "", 0, replNone, -1
	if r.retry != nil {
		r.retry.Stop()
	}
}

// closeMasterLink drops the link to the current master (an established
// one is cached for a later PSYNC).
func (s *redisServer) closeMasterLink() {
	r := &s.repl
	if r.conn == nil {
		return
	}
	if r.state == replConnected {
		s.log(redisWarning, "Connection with master lost.")
		s.log(redisNotice, "Caching the disconnected master state.")
		r.cached = true
	}
	r.conn.Close()
	r.conn = nil
}

// cmdRole is ROLE.
func (s *redisServer) cmdRole(_ *redisClient, _ []string) redisReply {
	r := &s.repl
	if r.masterHost == "" {
		var reps []redisReply
		for _, l := range r.links {
			if l.state == linkOnline {
				reps = append(reps, replyArray(replyBulk(l.ip), replyBulk(strconv.Itoa(l.port)), replyBulk(itoa64(l.ackOff))))
			}
		}
		return replyArray(replyBulk("master"), replyInt(r.offset), replyArray(reps...))
	}
	off := int64(-1)
	if r.state == replConnected {
		off = r.reploff
	}
	return replyArray(replyBulk("slave"), replyBulk(r.masterHost), replyInt(int64(r.masterPort)), replyBulk(r.stateName()), replyInt(off))
}

// stateName is the replica state as ROLE names it.
func (r *redisRepl) stateName() string {
	return [...]string{"none", "connect", "connecting", "handshake", "sync", "connected"}[r.state]
}
