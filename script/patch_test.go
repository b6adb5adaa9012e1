package script

import (
	"reflect"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
)

const setJSON = `{"metadata":{"name":"web","labels":{"a":"1","b":"2"},"finalizers":["x"]},
"spec":{"replicas":3,"template":{"spec":{"containers":[
  {"name":"app","image":"app:1","env":[{"name":"A","value":"1"},{"name":"B","value":"2"}]},
  {"name":"side","image":"side:1"}],
 "tolerations":[{"key":"k1"}]}}}}`

// TestStrategicMerge checks strategic merge patches against what
// apimachinery's strategicpatch does with apps/v1 StatefulSet's tags (the
// expected documents, orders included, are what strategicpatch v0.37.2
// returns; the patch's elements come first).
func TestStrategicMerge(t *testing.T) {
	for _, tc := range []struct{ name, patch, want string }{
		{"scalar", `{"spec":{"replicas":5}}`,
			`{"spec":{"replicas":5}}`},
		{"null deletes a key", `{"metadata":{"labels":{"a":null,"c":"3"}}}`,
			`{"metadata":{"labels":{"a":null,"c":"3"}}}`},
		{"containers merge by name", `{"spec":{"template":{"spec":{"containers":[{"name":"app","image":"app:2"},{"name":"new","image":"n:1"}]}}}}`,
			`{"spec":{"template":{"spec":{"containers":[
			  {"name":"app","image":"app:2","env":[{"name":"A","value":"1"},{"name":"B","value":"2"}]},
			  {"name":"new","image":"n:1"},{"name":"side","image":"side:1"}]}}}}`},
		{"nested lists merge too", `{"spec":{"template":{"spec":{"containers":[{"name":"app","env":[{"name":"B","value":"9"}]}]}}}}`,
			`{"spec":{"template":{"spec":{"containers":[
			  {"name":"app","image":"app:1","env":[{"name":"A","value":"1"},{"name":"B","value":"9"}]},
			  {"name":"side","image":"side:1"}]}}}}`},
		{"$patch delete in a list", `{"spec":{"template":{"spec":{"containers":[{"name":"side","$patch":"delete"}]}}}}`,
			`{"spec":{"template":{"spec":{"containers":[
			  {"name":"app","image":"app:1","env":[{"name":"A","value":"1"},{"name":"B","value":"2"}]}]}}}}`},
		{"$patch replace a list", `{"spec":{"template":{"spec":{"containers":[{"name":"only","image":"o:1"},{"$patch":"replace"}]}}}}`,
			`{"spec":{"template":{"spec":{"containers":[{"name":"only","image":"o:1"}]}}}}`},
		{"a list without strategy is replaced", `{"spec":{"template":{"spec":{"tolerations":[{"key":"k2"}]}}}}`,
			`{"spec":{"template":{"spec":{"tolerations":[{"key":"k2"}]}}}}`},
		{"primitive merge list", `{"metadata":{"finalizers":["y"]}}`,
			`{"metadata":{"finalizers":["y","x"]}}`},
		{"deleteFromPrimitiveList", `{"metadata":{"$deleteFromPrimitiveList/finalizers":["x"]}}`,
			`{"metadata":{"finalizers":[]}}`},
		{"$patch replace a map", `{"metadata":{"labels":{"$patch":"replace","z":"9"}}}`,
			`{"metadata":{"labels":{"a":null,"b":null,"z":"9"}}}`},
		{"$setElementOrder orders a merged list", `{"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"side"},{"name":"app"}],"containers":[{"name":"app","image":"app:2"}]}}}}`,
			`{"spec":{"template":{"spec":{"containers":[{"name":"side","image":"side:1"},
			  {"name":"app","image":"app:2","env":[{"name":"A","value":"1"},{"name":"B","value":"2"}]}]}}}}`},
		{"$setElementOrder of a primitive list", `{"metadata":{"$setElementOrder/finalizers":["w","x"],"finalizers":["w"]}}`,
			`{"metadata":{"finalizers":["w","x"]}}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := strategicMerge([]byte(setJSON), []byte(tc.patch), reflect.TypeFor[appsv1.StatefulSet]())
			if err != nil {
				t.Fatal(err)
			}
			// want is written as a merge patch of the original.
			want, err := MergePatch([]byte(setJSON), []byte(tc.want))
			if err != nil {
				t.Fatal(err)
			}
			if !jsonEqual(got, want) {
				t.Errorf("got  %s\nwant %s", got, want)
			}
		})
	}
}

// TestMergePatch checks RFC 7386's examples that matter: nested merge,
// null deletes, lists replaced.
func TestMergePatch(t *testing.T) {
	got, err := MergePatch([]byte(`{"a":"b","c":{"d":"e","f":"g"},"l":[1,2]}`), []byte(`{"a":"z","c":{"f":null},"l":[3]}`))
	if err != nil || !jsonEqual(got, []byte(`{"a":"z","c":{"d":"e"},"l":[3]}`)) {
		t.Errorf("got %s, %v", got, err)
	}
}

// TestJSONPatch checks RFC 6902's operations and that a failing one fails
// the whole patch.
func TestJSONPatch(t *testing.T) {
	doc := `{"a":{"b":[1,2,3]},"c":"x"}`
	for _, tc := range []struct{ name, patch, want string }{
		{"add to a map", `[{"op":"add","path":"/d","value":{"e":1}}]`, `{"a":{"b":[1,2,3]},"c":"x","d":{"e":1}}`},
		{"add into an array", `[{"op":"add","path":"/a/b/1","value":9}]`, `{"a":{"b":[1,9,2,3]},"c":"x"}`},
		{"append", `[{"op":"add","path":"/a/b/-","value":4}]`, `{"a":{"b":[1,2,3,4]},"c":"x"}`},
		{"remove from an array", `[{"op":"remove","path":"/a/b/0"}]`, `{"a":{"b":[2,3]},"c":"x"}`},
		{"remove a key", `[{"op":"remove","path":"/c"}]`, `{"a":{"b":[1,2,3]}}`},
		{"replace", `[{"op":"replace","path":"/c","value":"y"}]`, `{"a":{"b":[1,2,3]},"c":"y"}`},
		{"move", `[{"op":"move","from":"/c","path":"/a/c"}]`, `{"a":{"b":[1,2,3],"c":"x"}}`},
		{"copy", `[{"op":"copy","from":"/a/b/2","path":"/n"}]`, `{"a":{"b":[1,2,3]},"c":"x","n":3}`},
		{"test then replace", `[{"op":"test","path":"/c","value":"x"},{"op":"replace","path":"/c","value":"z"}]`, `{"a":{"b":[1,2,3]},"c":"z"}`},
		{"escaped pointer", `[{"op":"add","path":"/k~1v~0","value":1}]`, `{"a":{"b":[1,2,3]},"c":"x","k/v~":1}`},
	} {
		got, err := jsonPatch([]byte(doc), []byte(tc.patch))
		if err != nil || !jsonEqual(got, []byte(tc.want)) {
			t.Errorf("%s: got %s, %v; want %s", tc.name, got, err, tc.want)
		}
	}
	for _, bad := range []string{
		`[{"op":"test","path":"/c","value":"nope"}]`,
		`[{"op":"replace","path":"/missing","value":1}]`,
		`[{"op":"remove","path":"/a/b/7"}]`,
		`[{"op":"add","path":"/x/y","value":1}]`,
		`[{"op":"frob","path":"/c"}]`,
		`{"op":"add"}`,
	} {
		if _, err := jsonPatch([]byte(doc), []byte(bad)); err == nil {
			t.Errorf("%s: no error", bad)
		}
	}
}
