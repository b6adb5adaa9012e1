package sim

import (
	"fmt"
	"slices"
	"time"

	"github.com/stsim/stsim/api"
)

// The scheduler's Filter plugins (kube-scheduler's default profile, in its
// order), each node failing at the first that rejects it:
// NodeUnschedulable, TaintToleration, NodeAffinity (nodeSelector and
// required node affinity),
// NodeResourcesFit (pod count), VolumeRestrictions (ReadWriteOncePod),
// VolumeBinding and InterPodAffinity (required terms). A pod no node fits
// gets upstream's FitError message and waits in the unschedulable queue
// until a node or pod event (or the 5-minute flush) sends it back.
//
// Simplified: the pod with the fewest pods among the nodes that fit wins
// (ties by name), no other scoring; a node's pod count is the pods bound to
// it until they are removed (terminal pods still count); there is no
// preemption (every pod has priority 0, so none would be found); pod
// (anti-)affinity ignores namespaceSelector and pods bound without the
// scheduler.

// Filter reasons (upstream plugin messages, v1.37).
const (
	reasonTaints           = "node(s) had untolerated taint(s)"
	reasonNodeAffinity     = "node(s) didn't match Pod's node affinity/selector"
	reasonNodeNameConflict = "pod affinity terms conflict"
	reasonNotNodeAffinity  = "node(s) didn't satisfy plugin(s) [NodeAffinity]"
	reasonTooManyPods      = "Too many pods"
	reasonAffinity         = "node(s) didn't match pod affinity rules"
	reasonAntiAffinity     = "node(s) didn't match pod anti-affinity rules"
	reasonExistingAnti     = "node(s) didn't satisfy existing pods anti-affinity rules"
	noNodesAvailable       = "no nodes available to schedule pods"
	unschedulableFlushTime = 5 * time.Minute // podMaxInUnschedulablePodsDuration
	bindBackoffInitial     = time.Second     // podInitialBackoffDuration
	bindBackoffMax         = 10 * time.Second
)

// taintUnschedulable is the taint Spec.Unschedulable stands for.
var taintUnschedulable = api.Taint{Key: api.TaintNodeUnschedulable, Effect: api.TaintEffectNoSchedule}

// pick runs the filters over every node and returns the least-loaded node
// that fits, or "" and the FitError message, and whether another pod's
// coming or going could make room (a filter that looks at pods rejected a
// node).
func (s *scheduler) pick(p *api.Pod) (string, string, bool) {
	c := s.c
	if len(c.nodeNames) == 0 {
		return "", noNodesAvailable, false
	}
	aff := s.affinityFor(p)
	only, _ := nodeAffinityNodeNames(p.Spec.RequiredNodeSelector())
	best, bestLoad := "", 0
	var reasons, preempt map[string]int
	for _, name := range c.nodeNames {
		if only != nil && !only[name] {
			if reasons == nil {
				reasons, preempt = map[string]int{}, map[string]int{}
			}
			reasons[reasonNotNodeAffinity]++
			preempt[preemptNotHelpful]++
			continue
		}
		load := s.load[name]
		r, resolvable := s.filter(p, c.nodes[name], load, aff)
		if r == "" {
			if best == "" || load < bestLoad {
				best, bestLoad = name, load
			}
			continue
		}
		if reasons == nil {
			reasons, preempt = map[string]int{}, map[string]int{}
		}
		reasons[r]++
		if resolvable {
			preempt[preemptNoVictims]++
		} else {
			preempt[preemptNotHelpful]++
		}
	}
	if best != "" {
		return best, "", false
	}
	n := len(c.nodeNames)
	podSensitive := reasons[reasonTooManyPods]+reasons[reasonAffinity]+reasons[reasonAntiAffinity]+reasons[reasonExistingAnti]+reasons[reasonRWOPConflict] > 0
	return "", fmt.Sprintf("0/%d nodes are available: %s. preemption: 0/%d nodes are available: %s.", n, histogram(reasons), n, histogram(preempt)), podSensitive
}

// nodeAffinityNodeNames is the node-name part of NodeAffinity's PreFilter:
// when every term of the required node affinity names nodes with a
// matchFields metadata.name In requirement, only those nodes (the union
// over the terms of each term's intersection) are filtered at all; the
// others count as "node(s) didn't satisfy plugin(s) [NodeAffinity]"
// (schedule_one.go findNodesThatFitPod). conflict is true when that union
// is empty: the PreFilter then rejects the pod ("pod affinity terms
// conflict"). nil means every node.
func nodeAffinityNodeNames(sel *api.NodeSelector) (only map[string]bool, conflict bool) {
	if sel == nil || len(sel.NodeSelectorTerms) == 0 {
		return nil, false
	}
	union := map[string]bool{}
	for _, t := range sel.NodeSelectorTerms {
		var names map[string]bool
		for _, r := range t.MatchFields {
			if r.Key != api.NodeFieldName || r.Operator != api.NodeSelectorOpIn {
				continue
			}
			if names == nil {
				names = map[string]bool{}
				for _, v := range r.Values {
					names[v] = true
				}
				continue
			}
			for n := range names {
				if !slices.Contains(r.Values, n) {
					delete(names, n)
				}
			}
		}
		if names == nil {
			return nil, false
		}
		for n := range names {
			union[n] = true
		}
	}
	return union, len(union) == 0
}

// filter returns why the node does not fit the pod ("" if it does) and
// whether preemption could resolve it (Unschedulable rather than
// UnschedulableAndUnresolvable); load is the pods bound to the node.
func (s *scheduler) filter(p *api.Pod, n *api.Node, load int, aff *affinityState) (string, bool) {
	c := s.c
	switch {
	case n.Spec.Unschedulable && !api.TolerationsTolerateTaint(p.Spec.Tolerations, &taintUnschedulable):
		return reasonUnschedulable, false
	case untolerated(n.Spec.Taints, p.Spec.Tolerations):
		return reasonTaints, false
	case !nodeAffinityMatches(&p.Spec, n):
		return reasonNodeAffinity, false
	case n.Status.Pods > 0 && int32(load)+1 > n.Status.Pods:
		return reasonTooManyPods, true
	}
	if hasClaims(p) {
		if c.rwopConflict(p) {
			return reasonRWOPConflict, true
		}
		if r := c.volumeFitReason(p, n.Name); r != "" {
			return r, false
		}
	}
	if aff != nil {
		return aff.filter(n)
	}
	return "", false
}

// untolerated reports whether a NoSchedule or NoExecute taint is not
// tolerated (FindMatchingUntoleratedTaint with DoNotScheduleTaintsFilterFunc).
func untolerated(taints []api.Taint, tols []api.Toleration) bool {
	for i := range taints {
		t := &taints[i]
		if (t.Effect == api.TaintEffectNoSchedule || t.Effect == api.TaintEffectNoExecute) && !api.TolerationsTolerateTaint(tols, t) {
			return true
		}
	}
	return false
}

// nodeAffinityMatches is NodeAffinity's Filter (upstream:
// nodeaffinity.RequiredNodeAffinity.Match): the node must match both the
// pod's nodeSelector and its required node affinity, if any.
func nodeAffinityMatches(ps *api.PodSpec, n *api.Node) bool {
	if !selectorMatches(ps.NodeSelector, n.Labels) {
		return false
	}
	sel := ps.RequiredNodeSelector()
	return sel == nil || sel.Matches(n.Name, n.Labels)
}

// selectorMatches is the nodeSelector check: every pair must be a label.
func selectorMatches(sel, labels map[string]string) bool {
	for k, v := range sel {
		if got, ok := labels[k]; !ok || got != v {
			return false
		}
	}
	return true
}

// affinityState is the InterPodAffinity PreFilter state of one pod: where
// the pods matching all its affinity terms run, where pods matching one of
// its anti-affinity terms run, and the topology pairs existing pods'
// anti-affinity forbids it.
type affinityState struct {
	affinity []api.PodAffinityTerm
	counts   map[[2]string]int
	selfOK   bool // the pod matches all its own affinity terms
	antiKeys []string
	anti     map[[2]string]bool
	existing map[[2]string]bool
}

// affinityFor builds the PreFilter state; nil when no term is involved.
func (s *scheduler) affinityFor(p *api.Pod) *affinityState {
	c := s.c
	aff, anti := p.Spec.RequiredAffinityTerms(), p.Spec.RequiredAntiAffinityTerms()
	if len(aff)+len(anti) == 0 && len(s.anti) == 0 {
		return nil
	}
	st := &affinityState{affinity: aff, counts: map[[2]string]int{}, anti: map[[2]string]bool{}, existing: map[[2]string]bool{}}
	st.selfOK = matchesAll(aff, p.Namespace, p)
	for _, t := range anti {
		st.antiKeys = append(st.antiKeys, t.TopologyKey)
	}
	if len(aff)+len(anti) > 0 {
		for _, slot := range c.pods {
			o := slot.cur
			node := s.liveNode(o)
			if node == nil || o.UID == p.UID {
				continue
			}
			if len(aff) > 0 && matchesAll(aff, p.Namespace, o) {
				for _, t := range aff {
					if v, ok := node.Labels[t.TopologyKey]; ok {
						st.counts[[2]string{t.TopologyKey, v}]++
					}
				}
			}
			for _, t := range anti {
				if v, ok := node.Labels[t.TopologyKey]; ok && termMatches(t, p.Namespace, o) {
					st.anti[[2]string{t.TopologyKey, v}] = true
				}
			}
		}
	}
	for k, uid := range s.anti {
		o := c.pod(k)
		if o == nil || o.UID != uid || o.UID == p.UID {
			continue
		}
		node := s.liveNode(o)
		if node == nil {
			continue
		}
		for _, t := range o.Spec.RequiredAntiAffinityTerms() {
			if v, ok := node.Labels[t.TopologyKey]; ok && termMatches(t, o.Namespace, p) {
				st.existing[[2]string{t.TopologyKey, v}] = true
			}
		}
	}
	return st
}

// liveNode returns the node of a pod the scheduler's cache holds (bound,
// not terminal), or nil.
func (s *scheduler) liveNode(p *api.Pod) *api.Node {
	if p.Spec.NodeName == "" || podTerminated(p) {
		return nil
	}
	return s.c.nodes[p.Spec.NodeName]
}

// termMatches reports whether pod o matches the term of a pod in ns.
func termMatches(t api.PodAffinityTerm, ns string, o *api.Pod) bool {
	if len(t.Namespaces) == 0 {
		if o.Namespace != ns {
			return false
		}
	} else if !slices.Contains(t.Namespaces, o.Namespace) {
		return false
	}
	return t.LabelSelector.Matches(o.Labels)
}

func matchesAll(terms []api.PodAffinityTerm, ns string, o *api.Pod) bool {
	for _, t := range terms {
		if !termMatches(t, ns, o) {
			return false
		}
	}
	return true
}

// filter is InterPodAffinity's Filter for one node: the pod's affinity
// (every topology key on the node, pods matching all terms in its domain,
// or none anywhere and the pod matching its own terms), its anti-affinity,
// then existing pods' anti-affinity.
func (st *affinityState) filter(n *api.Node) (string, bool) {
	if len(st.affinity) > 0 {
		exist := true
		for _, t := range st.affinity {
			v, ok := n.Labels[t.TopologyKey]
			if !ok {
				return reasonAffinity, false
			}
			if st.counts[[2]string{t.TopologyKey, v}] <= 0 {
				exist = false
			}
		}
		if !exist && !(len(st.counts) == 0 && st.selfOK) {
			return reasonAffinity, false
		}
	}
	for _, k := range st.antiKeys {
		if v, ok := n.Labels[k]; ok && st.anti[[2]string{k, v}] {
			return reasonAntiAffinity, true
		}
	}
	for kv := range st.existing {
		if v, ok := n.Labels[kv[0]]; ok && v == kv[1] {
			return reasonExistingAnti, true
		}
	}
	return "", false
}

// parked reports whether the pod waits in the unschedulable queue.
func (s *scheduler) parked(p *api.Pod) bool {
	return s.c.stor.sched.parked[key{p.Namespace, p.Name}] == p.UID
}

// unschedulable reports the FitError and parks the pod until a node
// changes (or, if podSensitive, a pod comes or goes); the 5-minute flush
// tries it again even if nothing happens (upstream's queueing hints, in
// short).
func (s *scheduler) unschedulable(p *api.Pod, msg string, podSensitive bool) {
	c := s.c
	c.unschedulable(p, msg)
	k, uid := key{p.Namespace, p.Name}, p.UID
	if podSensitive {
		if s.waitsForPods == nil {
			s.waitsForPods = map[key]string{}
		}
		s.waitsForPods[k] = uid
	}
	c.eng.backgroundAt(c.eng.now+unschedulableFlushTime, ActorScheduler, "flush unschedulable pod/", p.Name, func() {
		if c.stor.sched.parked[k] != uid {
			return
		}
		delete(c.stor.sched.parked, k)
		if cur := c.pod(k); cur != nil && cur.UID == uid && cur.Spec.NodeName == "" && !cur.Terminating() {
			s.podChanged(cur)
		}
	})
}

// retryParked sends every parked pod back to the active queue: a node
// changed, which may make room.
func (s *scheduler) retryParked() { s.requeue(true) }

// requeue sends the parked pods back to the active queue once per instant:
// all of them, or only those waiting for pods.
func (s *scheduler) requeue(all bool) {
	c := s.c
	if len(c.stor.sched.parked) == 0 || !all && len(s.waitsForPods) == 0 {
		return
	}
	at := c.eng.now + c.timing.WatchLatency
	if s.retryAt == at {
		s.retryAll = s.retryAll || all
		return
	}
	s.retryAt, s.retryAll = at, all
	c.eng.at(at, ActorScheduler, "retry unschedulable pods", "", func() {
		for _, k := range sortedKeys(c.stor.sched.parked) {
			uid := c.stor.sched.parked[k]
			if !s.retryAll && s.waitsForPods[k] != uid {
				continue
			}
			delete(c.stor.sched.parked, k)
			delete(s.waitsForPods, k)
			if p := c.pod(k); p != nil && p.UID == uid && p.Spec.NodeName == "" && !p.Terminating() {
				s.podChanged(p)
			}
		}
	})
}

// bindFailed handles a failed binding write: FailedScheduling, and another
// attempt after the pod's back-off (1 s doubling to 10 s).
func (s *scheduler) bindFailed(p *api.Pod, err error) {
	c := s.c
	c.podEventMsg(p.Namespace, p.Name, "Warning", "FailedScheduling", "default-scheduler", `running Bind plugin "DefaultBinder": `+err.Error())
	k, uid := key{p.Namespace, p.Name}, p.UID
	if s.attempts == nil {
		s.attempts = map[string]int{}
	}
	n := s.attempts[uid]
	s.attempts[uid] = n + 1
	d := min(bindBackoffInitial<<min(n, 10), bindBackoffMax)
	c.eng.after(d, ActorScheduler, "retry binding of pod/", p.Name, func() {
		if slot := c.pods[k]; slot != nil && slot.cur.UID == uid && slot.cur.Spec.NodeName == "" && !slot.cur.Terminating() {
			s.bind(slot)
		}
	})
}

// bound keeps the index of bound pods with required anti-affinity, and
// sends the pods waiting for pods back (pod affinity).
func (s *scheduler) bound(p *api.Pod) {
	delete(s.attempts, p.UID)
	s.requeue(false)
	if len(p.Spec.RequiredAntiAffinityTerms()) > 0 {
		if s.anti == nil {
			s.anti = map[key]string{}
		}
		s.anti[key{p.Namespace, p.Name}] = p.UID
	}
}

// gone forgets a removed pod and sends the pods waiting for pods back: the
// room it took may be what they wait for.
func (s *scheduler) gone(p *api.Pod) {
	delete(s.attempts, p.UID)
	k := key{p.Namespace, p.Name}
	if s.anti[k] == p.UID {
		delete(s.anti, k)
	}
	if s.waitsForPods[k] == p.UID {
		delete(s.waitsForPods, k)
	}
	if p.Spec.NodeName != "" {
		s.requeue(false)
	}
}
