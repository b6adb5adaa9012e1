package sim

import (
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/stsim/stsim/api"
	"github.com/stsim/stsim/sts"
)

// DeleteOptions are kubectl delete's options for a pod.
type DeleteOptions struct {
	// GracePeriodSeconds overrides the pod's terminationGracePeriodSeconds.
	GracePeriodSeconds *int64
	// Force removes the API object at once (with a zero grace period);
	// the kubelet still stops the containers.
	Force bool
}

// admitPod is the API server's validation of a new pod, for the rules a
// StatefulSet can break: the pod name is used as hostname (a DNS-1123
// label) and as label values, each at most 63 characters (pain point
// #64023). It also rejects a name that is taken.
func (c *Cluster) admitPod(p *api.Pod) error {
	admitTolerations(p) // the DefaultTolerationSeconds admission plugin (taint_eviction.go)
	if c.pod(key{p.Namespace, p.Name}) != nil {
		return api.NewAlreadyExists("pods", "", p.Name)
	}
	if _, ok := c.namespaces[p.Namespace]; !ok {
		return api.NewNotFound("namespaces", "", p.Namespace)
	}
	if plainLabel(p.Name) && plainLabel(p.Spec.Hostname) && plainLabels(p.Labels) {
		return nil // the common case, without the regular expressions
	}
	errs := sts.PodCreateErrors(p)
	if len(errs) > 0 {
		return api.NewInvalid("Pod", "", p.Name, errs)
	}
	return nil
}

// plainLabel reports whether s is a DNS-1123 label: [a-z0-9]([-a-z0-9]*[a-z0-9])?
// of at most 63 characters (the empty string passes: no hostname).
func plainLabel(s string) bool {
	if len(s) > 63 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		alnum := c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
		if !alnum && (c != '-' || i == 0 || i == len(s)-1) {
			return false
		}
	}
	return true
}

// plainLabels reports whether every label is plainly valid, without the
// regular expressions of the full rules.
func plainLabels(m map[string]string) bool {
	for k, v := range m {
		if !api.PlainLabelKey(k) || !api.PlainLabelValue(v) {
			return false
		}
	}
	return true
}

// deletePod starts the deletion of a pod (upstream: the API server's
// graceful deletion). uid, when non-empty, is a precondition.
func (c *Cluster) deletePod(ns, name, uid string, opts DeleteOptions, actor, reason string) error {
	cur := c.pod(key{ns, name})
	if cur == nil || uid != "" && cur.UID != uid {
		return api.NewNotFound("pods", "", name)
	}
	grace := int64(30)
	if g := cur.Spec.TerminationGracePeriodSeconds; g != nil {
		grace = *g
	}
	if opts.GracePeriodSeconds != nil {
		grace = *opts.GracePeriodSeconds
	}
	if opts.Force {
		grace = 0
	}
	if cur.Terminating() && (cur.DeletionGracePeriodSeconds == nil || *cur.DeletionGracePeriodSeconds <= grace) && grace != 0 {
		return nil // already terminating with a shorter grace period
	}
	// An unscheduled pod, or a forced delete, is removed at once.
	if grace == 0 || cur.Spec.NodeName == "" {
		if grace == 0 && cur.Spec.NodeName != "" {
			c.kubelet.forceDeleted(cur)
		}
		c.removePod(cur, actor, reason)
		return nil
	}
	p := *cur
	now := c.eng.now
	p.DeletionTimestamp = &now
	p.DeletionGracePeriodSeconds = &grace
	c.writePod(&p, Event{Actor: actor, Verb: VerbDelete, Reason: reason})
	return nil
}

// claimPods adopts matching orphans and releases pods that no longer match
// (upstream: getPodsForStatefulSet → ClaimPods).
func (ct *controller) claimPods(st *setState, set *sts.StatefulSet) {
	c := ct.c
	if set.DeletionTimestamp != nil {
		return
	}
	if len(st.adopt)+len(st.release) == 0 {
		return
	}
	for _, name := range slices.Sorted(maps.Keys(st.adopt)) {
		delete(st.adopt, name)
		p := c.pod(key{set.Namespace, name})
		if p == nil || p.ControllerRef() != nil || p.Terminating() || !matches(set, p) {
			continue
		}
		n := *p
		n.OwnerReferences = append(slices.Clone(p.OwnerReferences), sts.ControllerRef(set))
		c.writePod(&n, Event{Actor: ActorStatefulSet, Verb: VerbPatch, Reason: "adopt orphan pod into StatefulSet " + set.Name})
		st.lastWrite = c.rv
		st.idx.Put(&n) // upstream's ClaimPods returns the pods it adopts for this sync
	}
	for _, name := range slices.Sorted(maps.Keys(st.release)) {
		delete(st.release, name)
		p := c.pod(key{set.Namespace, name})
		if p == nil || p.ControllerRef() == nil || p.ControllerRef().UID != set.UID || matches(set, p) {
			continue
		}
		n := *p
		n.OwnerReferences = slices.DeleteFunc(slices.Clone(p.OwnerReferences), func(r api.OwnerReference) bool { return r.UID == set.UID })
		c.writePod(&n, Event{Actor: ActorStatefulSet, Verb: VerbPatch, Reason: "release pod: it no longer matches the selector of StatefulSet " + set.Name})
		st.lastWrite = c.rv
	}
}

// matches is upstream's claim predicate: selector matches and the name's
// parent is the set (isMemberOf).
func matches(set *sts.StatefulSet, p *api.Pod) bool {
	parent, _ := sts.ParseName(p.Name)
	return parent == set.Name && set.Spec.Selector.Matches(p.Labels)
}

// offerOrphan queues an orphan pod for adoption by the sets that match it.
func (ct *controller) offerOrphan(p *api.Pod) {
	for _, st := range ct.sortedStates() {
		set := ct.c.sets[st.key]
		if set != nil && set.Namespace == p.Namespace && matches(set, p) {
			st.adopt[p.Name] = true
			ct.enqueue(st)
		}
	}
}

// findOrphans offers existing orphans to a new set.
func (ct *controller) findOrphans(st *setState, set *sts.StatefulSet) {
	for _, k := range slices.SortedFunc(maps.Keys(ct.c.pods), keyLess) {
		p := ct.c.pod(k)
		if k.ns == set.Namespace && p.ControllerRef() == nil && matches(set, p) {
			st.adopt[p.Name] = true
		}
	}
}

func (ct *controller) sortedStates() []*setState {
	out := slices.Collect(maps.Values(ct.byUID))
	slices.SortFunc(out, func(a, b *setState) int { return keyLess(a.key, b.key) })
	return out
}

// describeDuration prints a duration as kubectl's event messages do.
func describeDuration(d time.Duration) string {
	return fmt.Sprintf("%.3fs", d.Seconds())
}
