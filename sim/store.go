package sim

import (
	"github.com/stsim/stsim/api"
	"github.com/stsim/stsim/storage"
	"github.com/stsim/stsim/sts"
)

// The store writes below are the API server: each gives the object a new
// resourceVersion, records one trace event and tells the watchers, who see
// the change after the watch latency.

// podSlot is the store's place for one pod object, from its create to its
// removal: a pod created again under the name gets a new slot. An actor
// that acts on a pod later (the scheduler's binding, the kubelet's steps)
// keeps its slot, which gives the pod's current version (nil once removed)
// without a lookup: at 100,000 pods a lookup in the store is a few cache
// misses, a slot one.
type podSlot struct {
	cur *api.Pod
	// uid is cur's UID, kept here so that a write checks it is the same
	// pod without reading the version it replaces (a cache miss at scale).
	uid string
	// rt is the kubelet's runtime of the pod, once it has one; it is
	// current while rt.pod is set (kubelet.podRemoved clears it).
	rt *container
}

// pod returns the stored pod with key k, or nil.
func (c *Cluster) pod(k key) *api.Pod {
	if s := c.pods[k]; s != nil {
		return s.cur
	}
	return nil
}

// writePod stores p (created or updated) and notifies watchers.
func (c *Cluster) writePod(p *api.Pod, e Event) {
	k := key{p.Namespace, p.Name}
	s := c.pods[k]
	if s == nil || s.uid != p.UID { // a slot holds one pod
		if s != nil {
			s.cur = nil // the pod it held is gone
		}
		s = &podSlot{uid: p.UID}
		c.pods[k] = s
	}
	c.writePodIn(s, p, e)
}

// writePodIn is writePod of the pod in slot s.
func (c *Cluster) writePodIn(s *podSlot, p *api.Pod, e Event) {
	p.ResourceVersion = c.nextRV()
	s.cur = p
	c.podClaimsChanged(p, false)
	e.Kind, e.Name, e.Namespace = "Pod", p.Name, p.Namespace
	c.record(e)
	c.ctrl.podChanged(p, false, e.Verb == VerbCreate)
	c.sched.podChangedIn(s, p)
	c.kubelet.podChangedIn(s, p)
	c.dns.ctrl.podChanged(p)
	c.workloadsReap(p) // workload_hooks.go
}

// removePod deletes p from the store.
func (c *Cluster) removePod(p *api.Pod, actor, reason string) {
	k := key{p.Namespace, p.Name}
	s := c.pods[k]
	if s == nil || s.uid != p.UID {
		return
	}
	s.cur = nil
	delete(c.pods, k)
	c.nextRV()
	c.record(Event{Actor: actor, Verb: VerbRemove, Kind: "Pod", Name: p.Name, Namespace: p.Namespace, Reason: reason})
	c.ctrl.podChanged(p, true, false)
	c.kubelet.podRemoved(p)
	c.workloadsReap(p) // workload_hooks.go
	c.sched.unbind(p)
	c.storagePodRemoved(p)
	c.dns.ctrl.podChanged(p)
	c.gcDependentGone(p.OwnerReferences)
}

// writeSet stores set and notifies the controller.
func (c *Cluster) writeSet(set *sts.StatefulSet, e Event) {
	set.ResourceVersion = c.nextRV()
	c.sets[key{set.Namespace, set.Name}] = set
	e.Kind, e.Name, e.Namespace = "StatefulSet", set.Name, set.Namespace
	c.record(e)
	c.ctrl.setChanged(set, false)
}

// removeSet deletes set from the store.
func (c *Cluster) removeSet(set *sts.StatefulSet, actor, reason string) {
	delete(c.sets, key{set.Namespace, set.Name})
	c.nextRV()
	c.record(Event{Actor: actor, Verb: VerbRemove, Kind: "StatefulSet", Name: set.Name, Namespace: set.Namespace, Reason: reason})
	c.ctrl.setChanged(set, true)
}

// writeRevision stores a ControllerRevision.
func (c *Cluster) writeRevision(r *sts.ControllerRevision, e Event) {
	r.ResourceVersion = c.nextRV()
	k := key{r.Namespace, r.Name}
	c.reindexRevision(c.revisions[k], r)
	c.revisions[k] = r
	e.Kind, e.Name, e.Namespace = "ControllerRevision", r.Name, r.Namespace
	c.record(e)
	c.gcNewDependent(r.OwnerReferences)
}

// removeRevision deletes a ControllerRevision.
func (c *Cluster) removeRevision(r *sts.ControllerRevision, actor, reason string) {
	k := key{r.Namespace, r.Name}
	c.reindexRevision(c.revisions[k], nil)
	delete(c.revisions, k)
	c.nextRV()
	c.record(Event{Actor: actor, Verb: VerbRemove, Kind: "ControllerRevision", Name: r.Name, Namespace: r.Namespace, Reason: reason})
	c.gcDependentGone(r.OwnerReferences)
}

// writeClaim stores a PersistentVolumeClaim.
func (c *Cluster) writeClaim(pvc *storage.PersistentVolumeClaim, e Event) {
	c.admitClaim(pvc)
	pvc.ResourceVersion = c.nextRV()
	c.claims[key{pvc.Namespace, pvc.Name}] = pvc
	e.Kind, e.Name, e.Namespace = "PersistentVolumeClaim", pvc.Name, pvc.Namespace
	c.record(e)
	c.claimWritten(pvc)
}

// claimsIn is the claim lister of one namespace, for the controller.
type claimsIn struct {
	c  *Cluster
	ns string
}

func (l claimsIn) Claim(name string) *storage.PersistentVolumeClaim {
	return l.c.claims[key{l.ns, name}]
}
