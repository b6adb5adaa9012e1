package sim

import (
	"maps"
	"slices"

	"github.com/stsim/stsim/api"
	"github.com/stsim/stsim/storage"
	"github.com/stsim/stsim/sts"
)

// Store writes of the storage objects and the watches they feed. Claims are
// written by store.go's writeClaim, which calls admitClaim before and
// claimWritten after storing.

// admitClaim is the API server's admission of a new claim: the default
// StorageClass when the claim names none (DefaultStorageClass admission),
// the pvc-protection finalizer (StorageObjectInUseProtection), volumeMode
// Filesystem and phase Pending (defaulting). Updates pass unchanged.
func (c *Cluster) admitClaim(pvc *storage.PersistentVolumeClaim) {
	if cur := c.claims[key{pvc.Namespace, pvc.Name}]; cur != nil && cur.UID == pvc.UID {
		return
	}
	if !storage.ClaimHasClass(pvc) {
		if def := storage.DefaultClass(c.StorageClasses()); def != nil {
			pvc.Spec.StorageClassName = new(def.Name)
		}
	}
	if !slices.Contains(pvc.Finalizers, storage.FinalizerPVCProtection) {
		pvc.Finalizers = append(slices.Clone(pvc.Finalizers), storage.FinalizerPVCProtection)
	}
	storage.DefaultClaim(pvc)
	if pvc.Status.Phase == "" {
		pvc.Status.Phase = storage.ClaimPending
	}
}

// claimWritten tells the watchers of claims about a write.
func (c *Cluster) claimWritten(pvc *storage.PersistentVolumeClaim) {
	c.trackOwners(pvc)
	c.notifyClaim(pvc, false)
}

// removeClaim deletes a claim from the store.
func (c *Cluster) removeClaim(pvc *storage.PersistentVolumeClaim, actor, reason string) {
	k := key{pvc.Namespace, pvc.Name}
	if cur := c.claims[k]; cur == nil || cur.UID != pvc.UID {
		return
	}
	delete(c.claims, k)
	c.nextRV()
	c.record(Event{Actor: actor, Verb: VerbRemove, Kind: "PersistentVolumeClaim", Name: pvc.Name, Namespace: pvc.Namespace, Reason: reason})
	c.notifyClaim(pvc, true)
	c.gcDependentGone(pvc.OwnerReferences)
}

// notifyClaim delivers a claim change: at once to the StatefulSet
// controller's index (whose claim lister is the store), after the watch
// latency to the storage actors.
func (c *Cluster) notifyClaim(pvc *storage.PersistentVolumeClaim, removed bool) {
	c.ctrl.claimChanged(pvc, removed)
	k := key{pvc.Namespace, pvc.Name}
	c.eng.after(c.timing.WatchLatency, ActorPVController, "watch pvc/", pvc.Name, func() {
		c.stor.pvc.claimEvent(k, pvc, removed)
		c.provisionersSeeClaim(k)
		c.protectClaim(k)
		c.stor.sched.claimChanged(k)
		c.mountsClaimChanged(k)
	})
}

// claimChanged finds the StatefulSet a claim name belongs to
// (<template>-<set>-<ordinal>) and tells its index. Upstream's controller
// has no claim event handler; but a set whose last sync failed (typically
// "pvc … is being deleted") is retried as soon as one of its claims is
// gone, instead of at the end of its back-off, so that a run that waits for
// stability sees the outcome.
func (ct *controller) claimChanged(pvc *storage.PersistentVolumeClaim, removed bool) {
	name := pvc.Name
	_, ord := sts.ParseName(name)
	if ord < 0 || len(ct.byUID) == 0 {
		return
	}
	for i := 0; i < len(name); i++ {
		if name[i] != '-' {
			continue
		}
		parent, _ := sts.ParseName(name[i+1:])
		set := ct.c.sets[key{pvc.Namespace, parent}]
		if set == nil {
			continue
		}
		if st := ct.byUID[set.UID]; st != nil {
			st.idx.ClaimChanged(name)
			if removed {
				ct.c.eng.after(ct.c.timing.WatchLatency, ActorStatefulSet, "retry statefulset/", set.Name, func() { ct.enqueue(st) })
			}
		}
	}
}

// writeVolume stores a PersistentVolume and notifies the watchers.
func (c *Cluster) writeVolume(v *storage.PersistentVolume, e Event) {
	s := &c.stor
	if old := s.volumes[v.Name]; old != nil {
		s.unindexVolume(old)
	}
	v.ResourceVersion = c.nextRV()
	s.volumes[v.Name] = v
	s.indexVolume(v)
	e.Kind, e.Name = "PersistentVolume", v.Name
	c.record(e)
	c.notifyVolume(v)
}

// removeVolume deletes a PersistentVolume from the store; its contents stay
// where they are (deleting the object does not touch the storage).
func (c *Cluster) removeVolume(v *storage.PersistentVolume, actor, reason string) {
	s := &c.stor
	if cur := s.volumes[v.Name]; cur == nil || cur.UID != v.UID {
		return
	}
	s.unindexVolume(v)
	delete(s.volumes, v.Name)
	c.nextRV()
	c.record(Event{Actor: actor, Verb: VerbRemove, Kind: "PersistentVolume", Name: v.Name, Reason: reason})
	if r := v.Spec.ClaimRef; r != nil {
		k := key{r.Namespace, r.Name}
		c.eng.after(c.timing.WatchLatency, ActorPVController, "watch pv/", v.Name, func() { c.stor.pvc.syncClaimKey(k) })
	}
}

func (c *Cluster) notifyVolume(v *storage.PersistentVolume) {
	name := v.Name
	c.eng.after(c.timing.WatchLatency, ActorPVController, "watch pv/", name, func() {
		c.stor.pvc.syncVolumeName(name)
		c.provisionersSeeVolume(name)
		c.protectVolume(name)
	})
}

func (s *storageState) indexVolume(v *storage.PersistentVolume) {
	if r := v.Spec.ClaimRef; r == nil {
		s.unclaimed[v.Name] = true
	} else {
		k := key{r.Namespace, r.Name}
		if s.byRef[k] == nil {
			s.byRef[k] = map[string]bool{}
		}
		s.byRef[k][v.Name] = true
	}
}

func (s *storageState) unindexVolume(v *storage.PersistentVolume) {
	delete(s.unclaimed, v.Name)
	if r := v.Spec.ClaimRef; r != nil {
		k := key{r.Namespace, r.Name}
		delete(s.byRef[k], v.Name)
		if len(s.byRef[k]) == 0 {
			delete(s.byRef, k)
		}
	}
}

// writeClass stores a StorageClass.
func (c *Cluster) writeClass(sc *storage.StorageClass, e Event) {
	sc.ResourceVersion = c.nextRV()
	c.stor.classes[sc.Name] = sc
	e.Kind, e.Name = "StorageClass", sc.Name
	c.record(e)
	// Claims waiting for a class (ProvisioningFailed: not found) retry.
	c.eng.after(c.timing.WatchLatency, ActorPVController, "watch storageclass/", sc.Name, c.stor.pvc.syncPending)
}

// podClaimsChanged keeps the pods-by-claim index and tells the storage
// actors that care about pods (pvc-protection, the PV controller's
// WaitForPodScheduled) when a pod using claims changes.
func (c *Cluster) podClaimsChanged(p *api.Pod, removed bool) {
	s := &c.stor
	for name := range podClaims(p) {
		k := claimKey(p.Namespace, name)
		if removed {
			delete(s.podsByClaim[k], p.Name)
			if len(s.podsByClaim[k]) == 0 {
				delete(s.podsByClaim, k)
			}
		} else {
			if s.podsByClaim[k] == nil {
				s.podsByClaim[k] = map[string]bool{}
			}
			s.podsByClaim[k][p.Name] = true
		}
		if cur := c.claims[k]; cur != nil && cur.Terminating() {
			c.eng.after(c.timing.WatchLatency, ActorPVController, "watch pod/", p.Name, func() { c.protectClaim(k) })
		}
	}
}

// podsUsing returns the pods that use the claim, sorted by name.
func (c *Cluster) podsUsing(k key) []*api.Pod {
	var out []*api.Pod
	for _, name := range slices.Sorted(maps.Keys(c.stor.podsByClaim[k])) {
		if p := c.pod(key{k.ns, name}); p != nil {
			out = append(out, p)
		}
	}
	return out
}
