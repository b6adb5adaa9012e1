package simtest

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"

	"github.com/stsim/stsim/manifest"
	"github.com/stsim/stsim/script"
	"github.com/stsim/stsim/sim"
	"github.com/stsim/stsim/sts"
)

// Patch applies a JSON merge patch (RFC 7386) to a StatefulSet
// (`patch sts/web --type=merge -p '{"spec":{...}}'`). Apply takes the path
// the script's patch takes: the stored set as Kubernetes JSON, the patch
// merged in, the result decoded and applied.
type Patch struct {
	Set   string
	Patch string // a JSON object
}

func (o Patch) String() string {
	return script.Quote([]string{"patch", "sts/" + o.Set, "--type=merge", "-p", o.Patch})
}

// Apply patches the set; a patch that changes nothing writes nothing.
func (o Patch) Apply(c *sim.Cluster, _ func(*sim.Cluster) bool) error {
	set, changed, err := o.patched(c)
	if err != nil || !changed {
		return err
	}
	_, err = c.ApplyStatefulSet(set)
	return err
}

// Disrupts is true when the patch changes the set: the script runner
// counts every such patch as the start of a rollout.
func (o Patch) Disrupts(c *sim.Cluster) bool {
	_, changed, err := o.patched(c)
	return err == nil && changed
}

// patched returns the set with the patch applied and whether it differs.
func (o Patch) patched(c *sim.Cluster) (*sts.StatefulSet, bool, error) {
	set, ok := c.StatefulSet(o.Set)
	if !ok {
		return nil, false, fmt.Errorf("statefulsets.apps %q not found", o.Set)
	}
	kube, err := manifest.ToKube(set)
	if err != nil {
		return nil, false, err
	}
	orig, err := json.Marshal(kube)
	if err != nil {
		return nil, false, err
	}
	out, same, err := mergePatch(orig, []byte(o.Patch))
	if err != nil || same {
		return nil, false, err
	}
	objs, _, err := manifest.Decode(out)
	var des manifest.Errors
	if errors.As(err, &des) && des[0].Status != nil {
		return nil, false, des[0].Status
	}
	if err != nil || len(objs) != 1 {
		return nil, false, fmt.Errorf("the patched object is not a StatefulSet: %v", err)
	}
	s, ok := objs[0].(*sts.StatefulSet)
	if !ok {
		return nil, false, fmt.Errorf("the patched object is a %T", objs[0])
	}
	return s, true, nil
}

// mergePatch merges patch into orig (RFC 7386, as `patch --type=merge`
// does) and reports whether the result equals orig.
func mergePatch(orig, patch []byte) ([]byte, bool, error) {
	out, err := script.MergePatch(orig, patch)
	if err != nil {
		return nil, false, err
	}
	var before, after any
	if err := json.Unmarshal(orig, &before); err != nil {
		return nil, false, err
	}
	if err := json.Unmarshal(out, &after); err != nil {
		return nil, false, err
	}
	return out, reflect.DeepEqual(before, after), nil
}
