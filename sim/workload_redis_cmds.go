package sim

import (
	"strings"
)

// redisCommand is one entry of the command table.
type redisCommand struct {
	arity int  // Redis's arity: exact when positive, a minimum when negative (the name counts)
	write bool // refused on a read-only replica, propagated to replicas
	fn    func(s *redisServer, cl *redisClient, argv []string) redisReply
}

// redisCommands is the command table of the simulated server.
var redisCommands map[string]redisCommand

func init() {
	redisCommands = map[string]redisCommand{
		"ping":      {-1, false, (*redisServer).cmdPing},
		"echo":      {2, false, func(_ *redisServer, _ *redisClient, a []string) redisReply { return replyBulk(a[1]) }},
		"get":       {2, false, (*redisServer).cmdGet},
		"set":       {-3, true, (*redisServer).cmdSet},
		"del":       {-2, true, (*redisServer).cmdDel},
		"exists":    {-2, false, (*redisServer).cmdExists},
		"keys":      {2, false, (*redisServer).cmdKeys},
		"dbsize":    {1, false, func(s *redisServer, _ *redisClient, _ []string) redisReply { return replyInt(int64(len(s.db))) }},
		"mset":      {-3, true, (*redisServer).cmdMset},
		"mget":      {-2, false, (*redisServer).cmdMget},
		"incr":      {2, true, (*redisServer).cmdIncr},
		"decr":      {2, true, (*redisServer).cmdIncr},
		"incrby":    {3, true, (*redisServer).cmdIncr},
		"decrby":    {3, true, (*redisServer).cmdIncr},
		"append":    {3, true, (*redisServer).cmdAppend},
		"strlen":    {2, false, func(s *redisServer, _ *redisClient, a []string) redisReply { return replyInt(int64(len(s.db[a[1]]))) }},
		"flushall":  {-1, true, (*redisServer).cmdFlush},
		"flushdb":   {-1, true, (*redisServer).cmdFlush},
		"select":    {2, false, (*redisServer).cmdSelect},
		"save":      {1, false, (*redisServer).cmdSave},
		"bgsave":    {-1, false, (*redisServer).cmdBgsave},
		"lastsave":  {1, false, (*redisServer).cmdLastsave},
		"config":    {-2, false, (*redisServer).cmdConfig},
		"shutdown":  {-1, false, (*redisServer).cmdShutdown},
		"replicaof": {3, false, (*redisServer).cmdReplicaof},
		"slaveof":   {3, false, (*redisServer).cmdReplicaof},
		"role":      {1, false, (*redisServer).cmdRole},
		"info":      {-1, false, (*redisServer).cmdInfo},
	}
}

// call runs a command as processCommand and call() do: lookup, arity,
// the read-only replica check, then propagation of what changed data.
func (s *redisServer) call(cl *redisClient, argv []string) redisReply {
	name := strings.ToLower(argv[0])
	cmd, ok := redisCommands[name]
	if !ok {
		return s.unknownCommand(argv)
	}
	if cmd.arity > 0 && len(argv) != cmd.arity || cmd.arity < 0 && len(argv) < -cmd.arity {
		return replyErrorf("ERR wrong number of arguments for '%s' command", name)
	}
	if cmd.write && s.repl.masterHost != "" && !cl.master {
		return replyError("READONLY You can't write against a read only replica.")
	}
	before := s.dirty
	r := cmd.fn(s, cl, argv)
	if cmd.write && s.dirty > before && !cl.master {
		s.propagate(argv) // the master's stream is fed as it came (replApply)
	}
	return r
}

// unknownCommand is the error for a command the table lacks, worded as
// the server's version words it.
func (s *redisServer) unknownCommand(argv []string) redisReply {
	var args strings.Builder
	for _, a := range argv[1:] {
		if args.Len() >= 128 {
			break
		}
		if s.ver.major >= 7 {
			args.WriteString("'" + a + "' ")
		} else {
			args.WriteString("`" + a + "`, ")
		}
	}
	if s.ver.major >= 7 {
		return replyErrorf("ERR unknown command '%s', with args beginning with: %s", argv[0], args.String())
	}
	return replyErrorf("ERR unknown command `%s`, with args beginning with: %s", argv[0], args.String())
}

func (s *redisServer) cmdPing(_ *redisClient, argv []string) redisReply {
	switch len(argv) {
	case 1:
		return replyStatus("PONG")
	case 2:
		return replyBulk(argv[1])
	}
	return replyError("ERR wrong number of arguments for 'ping' command")
}

func (s *redisServer) cmdSelect(_ *redisClient, argv []string) redisReply {
	if argv[1] == "0" {
		return replyOK()
	}
	return replyError("ERR DB index is out of range (the simulated Redis has database 0 only)")
}
