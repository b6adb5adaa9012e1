package simtest

import (
	"fmt"
	"slices"

	"pgregory.net/rapid"

	"github.com/stsim/stsim/dns"
)

// Scenarios generates whole scenarios: a seed (o.Seed if set), the
// MaxUnavailableStatefulSet gate, a set from StatefulSets, up to two
// Services from Services (when the script grammar can apply them), and
// o.MinOps to o.MaxOps operations from Ops, then a bare `run` (Settle)
// so that the last changes play out. Half the scenarios are calm: their
// ops are of the Calm kinds only, so that pods stay healthy long enough
// for ordered scaling and rollouts to play out, and the checks that hold
// only without disruption stay on longer; shrinking prefers calm
// scenarios.
//
// The operations are one drawn list, not rapid's state-machine Repeat:
// both shrink the same way (rapid deletes whole ops, then simplifies each),
// but a drawn list has a length the caller chooses (Repeat's comes from
// the -rapid.steps flag), is a value that prints as a script, and its ops
// do not depend on the state they meet, so a shrunk list means what it
// meant before. A run stops at the first violation; the ops after it are
// left out of the failure and shrunk away by rapid.
func Scenarios(o Options) *rapid.Generator[Scenario] {
	return rapid.Custom(func(t *rapid.T) Scenario {
		s := Scenario{Seed: o.Seed}
		if s.Seed == 0 {
			s.Seed = rapid.Uint64Range(1, 1<<20).Draw(t, "seed")
		}
		gate := o.Gate
		if gate == nil {
			gate = new(rapid.Bool().Draw(t, "gate"))
		}
		s.Gates = map[string]bool{GateMaxUnavailable: *gate}
		s.Set = StatefulSets(o).Draw(t, "set")
		if !o.NoServices && caps().services {
			s.Services = rapid.SliceOfNDistinct(Services(s.Set.Name), 0, 2, serviceName).Draw(t, "services")
		}
		if calm := calmKinds(o.kinds()); len(calm) > 0 && !rapid.Bool().Draw(t, "disruptive") {
			o.Kinds = calm
		}
		lo, hi := o.opsRange()
		s.Ops = append(rapid.SliceOfN(Ops(o, s.Set), lo, hi).Draw(t, "ops"), Settle{})
		return s
	})
}

func serviceName(s *dns.Service) string { return s.Name }

// Draw returns the scenario Scenarios(o) draws from seed: the same seed
// and options always give the same scenario, whatever rapid's own seed.
// Its simulation seed is seed too, unless o.Seed fixes it.
func Draw(o Options, seed uint64) Scenario {
	s := Scenarios(o).Example(int(seed))
	if o.Seed == 0 {
		s.Seed = seed
	}
	return s
}

// GoString summarises the scenario in rapid's logs; Script prints it all.
func (s Scenario) GoString() string {
	if s.Set == nil || s.Set.Spec.Replicas == nil {
		return fmt.Sprintf("simtest.Scenario{seed %d, %d ops}", s.seed(), len(s.Ops))
	}
	return fmt.Sprintf("simtest.Scenario{seed %d, %s, %d replicas, %d services, %d ops}",
		s.seed(), s.Set.Spec.PodManagementPolicy, *s.Set.Spec.Replicas, len(s.Services), len(s.Ops))
}

// calmKinds returns the kinds among ks that are Calm.
func calmKinds(ks []Kind) []Kind {
	var out []Kind
	for _, k := range ks {
		if slices.Contains(Calm, k) {
			out = append(out, k)
		}
	}
	return out
}
