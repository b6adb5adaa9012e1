package simtest_test

import (
	"maps"
	"slices"
	"strconv"

	"github.com/stsim/stsim/api"
	"github.com/stsim/stsim/sts"
)

// Planted bugs: controller variants with one deliberately wrong rule,
// installed with sim.Cluster.SetPlanFilter, which the kit must catch.

// createAhead: under OrderedReady, whenever a sync creates ordinal k it
// also creates k+1, without waiting for k to be Running and Ready (the
// rule it breaks: statefulset.md §8.6; upstream processReplica's wait).
func createAhead(p sts.Plan, o sts.Observed) sts.Plan {
	if o.Set.Spec.PodManagementPolicy == sts.Parallel {
		return p
	}
	_, end := rangeOf(o.Set)
	actions := slices.Clone(p.Actions)
	for _, a := range p.Actions {
		if a.Verb != sts.CreatePod {
			continue
		}
		if _, k := sts.ParseName(a.Pod.Name); k+1 < end && o.Pods.Get(k+1) == nil {
			actions = append(actions, sts.Action{Verb: sts.CreatePod, Pod: podFor(a.Pod, o.Set, k+1),
				Reason: "planted bug: created ahead of " + a.Pod.Name, Batch: a.Batch + 1})
		}
	}
	p.Actions = actions
	return p
}

// lowestFirst: under OrderedReady, a scale-down deletes the lowest
// condemned pod instead of the highest (statefulset.md §3; upstream
// processCondemned walks the condemned pods from the highest ordinal).
func lowestFirst(p sts.Plan, o sts.Observed) sts.Plan {
	if o.Set.Spec.PodManagementPolicy == sts.Parallel {
		return p
	}
	start, end := rangeOf(o.Set)
	var lowest *api.Pod
	for _, q := range o.Pods.Pods() {
		if _, k := sts.ParseName(q.Name); (k < start || k >= end) && !q.Terminating() && lowest == nil {
			lowest = q
		}
	}
	actions := slices.Clone(p.Actions)
	for i, a := range actions {
		if a.Verb != sts.DeletePod || lowest == nil {
			continue
		}
		if _, k := sts.ParseName(a.Pod.Name); k < start || k >= end {
			actions[i].Pod, actions[i].Reason = lowest, "planted bug: scale down from the lowest condemned ordinal"
		}
	}
	p.Actions = actions
	return p
}

// recreateEarly: a pod that is terminating is created again at once,
// before the old object is gone (statefulset.md §2.5: at most one pod per
// identity; upstream only fills empty slots). The API server refuses the
// create, but the sync made it.
func recreateEarly(p sts.Plan, o sts.Observed) sts.Plan {
	start, end := rangeOf(o.Set)
	actions := slices.Clone(p.Actions)
	for _, q := range o.Pods.Pods() {
		if _, k := sts.ParseName(q.Name); q.Terminating() && k >= start && k < end {
			fresh := podFor(q, o.Set, k)
			fresh.DeletionTimestamp, fresh.UID, fresh.Status = nil, "", api.PodStatus{}
			actions = append(actions, sts.Action{Verb: sts.CreatePod, Pod: fresh,
				Reason: "planted bug: recreate " + q.Name + " before it is gone"})
		}
	}
	p.Actions = actions
	return p
}

// rangeOf returns the set's ordinal range [start, end).
func rangeOf(set *sts.StatefulSet) (start, end int32) {
	if set.Spec.Ordinals != nil {
		start = set.Spec.Ordinals.Start
	}
	return start, start + *set.Spec.Replicas
}

// podFor returns a copy of pod p renamed for ordinal k.
func podFor(p *api.Pod, set *sts.StatefulSet, k int32) *api.Pod {
	q := *p
	q.Name = sts.PodName(set.Name, k)
	q.Labels = maps.Clone(p.Labels)
	q.Labels[sts.PodNameLabel] = q.Name
	q.Labels[sts.PodIndexLabel] = strconv.Itoa(int(k))
	q.Spec.Hostname = q.Name
	q.Spec.Volumes = slices.Clone(p.Spec.Volumes)
	for i, v := range q.Spec.Volumes {
		if v.ClaimName != "" {
			q.Spec.Volumes[i].ClaimName = sts.ClaimName(v.Name, set.Name, k)
		}
	}
	return &q
}
