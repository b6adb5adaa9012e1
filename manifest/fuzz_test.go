package manifest

import (
	"errors"
	"os"
	"testing"
)

// FuzzDecode: no input makes Decode panic, every failure is reported as
// Errors, and what decodes renders back without error.
func FuzzDecode(f *testing.F) {
	for _, name := range []string{"redis-sts.yaml", "redis-svc.yaml", "redis-pv-sts.yaml", "redis-pv-sts.golden.json"} {
		b, err := os.ReadFile("testdata/" + name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata: {name: p}\n"))
	f.Add([]byte("apiVersion: v1\nkind: Node\nstatus:\n  allocatable: {pods: 1e30}\n---\nkind: x\n"))
	f.Add([]byte("apiVersion: apps/v1\nkind: StatefulSet\nspec:\n  updateStrategy:\n    rollingUpdate:\n      maxUnavailable: 50%\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		objs, _, err := Decode(data)
		var es Errors
		if err != nil && !errors.As(err, &es) {
			t.Fatalf("error %T is not Errors: %v", err, err)
		}
		for _, e := range es {
			_ = e.Kubectl("STDIN")
		}
		for _, o := range objs {
			if _, ok := o.(*Unsupported); ok {
				continue
			}
			if _, err := JSON(o); err != nil {
				t.Fatalf("JSON(%T): %v", o, err)
			}
		}
	})
}
