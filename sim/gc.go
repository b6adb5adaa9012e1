package sim

import (
	"maps"
	"slices"

	"github.com/stsim/stsim/api"
	"github.com/stsim/stsim/sts"
)

// Cascade is kubectl delete's --cascade.
type Cascade string

// The deletion propagation policies.
const (
	// Background removes the owner at once; the garbage collector then
	// deletes its dependents (the default for a StatefulSet).
	Background Cascade = "background"
	// Foreground keeps the owner, terminating, until the garbage
	// collector has deleted every dependent that blocks owner deletion.
	Foreground Cascade = "foreground"
	// Orphan removes the owner and strips the dependents' owner references.
	Orphan Cascade = "orphan"
)

// Finalizers the garbage collector handles.
const (
	finalizerForeground = "foregroundDeletion"
	finalizerOrphan     = "orphan"
)

// deleteSet starts the deletion of a StatefulSet with a propagation policy.
func (c *Cluster) deleteSet(set *sts.StatefulSet, cascade Cascade, actor string) {
	switch cascade {
	case Orphan:
		c.eng.after(c.timing.WatchLatency, ActorGarbageCollector, "orphan dependents of statefulset/", set.Name, func() {
			c.orphanDependents(set.UID)
		})
		c.removeSet(set, actor, "deleted with --cascade=orphan: pods are kept")
	case Foreground:
		n := *set
		now := c.eng.now
		n.DeletionTimestamp = &now
		n.Finalizers = append(slices.Clone(set.Finalizers), finalizerForeground)
		c.writeSet(&n, Event{Actor: actor, Verb: VerbDelete, Reason: "foreground deletion: dependents go first"})
		c.eng.after(c.timing.WatchLatency, ActorGarbageCollector, "delete dependents of statefulset/", set.Name, func() {
			c.deleteDependents(set.UID)
			c.gcDependentGone([]api.OwnerReference{{UID: set.UID}})
		})
	default:
		c.removeSet(set, actor, "deleted (background cascade)")
		c.eng.after(c.timing.WatchLatency, ActorGarbageCollector, "delete dependents of statefulset/", set.Name, func() {
			c.deleteDependents(set.UID)
		})
	}
}

// deleteDependents deletes every object whose controller is owner.
func (c *Cluster) deleteDependents(owner string) {
	for _, k := range slices.SortedFunc(maps.Keys(c.pods), keyLess) {
		if p := c.pod(k); ownedBy(p.OwnerReferences, owner) && !p.Terminating() {
			_ = c.deletePod(k.ns, k.name, p.UID, DeleteOptions{}, ActorGarbageCollector, "owner StatefulSet "+ownerName(p.OwnerReferences, owner)+" was deleted")
		}
	}
	for _, k := range slices.SortedFunc(maps.Keys(c.revisions), keyLess) {
		if r := c.revisions[k]; ownedBy(r.OwnerReferences, owner) {
			c.removeRevision(r, ActorGarbageCollector, "owner StatefulSet "+ownerName(r.OwnerReferences, owner)+" was deleted")
		}
	}
	c.gcClaims(owner)
}

// orphanDependents strips owner references to owner.
func (c *Cluster) orphanDependents(owner string) {
	for _, k := range slices.SortedFunc(maps.Keys(c.pods), keyLess) {
		p := c.pod(k)
		if !ownedBy(p.OwnerReferences, owner) {
			continue
		}
		n := *p
		n.OwnerReferences = slices.DeleteFunc(slices.Clone(p.OwnerReferences), func(r api.OwnerReference) bool { return r.UID == owner })
		c.writePod(&n, Event{Actor: ActorGarbageCollector, Verb: VerbPatch, Reason: "orphaned: owner deleted with --cascade=orphan"})
	}
	for _, k := range slices.SortedFunc(maps.Keys(c.revisions), keyLess) {
		r := c.revisions[k]
		if ownedBy(r.OwnerReferences, owner) {
			n := *r
			n.OwnerReferences = slices.DeleteFunc(slices.Clone(r.OwnerReferences), func(o api.OwnerReference) bool { return o.UID == owner })
			c.writeRevision(&n, Event{Actor: ActorGarbageCollector, Verb: VerbPatch, Reason: "orphaned: owner deleted with --cascade=orphan"})
		}
	}
	c.orphanClaims(owner)
}

// gcDependentGone finishes a foreground deletion once its last blocking
// dependent is gone.
func (c *Cluster) gcDependentGone(refs []api.OwnerReference) {
	for _, set := range c.foregroundOwners(refs) {
		if !c.hasDependents(set.UID) {
			c.removeSet(set, ActorGarbageCollector, "foreground deletion finished: no dependents left")
		}
	}
}

// gcNewDependent deletes a dependent created while its owner is being
// deleted in the foreground (the StatefulSet controller still creates a
// revision on every sync of a deleting set, as upstream's does).
func (c *Cluster) gcNewDependent(refs []api.OwnerReference) {
	for _, set := range c.foregroundOwners(refs) {
		c.eng.after(c.timing.WatchLatency, ActorGarbageCollector, "delete dependents of statefulset/", set.Name, func() {
			c.deleteDependents(set.UID)
			c.gcDependentGone([]api.OwnerReference{{UID: set.UID}})
		})
	}
}

// foregroundOwners returns the sets among refs being deleted in the
// foreground.
func (c *Cluster) foregroundOwners(refs []api.OwnerReference) []*sts.StatefulSet {
	var out []*sts.StatefulSet
	for _, ref := range refs {
		st := c.ctrl.byUID[ref.UID]
		if st == nil {
			continue
		}
		if set := c.sets[st.key]; set != nil && set.UID == ref.UID && slices.Contains(set.Finalizers, finalizerForeground) {
			out = append(out, set)
		}
	}
	return out
}

func (c *Cluster) hasDependents(owner string) bool {
	for _, slot := range c.pods {
		p := slot.cur
		if ownedBy(p.OwnerReferences, owner) {
			return true
		}
	}
	for _, r := range c.revisions {
		if ownedBy(r.OwnerReferences, owner) {
			return true
		}
	}
	return c.hasDependentClaims(owner)
}

func ownedBy(refs []api.OwnerReference, uid string) bool {
	return slices.ContainsFunc(refs, func(r api.OwnerReference) bool { return r.UID == uid })
}

func ownerName(refs []api.OwnerReference, uid string) string {
	for _, r := range refs {
		if r.UID == uid {
			return r.Name
		}
	}
	return ""
}
