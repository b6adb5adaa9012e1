package sim

import (
	"maps"
	"slices"

	"github.com/stsim/stsim/storage"
)

// pvController is the persistentvolume-controller actor: it runs the pure
// binder (storage.SyncClaimPlan, storage.SyncVolumePlan) when a claim or a
// volume changes, and every 15 s for claims still Pending (upstream's
// resync re-emits their waiting events), and applies the plans.
type pvController struct {
	c        *Cluster
	resyncAt bool // a resync is scheduled
}

// claimEvent is the claim informer's handler: a written claim is synced; a
// removed one has its volume synced (upstream: deleteClaim enqueues
// spec.volumeName), and so have the volumes whose claimRef names it.
func (p *pvController) claimEvent(k key, pvc *storage.PersistentVolumeClaim, removed bool) {
	if !removed {
		p.syncClaimKey(k)
		return
	}
	names := slices.Sorted(maps.Keys(p.c.stor.byRef[k]))
	if pvc.Spec.VolumeName != "" && !slices.Contains(names, pvc.Spec.VolumeName) {
		names = append(names, pvc.Spec.VolumeName)
	}
	for _, n := range names {
		p.syncVolumeName(n)
	}
}

// syncClaimKey syncs the claim as stored now.
func (p *pvController) syncClaimKey(k key) {
	if pvc := p.c.claims[k]; pvc != nil {
		p.apply(storage.SyncClaimPlan(pvc, binderView{p.c}))
		if cur := p.c.claims[k]; cur != nil && cur.Status.Phase == storage.ClaimPending {
			p.scheduleResync()
		}
	}
}

// syncVolumeName syncs the volume as stored now.
func (p *pvController) syncVolumeName(name string) {
	if v := p.c.stor.volumes[name]; v != nil {
		p.apply(storage.SyncVolumePlan(v, binderView{p.c}))
	}
}

// scheduleResync arms the periodic resync. It is background work: a claim
// that cannot bind does not keep the cluster from being stable.
func (p *pvController) scheduleResync() {
	if p.resyncAt {
		return
	}
	p.resyncAt = true
	c := p.c
	c.eng.backgroundAt(c.eng.now+pvResync, ActorPVController, "resync", "", func() {
		p.resyncAt = false
		p.syncPending()
	})
}

// syncPending syncs every Pending claim, in namespace and name order.
func (p *pvController) syncPending() {
	for _, k := range slices.SortedFunc(maps.Keys(p.c.claims), keyLess) {
		if pvc := p.c.claims[k]; pvc != nil && pvc.Status.Phase == storage.ClaimPending {
			p.syncClaimKey(k)
		}
	}
}

// apply makes a plan's writes and records its events. Every write goes to
// the current object: the plan was made from the store at this instant.
func (p *pvController) apply(plan storage.Plan) {
	c := p.c
	for _, a := range plan.Actions {
		switch a.Op {
		case storage.WriteVolume, storage.WriteVolumeStatus:
			cur := c.stor.volumes[a.Volume.Name]
			if cur == nil || cur.UID != a.Volume.UID {
				return
			}
			verb := VerbUpdate
			if a.Op == storage.WriteVolumeStatus {
				verb = VerbStatus
			}
			n := *a.Volume
			c.writeVolume(&n, Event{Actor: ActorPVController, Verb: verb, Reason: a.Reason})
		case storage.WriteClaim, storage.WriteClaimStatus:
			k := key{a.Claim.Namespace, a.Claim.Name}
			cur := c.claims[k]
			if cur == nil || cur.UID != a.Claim.UID {
				return
			}
			verb := VerbUpdate
			if a.Op == storage.WriteClaimStatus {
				verb = VerbStatus
			}
			n := *a.Claim
			c.writeClaim(&n, Event{Actor: ActorPVController, Verb: verb, Reason: a.Reason})
		case storage.RecordEvent:
			c.storageEvent(a.Event, ActorPVController)
		case storage.SyncClaim:
			p.syncClaimKey(key{a.Claim.Namespace, a.Claim.Name})
		}
	}
}

// binderView is what the binder reads: the store as it is now.
type binderView struct{ c *Cluster }

func (b binderView) Class(name string) *storage.StorageClass { return b.c.stor.classes[name] }

func (b binderView) DefaultClass() *storage.StorageClass {
	return storage.DefaultClass(b.c.StorageClasses())
}

func (b binderView) Volume(name string) *storage.PersistentVolume { return b.c.stor.volumes[name] }

func (b binderView) Candidates(pvc *storage.PersistentVolumeClaim) []*storage.PersistentVolume {
	s := &b.c.stor
	out := make([]*storage.PersistentVolume, 0, len(s.unclaimed)+len(s.byRef[key{pvc.Namespace, pvc.Name}]))
	for n := range s.unclaimed {
		out = append(out, s.volumes[n])
	}
	for n := range s.byRef[key{pvc.Namespace, pvc.Name}] {
		out = append(out, s.volumes[n])
	}
	return out
}

func (b binderView) Claim(ns, name string) *storage.PersistentVolumeClaim {
	return b.c.claims[key{ns, name}]
}

func (b binderView) UnscheduledPods(pvc *storage.PersistentVolumeClaim) []string {
	var out []string
	for _, p := range b.c.podsUsing(key{pvc.Namespace, pvc.Name}) {
		if !podTerminated(p) && p.Spec.NodeName == "" {
			out = append(out, p.Name)
		}
	}
	return out
}
