package sim

import (
	"runtime"
	"sync"
	"sync/atomic"
	"weak"

	"github.com/stsim/stsim/sts"
)

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
func (c *Cluster) SetPlanFilter(f PlanFilter) {
	planFilters.mu.Lock()
	defer planFilters.mu.Unlock()
	k := weak.Make(c)
	_, had := planFilters.m[k]
	switch {
	case f == nil && had:
		delete(planFilters.m, k)
		planFilters.n.Add(-1)
	case f != nil && !had:
		if planFilters.m == nil {
			planFilters.m = map[weak.Pointer[Cluster]]PlanFilter{}
		}
		planFilters.m[k] = f
		planFilters.n.Add(1)
		runtime.AddCleanup(c, dropPlanFilter, k)
	case f != nil:
		planFilters.m[k] = f
	}
}

// planFilters holds the installed filters outside Cluster, keyed weakly so
// that a filtered cluster can still be collected. n lets the controller skip
// the lookup when no cluster anywhere has a filter, which is always so
// outside such tests.
var planFilters struct {
	n  atomic.Int32
	mu sync.Mutex
	m  map[weak.Pointer[Cluster]]PlanFilter
}

// dropPlanFilter forgets the filter of a collected cluster.
func dropPlanFilter(k weak.Pointer[Cluster]) {
	planFilters.mu.Lock()
	defer planFilters.mu.Unlock()
	if _, ok := planFilters.m[k]; ok {
		delete(planFilters.m, k)
		planFilters.n.Add(-1)
	}
}

// filterPlan passes a sync's plan through the cluster's filter, if any.
func (c *Cluster) filterPlan(p sts.Plan, o sts.Observed) sts.Plan {
	if planFilters.n.Load() == 0 {
		return p
	}
	planFilters.mu.Lock()
	f := planFilters.m[weak.Make(c)]
	planFilters.mu.Unlock()
	if f == nil {
		return p
	}
	return f(p, o)
}
