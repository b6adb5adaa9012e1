package sim

import (
	"fmt"
	"path"
	"strings"
)

// shell runs commands in one container.
type shell struct {
	c  *Cluster
	t  target
	fs *containerFS
}

// result is what one command printed and its exit status.
type result struct {
	out, err string
	code     int
}

// exec runs argv as a process started by the container runtime (top) or
// by `sh` (not top): they differ in how an unknown program fails.
func (sh *shell) exec(argv []string, top bool) (string, int) {
	r := sh.run(argv, top)
	return r.out + r.err, r.code
}

// run dispatches argv to a command of the stand-in userland.
func (sh *shell) run(argv []string, top bool) result {
	name := path.Base(argv[0])
	if f, ok := sh.program(name); ok { // workload_exec.go
		return f(sh, argv[1:])
	}
	if top {
		return result{out: fmt.Sprintf("OCI runtime exec failed: exec failed: unable to start container process: exec: %q: executable file not found in $PATH: unknown\n", argv[0]), code: 127}
	}
	return result{err: fmt.Sprintf("sh: %s: not found\n", argv[0]), code: 127}
}

// script runs a `sh -c` script.
func (sh *shell) script(src string) result {
	list, err := shParse(src, sh.getenv)
	if err != nil {
		return result{err: "sh: " + err.Error() + "\n", code: 2}
	}
	var out strings.Builder
	code, skip := 0, false
	for _, cmd := range list {
		if !skip {
			r := sh.simple(cmd)
			out.WriteString(r.out + r.err)
			code = r.code
			if len(cmd.words) > 0 && cmd.words[0] == "exit" {
				break
			}
		}
		skip = cmd.next == "&&" && code != 0 || cmd.next == "||" && code == 0
	}
	return result{out: out.String(), code: code}
}

// simple runs one simple command with its redirection.
func (sh *shell) simple(cmd shCommand) result {
	if len(cmd.words) == 0 {
		return sh.redirect(cmd, "")
	}
	if cmd.words[0] == "exit" {
		return exitStatus(cmd.words[1:])
	}
	r := sh.run(cmd.words, false)
	if cmd.redirect == "" {
		return r
	}
	w := sh.redirect(cmd, r.out)
	if w.code != 0 {
		return w
	}
	r.out = w.out
	return r
}

// redirect writes out to the command's redirection target; what is left
// for the terminal comes back in out.
func (sh *shell) redirect(cmd shCommand, out string) result {
	p := absPath(cmd.redirect)
	switch p {
	case "/dev/null":
		return result{}
	case "/dev/stdout", "/dev/stderr", "/dev/tty":
		return result{out: out}
	case "/proc/1/fd/1", "/proc/1/fd/2", "/dev/termination-log":
		sh.c.appendLog(sh.t.key(), out)
		return result{}
	}
	st, rel, ro := sh.fs.mountFor(p)
	switch {
	case ro:
		return result{err: fmt.Sprintf("sh: can't create %s: Read-only file system\n", cmd.redirect), code: 1}
	case st.isDir(rel):
		return result{err: fmt.Sprintf("sh: can't create %s: Is a directory\n", cmd.redirect), code: 1}
	case !st.write(rel, out, cmd.appending):
		return result{err: fmt.Sprintf("sh: can't create %s: nonexistent directory\n", cmd.redirect), code: 1}
	}
	return result{}
}

// exitStatus is the `exit` builtin.
func exitStatus(args []string) result {
	code := 0
	if len(args) > 0 {
		if _, err := fmt.Sscanf(args[0], "%d", &code); err != nil {
			return result{err: fmt.Sprintf("sh: exit: Illegal number: %s\n", args[0]), code: 2}
		}
	}
	return result{code: code & 0xff}
}

// getenv returns a variable of the container's environment.
func (sh *shell) getenv(name string) string {
	for _, kv := range sh.env() {
		if k, v, _ := strings.Cut(kv, "="); k == name {
			return v
		}
	}
	return ""
}
