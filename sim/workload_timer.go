package sim

import "time"

// Timer is work a process scheduled on virtual time; it does not run once
// stopped or once its process is gone.
type Timer struct {
	stopped bool
}

// Stop keeps the timer from running again; it reports whether it was
// still active.
func (t *Timer) Stop() bool {
	was := !t.stopped
	t.stopped = true
	return was
}

// After runs fn once, d from now. The cluster is not stable while it is
// pending (RunUntilStable waits for it): use it for work in progress.
func (p *Process) After(d time.Duration, fn func()) *Timer {
	return p.schedule(d, false, fn)
}

// Background runs fn once, d from now, without keeping the cluster from
// being stable: use it for retries and housekeeping, as the kubelet's
// back-off timers are.
func (p *Process) Background(d time.Duration, fn func()) *Timer {
	return p.schedule(d, true, fn)
}

// Every runs fn every d (> 0) in the background until stopped, as a
// server's cron does.
func (p *Process) Every(d time.Duration, fn func()) *Timer {
	if d <= 0 {
		panic("sim: Process.Every needs a positive period")
	}
	t := &Timer{}
	var tick func()
	tick = func() {
		if t.stopped || p.reap() {
			return
		}
		p.c.eng.backgroundAt(p.c.eng.now+d, actorWorkload, "cron of pod/", p.key.name, tick)
		fn()
	}
	p.c.eng.backgroundAt(p.c.eng.now+d, actorWorkload, "cron of pod/", p.key.name, tick)
	return t
}

// schedule runs fn after d unless the timer is stopped or the process is
// gone by then.
func (p *Process) schedule(d time.Duration, background bool, fn func()) *Timer {
	t := &Timer{}
	if p.state == procExited {
		t.stopped = true
		return t
	}
	run := func() {
		if !t.stopped && !p.reap() {
			t.stopped = true
			fn()
		}
	}
	if background {
		p.c.eng.backgroundAt(p.c.eng.now+max(d, 0), actorWorkload, "timer of pod/", p.key.name, run)
	} else {
		p.c.eng.after(max(d, 0), actorWorkload, "timer of pod/", p.key.name, run)
	}
	return t
}
