package sim

import (
	"fmt"
	"time"
)

// maxEventsPerRun guards against a model bug that schedules events forever
// at one instant: no run call executes more events than this.
const maxEventsPerRun = 200_000_000

// RunFor advances virtual time by d, running every event due by then.
func (c *Cluster) RunFor(d time.Duration) error {
	if d < 0 {
		return fmt.Errorf("run: negative duration %s", d)
	}
	limit := c.eng.now + d
	for n := 0; c.eng.step(limit); n++ {
		if n == maxEventsPerRun {
			return c.notStable(d)
		}
	}
	c.eng.now = limit
	return nil
}

// RunUntil runs events until cond holds (checked before the first event and
// after each one) or bound of virtual time has passed; in the latter case it
// returns a *NotStableError listing what was still pending.
func (c *Cluster) RunUntil(cond func(*Cluster) bool, bound time.Duration) error {
	limit := c.eng.now + bound
	start := c.eng.now
	for n := 0; !cond(c); n++ {
		if n == maxEventsPerRun || !c.eng.step(limit) {
			if cond(c) {
				return nil
			}
			c.eng.now = max(c.eng.now, limit)
			return c.notStable(c.eng.now - start)
		}
	}
	return nil
}

// Stable reports whether nothing is pending: no event is queued but
// background ones (back-off retries and timers of things that cannot
// progress).
func (c *Cluster) Stable() bool { return c.eng.q.foreground == 0 }

// RunUntilStable runs until the cluster is stable, or until the configured
// bound (1h by default) of virtual time has passed.
func (c *Cluster) RunUntilStable() error {
	return c.RunUntil((*Cluster).Stable, c.cfg.StableBound)
}

// Run is RunUntilStable.
func (c *Cluster) Run() error { return c.RunUntilStable() }

func (c *Cluster) notStable(after time.Duration) error {
	return &NotStableError{After: after, Pending: c.eng.pending(10)}
}
