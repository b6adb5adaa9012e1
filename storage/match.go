package storage

import (
	"cmp"
	"slices"
	"strings"
)

// accessModeOrder is upstream's order of the short names in an index key
// (v1helper.GetAccessModesAsString).
var accessModeOrder = []struct{ mode, short string }{
	{ReadWriteOnce, "RWO"}, {ReadOnlyMany, "ROX"}, {ReadWriteMany, "RWX"}, {ReadWriteOncePod, "RWOP"},
}

// AccessModesString is the short form kubectl prints and the PV index keys
// on, e.g. "RWO,RWX" (upstream: GetAccessModesAsString).
func AccessModesString(modes []string) string {
	var parts []string
	for _, m := range accessModeOrder {
		if slices.Contains(modes, m.mode) {
			parts = append(parts, m.short)
		}
	}
	return strings.Join(parts, ",")
}

// containsAll reports whether have offers every mode in want
// (upstream: ContainsAllAccessModes, CheckAccessModes).
func containsAll(have, want []string) bool {
	for _, m := range want {
		if !slices.Contains(have, m) {
			return false
		}
	}
	return true
}

// FindBestMatch returns the volume the PV controller binds claim to, or nil
// (upstream: index.go findBestMatchForClaim → findByClaim →
// allPossibleMatchingAccessModes, then FindMatchingVolume per group).
//
// Volumes are grouped by their exact access-mode set; only groups that
// offer every requested mode are tried, fewest modes first, and the first
// group with a match wins, so a volume with exactly the requested modes
// beats a smaller one offering more. Upstream leaves the order of groups of
// equal size and of volumes within a group unspecified (informer map
// order); here equal-size groups go in the order of their key
// ("RWO,ROX" < "RWO,RWX") and volumes by name, so the first of equally
// small volumes is the one with the smallest name.
func FindBestMatch(claim *PersistentVolumeClaim, volumes []*PersistentVolume, delayBinding bool) *PersistentVolume {
	groups := map[string][]*PersistentVolume{}
	for _, v := range volumes {
		k := AccessModesString(v.Spec.AccessModes)
		groups[k] = append(groups[k], v)
	}
	type group struct {
		key  string
		size int
	}
	var order []group
	for k, vs := range groups {
		if containsAll(vs[0].Spec.AccessModes, claim.Spec.AccessModes) {
			n := 0
			if k != "" {
				n = strings.Count(k, ",") + 1
			}
			order = append(order, group{k, n})
		}
	}
	slices.SortFunc(order, func(a, b group) int {
		if c := cmp.Compare(a.size, b.size); c != 0 {
			return c
		}
		return strings.Compare(a.key, b.key)
	})
	for _, g := range order {
		vs := groups[g.key]
		slices.SortFunc(vs, func(a, b *PersistentVolume) int { return strings.Compare(a.Name, b.Name) })
		if v := FindMatchingVolume(claim, vs, nil, delayBinding); v != nil {
			return v
		}
	}
	return nil
}

// FindMatchingVolume walks volumes in order and returns the one pre-bound to
// the claim, else the smallest that satisfies it, else nil (upstream:
// component-helpers pv_helpers.go FindMatchingVolume). node is the node's
// labels on the scheduler's path (nil for the PV controller): then node
// affinity and access modes are checked too. delayBinding (the claim's
// class is WaitForFirstConsumer) makes the PV controller skip every volume
// not pre-bound to the claim.
//
// The order of the checks is upstream's: claimRef to another claim;
// capacity; volumeMode; deletion; pre-bound → match at once (class,
// selector and phase unchecked); delay binding; phase Available; selector;
// class; node affinity; access modes; smallest capacity, first seen on
// ties.
func FindMatchingVolume(claim *PersistentVolumeClaim, volumes []*PersistentVolume, node map[string]string, delayBinding bool) *PersistentVolume {
	want, err := ParseQuantity(claim.Spec.Storage)
	if err != nil {
		return nil
	}
	class := ClaimClass(claim)
	var best *PersistentVolume
	var bestQty Quantity
	for _, v := range volumes {
		if v.Spec.ClaimRef != nil && !BoundTo(v, claim) {
			continue
		}
		qty, err := ParseQuantity(v.Spec.Capacity)
		if err != nil || qty.Cmp(want) < 0 {
			continue
		}
		if volumeMode(claim.Spec.VolumeMode) != volumeMode(v.Spec.VolumeMode) {
			continue
		}
		if v.Terminating() {
			continue
		}
		affinityOK := node == nil || MatchesNode(v, node)
		if BoundTo(v, claim) {
			if !affinityOK {
				return nil
			}
			return v
		}
		if node == nil && delayBinding {
			continue
		}
		if v.Status.Phase != VolumeAvailable {
			continue
		}
		if claim.Spec.Selector != nil && !claim.Spec.Selector.Matches(v.Labels) {
			continue
		}
		if VolumeClass(v) != class || !affinityOK {
			continue
		}
		if node != nil && !containsAll(v.Spec.AccessModes, claim.Spec.AccessModes) {
			continue
		}
		if best == nil || bestQty.Cmp(qty) > 0 {
			best, bestQty = v, qty
		}
	}
	return best
}

// MatchesNode reports whether the volume's node affinity admits a node with
// these labels; a volume without affinity fits every node (upstream:
// component-helpers storage/volume CheckNodeAffinity, which matches the
// required selector with MatchNodeSelectorTerms against a node made of the
// labels alone). So the terms are ORed, expressions ANDed, Gt and Lt compare
// integers, and matchFields are not checked (the node has no name there);
// see api.NodeSelector.Matches.
func MatchesNode(v *PersistentVolume, labels map[string]string) bool {
	a := v.Spec.NodeAffinity
	return a == nil || a.Required.Matches("", labels)
}

// HostnameAffinity is the node affinity of a volume that lives on one node
// (as local-path provisions it).
func HostnameAffinity(node string) *VolumeNodeAffinity {
	return &VolumeNodeAffinity{Required: NodeSelector{NodeSelectorTerms: []NodeSelectorTerm{{
		MatchExpressions: []NodeSelectorRequirement{{Key: "kubernetes.io/hostname", Operator: "In", Values: []string{node}}},
	}}}}
}
