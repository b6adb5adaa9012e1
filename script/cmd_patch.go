package script

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"

	"sigs.k8s.io/yaml"

	appsv1 "k8s.io/api/apps/v1"

	"github.com/stsim/stsim/api"
	"github.com/stsim/stsim/manifest"
	"github.com/stsim/stsim/sim"
	"github.com/stsim/stsim/sts"
)

var patchFlags = flagSpec{values: []string{"type", "patch", "namespace"}}

// patch patches a StatefulSet at the edge, as the API server does: the
// set as Kubernetes JSON, the patch applied to it, the result decoded and
// applied.
func (r *Runner) patch(args []string) error {
	in, err := parseArgs("patch", args, patchFlags)
	if err != nil {
		return err
	}
	res, name, err := oneTarget(in.args)
	if err != nil {
		return err
	}
	body, err := r.patchBody(in)
	if err != nil {
		return err
	}
	if res.plural != "statefulsets" {
		return fmt.Errorf("stsim patches statefulsets, not %s", res.plural)
	}
	qname := qualify(r.namespaceOf(in), name)
	set, ok := r.cluster().StatefulSet(qname)
	if !ok {
		return api.NewNotFound("statefulsets", "apps", name)
	}
	changed, err := r.patchSet(set, in.vals["type"], body)
	if err != nil {
		return err
	}
	suffix := ""
	if !changed {
		suffix = " (no change)"
	}
	r.printf("statefulset.apps/%s patched%s\n", name, suffix)
	return nil
}

// patchBody is -p, or the heredoc, as JSON (kubectl accepts YAML too).
func (r *Runner) patchBody(in *input) ([]byte, error) {
	p, ok := in.vals["patch"]
	switch {
	case !ok && r.stdin:
		p = r.cmd.Body
	case !ok:
		return nil, errors.New("must specify -p to patch")
	}
	b, err := yaml.YAMLToJSON([]byte(p))
	if err != nil {
		return nil, fmt.Errorf("unable to parse %q: %v", p, err)
	}
	return b, nil
}

// patchSet applies a patch of the given type to set and reports whether
// the stored set changed.
func (r *Runner) patchSet(set *sts.StatefulSet, typ string, patch []byte) (bool, error) {
	orig, err := kubeJSON(set)
	if err != nil {
		return false, err
	}
	patched, err := applyPatch(typ, orig, patch)
	if err != nil {
		return false, err
	}
	if jsonEqual(orig, patched) {
		return false, nil
	}
	objs, _, err := manifest.Decode(patched)
	var des manifest.Errors
	if errors.As(err, &des) && des[0].Status != nil {
		return false, des[0].Status
	}
	if err != nil || len(objs) != 1 {
		return false, fmt.Errorf("the patched object is not a StatefulSet: %v", err)
	}
	r.disrupt() // a rolling update replaces pods out of ordinal order
	res, err := r.c.ApplyStatefulSet(objs[0].(*sts.StatefulSet))
	return res == sim.Configured, err
}

// applyPatch dispatches on kubectl's --type.
func applyPatch(typ string, orig, patch []byte) ([]byte, error) {
	switch typ {
	case "", "strategic":
		return strategicMerge(orig, patch, reflect.TypeFor[appsv1.StatefulSet]())
	case "merge":
		return MergePatch(orig, patch)
	case "json":
		return jsonPatch(orig, patch)
	}
	return nil, fmt.Errorf("--type must be one of [json merge strategic], not %q", typ)
}

// jsonEqual compares two JSON documents by value.
func jsonEqual(a, b []byte) bool {
	var x, y any
	return json.Unmarshal(a, &x) == nil && json.Unmarshal(b, &y) == nil && reflect.DeepEqual(x, y)
}

// kubeJSON is a StatefulSet as Kubernetes JSON.
func kubeJSON(set *sts.StatefulSet) ([]byte, error) {
	kube, err := manifest.ToKube(set)
	if err != nil {
		return nil, err
	}
	return json.Marshal(kube)
}
