package simtest

import (
	"github.com/stsim/stsim/script"
	"github.com/stsim/stsim/sim"
)

// BehaveImage sets how containers of an image behave from now on
// (`behave image nginx:2 never-ready`).
type BehaveImage struct {
	Image     string
	Behaviour sim.Behaviour
}

func (o BehaveImage) String() string {
	return "behave image " + script.Quote([]string{o.Image}) + " " + o.Behaviour.String()
}

// Apply sets the behaviour.
func (o BehaveImage) Apply(c *sim.Cluster, _ func(*sim.Cluster) bool) error {
	c.BehaveImage(o.Image, o.Behaviour)
	return nil
}

// Disrupts is true, as the script runner counts every behave command.
func (BehaveImage) Disrupts(*sim.Cluster) bool { return true }

// Provisioner stops or starts a storage provisioner
// (`provisioner rancher.io/local-path stop`).
type Provisioner struct {
	Name    string
	Running bool
}

func (o Provisioner) String() string {
	v := "stop"
	if o.Running {
		v = "start"
	}
	return script.Quote([]string{"provisioner", o.Name, v})
}

// Apply stops or starts the provisioner.
func (o Provisioner) Apply(c *sim.Cluster, _ func(*sim.Cluster) bool) error {
	if o.Running {
		return c.StartProvisioner(o.Name)
	}
	return c.StopProvisioner(o.Name)
}

// Disrupts is false: an outage delays pods, it does not reorder them.
func (Provisioner) Disrupts(*sim.Cluster) bool { return false }

// Node takes a node down (power loss: its containers die, and the API
// notices only after the node-lifecycle-controller's grace period) or
// brings it back (`node node-2 down`, `node node-2 up`).
type Node struct {
	Name string
	Up   bool
}

func (o Node) String() string {
	v := "down"
	if o.Up {
		v = "up"
	}
	return script.Quote([]string{"node", o.Name, v})
}

// Apply injects sim.NodeDown or sim.NodeUp.
func (o Node) Apply(c *sim.Cluster, _ func(*sim.Cluster) bool) error {
	if o.Up {
		return c.Inject(sim.NodeUp{Node: o.Name})
	}
	return c.Inject(sim.NodeDown{Node: o.Name})
}

// Disrupts is true for a node going down: its pods lose readiness.
func (o Node) Disrupts(*sim.Cluster) bool { return !o.Up }
