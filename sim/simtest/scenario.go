package simtest

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/stsim/stsim/dns"
	"github.com/stsim/stsim/sts"
)

// Scenario is one test case: a simulation seed and feature gates, the
// objects applied first, and the operations that follow. It prints as a
// script (Script) that `stsim run` replays exactly: the kit applies the
// objects by decoding the very manifests it prints, and each Op is one
// script line.
type Scenario struct {
	Seed     uint64
	Gates    map[string]bool // feature gates, by name
	Set      *sts.StatefulSet
	Services []*dns.Service
	Ops      []Op
}

// Script renders the scenario in the script grammar: seed, feature gates,
// the manifests in one heredoc, then one line per op.
func (s Scenario) Script() string {
	var b strings.Builder
	fmt.Fprintf(&b, "# simtest scenario: replay with stsim run --check FILE\n")
	fmt.Fprintf(&b, "seed %d\n", s.seed())
	for _, g := range slices.Sorted(maps.Keys(s.Gates)) {
		fmt.Fprintf(&b, "feature-gate %s=%t\n", g, s.Gates[g])
	}
	docs, err := s.manifests()
	if err != nil {
		fmt.Fprintf(&b, "# cannot render the manifests: %v\n", err)
	}
	fmt.Fprintf(&b, "apply <<EOF\n%sEOF\n", docs)
	for _, o := range s.Ops {
		fmt.Fprintf(&b, "%s\n", o)
	}
	return b.String()
}

// seed is the simulation seed; 0 means 1, as in sim.Config.
func (s Scenario) seed() uint64 { return max(s.Seed, 1) }

// Prefix returns the scenario with only its first n ops.
func (s Scenario) Prefix(n int) Scenario {
	s.Ops = s.Ops[:min(max(n, 0), len(s.Ops))]
	return s
}

// WithPolicy returns the scenario with the set's pod management policy
// replaced (the metamorphic checks compare both policies).
func (s Scenario) WithPolicy(policy string) Scenario {
	set := *s.Set
	set.Spec.PodManagementPolicy = policy
	s.Set = &set
	return s
}

// WithoutPartition returns the scenario with rollingUpdate.partition cleared.
func (s Scenario) WithoutPartition() Scenario {
	set := *s.Set
	if ru := set.Spec.UpdateStrategy.RollingUpdate; ru != nil && ru.Partition != nil {
		c := *ru
		c.Partition = nil
		set.Spec.UpdateStrategy.RollingUpdate = &c
	}
	s.Set = &set
	return s
}

// WithGate returns the scenario with a feature gate set.
func (s Scenario) WithGate(name string, on bool) Scenario {
	g := maps.Clone(s.Gates)
	if g == nil {
		g = map[string]bool{}
	}
	g[name] = on
	s.Gates = g
	return s
}
