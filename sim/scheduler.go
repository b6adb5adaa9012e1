package sim

import (
	"time"

	"github.com/stsim/stsim/api"
)

// scheduler binds each new pod to the node with the fewest pods among those
// its filters let through (sched_filters.go; ties broken by node name):
// deterministic, and spreading pods the way a default kube-scheduler
// roughly does on an empty cluster.
type scheduler struct {
	c *Cluster
	// load counts the pods bound to each node until they are removed.
	load map[string]int
	// anti indexes the bound pods with required anti-affinity terms.
	anti map[key]string
	// attempts counts failed bindings by pod UID (the pod's back-off).
	attempts map[string]int
	// waitsForPods are the parked pods another pod's coming or going may
	// help (by key, with their UID).
	waitsForPods map[key]string
	// retryAt is when the queued retry of the parked pods runs, retryAll
	// whether it retries them all.
	retryAt  time.Duration
	retryAll bool
	// scheduled is the condition list of the pods bound at instant
	// scheduledAt: shared, as stored objects are copied on write.
	scheduled   []api.PodCondition
	scheduledAt time.Duration
}

// podChanged is the scheduler's watch: an unbound, live pod gets a binding.
func (s *scheduler) podChanged(p *api.Pod) {
	s.podChangedIn(s.c.pods[key{p.Namespace, p.Name}], p)
}

// podChangedIn is podChanged of p, stored in slot.
func (s *scheduler) podChangedIn(slot *podSlot, p *api.Pod) {
	if p.Spec.NodeName != "" || p.Terminating() || p.Status.Phase != api.PodPending {
		return
	}
	c := s.c
	c.eng.atStep(c.eng.now+c.timing.WatchLatency+c.jitter(c.timing.Scheduling), false, ActorScheduler, "schedule pod/", p.Name, s, slot, 0)
}

// runStep is a scheduling attempt of the pod in slot: still there, unbound
// and not terminating (a slot holds one pod, UID and all).
func (s *scheduler) runStep(slot *podSlot, _ uint64) {
	if cur := slot.cur; cur == nil || cur.Spec.NodeName != "" || cur.Terminating() {
		return
	}
	s.bind(slot)
}

// bind binds the pod in slot, or reports why it cannot.
func (s *scheduler) bind(slot *podSlot) {
	c := s.c
	p := slot.cur
	if s.parked(p) {
		return
	}
	// NodeAffinity's PreFilter runs before VolumeBinding's.
	if _, conflict := nodeAffinityNodeNames(p.Spec.RequiredNodeSelector()); conflict && len(c.nodeNames) > 0 {
		s.unschedulable(p, preFilterMessage(len(c.nodeNames), reasonNodeNameConflict), false)
		return
	}
	if !c.volumesPreFilter(p) {
		return
	}
	best, msg, podSensitive := s.pick(p)
	if best == "" {
		s.unschedulable(p, msg, podSensitive)
		return
	}
	if !c.volumesPreBind(p, best) {
		return
	}
	if err := c.writeFailure(ActorScheduler); err != nil {
		s.bindFailed(p, err)
		return
	}
	s.load[best]++
	s.bound(p)
	n := *p
	n.Spec.NodeName = best
	if s.scheduled == nil || s.scheduledAt != c.eng.now {
		s.scheduled = []api.PodCondition{{Type: api.PodScheduled, Status: api.ConditionTrue, LastTransitionTime: c.eng.now}}
		s.scheduledAt = c.eng.now
	}
	n.Status.Conditions = s.scheduled
	c.event(p.Namespace, p.Name, evScheduled, best)
	ev := Event{Actor: ActorScheduler, Verb: VerbUpdate}
	if c.tracing() {
		ev.Reason, ev.Detail = "assigned to "+best, podDetail{Phase: "Pending", Node: best}
	}
	c.writePodIn(slot, &n, ev)
	c.life.podBound(&n)
}

// unbind forgets a pod's node when the pod is gone.
func (s *scheduler) unbind(p *api.Pod) {
	if p.Spec.NodeName != "" {
		s.load[p.Spec.NodeName]--
	}
	s.gone(p)
}
