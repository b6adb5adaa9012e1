package script

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/stsim/stsim/api"
)

// decodeJSON decodes a JSON document keeping numbers exact.
func decodeJSON(b []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	return v, nil
}

// MergePatch applies a JSON merge patch (RFC 7386), as the API server does
// for --type=merge.
func MergePatch(orig, patch []byte) ([]byte, error) {
	o, err := decodeJSON(orig)
	if err != nil {
		return nil, err
	}
	p, err := decodeJSON(patch)
	if err != nil {
		return nil, api.NewBadRequest(fmt.Sprintf("error decoding patch: %v", err))
	}
	return json.Marshal(mergeValue(o, p))
}

// mergeValue is RFC 7386's MergePatch(target, patch).
func mergeValue(target, patch any) any {
	pm, ok := patch.(map[string]any)
	if !ok {
		return patch
	}
	tm, ok := target.(map[string]any)
	if !ok {
		tm = map[string]any{}
	}
	for k, v := range pm {
		if v == nil {
			delete(tm, k)
			continue
		}
		tm[k] = mergeValue(tm[k], v)
	}
	return tm
}
