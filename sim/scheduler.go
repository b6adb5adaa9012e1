package sim

import (
	"strconv"

	"github.com/stsim/stsim/api"
)

// scheduler binds each new pod to the Ready node with the fewest pods
// (ties broken by node name): trivial, deterministic, and spreading pods the
// way a default kube-scheduler roughly does on an empty cluster.
type scheduler struct {
	c *Cluster
	// load counts the non-terminated pods bound to each node.
	load map[string]int
}

// podChanged is the scheduler's watch: an unbound, live pod gets a binding.
func (s *scheduler) podChanged(p *api.Pod) {
	if p.Spec.NodeName != "" || p.Terminating() || p.Status.Phase != api.PodPending {
		return
	}
	c := s.c
	uid := p.UID
	k := key{p.Namespace, p.Name}
	c.eng.after(c.timing.WatchLatency+c.jitter(c.timing.Scheduling), ActorScheduler, "schedule pod/", p.Name, func() {
		cur := c.pods[k]
		if cur == nil || cur.UID != uid || cur.Spec.NodeName != "" || cur.Terminating() {
			return
		}
		s.bind(cur)
	})
}

func (s *scheduler) bind(p *api.Pod) {
	c := s.c
	if !c.volumesPreFilter(p) {
		return
	}
	best := ""
	for _, name := range c.nodeNames {
		n := c.nodes[name]
		if !n.Status.Ready || n.Spec.Unschedulable || !c.volumesFit(p, name) {
			continue
		}
		if best == "" || s.load[name] < s.load[best] {
			best = name
		}
	}
	if best == "" {
		n := strconv.Itoa(len(c.nodeNames))
		c.event(p.Namespace, p.Name, evFailedSchedule, n, n)
		return
	}
	if !c.volumesPreBind(p, best) {
		return
	}
	s.load[best]++
	n := *p
	n.Spec.NodeName = best
	n.Status.Conditions = []api.PodCondition{{Type: api.PodScheduled, Status: api.ConditionTrue, LastTransitionTime: c.eng.now}}
	c.event(p.Namespace, p.Name, evScheduled, p.Namespace, p.Name, best)
	c.writePod(&n, Event{Actor: ActorScheduler, Verb: VerbUpdate, Reason: "assigned to " + best, Detail: c.podDetail(podDetail{Phase: "Pending", Node: best})})
}

// unbind forgets a pod's node when the pod is gone.
func (s *scheduler) unbind(p *api.Pod) {
	if p.Spec.NodeName != "" {
		s.load[p.Spec.NodeName]--
	}
}
