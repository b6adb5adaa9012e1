package sim

import (
	"fmt"
	"strings"
)

// INFO [section]: the server, persistence, replication and keyspace
// sections, in Redis 5.0's layout.

func (s *redisServer) cmdInfo(_ *redisClient, argv []string) redisReply {
	section := "default"
	if len(argv) > 1 {
		section = strings.ToLower(argv[1])
	}
	all := []func() string{s.infoServer, s.infoPersistence, s.infoReplication, s.infoKeyspace}
	names := []string{"server", "persistence", "replication", "keyspace"}
	var parts []string
	for i, f := range all {
		if section == "default" || section == "all" || section == "everything" || section == names[i] {
			parts = append(parts, f())
		}
	}
	return replyBulk(strings.Join(parts, "\r\n"))
}

// infoLines joins "key:value" lines with CRLF.
func infoLines(title string, kv ...string) string {
	var b strings.Builder
	b.WriteString("# " + title + "\r\n")
	for _, l := range kv {
		b.WriteString(l + "\r\n")
	}
	return b.String()
}

func (s *redisServer) unix() int64 { return s.p.Time().Unix() }

func (s *redisServer) infoServer() string {
	up := int64((s.p.Now() - s.started).Seconds())
	return infoLines("Server",
		"redis_version:"+s.ver.version, "redis_git_sha1:00000000", "redis_git_dirty:0", "redis_mode:standalone",
		"os:Linux 6.8.0 x86_64", "arch_bits:64", "process_id:1",
		fmt.Sprintf("tcp_port:%d", s.conf.port), fmt.Sprintf("uptime_in_seconds:%d", up),
		fmt.Sprintf("uptime_in_days:%d", up/86400), "hz:10", "executable:/data/redis-server", "config_file:")
}

func (s *redisServer) infoPersistence() string {
	status, inProgress := "ok", 0
	if !s.bgsaveOK {
		status = "err"
	}
	if s.child != nil {
		inProgress = 1
	}
	return infoLines("Persistence", "loading:0",
		fmt.Sprintf("rdb_changes_since_last_save:%d", s.dirty),
		fmt.Sprintf("rdb_bgsave_in_progress:%d", inProgress),
		fmt.Sprintf("rdb_last_save_time:%d", s.unix()-int64((s.p.Now()-s.lastSave).Seconds())),
		"rdb_last_bgsave_status:"+status, "aof_enabled:0")
}

func (s *redisServer) infoKeyspace() string {
	if len(s.db) == 0 {
		return infoLines("Keyspace")
	}
	return infoLines("Keyspace", fmt.Sprintf("db0:keys=%d,expires=0,avg_ttl=0", len(s.db)))
}

// infoReplication is INFO replication (genRedisInfoString).
func (s *redisServer) infoReplication() string {
	r := &s.repl
	role := "master"
	var kv []string
	if r.masterHost != "" {
		role = "slave"
		kv = s.infoReplicaLines()
	}
	kv = append(kv, fmt.Sprintf("connected_slaves:%d", len(r.links)))
	for i, l := range r.links {
		state, lag := "wait_bgsave", int64(0)
		if l.state == linkOnline {
			state, lag = "online", int64((s.p.Now() - l.ackTime).Seconds())
		}
		kv = append(kv, fmt.Sprintf("slave%d:ip=%s,port=%d,state=%s,offset=%d,lag=%d", i, l.ip, l.port, state, l.ackOff, lag))
	}
	first, hist := int64(0), int64(0)
	if r.backlog {
		first, hist = r.backlogStart, min(r.offset-r.backlogStart+1, 1<<20)
	}
	active := 0
	if r.backlog {
		active = 1
	}
	kv = append(kv, "master_replid:"+r.replID, "master_replid2:"+r.replID2,
		fmt.Sprintf("master_repl_offset:%d", r.offset), fmt.Sprintf("second_repl_offset:%d", r.secondOffset),
		fmt.Sprintf("repl_backlog_active:%d", active), "repl_backlog_size:1048576",
		fmt.Sprintf("repl_backlog_first_byte_offset:%d", first), fmt.Sprintf("repl_backlog_histlen:%d", hist))
	return infoLines("Replication", append([]string{"role:" + role}, kv...)...)
}

// infoReplicaLines are the lines only a replica has.
func (s *redisServer) infoReplicaLines() []string {
	r := &s.repl
	link, lastIO, off := "down", int64(-1), int64(1)
	switch {
	case r.state == replConnected:
		link, lastIO, off = "up", int64((s.p.Now() - r.lastIO).Seconds()), r.reploff
	case r.cached:
		off = r.reploff
	}
	sync := 0
	if r.state == replTransfer {
		sync = 1
	}
	kv := []string{"master_host:" + r.masterHost, fmt.Sprintf("master_port:%d", r.masterPort),
		"master_link_status:" + link, fmt.Sprintf("master_last_io_seconds_ago:%d", lastIO),
		fmt.Sprintf("master_sync_in_progress:%d", sync), fmt.Sprintf("slave_repl_offset:%d", off)}
	if r.state != replConnected {
		kv = append(kv, fmt.Sprintf("master_link_down_since_seconds:%d", int64((s.p.Now()-r.linkDownSince).Seconds())))
	}
	return append(kv, "slave_priority:100", "slave_read_only:1")
}
