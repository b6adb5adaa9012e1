package sim

import (
	"cmp"
	"slices"
	"time"

	"github.com/stsim/stsim/api"
)

// Pod GC (upstream: pkg/controller/podgc), the parts that unblock pods on
// lost nodes: every 20 s it force-deletes the pods bound to a node that no
// longer exists (after a 40 s quarantine) and the terminating pods of
// NotReady nodes tainted node.kubernetes.io/out-of-service. Both first set
// the pod's phase to Failed. Its passes run only when they have work.

const (
	podGCPeriod     = 20 * time.Second
	podGCQuarantine = 40 * time.Second
)

type podGC struct {
	orphansAt     time.Duration // the scheduled orphan pass, or -1
	terminatingAt time.Duration // the scheduled out-of-service pass, or -1
	periodic      bool          // a background out-of-service pass is queued
}

func (g *podGC) init() { g.orphansAt, g.terminatingAt = -1, -1 }

// gcOrphansLater schedules the pass that finds pods of deleted nodes: they
// go one quarantine later if their node is still gone (gcOrphaned,
// discoverDeletedNodes).
func (l *nodeLifecycle) gcOrphansLater() {
	c := l.c
	at := nextTick(c.eng.now, podGCPeriod)
	if l.gc.orphansAt == at {
		return
	}
	l.gc.orphansAt = at
	c.eng.at(at, ActorGarbageCollector, "collect pods of deleted nodes", "", func() {
		l.gc.orphansAt = -1
		missing := map[string]bool{}
		for _, slot := range c.pods {
			p := slot.cur
			if n := p.Spec.NodeName; n != "" && c.nodes[n] == nil {
				missing[n] = true
			}
		}
		if len(missing) == 0 {
			return
		}
		c.eng.after(podGCQuarantine, ActorGarbageCollector, "collect pods of deleted nodes", "", func() {
			for _, k := range sortedKeys(c.pods) {
				p := c.pod(k)
				if n := p.Spec.NodeName; missing[n] && c.nodes[n] == nil {
					cond := &api.PodCondition{Type: podDisruptionTarget, Status: api.ConditionTrue, LastTransitionTime: c.eng.now,
						Reason: "DeletionByPodGC", Message: "PodGC: node no longer exists"}
					l.gcDelete(p, cond, "node "+n+" no longer exists")
				}
			}
		})
	})
}

// gcTerminatingLater schedules the pass that force-deletes the terminating
// pods of out-of-service nodes (gcTerminating); while such a node exists,
// the pass repeats in the background every 20 s.
func (l *nodeLifecycle) gcTerminatingLater() {
	c := l.c
	at := nextTick(c.eng.now, podGCPeriod)
	if l.gc.terminatingAt == at || !l.anyOutOfService() {
		return
	}
	l.gc.terminatingAt = at
	c.eng.at(at, ActorGarbageCollector, "collect terminating pods of out-of-service nodes", "", func() {
		l.gc.terminatingAt = -1
		l.gcTerminating()
	})
}

func (l *nodeLifecycle) anyOutOfService() bool {
	for _, n := range l.c.nodes {
		if outOfService(n) {
			return true
		}
	}
	return false
}

func (l *nodeLifecycle) gcTerminating() {
	c := l.c
	var pods []*api.Pod
	for _, slot := range c.pods {
		p := slot.cur
		if n := c.nodes[p.Spec.NodeName]; p.Terminating() && n != nil && outOfService(n) {
			pods = append(pods, p)
		}
	}
	// byEvictionAndCreationTimestamp: evicted first, then oldest, then name.
	slices.SortFunc(pods, func(a, b *api.Pod) int {
		ea, eb := a.Status.Reason == "Evicted", b.Status.Reason == "Evicted"
		if ea != eb {
			if ea {
				return -1
			}
			return 1
		}
		return cmp.Or(cmp.Compare(a.CreationTimestamp, b.CreationTimestamp), cmp.Compare(a.Name, b.Name))
	})
	for _, p := range pods {
		l.gcDelete(p, nil, "terminating on out-of-service node "+p.Spec.NodeName)
	}
	if !l.gc.periodic && l.anyOutOfService() {
		l.gc.periodic = true
		c.eng.backgroundAt(nextTick(c.eng.now, podGCPeriod), ActorGarbageCollector, "collect terminating pods of out-of-service nodes", "", func() {
			l.gc.periodic = false
			l.gcTerminating()
		})
	}
}

// gcDelete is markFailedAndDeletePodWithCondition: phase Failed (with the
// condition), then a delete with a zero grace period.
func (l *nodeLifecycle) gcDelete(p *api.Pod, cond *api.PodCondition, why string) {
	c := l.c
	if !podTerminated(p) {
		n := *p
		n.Status.Phase = api.PodFailed
		if cond != nil {
			n.Status.Conditions = append(slices.DeleteFunc(slices.Clone(p.Status.Conditions), func(o api.PodCondition) bool { return o.Type == cond.Type }), *cond)
		}
		c.writePod(&n, Event{Actor: ActorGarbageCollector, Verb: VerbStatus, Reason: "phase Failed: " + why, Detail: c.podDetail(podDetail{Phase: "Failed"})})
	}
	_ = c.deletePod(p.Namespace, p.Name, p.UID, DeleteOptions{Force: true}, ActorGarbageCollector, "force deleted: "+why)
}

// sortedKeys returns the keys of m in namespace/name order.
func sortedKeys[T any](m map[key]T) []key {
	ks := make([]key, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	slices.SortFunc(ks, keyLess)
	return ks
}
