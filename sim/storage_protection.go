package sim

import (
	"slices"

	"github.com/stsim/stsim/api"
	"github.com/stsim/stsim/storage"
)

// deleteClaim starts the deletion of a claim: with finalizers it becomes
// Terminating and the pvc-protection controller finishes it; without, it
// goes at once.
func (c *Cluster) deleteClaim(pvc *storage.PersistentVolumeClaim, actor, reason string) {
	if pvc.Terminating() {
		return
	}
	if len(pvc.Finalizers) == 0 {
		c.removeClaim(pvc, actor, reason)
		return
	}
	n := *pvc
	now := c.eng.now
	n.DeletionTimestamp = &now
	c.writeClaim(&n, Event{Actor: actor, Verb: VerbDelete, Reason: reason})
}

// protectClaim is the pvc-protection controller for one claim: a
// Terminating claim keeps kubernetes.io/pvc-protection while a scheduled pod
// of its namespace (in any phase) uses it, then goes (upstream:
// pvc_protection_controller.go processPVC, podUsesPVCForDeletion). It acts
// as the persistentvolume-controller in the trace.
func (c *Cluster) protectClaim(k key) {
	pvc := c.claims[k]
	if pvc == nil || !pvc.Terminating() {
		return
	}
	if slices.Contains(pvc.Finalizers, storage.FinalizerPVCProtection) {
		for _, p := range c.podsUsing(k) {
			if p.Spec.NodeName != "" {
				return
			}
		}
	}
	rest := slices.DeleteFunc(slices.Clone(pvc.Finalizers), func(f string) bool { return f == storage.FinalizerPVCProtection })
	if len(rest) > 0 {
		if len(rest) != len(pvc.Finalizers) {
			n := *pvc
			n.Finalizers = rest
			c.writeClaim(&n, Event{Actor: ActorPVController, Verb: VerbUpdate, Reason: "kubernetes.io/pvc-protection: no pod uses the claim"})
		}
		return
	}
	c.removeClaim(pvc, ActorPVController, "kubernetes.io/pvc-protection: no pod uses the claim")
}

// storagePodRemoved is the storage side of a pod leaving the store.
func (c *Cluster) storagePodRemoved(p *api.Pod) {
	delete(c.stor.mounts, p.UID)
	c.stor.sched.podGone(p)
	c.podClaimsChanged(p, true)
	// A pod that used a claim frees it for pods waiting on ReadWriteOncePod
	// (upstream: VolumeRestrictions re-queues on such pod deletions).
	for name := range podClaims(p) {
		k := claimKey(p.Namespace, name)
		c.eng.after(c.timing.WatchLatency, ActorScheduler, "watch pod/", p.Name, func() { c.stor.sched.claimChanged(k) })
	}
	if len(c.stor.ownedClaims[p.UID]) > 0 {
		uid := p.UID
		c.eng.after(c.timing.WatchLatency, ActorGarbageCollector, "collect claims of pod/", p.Name, func() { c.gcClaims(uid) })
	}
}
