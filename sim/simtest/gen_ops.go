package simtest

import (
	"slices"
	"time"

	"pgregory.net/rapid"

	"github.com/stsim/stsim/sim"
	"github.com/stsim/stsim/sts"
)

// Ops generates operations on set of the options' kinds, about a third of
// them runs (time passing) when KindRun is among the kinds, and scaling
// three times as often as any other change. Every value is drawn without
// looking at the cluster (a pod ordinal from the set's range and one past
// it, a replica count, a duration), so that when rapid shrinks a scenario,
// removing one op never changes what the others mean; an op shrinks
// towards `run 0s`.
func Ops(o Options, set *sts.StatefulSet) *rapid.Generator[Op] {
	kinds := weighted(o.kinds())
	start := int32(0)
	if set.Spec.Ordinals != nil {
		start = set.Spec.Ordinals.Start
	}
	return rapid.Custom(func(t *rapid.T) Op {
		k := rapid.SampledFrom(kinds).Draw(t, "kind")
		pod := func() string {
			return sts.PodName(set.Name, start+rapid.Int32Range(0, o.maxReplicas()).Draw(t, "ordinal"))
		}
		return drawOp(t, k, o, set.Name, pod)
	})
}

// drawOp draws the parameters of one op of kind k.
func drawOp(t *rapid.T, k Kind, o Options, set string, pod func() string) Op {
	switch k {
	case KindScale:
		return Scale{set, rapid.Int32Range(0, o.maxReplicas()).Draw(t, "replicas")}
	case KindDelete, KindForceDelete:
		return DeletePod{pod(), k == KindForceDelete}
	case KindFail:
		return FailPod{pod()}
	case KindKill:
		return KillPod{pod()}
	case KindReadiness:
		return Readiness{pod(), rapid.Bool().Draw(t, "ready")}
	case KindImage:
		return SetImage{set, "app", rapid.SampledFrom(Images).Draw(t, "image")}
	case KindPartition:
		return SetPartition{set, rapid.Int32Range(0, o.maxReplicas()).Draw(t, "partition")}
	case KindBehave:
		return BehaveImage{rapid.SampledFrom(Images).Draw(t, "image"), drawBehaviour(t)}
	case KindProvisioner:
		return Provisioner{sim.LocalPathProvisioner, rapid.Bool().Draw(t, "running")}
	case KindNode:
		return Node{rapid.SampledFrom([]string{"node-1", "node-2", "node-3"}).Draw(t, "node"), rapid.Bool().Draw(t, "up")}
	}
	return drawRun(t)
}

// drawRun draws `run D` (0 to 30 s), or now and then a bare `run`.
func drawRun(t *rapid.T) Op {
	if rapid.IntRange(0, 7).Draw(t, "settle") == 7 {
		return Settle{}
	}
	return Run{time.Duration(rapid.IntRange(0, 30).Draw(t, "seconds")) * time.Second}
}

// drawBehaviour draws a container behaviour, healthy included.
func drawBehaviour(t *rapid.T) sim.Behaviour {
	d := time.Duration(rapid.IntRange(1, 20).Draw(t, "delay")) * time.Second
	return rapid.SampledFrom([]sim.Behaviour{sim.Healthy(), sim.ReadyAfter(d), sim.NeverReady(),
		sim.CrashAfter(d), sim.PullFails()}).Draw(t, "behaviour")
}

// weighted orders and repeats kinds so that a third of the ops are runs
// (time passing), put first so that ops shrink towards them, and scaling is
// three times as frequent as any other change: most bugs need time, and
// many need a scale up followed by a scale down.
func weighted(kinds []Kind) []Kind {
	var runs, out []Kind
	for _, k := range kinds {
		switch k {
		case KindRun:
			continue
		case KindScale:
			out = append(out, k, k, k)
		default:
			out = append(out, k)
		}
	}
	if slices.Contains(kinds, KindRun) {
		runs = slices.Repeat([]Kind{KindRun}, max(1, len(out)/2))
	}
	return append(runs, out...)
}
