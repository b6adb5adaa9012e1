package sim

import (
	"errors"
	"strconv"
	"strings"

	"github.com/stsim/stsim/dns"
)

// redis-cli, as `exec POD -- redis-cli [-h HOST] [-p PORT] [--raw] CMD
// ARGS...` runs it. Its output is formatted for a terminal (kubectl exec
// -it, as in the seed article: OK, "111", (nil), (integer) 1, 1) "a");
// --raw selects the raw format. It connects from the pod through the
// simulated network: to the pod's own server by default, to another pod
// with -h NAME (resolved from the pod) or -h IP.

// cli is the redis-cli command of a redis container.
func (s *redisServer) cli(args []string) CommandOutput {
	host, port, raw := "127.0.0.1", 6379, false
	for len(args) > 0 && strings.HasPrefix(args[0], "-") {
		opt := args[0]
		switch {
		case opt == "--raw":
			raw = true
		case opt == "--no-raw":
			raw = false
		case opt == "-v" || opt == "--version":
			return CommandOutput{Stdout: "redis-cli " + s.ver.version + "\n"}
		case (opt == "-h" || opt == "-p" || opt == "-a" || opt == "-n") && len(args) > 1:
			switch opt {
			case "-h":
				host = args[1]
			case "-p":
				port, _ = strconv.Atoi(args[1])
			case "-n":
				if args[1] != "0" {
					return CommandOutput{Stdout: "(error) ERR DB index is out of range (the simulated Redis has database 0 only)\n", ExitCode: 1}
				}
			}
			args = args[1:]
		default:
			return CommandOutput{Stderr: "Unrecognized option or bad number of args for: '" + opt + "'\n", ExitCode: 1}
		}
		args = args[1:]
	}
	if len(args) == 0 {
		return CommandOutput{} // no terminal: reads commands from an empty standard input
	}
	rep, err := s.p.Query(host, port, args)
	if err != nil {
		return CommandOutput{Stderr: "Could not connect to Redis at " + host + ":" + strconv.Itoa(port) + ": " + s.connectError(err) + "\n", ExitCode: 1}
	}
	r, _ := rep.(redisReply)
	return CommandOutput{Stdout: s.format(r, args[0], raw)}
}

// format renders a reply as redis-cli prints it; INFO is always raw.
func (s *redisServer) format(r redisReply, cmd string, raw bool) string {
	switch {
	case r.kind == 0:
		return "" // SHUTDOWN: the connection closed
	case strings.EqualFold(cmd, "info"):
		return r.formatRaw()
	case raw:
		return r.formatRaw() + "\n"
	}
	empty := "(empty array)"
	if s.ver.major < 6 {
		empty = "(empty list or set)"
	}
	return r.formatTTY("", empty)
}

// connectError is hiredis's message for a failed connection; a name that
// does not resolve is worded by the image's libc (musl on alpine).
func (s *redisServer) connectError(err error) string {
	switch {
	case errors.Is(err, dns.ErrNoSuchHost):
		if strings.Contains(s.p.Image(), "alpine") {
			return "Name does not resolve"
		}
		return "Name or service not known"
	case errors.Is(err, ErrHostUnreachable):
		return "No route to host"
	}
	return "Connection refused"
}
