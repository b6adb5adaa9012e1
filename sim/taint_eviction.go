package sim

import (
	"math"
	"slices"
	"strconv"
	"time"

	"github.com/stsim/stsim/api"
)

// The taint eviction controller (upstream: pkg/controller/tainteviction)
// and the DefaultTolerationSeconds admission plugin that gives every pod
// its 300 s of patience with a NotReady or unreachable node.

// defaultTolerationSeconds is --default-not-ready-toleration-seconds and
// --default-unreachable-toleration-seconds.
const defaultTolerationSeconds = 300

// podDisruptionTarget is the DisruptionTarget pod condition type.
const podDisruptionTarget = "DisruptionTarget"

// defaultTolerations are the admission plugin's two tolerations. The slice
// is shared by every pod that has no toleration of its own (objects are
// never modified in place; its capacity is its length, so an append
// copies).
var defaultTolerations = func() []api.Toleration {
	s := int64(defaultTolerationSeconds)
	t := []api.Toleration{
		{Key: api.TaintNodeNotReady, Operator: api.TolerationOpExists, Effect: api.TaintEffectNoExecute, TolerationSeconds: &s},
		{Key: api.TaintNodeUnreachable, Operator: api.TolerationOpExists, Effect: api.TaintEffectNoExecute, TolerationSeconds: &s},
	}
	return t[:2:2]
}()

// withDefaultTolerations is the DefaultTolerationSeconds admission plugin:
// a pod that does not tolerate the not-ready or unreachable NoExecute taint
// gets a toleration of it for 300 s.
func withDefaultTolerations(tols []api.Toleration) []api.Toleration {
	if len(tols) == 0 {
		return defaultTolerations
	}
	notReady, unreachable := false, false
	for _, t := range tols {
		noExec := t.Effect == api.TaintEffectNoExecute || t.Effect == ""
		notReady = notReady || noExec && (t.Key == api.TaintNodeNotReady || t.Key == "")
		unreachable = unreachable || noExec && (t.Key == api.TaintNodeUnreachable || t.Key == "")
	}
	if notReady && unreachable {
		return tols
	}
	out := slices.Clip(slices.Clone(tols))
	if !notReady {
		out = append(out, defaultTolerations[0])
	}
	if !unreachable {
		out = append(out, defaultTolerations[1])
	}
	return out
}

// admitTolerations is the admission hook of pod creation.
func admitTolerations(p *api.Pod) {
	p.Spec.Tolerations = withDefaultTolerations(p.Spec.Tolerations)
}

// eviction is one scheduled taint eviction.
type eviction struct {
	key       key
	uid, node string
	why       string
	cancelled bool
}

// noExecuteTaints returns the node's NoExecute taints.
func noExecuteTaints(n *api.Node) []api.Taint {
	if n == nil {
		return nil
	}
	var out []api.Taint
	for _, t := range n.Spec.Taints {
		if t.Effect == api.TaintEffectNoExecute {
			out = append(out, t)
		}
	}
	return out
}

// noExecuteChanged is the controller's node handler: every pod on the node
// is judged against its NoExecute taints.
func (l *nodeLifecycle) noExecuteChanged(name string) {
	c := l.c
	taints := noExecuteTaints(c.nodes[name])
	if len(taints) == 0 && !l.evictingOn(name) {
		return
	}
	for _, p := range c.podsOn(name) {
		l.processPod(p, taints)
	}
}

// evictingOn reports whether an eviction is scheduled for a pod of the node.
func (l *nodeLifecycle) evictingOn(node string) bool {
	for _, e := range l.evictions {
		if e.node == node {
			return true
		}
	}
	return false
}

// podBound is the controller's pod handler for a pod newly bound to a
// node, which may carry NoExecute taints the pod tolerates for a while.
func (l *nodeLifecycle) podBound(p *api.Pod) {
	if taints := noExecuteTaints(l.c.nodes[p.Spec.NodeName]); len(taints) > 0 {
		l.processPod(p, taints)
	}
}

// processPod is upstream's processPodOnNode: a pod that does not tolerate
// every NoExecute taint goes now; one that tolerates them goes when the
// shortest tolerationSeconds runs out (never without one).
func (l *nodeLifecycle) processPod(p *api.Pod, taints []api.Taint) {
	c := l.c
	if len(taints) == 0 {
		l.cancelEviction(p)
		return
	}
	used, untolerated := matchingTolerations(taints, p.Spec.Tolerations)
	if untolerated != nil {
		l.cancelEviction(p)
		l.scheduleEviction(p, c.eng.now, "taint "+untolerated.String()+" is not tolerated")
		return
	}
	d := minTolerationTime(used)
	if d < 0 {
		l.cancelEviction(p)
		return
	}
	if e := l.evictions[p.UID]; e != nil {
		return // the earlier schedule stands
	}
	why := "taint " + taints[0].String() + " tolerated for " + strconv.FormatInt(int64(d/time.Second), 10) + "s"
	l.scheduleEviction(p, c.eng.now+d, why)
}

// matchingTolerations returns, for every taint, the first toleration that
// tolerates it, or the first taint none tolerates (GetMatchingTolerations).
func matchingTolerations(taints []api.Taint, tols []api.Toleration) ([]api.Toleration, *api.Taint) {
	var used []api.Toleration
	for i := range taints {
		j := slices.IndexFunc(tols, func(t api.Toleration) bool { return t.ToleratesTaint(&taints[i]) })
		if j < 0 {
			return nil, &taints[i]
		}
		used = append(used, tols[j])
	}
	return used, nil
}

// minTolerationTime is the shortest tolerationSeconds, 0 for none given,
// -1 when all tolerate forever (getMinTolerationTime).
func minTolerationTime(tols []api.Toleration) time.Duration {
	if len(tols) == 0 {
		return 0
	}
	m := int64(math.MaxInt64)
	for _, t := range tols {
		if t.TolerationSeconds == nil {
			continue
		}
		if *t.TolerationSeconds <= 0 {
			return 0
		}
		m = min(m, *t.TolerationSeconds)
	}
	if m == math.MaxInt64 {
		return -1
	}
	return time.Duration(m) * time.Second
}

func (l *nodeLifecycle) scheduleEviction(p *api.Pod, at time.Duration, why string) {
	e := &eviction{key: key{p.Namespace, p.Name}, uid: p.UID, node: p.Spec.NodeName, why: why}
	l.evictions[p.UID] = e
	l.c.eng.at(at, ActorNodeLifecycle, "evict pod/", p.Name, func() { l.evict(e) })
}

// cancelEviction drops a scheduled eviction, with upstream's event.
func (l *nodeLifecycle) cancelEviction(p *api.Pod) {
	e := l.evictions[p.UID]
	if e == nil {
		return
	}
	e.cancelled = true
	delete(l.evictions, p.UID)
	l.c.event(p.Namespace, p.Name, evTaintEvictCancel, p.Namespace+"/"+p.Name)
}

// evict is upstream's deletePodHandler: the DisruptionTarget condition,
// then a graceful delete. On an unreachable node nobody finishes it.
func (l *nodeLifecycle) evict(e *eviction) {
	if e.cancelled || l.evictions[e.uid] != e {
		return
	}
	delete(l.evictions, e.uid)
	c := l.c
	p := c.pod(e.key)
	if p == nil || p.UID != e.uid {
		return
	}
	c.event(p.Namespace, p.Name, evTaintEviction, p.Namespace+"/"+p.Name)
	if cond := p.Status.Condition(podDisruptionTarget); cond == nil || cond.Status != api.ConditionTrue {
		n := *p
		n.Status.Conditions = append(slices.Clone(p.Status.Conditions), api.PodCondition{Type: podDisruptionTarget, Status: api.ConditionTrue,
			LastTransitionTime: c.eng.now, Reason: "DeletionByTaintManager", Message: "Taint manager: deleting due to NoExecute taint"})
		c.writePod(&n, Event{Actor: ActorNodeLifecycle, Verb: VerbStatus, Reason: "DisruptionTarget=True (DeletionByTaintManager): Taint manager: deleting due to NoExecute taint"})
	}
	_ = c.deletePod(e.key.ns, e.key.name, e.uid, DeleteOptions{}, ActorNodeLifecycle, "evicted: "+e.why)
	l.gcTerminatingLater()
}
