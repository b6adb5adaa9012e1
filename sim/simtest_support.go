package sim

import "github.com/stsim/stsim/sts"

// PlanFilter rewrites what one StatefulSet controller sync decided, before
// the simulator applies it.
type PlanFilter func(sts.Plan, sts.Observed) sts.Plan

// SetPlanFilter installs f on c's StatefulSet controller; nil removes it.
//
// It is a fault-injection seam for checking checkers, and for nothing else:
// with a filter the controller is wrong on purpose (say, it creates ordinal
// k+1 in the same sync as k under OrderedReady), so that a test can show that
// an invariant, or the property-testing kit in package simtest, catches a bug
// of that kind. The filter sees every sync's plan right after sts.Reconcile
// and returns the plan to apply, which is also what Config.OnSync sees. It
// must not modify the plan it is given (clone Actions before changing them).
func (c *Cluster) SetPlanFilter(f PlanFilter) { c.planFilter = f }

// filterPlan applies the installed PlanFilter, if any.
func (c *Cluster) filterPlan(p sts.Plan, o sts.Observed) sts.Plan {
	if c.planFilter == nil {
		return p
	}
	return c.planFilter(p, o)
}
