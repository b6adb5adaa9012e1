package sim

import (
	"strconv"
	"strings"
)

// The server-administration commands.

func (s *redisServer) cmdSave(_ *redisClient, _ []string) redisReply {
	if s.child != nil {
		return replyError("ERR Background save already in progress")
	}
	if s.saveSync() != nil {
		return replyError("ERR")
	}
	return replyOK()
}

func (s *redisServer) cmdBgsave(_ *redisClient, argv []string) redisReply {
	if len(argv) > 2 || len(argv) == 2 && !strings.EqualFold(argv[1], "schedule") {
		return replyError("ERR syntax error")
	}
	if s.child != nil {
		if len(argv) == 2 {
			return replyStatus("Background saving scheduled")
		}
		return replyError("ERR Background save already in progress")
	}
	s.bgsave(false)
	return replyStatus("Background saving started")
}

func (s *redisServer) cmdLastsave(_ *redisClient, _ []string) redisReply {
	return replyInt(s.p.Time().Add(s.lastSave - s.p.Now()).Unix())
}

// cmdConfig is CONFIG GET pattern and CONFIG SET name value for the
// parameters the simulation models (save, dir, dbfilename, port).
func (s *redisServer) cmdConfig(_ *redisClient, argv []string) redisReply {
	sub := strings.ToLower(argv[1])
	switch {
	case sub == "get" && len(argv) == 3:
		params := map[string]string{"dbfilename": s.conf.dbfilename, "dir": s.conf.dir, "port": strconv.Itoa(s.conf.port),
			"save": s.conf.saveString(), "slaveof": s.conf.replicaOf, "replicaof": s.conf.replicaOf}
		var out []redisReply
		for _, name := range []string{"dbfilename", "dir", "port", "save", "slaveof", "replicaof"} {
			if redisMatch(strings.ToLower(argv[2]), name) {
				out = append(out, replyBulk(name), replyBulk(params[name]))
			}
		}
		return replyArray(out...)
	case sub == "set" && len(argv) == 4:
		name := strings.ToLower(argv[2])
		if name == "port" || name == "replicaof" || name == "slaveof" || !s.conf.set(name, argv[3]) {
			return replyErrorf("ERR Unsupported CONFIG parameter: %s", argv[2])
		}
		return replyOK()
	}
	return replyErrorf("ERR Unknown subcommand or wrong number of arguments for '%s'. Try CONFIG HELP.", argv[1])
}

// cmdShutdown is SHUTDOWN [NOSAVE|SAVE]: the server exits (code 0) and the
// kubelet restarts the container; the client sees the connection close.
func (s *redisServer) cmdShutdown(_ *redisClient, argv []string) redisReply {
	save, nosave := false, false
	for _, a := range argv[1:] {
		switch strings.ToLower(a) {
		case "save":
			save = true
		case "nosave":
			nosave = true
		default:
			return replyError("ERR syntax error")
		}
	}
	if !s.shutdown(save, nosave) {
		return replyError("ERR Errors trying to SHUTDOWN. Check logs.")
	}
	s.p.Exit(0)
	return redisReply{}
}
