package sim

import "fmt"

// Redis's log levels as its log lines mark them (serverLogRaw).
const (
	redisWarning = '#'
	redisNotice  = '*'
	redisVerbose = '-'
)

// redisPid is the server's pid: it is the container's first process.
const redisPid = 1

// log writes a line of the server process: "1:M 01 Jan 2025 00:00:03.123 * msg",
// M for a master, S for a replica.
func (s *redisServer) log(level byte, format string, args ...any) {
	role := byte('M')
	if s.repl.masterHost != "" {
		role = 'S'
	}
	s.logAs(redisPid, role, level, format, args...)
}

// logAs writes a line as process pid in the given role (C: a child, or
// the server before it has initialized).
func (s *redisServer) logAs(pid int, role, level byte, format string, args ...any) {
	t := s.p.Time().Format("02 Jan 2006 15:04:05.000")
	s.p.Logf("%d:%c %s %c %s", pid, role, t, level, fmt.Sprintf(format, args...))
}

// logSignal writes a line from the signal handler (serverLogFromHandler):
// "1:signal-handler (1735689600) msg".
func (s *redisServer) logSignal(msg string) {
	s.p.Logf("%d:signal-handler (%d) %s", redisPid, s.p.Time().Unix(), msg)
}

// startLevel is the level of the start banner: a warning before Redis 7.
func (s *redisServer) startLevel() byte {
	if s.ver.major >= 7 {
		return redisNotice
	}
	return redisWarning
}

// logBanner writes the lines of main() before the server initializes.
func (s *redisServer) logBanner() {
	lvl := s.startLevel()
	s.logAs(redisPid, 'C', lvl, "oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo")
	s.logAs(redisPid, 'C', lvl, "Redis version=%s, bits=64, commit=00000000, modified=0, pid=%d, just started", s.ver.version, redisPid)
	if s.conf.args {
		s.logAs(redisPid, 'C', lvl, "Configuration loaded")
		return
	}
	s.logAs(redisPid, 'C', redisWarning, "Warning: no config file specified, using the default config. In order to specify a config file use redis-server /path/to/redis.conf")
}

// logInit writes the lines of the server's initialization.
func (s *redisServer) logInit() {
	if s.ver.major >= 6 {
		s.log(redisNotice, "monotonic clock: POSIX clock_gettime")
	}
	s.log(redisNotice, "Running mode=standalone, port=%d.", s.conf.port)
	s.log(s.startLevel(), "Server initialized")
}

// logReady writes the last line of the start.
func (s *redisServer) logReady() {
	if s.ver.major >= 7 {
		s.log(redisNotice, "Ready to accept connections tcp")
		return
	}
	s.log(redisNotice, "Ready to accept connections")
}
