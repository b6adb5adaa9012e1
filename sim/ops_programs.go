package sim

import (
	"fmt"
	"path"
	"strings"
)

// program is one command of the stand-in userland: it gets its
// arguments (without its name) and returns what it printed.
type program func(sh *shell, args []string) result

// programs are the commands of the stand-in userland, worded as busybox
// words its messages. Other files add theirs (a workload's own commands,
// nslookup, ...) with registerProgram from an init function.
var programs = map[string]program{}

// registerProgram adds a command to the stand-in userland.
func registerProgram(name string, p program) { programs[name] = p }

func init() {
	for name, p := range map[string]program{
		"cat":      (*shell).cat,
		"echo":     (*shell).echo,
		"env":      (*shell).printenv,
		"false":    func(*shell, []string) result { return result{code: 1} },
		"hostname": (*shell).hostname,
		"ls":       (*shell).ls,
		"mkdir":    (*shell).mkdir,
		"rm":       (*shell).rm,
		"sh":       (*shell).sh,
		"true":     func(*shell, []string) result { return result{} },
	} {
		registerProgram(name, p)
	}
}

func (sh *shell) hostname([]string) result {
	return result{out: hostname(sh.t.pod) + "\n"}
}

// env lists the container's environment: PATH and HOSTNAME as the runtime
// sets them, the container's env, the kubelet's service variables for the
// kubernetes service, and HOME.
func (sh *shell) env() []string {
	out := []string{"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "HOSTNAME=" + hostname(sh.t.pod)}
	for _, e := range sh.t.ct.Env {
		out = append(out, e.Name+"="+e.Value)
	}
	return append(out,
		"KUBERNETES_SERVICE_HOST=10.96.0.1",
		"KUBERNETES_SERVICE_PORT=443",
		"KUBERNETES_SERVICE_PORT_HTTPS=443",
		"KUBERNETES_PORT=tcp://10.96.0.1:443",
		"KUBERNETES_PORT_443_TCP=tcp://10.96.0.1:443",
		"KUBERNETES_PORT_443_TCP_PROTO=tcp",
		"KUBERNETES_PORT_443_TCP_PORT=443",
		"KUBERNETES_PORT_443_TCP_ADDR=10.96.0.1",
		"HOME=/root")
}

func (sh *shell) printenv([]string) result {
	return result{out: strings.Join(sh.env(), "\n") + "\n"}
}

func (sh *shell) echo(args []string) result {
	nl := "\n"
	if len(args) > 0 && args[0] == "-n" {
		args, nl = args[1:], ""
	}
	return result{out: strings.Join(args, " ") + nl}
}

func (sh *shell) sh(args []string) result {
	if len(args) == 0 {
		return result{} // no standard input: the shell reads EOF and exits
	}
	if args[0] != "-c" {
		return result{err: fmt.Sprintf("sh: can't open '%s': No such file or directory\n", args[0]), code: 2}
	}
	if len(args) < 2 {
		return result{err: "sh: -c requires an argument\n", code: 2}
	}
	return sh.script(args[1])
}

func (sh *shell) cat(args []string) result {
	var r result
	for _, a := range args {
		st, rel, _ := sh.fs.mountFor(absPath(a))
		if st.isDir(rel) {
			r.err += "cat: read error: Is a directory\n"
			r.code = 1
			continue
		}
		data, ok := st.read(rel)
		if !ok {
			r.err += fmt.Sprintf("cat: can't open '%s': No such file or directory\n", a)
			r.code = 1
			continue
		}
		r.out += data
	}
	return r
}

func (sh *shell) ls(args []string) result {
	paths, _ := splitFlags(args)
	if len(paths) == 0 {
		paths = []string{"/"}
	}
	var r result
	for i, a := range paths {
		p := absPath(a)
		st, rel, _ := sh.fs.mountFor(p)
		switch _, isFile := st.read(rel); {
		case isFile:
			r.out += a + "\n"
		case !st.isDir(rel):
			r.err += fmt.Sprintf("ls: %s: No such file or directory\n", a)
			r.code = 1
		default:
			if len(paths) > 1 {
				r.out += sep(i) + a + ":\n"
			}
			for _, n := range sh.fs.list(p) {
				r.out += n + "\n"
			}
		}
	}
	return r
}

// sep separates the listings of several directories.
func sep(i int) string {
	if i == 0 {
		return ""
	}
	return "\n"
}

func (sh *shell) rm(args []string) result {
	paths, flags := splitFlags(args)
	force, recursive := strings.Contains(flags, "f"), strings.ContainsAny(flags, "rR")
	var r result
	for _, a := range paths {
		p := absPath(a)
		st, rel, ro := sh.fs.mountFor(p)
		switch {
		case st.isDir(rel) && !recursive:
			r.err += fmt.Sprintf("rm: can't remove '%s': Is a directory\n", a)
			r.code = 1
		case ro && (st.isDir(rel) || st.hasFile(rel)):
			r.err += fmt.Sprintf("rm: can't remove '%s': Read-only file system\n", a)
			r.code = 1
		case st.isDir(rel):
			st.removeAll(rel)
		case !st.remove(rel) && !force:
			r.err += fmt.Sprintf("rm: can't remove '%s': No such file or directory\n", a)
			r.code = 1
		}
	}
	return r
}

func (sh *shell) mkdir(args []string) result {
	paths, flags := splitFlags(args)
	parents := strings.Contains(flags, "p")
	var r result
	for _, a := range paths {
		p := absPath(a)
		st, rel, _ := sh.fs.mountFor(p)
		switch {
		case st.isDir(rel) && parents:
		case st.isDir(rel) || st.hasFile(rel):
			r.err += fmt.Sprintf("mkdir: can't create directory '%s': File exists\n", a)
			r.code = 1
		case !parents && !st.isDir(path.Dir(rel)):
			r.err += fmt.Sprintf("mkdir: can't create directory '%s': No such file or directory\n", a)
			r.code = 1
		default:
			st.mkdirAll(rel)
		}
	}
	return r
}

// splitFlags separates operands from single-dash flags; the flags'
// letters come back joined.
func splitFlags(args []string) (operands []string, flags string) {
	for _, a := range args {
		if len(a) > 1 && a[0] == '-' {
			flags += a[1:]
			continue
		}
		operands = append(operands, a)
	}
	return operands, flags
}
