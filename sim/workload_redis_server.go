package sim

import (
	"errors"
	"path"
	"time"
)

// Start is redis-server's main(): banner, configuration, initialization,
// loading dump.rdb, listening, then the cron.
func (s *redisServer) Start(p *Process) {
	s.p = p
	s.ver = redisVersionOf(p.Image())
	s.conf = parseRedisArgs(p.Args())
	if s.setup != nil {
		s.setup(p, &s.conf)
	}
	s.db, s.started, s.lastSave, s.lastPid, s.clientID, s.bgsaveOK = map[string]string{}, p.Now(), p.Now(), 19, 2, true
	s.repl.init(s)
	s.logBanner()
	if host, port, ok := splitHostPort(s.conf.replicaOf); ok {
		s.repl.masterHost, s.repl.masterPort, s.repl.state = host, port, replConnect
	}
	s.logInit()
	_ = p.MkdirAll(s.conf.dir) // the image's WORKDIR
	if !s.load() {
		return
	}
	if err := p.Listen(s.conf.port, Listener{Accept: s.accept, Query: s.query}); err != nil {
		s.log(redisWarning, "Could not create server TCP listening socket *:%d: bind: Address already in use", s.conf.port)
		p.Exit(1)
		return
	}
	s.logReady()
	p.Command("redis-cli", s.cli)
	p.Every(time.Second, s.cron)
	if s.repl.masterHost != "" {
		s.replRetry(s.p.Now())
	}
}

// Terminate is the SIGTERM handler: a final save, then exit 0.
func (s *redisServer) Terminate(p *Process) {
	s.logSignal("Received SIGTERM scheduling shutdown...")
	if !s.shutdown(false, false) {
		s.log(redisWarning, "SIGTERM received but errors trying to shut down the server, check the logs for more information")
		return
	}
	p.Exit(0)
}

// shutdown is prepareForShutdown: kill a saving child, save unless told
// not to (or without save points), and say goodbye. It reports whether
// the server may exit.
func (s *redisServer) shutdown(save, nosave bool) bool {
	s.log(redisWarning, "User requested shutdown...")
	if s.child != nil {
		s.log(redisWarning, "There is a child saving an .rdb. Killing it!")
		s.killChild()
	}
	if (len(s.conf.save) > 0 && !nosave) || save {
		s.log(redisNotice, "Saving the final RDB snapshot before exiting.")
		if s.saveSync() != nil {
			s.log(redisWarning, "Error trying to save the DB, can't exit.")
			return false
		}
	}
	s.log(redisWarning, "Redis is now ready to exit, bye bye...")
	return true
}

// load reads dump.rdb at start; a file that does not load stops the
// server (exit 1), as Redis refuses to start on a corrupt RDB.
func (s *redisServer) load() bool {
	data, err := s.p.ReadFile(s.rdbPath())
	if err != nil {
		return true // no file: an empty dataset
	}
	db, err := decodeRDB(data, s.ver.rdb)
	if err != nil {
		s.log(redisWarning, "%s", rdbLogLine(err))
		var verr rdbVersionError
		if errors.Is(err, errRDBSignature) || errors.As(err, &verr) {
			s.log(redisWarning, "Fatal error loading the DB: Invalid argument. Exiting.")
		} else {
			s.log(redisWarning, "Internal error in RDB reading function at rdb.c -> %s", "Unexpected EOF reading RDB file")
		}
		s.p.Exit(1)
		return false
	}
	s.db = db
	if s.ver.major >= 7 {
		s.log(redisNotice, "Done loading RDB, keys loaded: %d, keys expired: 0.", len(db))
	}
	s.log(redisNotice, "DB loaded from disk: 0.000 seconds")
	return true
}

// cron is serverCron, once a second here: save points and replication.
func (s *redisServer) cron() {
	s.ticks++
	s.cronSave()
	s.replCron()
}

// query answers a client run by exec (redis-cli).
func (s *redisServer) query(from string, req any) any {
	argv, ok := req.([]string)
	if !ok || len(argv) == 0 {
		return replyError("ERR Protocol error")
	}
	s.clientID++
	return s.call(&redisClient{id: s.clientID, addr: from}, argv)
}

// redisClient is a connection to the server.
type redisClient struct {
	id     int64
	addr   string
	master bool // the replication stream of our master: writes are allowed
}

// info is catClientInfoString, as REPLICAOF's log line quotes it.
func (cl *redisClient) info(cmd string) string {
	return "id=" + itoa64(cl.id) + " addr=" + cl.addr + " fd=8 name= age=0 idle=0 flags=N db=0 sub=0 psub=0 multi=-1 qbuf=0 qbuf-free=32768 obl=0 oll=0 omem=0 events=r cmd=" + cmd
}

// dir returns the directory part of the RDB path (for messages).
func (s *redisServer) dir() string { return path.Clean(s.conf.dir) }
