package script

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"strconv"
	"strings"

	"github.com/stsim/stsim/api"
)

// jsonPatchOp is one operation of a JSON patch (RFC 6902).
type jsonPatchOp struct {
	Op    string          `json:"op"`
	Path  string          `json:"path"`
	From  string          `json:"from"`
	Value json.RawMessage `json:"value"`
}

// jsonPatch applies a JSON patch (RFC 6902: add, remove, replace, move,
// copy, test), as the API server does for --type=json. A patch that does
// not apply is the server's Invalid error, which kubectl prints as "The
// request is invalid: the server rejected our request due to an error in
// our request".
func jsonPatch(orig, patch []byte) ([]byte, error) {
	var ops []jsonPatchOp
	if err := json.Unmarshal(patch, &ops); err != nil {
		// The API server decodes into evanphx/json-patch's type.
		return nil, api.NewBadRequest(strings.ReplaceAll(err.Error(), "[]script.jsonPatchOp", "jsonpatch.Patch"))
	}
	doc, err := decodeJSON(orig)
	if err != nil {
		return nil, err
	}
	for _, op := range ops {
		if doc, err = applyOp(doc, op); err != nil {
			return nil, &api.StatusError{Reason: api.ReasonInvalid, Code: http.StatusUnprocessableEntity,
				Message: "the server rejected our request due to an error in our request"}
		}
	}
	return json.Marshal(doc)
}

// applyOp applies one operation to doc.
func applyOp(doc any, op jsonPatchOp) (any, error) {
	var val any
	if len(op.Value) > 0 {
		var err error
		if val, err = decodeJSON(op.Value); err != nil {
			return nil, err
		}
	}
	switch op.Op {
	case "add":
		return pointerSet(doc, op.Path, val, true)
	case "remove":
		doc, _, err := pointerRemove(doc, op.Path)
		return doc, err
	case "replace":
		if _, err := pointerGet(doc, op.Path); err != nil {
			return nil, err
		}
		return pointerSet(doc, op.Path, val, false)
	case "move", "copy":
		return moveOrCopy(doc, op)
	case "test":
		got, err := pointerGet(doc, op.Path)
		if err != nil || !reflect.DeepEqual(got, val) {
			return nil, fmt.Errorf("testing value %s failed", op.Path)
		}
		return doc, nil
	}
	return nil, fmt.Errorf("unexpected kind: %s", op.Op)
}

// moveOrCopy is RFC 6902's move and copy.
func moveOrCopy(doc any, op jsonPatchOp) (any, error) {
	var v any
	var err error
	if op.Op == "move" {
		doc, v, err = pointerRemove(doc, op.From)
	} else {
		v, err = pointerGet(doc, op.From)
	}
	if err != nil {
		return nil, err
	}
	return pointerSet(doc, op.Path, v, true)
}

// splitPointer splits a JSON pointer (RFC 6901) into unescaped tokens.
func splitPointer(p string) ([]string, error) {
	if p == "" {
		return nil, nil
	}
	if !strings.HasPrefix(p, "/") {
		return nil, fmt.Errorf("invalid JSON pointer %q", p)
	}
	toks := strings.Split(p[1:], "/")
	for i, t := range toks {
		toks[i] = strings.ReplaceAll(strings.ReplaceAll(t, "~1", "/"), "~0", "~")
	}
	return toks, nil
}

// pointerGet returns the value at p.
func pointerGet(doc any, p string) (any, error) {
	toks, err := splitPointer(p)
	if err != nil {
		return nil, err
	}
	for _, t := range toks {
		if doc, err = child(doc, t); err != nil {
			return nil, err
		}
	}
	return doc, nil
}

// child returns one step into a container.
func child(doc any, tok string) (any, error) {
	switch d := doc.(type) {
	case map[string]any:
		v, ok := d[tok]
		if !ok {
			return nil, fmt.Errorf("missing key %q", tok)
		}
		return v, nil
	case []any:
		i, err := index(tok, len(d), false)
		if err != nil {
			return nil, err
		}
		return d[i], nil
	}
	return nil, errors.New("not a container")
}

// index parses an array index; "-" (the end) only when inserting.
func index(tok string, n int, insert bool) (int, error) {
	if tok == "-" && insert {
		return n, nil
	}
	i, err := strconv.Atoi(tok)
	max := n - 1
	if insert {
		max = n
	}
	if err != nil || i < 0 || i > max {
		return 0, fmt.Errorf("index %q out of range", tok)
	}
	return i, nil
}

// pointerSet adds (insert: into arrays, before the index) or replaces the
// value at p and returns the new document.
func pointerSet(doc any, p string, v any, insert bool) (any, error) {
	toks, err := splitPointer(p)
	if err != nil {
		return nil, err
	}
	return setIn(doc, toks, v, insert)
}

func setIn(doc any, toks []string, v any, insert bool) (any, error) {
	if len(toks) == 0 {
		return v, nil
	}
	switch d := doc.(type) {
	case map[string]any:
		if len(toks) == 1 {
			d[toks[0]] = v
			return d, nil
		}
		c, ok := d[toks[0]]
		if !ok {
			return nil, fmt.Errorf("missing path %q", toks[0])
		}
		n, err := setIn(c, toks[1:], v, insert)
		d[toks[0]] = n
		return d, err
	case []any:
		i, err := index(toks[0], len(d), insert && len(toks) == 1)
		if err != nil {
			return nil, err
		}
		if len(toks) > 1 || !insert {
			n, err := setIn(d[i], toks[1:], v, insert)
			d[i] = n
			return d, err
		}
		return append(d[:i], append([]any{v}, d[i:]...)...), nil
	}
	return nil, errors.New("not a container")
}

// pointerRemove removes the value at p and returns the new document and
// the removed value.
func pointerRemove(doc any, p string) (any, any, error) {
	toks, err := splitPointer(p)
	if err != nil || len(toks) == 0 {
		return nil, nil, fmt.Errorf("cannot remove %q", p)
	}
	parentPath := ""
	if len(toks) > 1 {
		parentPath = "/" + strings.Join(escape(toks[:len(toks)-1]), "/")
	}
	parent, err := pointerGet(doc, parentPath)
	if err != nil {
		return nil, nil, err
	}
	last := toks[len(toks)-1]
	switch d := parent.(type) {
	case map[string]any:
		v, ok := d[last]
		if !ok {
			return nil, nil, fmt.Errorf("missing key %q", last)
		}
		delete(d, last)
		return doc, v, nil
	case []any:
		i, err := index(last, len(d), false)
		if err != nil {
			return nil, nil, err
		}
		v := d[i]
		n := append(d[:i:i], d[i+1:]...)
		out, err := pointerSet(doc, parentPath, n, false)
		return out, v, err
	}
	return nil, nil, errors.New("not a container")
}

// escape re-escapes pointer tokens.
func escape(toks []string) []string {
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = strings.ReplaceAll(strings.ReplaceAll(t, "~", "~0"), "/", "~1")
	}
	return out
}
