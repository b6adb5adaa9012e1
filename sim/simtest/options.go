package simtest

import (
	"github.com/stsim/stsim/sim"
	"github.com/stsim/stsim/sts"
)

// GateMaxUnavailable is the feature gate scenarios draw on or off.
const GateMaxUnavailable = "MaxUnavailableStatefulSet"

// Strategy is an update strategy a generated set may have.
type Strategy string

// The update strategies drawn.
const (
	// OnDelete: pods are replaced only when deleted.
	OnDelete Strategy = "OnDelete"
	// Rolling: RollingUpdate with a rollingUpdate block (partition,
	// maxUnavailable).
	Rolling Strategy = "RollingUpdate"
	// RollingImplicit: RollingUpdate without a rollingUpdate block.
	RollingImplicit Strategy = "RollingUpdate/implicit"
)

// Options say what to generate, what to check, and which controller to
// check it on. The zero value draws from everything this build can replay
// and checks Default().
type Options struct {
	// Seed fixes the simulation seed of every scenario; 0 draws one.
	Seed uint64
	// Name is the StatefulSet's name; "" means "web".
	Name string
	// MaxReplicas bounds spec.replicas and the ordinals ops name; 0 means 4.
	MaxReplicas int32
	// MinOps and MaxOps bound the number of drawn operations (a final
	// Settle is added); 0 means 0 and 20, about 5 on average.
	MinOps, MaxOps int
	// Kinds are the kinds of operation to draw; none means Kinds().
	Kinds []Kind
	// Policies are the pod management policies to draw; none means both.
	Policies []string
	// Strategies are the update strategies to draw; none means all three.
	Strategies []Strategy
	// Gate, when set, fixes MaxUnavailableStatefulSet; nil draws it.
	Gate *bool
	// NoServices draws no Service (services are drawn only when the script
	// grammar can apply them).
	NoServices bool
	// MaxEvents bounds the simulation events of one scenario; 0 means
	// 20,000 plus 5,000 per replica of MaxReplicas. A scenario that exceeds
	// it is cut short, without a failure: upstream's controller can
	// livelock (Parallel, MaxUnavailableStatefulSet on, a RollingUpdate
	// without a rollingUpdate block, a pod deleted mid-rollout: recreated
	// and deleted at every sync), and a bare `run` would then spin for an
	// hour of virtual time.
	MaxEvents uint64
	// Invariants are checked during every run; nil means Default().
	Invariants []Invariant
	// Plant, when set, is installed on every cluster with
	// sim.Cluster.SetPlanFilter: a deliberately wrong controller, to show
	// that the invariants catch a bug of its kind. Replay installs it too.
	Plant sim.PlanFilter
}

func (o Options) name() string {
	if o.Name == "" {
		return "web"
	}
	return o.Name
}

func (o Options) maxReplicas() int32 {
	if o.MaxReplicas <= 0 {
		return 4
	}
	return o.MaxReplicas
}

func (o Options) opsRange() (lo, hi int) {
	lo, hi = max(o.MinOps, 0), o.MaxOps
	if hi <= 0 {
		hi = 20
	}
	return lo, max(lo, hi)
}

func (o Options) maxEvents() uint64 {
	if o.MaxEvents == 0 {
		return 20_000 + 5_000*uint64(o.maxReplicas())
	}
	return o.MaxEvents
}

func (o Options) kinds() []Kind {
	if len(o.Kinds) == 0 {
		return Kinds()
	}
	return o.Kinds
}

func (o Options) policies() []string {
	if len(o.Policies) == 0 {
		return []string{sts.OrderedReady, sts.Parallel}
	}
	return o.Policies
}

func (o Options) strategies() []Strategy {
	if len(o.Strategies) == 0 {
		return []Strategy{Rolling, OnDelete, RollingImplicit}
	}
	return o.Strategies
}

func (o Options) invariants() []Invariant {
	if o.Invariants == nil {
		return Default()
	}
	return o.Invariants
}
