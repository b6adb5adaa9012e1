package sim

import (
	"strconv"
	"strings"
	"time"
)

// The built-in Redis-like workload of redis:* images: a server with string
// keys speaking through `redis-cli` (exec), persisting as Redis's RDB does
// and replicating from a primary named by DNS.
//
// What it models: the keyspace (strings only: GET SET [NX|XX] DEL EXISTS
// KEYS DBSIZE MSET MGET INCR DECR INCRBY DECRBY APPEND STRLEN FLUSHALL
// FLUSHDB, plus PING ECHO SELECT 0 CONFIG GET/SET LASTSAVE SHUTDOWN);
// redis-cli's output (tty formatting: OK, "111", (nil), (integer) 1,
// 1) "a", ROLE's nested arrays; INFO raw; --raw; -h/-p through the pod
// network); persistence (save points `3600 1 300 100 60 10000` checked
// every second, SAVE, BGSAVE in a forked child that writes a real RDB file
// to /data/dump.rdb, a final save on SIGTERM, dump.rdb loaded at start, a
// file that does not load failing the start); replication (REPLICAOF host
// port, or --replicaof at start, resolved through the pod's DNS at each
// connection attempt; a full resync through a BGSAVE, or a partial one
// from the 1MB backlog when the replica asks for the master's current or
// previous replication ID, PSYNC2; then the write stream with a PING every
// 10 seconds; repl-timeout on both ends; retries every second; read-only
// replicas; ROLE; INFO replication) and the log lines of Redis 5.0.14
// (6.2.14 and 7.2.4 for those tags) stamped with the simulated clock.
//
// Simplified: one database; no expiry, no other types, no AUTH, no AOF;
// KEYS lists in sorted order where Redis follows its hash table; INFO has
// the server, persistence, replication and keyspace sections in 5.0's
// layout; a replica acknowledges its offset once a second; redis-cli always
// formats for a terminal (kubectl exec -it) unless --raw.

// redisServer is one redis-server process.
type redisServer struct {
	p     *Process
	ver   redisVersion
	conf  redisConfig
	setup func(p *Process, conf *redisConfig) // adjusts the configuration at start

	started  time.Duration
	db       map[string]string
	dirty    int64         // changes since the last save
	lastSave time.Duration // virtual time of the last successful save
	lastTry  time.Duration // virtual time of the last BGSAVE attempt
	bgsaveOK bool          // whether the last BGSAVE succeeded
	child    *redisChild   // the BGSAVE in progress
	lastPid  int           // the last child pid handed out
	clientID int64
	ticks    int // cron ticks (seconds) since start

	repl redisRepl // replication state (both roles)
}

// RedisWorkload is the built-in workload of redis:* images (see the
// package documentation of workloads): it runs `redis-server` with the
// container's arguments (--replicaof HOST PORT, --save "...", --port N,
// --dir D are understood) and adds `redis-cli` to the container.
func RedisWorkload() Workload { return &redisServer{} }

// redisVersion is what an image tag selects.
type redisVersion struct {
	major   int
	version string
	rdb     int // RDB format version written
}

// redisVersionOf picks the version of an image: redis:5* is 5.0.14,
// redis:6* 6.2.14, anything else 7.2.4.
func redisVersionOf(image string) redisVersion {
	tag := normalizeImage(image)
	tag = tag[strings.LastIndexByte(tag, ':')+1:]
	switch {
	case strings.HasPrefix(tag, "5"):
		return redisVersion{5, "5.0.14", 9}
	case strings.HasPrefix(tag, "6"):
		return redisVersion{6, "6.2.14", 9}
	}
	return redisVersion{7, "7.2.4", 11}
}

// redisConfig is the server's configuration: defaults and command line.
type redisConfig struct {
	port       int
	dir        string
	dbfilename string
	save       []savePoint
	replicaOf  string // "host port" or ""
	args       bool   // started with options (a config): "Configuration loaded"
}

// savePoint is one `save SECONDS CHANGES` rule.
type savePoint struct {
	seconds int64
	changes int64
}

// defaultSave are Redis's default save points (redis.conf, 5.0 and later).
var defaultSave = []savePoint{{3600, 1}, {300, 100}, {60, 10000}}

// parseRedisArgs reads redis-server's command line: the docker image's
// entrypoint runs `redis-server ARGS` when the first argument is an
// option.
func parseRedisArgs(argv []string) redisConfig {
	conf := redisConfig{port: 6379, dir: "/data", dbfilename: "dump.rdb", save: defaultSave}
	if len(argv) > 0 && (argv[0] == "redis-server" || strings.HasSuffix(argv[0], "/redis-server")) {
		argv = argv[1:]
	}
	for i := 0; i < len(argv); i++ {
		name, ok := strings.CutPrefix(argv[i], "--")
		if !ok {
			continue // a config file path: not simulated
		}
		conf.args = true
		var vals []string
		for i+1 < len(argv) && !strings.HasPrefix(argv[i+1], "--") {
			i++
			vals = append(vals, argv[i])
		}
		conf.set(strings.ToLower(name), strings.Join(vals, " "))
	}
	return conf
}

// set applies one configuration directive; it reports whether it is known.
func (conf *redisConfig) set(name, value string) bool {
	switch name {
	case "port":
		if n, err := strconv.Atoi(value); err == nil {
			conf.port = n
		}
	case "dir":
		conf.dir = absPath(value)
	case "dbfilename":
		conf.dbfilename = value
	case "save":
		conf.save = parseSave(value)
	case "replicaof", "slaveof":
		conf.replicaOf = value
	default:
		return false
	}
	return true
}

// parseSave reads "SECONDS CHANGES ..." ("" disables saving).
func parseSave(v string) []savePoint {
	f := strings.Fields(v)
	var out []savePoint
	for i := 0; i+1 < len(f); i += 2 {
		s, err1 := strconv.ParseInt(f[i], 10, 64)
		n, err2 := strconv.ParseInt(f[i+1], 10, 64)
		if err1 == nil && err2 == nil {
			out = append(out, savePoint{s, n})
		}
	}
	return out
}

// saveString renders the save points as CONFIG GET prints them.
func (conf *redisConfig) saveString() string {
	var parts []string
	for _, sp := range conf.save {
		parts = append(parts, strconv.FormatInt(sp.seconds, 10), strconv.FormatInt(sp.changes, 10))
	}
	return strings.Join(parts, " ")
}

// rdbPath is where the RDB file lives.
func (s *redisServer) rdbPath() string { return s.conf.dir + "/" + s.conf.dbfilename }

// splitHostPort splits "host port" (REPLICAOF's arguments).
func splitHostPort(v string) (string, int, bool) {
	f := strings.Fields(v)
	if len(f) != 2 {
		return "", 0, false
	}
	port, err := strconv.Atoi(f[1])
	if err != nil || port <= 0 || port > 65535 || strings.EqualFold(f[0], "no") {
		return "", 0, false
	}
	return f[0], port, true
}

func itoa64(n int64) string { return strconv.FormatInt(n, 10) }
