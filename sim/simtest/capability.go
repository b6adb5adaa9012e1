package simtest

import (
	"io"
	"strings"
	"sync"

	"github.com/stsim/stsim/dns"
	"github.com/stsim/stsim/script"
	"github.com/stsim/stsim/sim"
	"github.com/stsim/stsim/sim/invariants"
)

// capabilities says which generated things this build can both apply and
// replay: an op is only worth generating if the script grammar has its
// command, or the printed script would not reproduce the run.
type capabilities struct {
	nodes, provisioner, services bool
}

var (
	capsOnce sync.Once
	capsVal  capabilities
)

// caps probes the script runner and package sim once.
func caps() capabilities {
	capsOnce.Do(func() {
		capsVal = capabilities{
			nodes:       scriptKnows("node node-1 up"),
			provisioner: scriptKnows("provisioner " + sim.LocalPathProvisioner + " start"),
			services:    scriptAppliesServices(),
		}
	})
	return capsVal
}

// scriptKnows reports whether the script runner has the line's command.
func scriptKnows(line string) bool {
	r := script.New(io.Discard, script.Options{Trace: script.TraceNone})
	err := r.Exec(script.Parse(line)[0])
	return err == nil || !strings.Contains(err.Error(), "unknown command")
}

// scriptAppliesServices reports whether `apply` creates a Service.
func scriptAppliesServices() bool {
	var c *sim.Cluster
	grab := func(x *sim.Cluster) []invariants.Violation { c = x; return nil }
	r := script.New(io.Discard, script.Options{Trace: script.TraceNone, Check: true, Checks: []script.Check{grab}})
	s := Scenario{Services: []*dns.Service{headlessService("probe", "probe")}, Set: NewSet("probe", 0)}
	_ = r.Run(script.Parse(s.Script()))
	if c == nil {
		return false
	}
	_, ok := c.Service("probe")
	return ok
}

// Kinds returns every kind of operation this build can apply and replay:
// all of them but node and provisioner faults while the script grammar
// lacks their commands.
func Kinds() []Kind {
	k := []Kind{KindScale, KindDelete, KindForceDelete, KindFail, KindKill, KindReadiness,
		KindImage, KindPartition, KindBehave, KindRun}
	if caps().provisioner {
		k = append(k, KindProvisioner)
	}
	if caps().nodes {
		k = append(k, KindNode)
	}
	return k
}
