package sim

import "strconv"

// The DNS tools of the stand-in userland: busybox nslookup and ping,
// answered by the simulated CoreDNS (dns_pod.go).
func init() {
	registerProgram("nslookup", func(sh *shell, args []string) result {
		out, code := sh.c.NSLookupArgs(sh.t.pod.Namespace+"/"+sh.t.pod.Name, args)
		return result{out: out, code: code}
	})
	registerProgram("ping", (*shell).ping)
}

// ping supports busybox's `ping [-c N] NAME` (default 4 packets here; the
// real one pings until interrupted, which a script cannot do).
func (sh *shell) ping(args []string) result {
	n, name := 4, ""
	for i := 0; i < len(args); i++ {
		switch {
		case args[i] == "-c" && i+1 < len(args):
			v, err := strconv.Atoi(args[i+1])
			if err != nil || v < 1 {
				return result{err: "ping: invalid number '" + args[i+1] + "'\n", code: 1}
			}
			n = v
			i++
		default:
			name = args[i]
		}
	}
	if name == "" {
		return result{err: "BusyBox v1.36.1 multi-call binary.\n\nUsage: ping [OPTIONS] HOST\n", code: 1}
	}
	out, code := sh.c.PingCount(sh.t.pod.Namespace+"/"+sh.t.pod.Name, name, n)
	return result{out: out, code: code}
}
