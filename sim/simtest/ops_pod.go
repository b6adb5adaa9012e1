package simtest

import (
	"github.com/stsim/stsim/script"
	"github.com/stsim/stsim/sim"
)

// DeletePod deletes a pod: gracefully (`delete pod web-1`), or at once with
// Force (`delete pod web-1 --force`, kubectl's grace period 0).
type DeletePod struct {
	Pod   string
	Force bool
}

func (o DeletePod) String() string {
	w := []string{"delete", "pod", o.Pod}
	if o.Force {
		w = append(w, "--force")
	}
	return script.Quote(w)
}

// Apply deletes the pod with the options the script's delete passes.
func (o DeletePod) Apply(c *sim.Cluster, _ func(*sim.Cluster) bool) error {
	opts := sim.DeleteOptions{}
	if o.Force {
		opts.Force, opts.GracePeriodSeconds = true, new(int64)
	}
	return c.DeletePod(o.Pod, opts)
}

// Disrupts is true: a deleted pod leaves a gap in the ordinals.
func (DeletePod) Disrupts(*sim.Cluster) bool { return true }

// FailPod makes a pod Failed now, as an eviction does (`fail pod web-1`).
type FailPod struct{ Pod string }

func (o FailPod) String() string { return script.Quote([]string{"fail", "pod", o.Pod}) }

// Apply fails the pod.
func (o FailPod) Apply(c *sim.Cluster, _ func(*sim.Cluster) bool) error { return c.FailPod(o.Pod) }

// Disrupts is true.
func (FailPod) Disrupts(*sim.Cluster) bool { return true }

// KillPod SIGKILLs a pod's containers (`kill pod web-1`).
type KillPod struct{ Pod string }

func (o KillPod) String() string { return script.Quote([]string{"kill", "pod", o.Pod}) }

// Apply kills the pod's containers.
func (o KillPod) Apply(c *sim.Cluster, _ func(*sim.Cluster) bool) error { return c.KillPod(o.Pod) }

// Disrupts is true.
func (KillPod) Disrupts(*sim.Cluster) bool { return true }

// Readiness makes a pod's readiness probe succeed or fail from now on
// (`readiness pod web-1 false`).
type Readiness struct {
	Pod   string
	Ready bool
}

func (o Readiness) String() string {
	v := "false"
	if o.Ready {
		v = "true"
	}
	return script.Quote([]string{"readiness", "pod", o.Pod, v})
}

// Apply sets the pod's readiness.
func (o Readiness) Apply(c *sim.Cluster, _ func(*sim.Cluster) bool) error {
	return c.SetReadiness(o.Pod, o.Ready)
}

// Disrupts is true when readiness is lost.
func (o Readiness) Disrupts(*sim.Cluster) bool { return !o.Ready }
