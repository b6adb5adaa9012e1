package sim

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/stsim/stsim/api"
	"github.com/stsim/stsim/storage"
)

// volumeScheduling is kube-scheduler's volume steps for pods with claims:
// VolumeBinding (PreFilter: claims missing, being deleted, lost or unbound
// Immediate; Filter: bound volumes' node affinity, a static match or a
// provisioner for WaitForFirstConsumer claims; PreBind: bind static
// volumes or set selected-node, then wait until every claim is bound) and
// VolumeRestrictions (ReadWriteOncePod). Pods that cannot be scheduled for
// a volume reason are parked and retried when one of their claims changes
// (upstream re-queues on PVC/PV events).
type volumeScheduling struct {
	c       *Cluster
	parked  map[key]string    // pod → UID
	binding map[key]*bindWait // pods in PreBind
}

type bindWait struct {
	uid, node string
}

func (v *volumeScheduling) init(c *Cluster) {
	v.c = c
	v.parked = map[key]string{}
	v.binding = map[key]*bindWait{}
}

// Scheduler reasons (upstream: volumebinding binder.go,
// volumerestrictions, framework types.go FitError, defaultpreemption).
const (
	reasonUnboundImmediate = "pod has unbound immediate PersistentVolumeClaims"
	reasonNodeConflict     = "node(s) didn't match PersistentVolume's node affinity"
	reasonBindConflict     = "node(s) didn't find available persistent volumes to bind"
	reasonRWOPConflict     = "node(s) unavailable due to PersistentVolumeClaim with ReadWriteOncePod access mode already in-use by another pod"
	reasonUnschedulable    = "node(s) were unschedulable"
	preemptNotHelpful      = "Preemption is not helpful for scheduling"
	preemptNoVictims       = "No preemption victims found for incoming pod"
)

func hasClaims(p *api.Pod) bool {
	for range podClaims(p) {
		return true
	}
	return false
}

// fullyBound is the scheduler's isPVCFullyBound.
func fullyBound(pvc *storage.PersistentVolumeClaim) bool {
	_, done := pvc.Annotations[storage.AnnBindCompleted]
	return pvc.Spec.VolumeName != "" && done
}

// delayBinding reports whether the claim's class is WaitForFirstConsumer.
func (c *Cluster) delayBinding(pvc *storage.PersistentVolumeClaim) bool {
	sc := c.stor.classes[storage.ClaimClass(pvc)]
	return sc != nil && sc.BindingMode() == storage.BindingWaitForFirstConsumer
}

// volumesPreFilter runs before the scheduler picks a node: it returns false
// (and reports FailedScheduling, once per change of message) when the pod's
// claims keep it from every node (VolumeBinding's PreFilter).
func (c *Cluster) volumesPreFilter(p *api.Pod) bool {
	if !hasClaims(p) {
		return true
	}
	k := key{p.Namespace, p.Name}
	if c.stor.sched.parked[k] == p.UID {
		return false // waiting for a claim to change
	}
	n := len(c.nodeNames)
	unbound := false
	for name := range podClaims(p) {
		pvc := c.claims[claimKey(p.Namespace, name)]
		var msg string
		switch {
		case pvc == nil:
			msg = fmt.Sprintf("persistentvolumeclaim %q not found", name)
		case pvc.Terminating():
			msg = fmt.Sprintf("persistentvolumeclaim %q is being deleted", name)
		case pvc.Status.Phase == storage.ClaimLost:
			msg = fmt.Sprintf("persistentvolumeclaim %q bound to non-existent persistentvolume %q", name, pvc.Spec.VolumeName)
		case !fullyBound(pvc) && !c.delayBinding(pvc):
			unbound = true
		}
		if msg != "" {
			c.unschedulable(p, preFilterMessage(n, msg))
			return false
		}
	}
	if unbound {
		c.unschedulable(p, preFilterMessage(n, reasonUnboundImmediate))
		return false
	}
	return true // the Filter part runs with the other filters (sched_filters.go)
}

// preFilterMessage is FitError.Error for a PreFilter rejection.
func preFilterMessage(n int, msg string) string {
	return fmt.Sprintf("0/%d nodes are available: %s. preemption: 0/%d nodes are available: %d %s.", n, msg, n, n, preemptNotHelpful)
}

// histogram prints "<count> <reason>" entries sorted, comma-separated.
func histogram(m map[string]int) string {
	var out []string
	for r, n := range m {
		out = append(out, strconv.Itoa(n)+" "+r)
	}
	slices.Sort(out)
	return strings.Join(out, ", ")
}

// rwopConflict reports whether a ReadWriteOncePod claim of the pod is used
// by another scheduled, non-terminated pod (upstream: VolumeRestrictions
// satisfyReadWriteOncePod).
func (c *Cluster) rwopConflict(p *api.Pod) bool {
	for name := range podClaims(p) {
		k := claimKey(p.Namespace, name)
		pvc := c.claims[k]
		if pvc == nil || !slices.Contains(pvc.Spec.AccessModes, storage.ReadWriteOncePod) {
			continue
		}
		for _, o := range c.podsUsing(k) {
			if o.UID != p.UID && o.Spec.NodeName != "" && !podTerminated(o) {
				return true
			}
		}
	}
	return false
}

// volumeFitReason is the VolumeBinding Filter for one node: why the pod's
// volumes do not fit it, or "".
func (c *Cluster) volumeFitReason(p *api.Pod, node string) string {
	labels := c.nodes[node].Labels
	for name := range podClaims(p) {
		pvc := c.claims[claimKey(p.Namespace, name)]
		if pvc == nil {
			return reasonBindConflict
		}
		if fullyBound(pvc) {
			v := c.stor.volumes[pvc.Spec.VolumeName]
			if v == nil {
				return "node(s) unavailable due to one or more pvc(s) bound to non-existent pv(s)"
			}
			if !storage.MatchesNode(v, labels) {
				return reasonNodeConflict
			}
			continue
		}
		if c.staticMatch(pvc, labels) != nil {
			continue
		}
		if sc := c.stor.classes[storage.ClaimClass(pvc)]; sc == nil || sc.Provisioner == "" || sc.Provisioner == storage.NoProvisioner {
			return reasonBindConflict
		}
	}
	return ""
}

// staticMatch is the scheduler's FindMatchingVolume for a node, or nil. A
// volume already pre-bound to the claim counts.
func (c *Cluster) staticMatch(pvc *storage.PersistentVolumeClaim, labels map[string]string) *storage.PersistentVolume {
	cands := binderView{c}.Candidates(pvc)
	slices.SortFunc(cands, func(a, b *storage.PersistentVolume) int { return strings.Compare(a.Name, b.Name) })
	return storage.FindMatchingVolume(pvc, cands, labels, true)
}

// volumesPreBind runs once the scheduler has chosen node: when every claim
// is bound it returns true; otherwise it binds the static volumes it
// matched or asks for provisioning on node (selected-node), waits for the
// claims to be bound and returns false; the pod is scheduled again when
// they are (upstream: VolumeBinding PreBind → BindPodVolumes).
func (c *Cluster) volumesPreBind(p *api.Pod, node string) bool {
	if !hasClaims(p) {
		return true
	}
	s := &c.stor.sched
	k := key{p.Namespace, p.Name}
	pending := false
	for name := range podClaims(p) {
		pvc := c.claims[claimKey(p.Namespace, name)]
		if pvc == nil || fullyBound(pvc) {
			continue
		}
		pending = true
		if w := s.binding[k]; w != nil && w.uid == p.UID {
			continue // asked already
		}
		if v := c.staticMatch(pvc, c.nodes[node].Labels); v != nil {
			if !storage.BoundTo(v, pvc) || v.Spec.ClaimRef.UID == "" {
				n := *v
				n.Annotations = maps.Clone(v.Annotations)
				if n.Annotations == nil {
					n.Annotations = map[string]string{}
				}
				if !storage.BoundTo(v, pvc) {
					n.Annotations[storage.AnnBoundByController] = "yes"
				}
				n.Spec.ClaimRef = &storage.ClaimRef{Kind: "PersistentVolumeClaim", Namespace: pvc.Namespace, Name: pvc.Name,
					UID: pvc.UID, APIVersion: "v1", ResourceVersion: pvc.ResourceVersion}
				c.writeVolume(&n, Event{Actor: ActorScheduler, Verb: VerbUpdate, Reason: "bind to claim " + pvc.Namespace + "/" + pvc.Name + " for pod " + p.Name})
			}
			continue
		}
		if pvc.Annotations[storage.AnnSelectedNode] != node {
			n := *pvc
			n.Annotations = maps.Clone(pvc.Annotations)
			if n.Annotations == nil {
				n.Annotations = map[string]string{}
			}
			n.Annotations[storage.AnnSelectedNode] = node
			c.writeClaim(&n, Event{Actor: ActorScheduler, Verb: VerbUpdate, Reason: "selected node " + node + " for pod " + p.Name + ": provision the volume there"})
		}
	}
	if !pending {
		delete(s.binding, k)
		return true
	}
	if w := s.binding[k]; w == nil || w.uid != p.UID {
		s.binding[k] = &bindWait{uid: p.UID, node: node}
		uid := p.UID
		c.eng.backgroundAt(c.eng.now+bindTimeout, ActorScheduler, "volume binding timeout of pod/", p.Name, func() {
			if w := s.binding[k]; w != nil && w.uid == uid {
				delete(s.binding, k)
				if cur := c.pod(k); cur != nil && cur.UID == uid && cur.Spec.NodeName == "" {
					c.podEventMsg(k.ns, k.name, "Warning", "FailedScheduling", "default-scheduler",
						`running PreBind plugin "VolumeBinding": binding volumes: context deadline exceeded`)
					c.sched.podChanged(cur)
				}
			}
		})
	}
	return false
}

// unschedulable reports a FailedScheduling event, sets PodScheduled=False
// (reason Unschedulable) when the message changed, and parks the pod until
// one of its claims changes.
func (c *Cluster) unschedulable(p *api.Pod, msg string) {
	k := key{p.Namespace, p.Name}
	c.stor.sched.parked[k] = p.UID
	c.podEventMsg(p.Namespace, p.Name, "Warning", "FailedScheduling", "default-scheduler", msg)
	if cond := p.Status.Condition(api.PodScheduled); cond != nil && cond.Status == api.ConditionFalse && cond.Message == msg {
		return
	}
	n := *p
	n.Status.Conditions = []api.PodCondition{{Type: api.PodScheduled, Status: api.ConditionFalse, LastTransitionTime: c.eng.now,
		Reason: "Unschedulable", Message: msg}}
	c.writePod(&n, Event{Actor: ActorScheduler, Verb: VerbStatus, Reason: "Unschedulable: " + msg})
}

// claimChanged retries the parked and binding pods that use the claim.
func (v *volumeScheduling) claimChanged(k key) {
	c := v.c
	for _, p := range c.podsUsing(k) {
		pk := key{p.Namespace, p.Name}
		parked := v.parked[pk] == p.UID
		w := v.binding[pk]
		if !parked && (w == nil || w.uid != p.UID) {
			continue
		}
		if parked {
			delete(v.parked, pk)
		}
		if p.Spec.NodeName == "" && !p.Terminating() {
			c.sched.podChanged(p)
		}
	}
}

// podGone forgets a removed pod.
func (v *volumeScheduling) podGone(p *api.Pod) {
	k := key{p.Namespace, p.Name}
	if v.parked[k] == p.UID {
		delete(v.parked, k)
	}
	if w := v.binding[k]; w != nil && w.uid == p.UID {
		delete(v.binding, k)
	}
}
