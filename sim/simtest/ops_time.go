package simtest

import (
	"errors"
	"time"

	"github.com/stsim/stsim/script"
	"github.com/stsim/stsim/sim"
)

// Run advances virtual time by For (`run 10s`).
type Run struct{ For time.Duration }

func (o Run) String() string { return script.Quote([]string{"run", o.For.String()}) }

// Apply runs every event due within the duration, or up to the event at
// which stop reports true.
func (o Run) Apply(c *sim.Cluster, stop func(*sim.Cluster) bool) error {
	if stop == nil {
		return c.RunFor(o.For)
	}
	if err := c.RunUntil(stop, o.For); !errors.Is(err, sim.ErrNotStable) {
		return err
	}
	return nil // the duration passed
}

// Disrupts is false.
func (Run) Disrupts(*sim.Cluster) bool { return false }

// StableBound is how long Settle, like the script's bare `run`, waits for
// the cluster to become stable.
const StableBound = time.Hour

// Settle runs until the cluster is stable, or StableBound has passed
// (`run`).
type Settle struct{}

func (Settle) String() string { return "run" }

// Apply runs until stable (or until stop reports true); a cluster still
// busy at the bound is not an error of the op.
func (Settle) Apply(c *sim.Cluster, stop func(*sim.Cluster) bool) error {
	done := (*sim.Cluster).Stable
	if stop != nil {
		done = func(c *sim.Cluster) bool { return c.Stable() || stop(c) }
	}
	if err := c.RunUntil(done, StableBound); !errors.Is(err, sim.ErrNotStable) {
		return err
	}
	return nil
}

// Disrupts is false.
func (Settle) Disrupts(*sim.Cluster) bool { return false }
