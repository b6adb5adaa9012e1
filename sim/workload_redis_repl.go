package sim

import (
	"fmt"
	"time"
)

// Replication, replica side: connect to the master named by REPLICAOF
// (resolved from the pod at every attempt), handshake, full resync, then
// apply the write stream; when the link breaks, retry every second.

// redisRepl is the replication state of a server, both roles.
type redisRepl struct {
	replID, replID2 string
	offset          int64 // master_repl_offset
	secondOffset    int64
	backlog         bool        // a replication backlog exists (a replica attached once)
	backlogStart    int64       // repl_backlog_off: the offset of its first byte
	entries         []replEntry // the backlog's commands
	selDB           int         // the database the stream last selected; -1: none yet
	links           []*replicaLink

	masterHost    string
	masterPort    int
	state         replState
	conn          *Conn // the link to the master, being set up or up
	cached        bool  // a cached master (replID, reploff) to try PSYNC with
	reploff       int64
	masterReplID  string
	linkDownSince time.Duration
	lastIO        time.Duration
	attemptAt     time.Duration
	retry         *Timer
}

// replState is the replica's link state (repl_state).
type replState uint8

const (
	replNone       replState = iota // a master
	replConnect                     // must connect
	replConnecting                  // TCP connection in progress
	replHandshake                   // PING, PSYNC
	replTransfer                    // receiving the RDB
	replConnected                   // streaming
)

// The messages of the replication protocol.
type (
	replPing  struct{}
	replPong  struct{}
	replPSync struct {
		replID string
		offset int64
		port   int
	}
	replFullResync struct {
		replID string
		offset int64
	}
	replContinue struct{ replID string }
	replRDB      struct{ data []byte }
	replCommand  struct{ argv []string }
	replAck      struct{ offset int64 }
)

// replTimeout is repl-timeout: a link silent this long is dropped.
const replTimeout = 60 * time.Second

func (r *redisRepl) init(s *redisServer) {
	r.replID, r.replID2 = s.randomID(), zeroReplID
	r.secondOffset, r.selDB = -1, -1
}

// zeroReplID is the empty replication ID.
const zeroReplID = "0000000000000000000000000000000000000000"

// randomID returns 40 hex characters from the process's random source.
func (s *redisServer) randomID() string {
	return fmt.Sprintf("%016x%016x%08x", s.p.Rand().Uint64(), s.p.Rand().Uint64(), s.p.Rand().Uint32())
}

// replRetry schedules the next connection attempt: a second from now,
// as replicationCron would. For repl-timeout after the link went down the
// attempt keeps the cluster from being stable, so that `run` sees a
// replica reconnect to a master that comes back; after that it is a
// background retry.
func (s *redisServer) replRetry(downSince time.Duration) {
	if s.repl.retry != nil {
		s.repl.retry.Stop()
	}
	s.repl.linkDownSince = downSince
	if s.p.Now()-downSince < replTimeout {
		s.repl.retry = s.p.After(time.Second, s.replConnect)
		return
	}
	s.repl.retry = s.p.Background(time.Second, s.replConnect)
}

// replConnect is connectWithMaster.
func (s *redisServer) replConnect() {
	r := &s.repl
	if r.state != replConnect {
		return
	}
	s.log(redisNotice, "Connecting to MASTER %s:%d", r.masterHost, r.masterPort)
	cn, err := s.p.Dial(r.masterHost, r.masterPort, ConnHandler{Open: s.replOpen, Message: s.replMessage, Close: s.replClosed})
	if err != nil {
		s.log(redisWarning, "Unable to connect to MASTER: %s", "Invalid argument")
		s.replRetry(r.linkDownSince)
		return
	}
	s.log(redisNotice, "MASTER <-> REPLICA sync started")
	r.conn, r.state, r.attemptAt = cn, replConnecting, s.p.Now()
}

// replCron is the replica's part of replicationCron: timeouts and the
// once-a-second acknowledgement of the processed offset.
func (s *redisServer) replCron() {
	r := &s.repl
	now := s.p.Now()
	switch {
	case (r.state == replConnecting || r.state == replHandshake) && now-r.attemptAt > replTimeout:
		s.log(redisWarning, "Timeout connecting to the MASTER...")
		s.replDrop()
	case r.state == replTransfer && now-r.lastIO > replTimeout:
		s.log(redisWarning, "Timeout receiving bulk data from MASTER... If the problem persists try to set the 'repl-timeout' parameter in redis.conf to a larger value.")
		s.replDrop()
	case r.state == replConnected && now-r.lastIO > replTimeout:
		s.log(redisWarning, "MASTER timeout: no data nor PING received...")
		s.replDrop()
	case r.state == replConnected:
		r.conn.Send(replAck{offset: r.reploff})
	}
	s.masterCron()
}
