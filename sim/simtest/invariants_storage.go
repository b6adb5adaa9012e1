package simtest

import (
	"fmt"
	"strings"

	"github.com/stsim/stsim/sim"
	"github.com/stsim/stsim/storage"
	"github.com/stsim/stsim/sts"
)

// Names of the kit's own invariants.
const (
	NameClaimStickiness = "claim-stickiness"
	NameNoDataLoss      = "no-data-loss"
	NameDNSRecords      = "dns-records"
)

// ClaimStickiness: a claim stays bound to the volume it was first bound
// to, and no volume serves two claims; so a pod recreated for an ordinal
// finds the data it left (statefulset.md §6.2; storage.md §3; upstream
// storageMatches and the binder's one-to-one binding).
func ClaimStickiness() Invariant {
	return Invariant{Name: NameClaimStickiness,
		Cite: "a claim keeps its first volume and a volume serves one claim (statefulset.md §6.2; storage.md §3)",
		New: func() func(*sim.Cluster) error {
			first := map[string]string{} // claim UID → volume
			return func(c *sim.Cluster) error { return sticky(c, first) }
		}}
}

func sticky(c *sim.Cluster, first map[string]string) error {
	holder := map[string]string{} // volume → claim
	for _, pvc := range c.Claims("") {
		v := pvc.Spec.VolumeName
		if v == "" {
			continue
		}
		if was, ok := first[pvc.UID]; ok && was != v {
			return fmt.Errorf("claim %s was bound to %s, now to %s", pvc.Name, was, v)
		}
		first[pvc.UID] = v
		if other, ok := holder[v]; ok {
			return fmt.Errorf("volume %s is bound to claims %s and %s", v, other, pvc.Name)
		}
		holder[v] = pvc.Name
	}
	return nil
}

// NoDataLoss: while a set's claim retention policy is Retain for both
// scale-down and deletion, the claims made from its templates are never
// removed, and a claim keeps the contents of the volume it was bound with
// (statefulset.md §6.3; storage.md §9, §11). The kit never deletes claims
// itself; a scenario whose own ops do should leave this invariant out.
func NoDataLoss() Invariant {
	return Invariant{Name: NameNoDataLoss,
		Cite: "without a Delete retention policy no claim of a set is removed and none loses its data (statefulset.md §6.3; storage.md §9)",
		New: func() func(*sim.Cluster) error {
			k := &keeper{data: map[string]*sim.VolumeData{}, claims: map[string]keptClaim{}}
			return k.check
		}}
}

// keeper remembers the claims it has seen.
type keeper struct {
	data   map[string]*sim.VolumeData // claim UID → its volume's contents
	claims map[string]keptClaim       // claim UID → what it belongs to
}

type keptClaim struct{ ns, name, set string }

func (k *keeper) check(c *sim.Cluster) error {
	live := map[string]bool{}
	for _, pvc := range c.Claims("") {
		live[pvc.UID] = true
		if err := k.see(c, pvc); err != nil {
			return err
		}
	}
	for uid, kc := range k.claims {
		if live[uid] {
			continue
		}
		delete(k.claims, uid)
		delete(k.data, uid)
		if set, ok := c.StatefulSet(kc.ns + "/" + kc.set); ok && retains(set) {
			return fmt.Errorf("claim %s of %s was removed under retention policy Retain/Retain", kc.name, kc.set)
		}
	}
	return nil
}

// see records a claim and checks its data is the data it was bound with.
func (k *keeper) see(c *sim.Cluster, pvc *storage.PersistentVolumeClaim) error {
	if _, ok := k.claims[pvc.UID]; !ok {
		k.claims[pvc.UID] = keptClaim{pvc.Namespace, pvc.Name, claimSet(c, pvc)}
	}
	d := c.ClaimData(pvc.Namespace + "/" + pvc.Name)
	if d == nil {
		return nil
	}
	if was, ok := k.data[pvc.UID]; ok && was != d {
		return fmt.Errorf("claim %s now shows other contents than the volume it was bound with", pvc.Name)
	}
	k.data[pvc.UID] = d
	return nil
}

// claimSet names the set whose template made the claim, or "".
func claimSet(c *sim.Cluster, pvc *storage.PersistentVolumeClaim) string {
	for _, set := range c.StatefulSets(pvc.Namespace) {
		for _, t := range set.Spec.VolumeClaimTemplates {
			rest, ok := strings.CutPrefix(pvc.Name, t.Name+"-")
			if parent, ord := sts.ParseName(rest); ok && parent == set.Name && ord >= 0 {
				return set.Name
			}
		}
	}
	return ""
}

// retains reports whether the set's policy keeps claims in every case.
func retains(set *sts.StatefulSet) bool {
	p := set.Spec.PersistentVolumeClaimRetentionPolicy
	return p == nil || p.WhenScaled != sts.Delete && p.WhenDeleted != sts.Delete
}
