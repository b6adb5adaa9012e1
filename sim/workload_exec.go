package sim

// CommandOutput is what an exec command of a workload printed, and its
// exit code.
type CommandOutput struct {
	Stdout, Stderr string
	ExitCode       int
}

// CommandFunc is an exec command a workload adds to its container (such as
// redis-cli): it gets the arguments after the command's name.
type CommandFunc func(args []string) CommandOutput

// Command adds an exec command to the container for as long as the process
// runs: `exec POD -- NAME ARGS...` (and `sh -c` scripts) run fn.
func (p *Process) Command(name string, fn CommandFunc) {
	if p.state == procExited {
		return
	}
	if p.cmds == nil {
		p.cmds = map[string]CommandFunc{}
	}
	p.cmds[name] = fn
}

// program looks a command name up: first the commands of the workloads
// running in the container, then the stand-in userland.
func (sh *shell) program(name string) (program, bool) {
	if fn := sh.c.workloadCommand(sh.t, name); fn != nil {
		return func(_ *shell, args []string) result {
			o := fn(args)
			return result{out: o.Stdout, err: o.Stderr, code: o.ExitCode}
		}, true
	}
	f, ok := programs[name]
	return f, ok
}

// workloadCommand returns the command a live process of t's container
// added under name, or nil.
func (c *Cluster) workloadCommand(t target, name string) CommandFunc {
	if c.workloads == nil {
		return nil
	}
	for _, q := range c.workloads.procs[t.pod.UID] {
		if fn := q.cmds[name]; fn != nil && q.ct.Name == t.ct.Name && q.Alive() {
			return fn
		}
	}
	return nil
}
