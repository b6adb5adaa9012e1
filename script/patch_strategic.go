package script

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/stsim/stsim/api"
)

// strategicMerge applies a strategic merge patch to a document of Go type
// t, reading the list strategies from t's `patchStrategy` and
// `patchMergeKey` struct tags as apimachinery's strategicpatch does
// (PatchMetaFromStruct): maps merge, null deletes a key, a list with the
// merge strategy merges its elements by their merge key (or, for a list of
// scalars, takes their union), any other list is replaced. The directives
// $patch (replace, delete, and delete in a list element),
// $deleteFromPrimitiveList, $retainKeys and $setElementOrder are honoured.
func strategicMerge(orig, patch []byte, t reflect.Type) ([]byte, error) {
	o, err := decodeJSON(orig)
	if err != nil {
		return nil, err
	}
	p, err := decodeJSON(patch)
	if err != nil {
		return nil, api.NewBadRequest(fmt.Sprintf("error decoding patch: %v", err))
	}
	om, ok1 := o.(map[string]any)
	pm, ok2 := p.(map[string]any)
	if !ok1 || !ok2 {
		return nil, api.NewBadRequest("invalid JSON document: a strategic merge patch must be a JSON object")
	}
	out := smpMap(om, pm, t)
	if out == nil {
		out = map[string]any{}
	}
	return json.Marshal(out)
}

// smpMap merges patch into dst (modifying it); nil means "delete me".
func smpMap(dst, patch map[string]any, t reflect.Type) map[string]any {
	switch patch["$patch"] {
	case "replace":
		return withoutDirectives(patch)
	case "delete":
		return nil
	}
	if dst == nil {
		dst = map[string]any{}
	}
	server := map[string][]any{} // the lists a $setElementOrder orders, before the patch
	for k := range patch {
		if f, ok := strings.CutPrefix(k, orderDirective); ok {
			server[f], _ = dst[f].([]any)
		}
	}
	for k, v := range patch {
		smpKey(dst, k, v, t)
	}
	for f, before := range server {
		order, _ := patch[orderDirective+f].([]any)
		if list, ok := dst[f].([]any); ok {
			_, _, key := fieldMeta(t, f)
			dst[f] = setElementOrder(list, order, before, key)
		}
	}
	if keys, ok := patch["$retainKeys"].([]any); ok {
		for k := range dst {
			if !slices.Contains(keys, any(k)) {
				delete(dst, k)
			}
		}
	}
	return dst
}

// smpKey merges one key of a patch.
func smpKey(dst map[string]any, k string, v any, t reflect.Type) {
	if field, ok := strings.CutPrefix(k, "$deleteFromPrimitiveList/"); ok {
		if list, isList := dst[field].([]any); isList {
			drop, _ := v.([]any)
			dst[field] = slices.DeleteFunc(slices.Clone(list), func(e any) bool { return containsJSON(drop, e) })
		}
		return
	}
	if strings.HasPrefix(k, "$") {
		return // $patch, $retainKeys, $setElementOrder/...
	}
	ft, strategy, key := fieldMeta(t, k)
	switch pv := v.(type) {
	case nil:
		delete(dst, k)
	case map[string]any:
		dm, _ := dst[k].(map[string]any)
		if m := smpMap(dm, pv, ft); m != nil {
			dst[k] = m
		} else {
			delete(dst, k)
		}
	case []any:
		if !strings.Contains(strategy, "merge") {
			dst[k] = stripList(pv)
			return
		}
		dl, _ := dst[k].([]any)
		dst[k] = smpList(dl, pv, elemType(ft), key)
	default:
		dst[k] = v
	}
}

// smpList merges a list with the merge strategy, ordering the result as
// upstream does without $setElementOrder (mergeSortedSlice): the patch's
// elements in the patch's order, with the original's other elements
// inserted before the first patched element that follows them in the
// original.
func smpList(dst, patch []any, elem reflect.Type, key string) []any {
	for _, e := range patch {
		if m, ok := e.(map[string]any); ok && m["$patch"] == "replace" {
			return stripList(slices.DeleteFunc(slices.Clone(patch), func(x any) bool { return reflect.DeepEqual(x, e) }))
		}
	}
	patched := []any{}
	used := make([]bool, len(dst))
	for _, e := range patch {
		i := matchElement(dst, e, key)
		if i >= 0 {
			used[i] = true
		}
		pm, isMap := e.(map[string]any)
		switch {
		case isMap && key != "" && pm["$patch"] == "delete":
		case isMap && key != "" && i >= 0:
			xm, _ := dst[i].(map[string]any)
			patched = append(patched, smpMap(xm, pm, elem))
		case isMap:
			if m := smpMap(nil, pm, elem); m != nil {
				patched = append(patched, m)
			}
		case !containsJSON(patched, e):
			patched = append(patched, e)
		}
	}
	var serverOnly []any
	for i, e := range dst {
		if !used[i] {
			serverOnly = append(serverOnly, e)
		}
	}
	return mergeSorted(serverOnly, patched, dst, key)
}

// mergeSorted is upstream's mergeSortedSlice: it interleaves left into
// right, taking left's next element first when both are in server and it
// comes first there.
func mergeSorted(left, right, server []any, key string) []any {
	out := make([]any, 0, len(left)+len(right))
	i, j := 0, 0
	for i < len(left) || j < len(right) {
		if j >= len(right) {
			out = append(out, left[i])
			i++
			continue
		}
		if i < len(left) {
			li, ri := matchElement(server, left[i], key), matchElement(server, right[j], key)
			if li >= 0 && ri >= 0 && li < ri {
				out = append(out, left[i])
				i++
				continue
			}
		}
		out = append(out, right[j])
		j++
	}
	return out
}

// matchElement finds the element of list that e patches: the one with the
// same merge key, or (for scalars) an equal one.
func matchElement(list []any, e any, key string) int {
	pm, isMap := e.(map[string]any)
	if !isMap || key == "" {
		return slices.IndexFunc(list, func(x any) bool { return reflect.DeepEqual(x, e) })
	}
	return slices.IndexFunc(list, func(x any) bool {
		xm, ok := x.(map[string]any)
		return ok && reflect.DeepEqual(xm[key], pm[key])
	})
}

// fieldMeta returns the Go type of the field with JSON name k in t (nil if
// unknown) and its patch strategy and merge key.
func fieldMeta(t reflect.Type, k string) (reflect.Type, string, string) {
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch {
	case t == nil:
		return nil, "", ""
	case t.Kind() == reflect.Map:
		return t.Elem(), "", ""
	case t.Kind() != reflect.Struct:
		return nil, "", ""
	}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "" && strings.Contains(opts, "inline") || f.Anonymous && name == "" {
			if ft, s, key := fieldMeta(f.Type, k); ft != nil {
				return ft, s, key
			}
			continue
		}
		if name == k {
			return f.Type, f.Tag.Get("patchStrategy"), f.Tag.Get("patchMergeKey")
		}
	}
	return nil, "", ""
}

// elemType is the element type of a slice type (nil if t is not one).
func elemType(t reflect.Type) reflect.Type {
	if t != nil && t.Kind() == reflect.Slice {
		return t.Elem()
	}
	return nil
}

// withoutDirectives drops the $-keys and the nulls of a patch map,
// recursively: what is left of it where there is nothing to patch.
func withoutDirectives(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		if strings.HasPrefix(k, "$") || v == nil {
			continue
		}
		switch x := v.(type) {
		case map[string]any:
			out[k] = withoutDirectives(x)
		case []any:
			out[k] = stripList(x)
		default:
			out[k] = v
		}
	}
	return out
}

// stripList drops the directives of a list's map elements.
func stripList(l []any) []any {
	out := make([]any, 0, len(l))
	for _, e := range l {
		if m, ok := e.(map[string]any); ok {
			e = withoutDirectives(m)
		}
		out = append(out, e)
	}
	return out
}

// containsJSON reports whether list holds a value equal to v.
func containsJSON(list []any, v any) bool {
	return slices.ContainsFunc(list, func(x any) bool { return reflect.DeepEqual(x, v) })
}

// setElementOrder orders a merged list as a $setElementOrder directive
// says (upstream: normalizeElementOrder): the elements the order names in
// its order, the others (the server's only) in the server's order, merged
// as mergeSortedSlice merges them.
func setElementOrder(list, order, server []any, key string) []any {
	rank := func(e any) int { return matchElement(order, orderKey(e, key), key) }
	var named, rest []any
	for _, e := range list {
		if rank(e) >= 0 {
			named = append(named, e)
		} else {
			rest = append(rest, e)
		}
	}
	slices.SortStableFunc(named, func(a, b any) int { return rank(a) - rank(b) })
	slices.SortStableFunc(rest, func(a, b any) int {
		return matchElement(server, a, key) - matchElement(server, b, key)
	})
	return mergeSorted(rest, named, server, key)
}

// orderKey is what a $setElementOrder entry for e looks like.
func orderKey(e any, key string) any {
	if m, ok := e.(map[string]any); ok && key != "" {
		return map[string]any{key: m[key]}
	}
	return e
}
