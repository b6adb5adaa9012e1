package manifest

import (
	"bytes"
	"encoding/json"

	"sigs.k8s.io/yaml"
)

// list is the List kubectl builds when `get` prints several objects.
type list map[string]any

// List wraps objects (ours or ToKube results) into the List that
// `kubectl get KIND -o json|yaml` prints when no name is given:
// {"apiVersion":"v1","items":[...],"kind":"List","metadata":{"resourceVersion":""}}.
// The result is meant for JSON and YAML.
func List(items []any) (any, error) {
	out := make([]any, 0, len(items))
	for _, it := range items {
		k, err := ToKube(it)
		if err != nil {
			return nil, err
		}
		out = append(out, k)
	}
	return list{
		"apiVersion": "v1",
		"kind":       "List",
		"items":      out,
		"metadata":   map[string]any{"resourceVersion": ""},
	}, nil
}

// toMap returns v's JSON form as generic maps, numbers kept exact.
func toMap(v any) (map[string]any, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		return nil, err
	}
	return m, nil
}

// JSON renders obj (see ToKube) as `kubectl get -o json` prints it: keys
// sorted (kubectl prints the server's object from its unstructured form),
// indented by four spaces, with a final newline.
func JSON(obj any) ([]byte, error) {
	k, err := ToKube(obj)
	if err != nil {
		return nil, err
	}
	m, err := toMap(k)
	if err != nil {
		return nil, err
	}
	out, err := json.MarshalIndent(m, "", "    ")
	if err != nil {
		return nil, err
	}
	return append(out, '\n'), nil
}

// YAML renders obj (see ToKube) as `kubectl get -o yaml` prints it: keys
// sorted, two-space indentation, lists not indented under their key.
func YAML(obj any) ([]byte, error) {
	k, err := ToKube(obj)
	if err != nil {
		return nil, err
	}
	return yaml.Marshal(k)
}
