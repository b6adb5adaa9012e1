package simtest

import "slices"

// Shrink returns a shorter scenario that fails the same invariant as f,
// for failures found without rapid (Explore, Sweep). It is delta
// debugging over the ops: it removes runs of ops, halving their length
// down to one, keeping every removal after which the scenario still fails
// that invariant, and cutting the ops after the new failing one. Rapid's
// own shrinking (Check, Find) goes further: it also simplifies the ops
// and the set.
func Shrink(f *Failure, o Options) *Failure {
	best := f
	for size := max(len(best.Scenario.Ops)/2, 1); size >= 1; size /= 2 {
		for i := 0; i+size <= len(best.Scenario.Ops); {
			if g := without(best, i, size, o); g != nil {
				best = g
				continue
			}
			i++
		}
	}
	return best
}

// without plays f's scenario minus ops[i:i+n] and returns its failure if
// it fails the same invariant.
func without(f *Failure, i, n int, o Options) *Failure {
	s := f.Scenario
	s.Ops = slices.Delete(slices.Clone(s.Ops), i, i+n)
	g := Play(s, o)
	if g == nil || g.Invariant != f.Invariant {
		return nil
	}
	g.Rapid = f.Rapid
	return g
}
