package script

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/stsim/stsim/api"
)

var labelFlags = flagSpec{values: []string{"namespace"}, bools: []string{"overwrite"}}

// label changes the labels of a pod or a StatefulSet as kubectl label does:
// KEY=VALUE adds or (with --overwrite) changes a label, KEY- removes one.
func (r *Runner) label(args []string) error {
	in, err := parseArgs("label", args, labelFlags)
	if err != nil {
		return err
	}
	objArgs, specs := splitLabelArgs(in.args)
	res, name, err := oneTarget(objArgs)
	if err != nil {
		return err
	}
	add, remove, err := parseLabelSpecs(specs)
	if err != nil {
		return err
	}
	old, set, err := r.labelAccess(res, qualify(r.namespaceOf(in), name), name)
	if err != nil {
		return err
	}
	if !in.bools["overwrite"] {
		if err := noOverwrites(old, add); err != nil {
			return err
		}
	}
	next := maps.Clone(old)
	if next == nil {
		next = map[string]string{}
	}
	maps.Copy(next, add)
	for _, k := range remove {
		delete(next, k)
	}
	r.disrupt() // a pod relabelled out of its set is released and replaced
	if err := set(next); err != nil {
		return err
	}
	r.printf("%s/%s %s\n", res.ref(), name, labelMessage(old, next))
	return nil
}

// splitLabelArgs separates the object operands from the label specs.
func splitLabelArgs(args []string) (obj, specs []string) {
	for _, a := range args {
		if strings.Contains(a, "=") || strings.HasSuffix(a, "-") {
			specs = append(specs, a)
		} else {
			obj = append(obj, a)
		}
	}
	return obj, specs
}

// parseLabelSpecs is kubectl label's parseLabels.
func parseLabelSpecs(specs []string) (map[string]string, []string, error) {
	if len(specs) == 0 {
		return nil, nil, errors.New("at least one label update is required")
	}
	add := map[string]string{}
	var remove []string
	for _, s := range specs {
		if k, v, ok := strings.Cut(s, "="); ok {
			if strings.Contains(v, "=") {
				return nil, nil, fmt.Errorf("invalid label spec: %v", s)
			}
			if errs := api.IsValidLabelValue(v); len(errs) > 0 {
				return nil, nil, fmt.Errorf("invalid label value: %q: %s", s, strings.Join(errs, ";"))
			}
			add[k] = v
			continue
		}
		remove = append(remove, strings.TrimSuffix(s, "-"))
	}
	for _, k := range remove {
		if _, ok := add[k]; ok {
			return nil, nil, errors.New("can not both modify and remove a label in the same command")
		}
	}
	return add, remove, nil
}

// labelAccess returns an object's labels and the call that replaces them.
func (r *Runner) labelAccess(res *resource, qname, name string) (map[string]string, func(map[string]string) error, error) {
	c := r.cluster()
	switch res.plural {
	case "pods":
		p, ok := c.Pod(qname)
		if !ok {
			return nil, nil, api.NewNotFound("pods", "", name)
		}
		return p.Labels, func(l map[string]string) error { return c.SetPodLabels(qname, l) }, nil
	case "statefulsets":
		s, ok := c.StatefulSet(qname)
		if !ok {
			return nil, nil, api.NewNotFound("statefulsets", "apps", name)
		}
		return s.Labels, func(l map[string]string) error { return c.SetStatefulSetLabels(qname, l) }, nil
	}
	return nil, nil, fmt.Errorf("stsim labels pods and statefulsets, not %s", res.plural)
}

// noOverwrites is kubectl's validateNoOverwrites.
func noOverwrites(old, add map[string]string) error {
	var msgs []string
	for _, k := range slices.Sorted(maps.Keys(add)) {
		if v, ok := old[k]; ok && v != add[k] {
			msgs = append(msgs, fmt.Sprintf("'%s' already has a value (%s), and --overwrite is false", k, v))
		}
	}
	switch len(msgs) {
	case 0:
		return nil
	case 1:
		return errors.New(msgs[0])
	}
	return errors.New("[" + strings.Join(msgs, ", ") + "]")
}

// labelMessage is kubectl's result word.
func labelMessage(old, next map[string]string) string {
	added, removed := false, false
	for k, v := range next {
		if ov, ok := old[k]; !ok || ov != v {
			added = true
		}
	}
	for k := range old {
		if _, ok := next[k]; !ok {
			removed = true
		}
	}
	switch {
	case added && removed:
		return "modified"
	case added:
		return "labeled"
	case removed:
		return "unlabeled"
	}
	return "not labeled"
}
