package sim

import (
	"slices"
	"time"
)

// SetReady reports the process's readiness, as an application answering
// its readiness probe: the pod is Ready when every process that reports
// readiness is ready (and the user's `readiness pod` override allows it).
func (p *Process) SetReady(ready bool) {
	if !p.Alive() || p.state == procTerminating {
		return
	}
	p.reportsReady, p.ready = true, ready
	pod := p.c.pod(p.key)
	if pod == nil || pod.UID != p.uid || p.state == procCreated {
		return
	}
	all := p.c.processesReady(p.uid)
	reason := "readiness probe failed"
	if all {
		reason = "readiness probe succeeded"
	}
	p.c.kubelet.setReady(pod, all, reason)
}

// processesReady reports whether every live process of the pod that
// reports readiness is ready.
func (c *Cluster) processesReady(uid string) bool {
	for _, q := range c.work().procs[uid] {
		if q.reportsReady && !q.ready && q.Alive() {
			return false
		}
	}
	return true
}

// Exit ends the process with an exit code. A running container's exit is
// the kubelet's to handle: it restarts the pod's containers with back-off
// (restartPolicy Always); a terminating one just ends.
func (p *Process) Exit(code int) {
	if p.state == procExited {
		return
	}
	running := p.state != procTerminating && p.Alive()
	p.die()
	if !running {
		return
	}
	why := "Error"
	if code == 0 {
		why = "Completed"
	}
	c, rt, start := p.c, p.rt, p.start
	c.eng.after(0, actorWorkload, "exit of pod/", p.key.name, func() {
		pod := c.pod(p.key)
		if cur := c.kubelet.pods[p.uid]; cur != rt || !rt.running || rt.started != start || pod == nil || pod.UID != p.uid {
			return
		}
		c.kubelet.exit(pod, int32(code), why)
	})
}

// die ends the process: its connections close (the peers see the close
// after the network latency), its ports and commands go away.
func (p *Process) die() {
	if p.state == procExited {
		return
	}
	p.state = procExited
	for _, cn := range slices.Clone(p.conns) {
		cn.Close()
	}
	w := p.c.work()
	for _, port := range p.ports {
		if l := w.listeners[endpoint{p.ip, port}]; l != nil && l.p == p {
			delete(w.listeners, endpoint{p.ip, port})
		}
	}
	p.ports, p.cmds = nil, nil
	procs := slices.DeleteFunc(w.procs[p.uid], func(q *Process) bool { return q == p })
	if len(procs) == 0 {
		delete(w.procs, p.uid)
	} else {
		w.procs[p.uid] = procs
	}
}

// reap kills the process if it is no longer alive (its container was
// killed, crashed or stopped): SIGKILL, no handler runs.
func (p *Process) reap() bool {
	if p.state != procExited && !p.Alive() {
		p.die()
		return true
	}
	return p.state == procExited
}

// terminate delivers SIGTERM: the workload's handler runs now, and the
// process is killed at now+grace unless it has exited. A guard event in
// the background does the killing for a forced stop, whose pod is gone at
// once; a graceful stop's guard coincides with the kubelet's.
func (p *Process) terminate(grace time.Duration, background bool) {
	if p.state != procRunning || !p.Alive() {
		return
	}
	p.state, p.killAt = procTerminating, p.c.eng.now+grace
	p.w.Terminate(p)
	if p.state == procExited {
		return
	}
	kill := func() { p.reap() }
	if background {
		p.c.eng.backgroundAt(p.killAt, actorWorkload, "kill process of pod/", p.key.name, kill)
		return
	}
	p.c.eng.at(p.killAt, actorWorkload, "kill process of pod/", p.key.name, kill)
}
