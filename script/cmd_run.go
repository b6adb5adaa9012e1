package script

import (
	"errors"
	"fmt"
	"time"

	"github.com/stsim/stsim/sim"
)

// stableBound is how long `run` waits for the cluster to become stable.
const stableBound = time.Hour

// run advances virtual time: until the cluster is stable (at most
// stableBound), or by a duration. A cluster still busy at the bound is
// reported and the script goes on.
func (r *Runner) run(args []string) error {
	switch len(args) {
	case 0:
		return r.runUntilStable()
	case 1:
		d, err := time.ParseDuration(args[0])
		if err != nil || d < 0 {
			return fmt.Errorf("run: invalid duration %q", args[0])
		}
		return r.runFor(d)
	}
	return fmt.Errorf("usage: run [DURATION]")
}

func (r *Runner) runUntilStable() error {
	c := r.cluster()
	stop := func(c *sim.Cluster) bool { return c.Stable() || r.stopped(c) }
	var ns *sim.NotStableError
	if err := c.RunUntil(stop, stableBound); errors.As(err, &ns) {
		r.printf("%s\n", ns.Error())
	}
	return nil
}

func (r *Runner) runFor(d time.Duration) error {
	c := r.cluster()
	if !r.opts.Check {
		return c.RunFor(d)
	}
	err := c.RunUntil(r.stopped, d)
	if errors.Is(err, sim.ErrNotStable) {
		return nil // the duration passed without a violation
	}
	return err
}
