package sim

import (
	"maps"
	"slices"

	"github.com/stsim/stsim/api"
	"github.com/stsim/stsim/storage"
)

// The garbage collector's part for claims: the StatefulSet controller
// expresses the retention policy as owner references (sts/retention.go);
// when the owners of a claim are gone the collector deletes it (background
// propagation), and when only some are gone it removes the dangling
// references (upstream: garbagecollector attemptToDeleteItem).

// trackOwners remembers which owners a claim names.
func (c *Cluster) trackOwners(pvc *storage.PersistentVolumeClaim) {
	for _, r := range pvc.OwnerReferences {
		m := c.stor.ownedClaims[r.UID]
		if m == nil {
			m = map[key]bool{}
			c.stor.ownedClaims[r.UID] = m
		}
		m[key{pvc.Namespace, pvc.Name}] = true
	}
}

// ownedClaimsOf returns the claims that still reference owner, sorted, and
// forgets the entries that no longer do.
func (c *Cluster) ownedClaimsOf(owner string) []*storage.PersistentVolumeClaim {
	m := c.stor.ownedClaims[owner]
	if len(m) == 0 {
		return nil
	}
	var out []*storage.PersistentVolumeClaim
	for _, k := range slices.SortedFunc(maps.Keys(m), keyLess) {
		if pvc := c.claims[k]; pvc != nil && ownedBy(pvc.OwnerReferences, owner) {
			out = append(out, pvc)
		} else {
			delete(m, k)
		}
	}
	if len(m) == 0 {
		delete(c.stor.ownedClaims, owner)
	}
	return out
}

// gcClaims handles the claims of an owner that is gone (or being deleted
// in the foreground): a claim with no other live owner is deleted, one with
// other owners loses the reference.
func (c *Cluster) gcClaims(owner string) {
	for _, pvc := range c.ownedClaimsOf(owner) {
		var solid []api.OwnerReference
		for _, r := range pvc.OwnerReferences {
			if r.UID != owner && c.ownerExists(pvc.Namespace, r) {
				solid = append(solid, r)
			}
		}
		name := ownerName(pvc.OwnerReferences, owner)
		kind := ""
		for _, r := range pvc.OwnerReferences {
			if r.UID == owner {
				kind = r.Kind
			}
		}
		if len(solid) == 0 {
			c.deleteClaim(pvc, ActorGarbageCollector, "owner "+kind+" "+name+" is gone")
			continue
		}
		n := *pvc
		n.OwnerReferences = solid
		c.writeClaim(&n, Event{Actor: ActorGarbageCollector, Verb: VerbPatch, Reason: "remove the reference to the deleted " + kind + " " + name})
	}
}

// ownerExists reports whether an owner reference points at a live object.
// Kinds the simulation does not model count as present.
func (c *Cluster) ownerExists(ns string, r api.OwnerReference) bool {
	switch r.Kind {
	case "Pod":
		p := c.pod(key{ns, r.Name})
		return p != nil && p.UID == r.UID
	case "StatefulSet":
		s := c.sets[key{ns, r.Name}]
		return s != nil && s.UID == r.UID && !slices.Contains(s.Finalizers, finalizerForeground)
	}
	return true
}

// orphanClaims strips references to owner (--cascade=orphan).
func (c *Cluster) orphanClaims(owner string) {
	for _, pvc := range c.ownedClaimsOf(owner) {
		n := *pvc
		n.OwnerReferences = slices.DeleteFunc(slices.Clone(pvc.OwnerReferences), func(r api.OwnerReference) bool { return r.UID == owner })
		c.writeClaim(&n, Event{Actor: ActorGarbageCollector, Verb: VerbPatch, Reason: "orphaned: owner deleted with --cascade=orphan"})
	}
}

// hasDependentClaims reports whether a claim still references owner.
func (c *Cluster) hasDependentClaims(owner string) bool {
	return len(c.ownedClaimsOf(owner)) > 0
}
