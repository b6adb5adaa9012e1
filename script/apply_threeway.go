package script

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
)

// threeWayPatch is the strategic merge patch kubectl apply sends for an
// object that exists (apimachinery's strategicpatch
// CreateThreeWayMergePatch, with overwrite): what changed from the live
// object (current) to the manifest (modified), without deletions, merged
// with the deletions from the last applied manifest (original) to this
// one. So a field the manifests never gave (replicas set by `kubectl
// scale`, a label set by `kubectl label`) stays, and one the last manifest
// gave and this one drops is removed. Lists with the merge strategy are
// diffed element by element by their merge key, or as sets of scalars,
// with a $setElementOrder directive giving the manifest's order; any other
// list is replaced. $retainKeys fields are diffed as plain maps.
func threeWayPatch(original, modified, current map[string]any, t reflect.Type) map[string]any {
	delta := diffMaps(current, modified, t, diffChanges)
	deletions := diffMaps(original, modified, t, diffDeletions)
	return mergePatches(deletions, delta, t)
}

// A diff keeps the changes and additions, or only the deletions.
const (
	diffChanges = iota
	diffDeletions
)

// diffMaps returns the patch that turns a into b, of the kind mode asks for
// (upstream: diffMaps).
func diffMaps(a, b map[string]any, t reflect.Type, mode int) map[string]any {
	out := map[string]any{}
	for k, bv := range b {
		av, had := a[k]
		if !had {
			if mode == diffChanges {
				out[k] = bv
			}
			continue
		}
		if reflect.DeepEqual(av, bv) {
			continue
		}
		ft, strategy, key := fieldMeta(t, k)
		am, aMap := av.(map[string]any)
		bm, bMap := bv.(map[string]any)
		al, aList := av.([]any)
		bl, bList := bv.([]any)
		switch {
		case aMap && bMap:
			if sub := diffMaps(am, bm, ft, mode); len(sub) > 0 {
				out[k] = sub
			}
		case aList && bList && strings.Contains(strategy, "merge") && len(al) == 0:
			if mode == diffChanges && len(bl) > 0 {
				out[k] = bl // all new: no order to keep (upstream: diffLists)
			}
		case aList && bList && strings.Contains(strategy, "merge") && key != "":
			sub := diffKeyedLists(al, bl, elemType(ft), key, mode)
			if len(sub) > 0 {
				out[k] = sub
			}
			if len(sub) > 0 || mode == diffChanges && !sameKeys(al, bl, key) {
				out[orderDirective+k] = elementOrder(bl, key)
			}
		case aList && bList && strings.Contains(strategy, "merge"):
			// upstream compares the live list sorted with the manifest's
			// (diffListsOfScalars sorts the original in place)
			if diffScalarLists(out, k, al, bl, mode) || mode == diffChanges && !reflect.DeepEqual(sortedScalars(al), bl) {
				out[orderDirective+k] = elementOrder(bl, "")
			}
		case mode == diffChanges:
			out[k] = bv
		}
	}
	if mode == diffDeletions {
		for k := range a {
			if _, kept := b[k]; !kept {
				out[k] = nil
			}
		}
	}
	return out
}

// diffKeyedLists diffs two lists of objects merged by key: new and changed
// elements (their changes, with the key), and deleted ones as
// {key: …, $patch: delete}.
func diffKeyedLists(a, b []any, elem reflect.Type, key string, mode int) []any {
	var out []any
	for _, be := range b {
		bm, ok := be.(map[string]any)
		if !ok {
			continue
		}
		i := matchElement(a, be, key)
		if i < 0 {
			if mode == diffChanges {
				out = append(out, be)
			}
			continue
		}
		am, _ := a[i].(map[string]any)
		if sub := diffMaps(am, bm, elem, mode); len(sub) > 0 {
			sub[key] = bm[key]
			out = append(out, sub)
		}
	}
	if mode == diffDeletions {
		for _, ae := range a {
			if am, ok := ae.(map[string]any); ok && matchElement(b, ae, key) < 0 {
				out = append(out, map[string]any{key: am[key], "$patch": "delete"})
			}
		}
	}
	return out
}

// sameKeys reports whether two keyed lists name the same elements in the
// same order (upstream: isOrderSame).
func sameKeys(a, b []any, key string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		am, _ := a[i].(map[string]any)
		bm, _ := b[i].(map[string]any)
		if !reflect.DeepEqual(am[key], bm[key]) {
			return false
		}
	}
	return true
}

// sortedScalars returns a sorted copy of a list of scalars, compared as
// their %v strings (upstream: sortScalars).
func sortedScalars(l []any) []any {
	out := slices.Clone(l)
	slices.SortStableFunc(out, func(a, b any) int { return strings.Compare(fmt.Sprint(a), fmt.Sprint(b)) })
	return out
}

// orderDirective prefixes the key of the list a $setElementOrder directive
// orders.
const orderDirective = "$setElementOrder/"

// elementOrder is the $setElementOrder directive of a list: its elements'
// merge keys (or, for scalars, the values), in order.
func elementOrder(list []any, key string) []any {
	out := make([]any, 0, len(list))
	for _, e := range list {
		out = append(out, orderKey(e, key))
	}
	return out
}

// diffScalarLists diffs two lists of scalars merged as sets: the added
// values under k, the removed ones under $deleteFromPrimitiveList/k. It
// reports whether there was either.
func diffScalarLists(out map[string]any, k string, a, b []any, mode int) bool {
	var list []any
	from, to := a, b
	if mode == diffDeletions {
		from, to = b, a
	}
	for _, e := range to {
		if !containsJSON(from, e) {
			list = append(list, e)
		}
	}
	switch {
	case len(list) == 0:
		return false
	case mode == diffChanges:
		out[k] = list
	default:
		out["$deleteFromPrimitiveList/"+k] = list
	}
	return true
}

// mergePatches merges the delta patch into the deletions patch: deletions
// name what the manifest dropped and the delta what it has, so they meet
// only in maps and keyed lists, where they are merged (upstream: mergeMap
// of the two patches).
func mergePatches(deletions, delta map[string]any, t reflect.Type) map[string]any {
	out := deletions
	for k, v := range delta {
		ft, _, key := fieldMeta(t, k)
		dm, dMap := out[k].(map[string]any)
		vm, vMap := v.(map[string]any)
		dl, dList := out[k].([]any)
		vl, vList := v.([]any)
		switch {
		case dMap && vMap:
			out[k] = mergePatches(dm, vm, ft)
		case dList && vList && key != "":
			out[k] = mergeKeyedPatches(dl, vl, elemType(ft), key)
		default:
			out[k] = v
		}
	}
	return out
}

// mergeKeyedPatches merges two patch lists of a keyed list: an element of
// the delta with the key of one of the deletions merges into it.
func mergeKeyedPatches(deletions, delta []any, elem reflect.Type, key string) []any {
	out := deletions
	for _, e := range delta {
		em, ok := e.(map[string]any)
		if i := matchElement(out, e, key); ok && i >= 0 {
			if dm, isMap := out[i].(map[string]any); isMap {
				out[i] = mergePatches(dm, em, elem)
				continue
			}
		}
		out = append(out, e)
	}
	return out
}
