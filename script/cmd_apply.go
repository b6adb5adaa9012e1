package script

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"

	appsv1 "k8s.io/api/apps/v1"

	"github.com/stsim/stsim/api"
	"github.com/stsim/stsim/dns"
	"github.com/stsim/stsim/manifest"
	"github.com/stsim/stsim/sim"
	"github.com/stsim/stsim/storage"
	"github.com/stsim/stsim/sts"
)

var applyFlags = flagSpec{values: []string{"filename", "namespace"}}

// apply creates or updates the objects of the manifests given with -f or in
// a heredoc, printing kubectl's line for each and then the errors.
func (r *Runner) apply(args []string) error {
	in, err := parseArgs("apply", args, applyFlags)
	if err != nil {
		return err
	}
	if len(in.args) > 0 {
		return usageError{"apply", fmt.Sprintf("Unexpected args: %v", in.args)}
	}
	srcs, err := r.sources(in)
	if err != nil {
		return err
	}
	var errs []applyErr
	applied := 0
	for _, src := range srcs {
		objs, warnings, derr := manifest.Decode(src.data)
		for _, w := range warnings {
			r.printf("Warning: %s\n", w)
		}
		errs = append(errs, docErrors(derr, src.name)...)
		for _, obj := range objs {
			if err := r.applyOne(obj, in); err != nil {
				errs = append(errs, applyErr{err: sourced(err, src.name)})
			}
			applied++
		}
	}
	if applied == 0 && len(errs) == 0 {
		return errors.New("no objects passed to apply")
	}
	return r.reportAll(errs)
}

// applyOne applies one decoded object and prints kubectl's result line.
func (r *Runner) applyOne(obj manifest.Object, in *input) error {
	switch o := obj.(type) {
	case *sts.StatefulSet:
		return r.applySet(o, in)
	case *api.Pod:
		return r.applyNamespaced("pod", &o.ObjectMeta, in, func() (string, error) { return r.cluster().ApplyPod(o) })
	case *storage.PersistentVolumeClaim:
		return r.applyNamespaced("persistentvolumeclaim", &o.ObjectMeta, in, func() (string, error) { return r.cluster().ApplyClaim(o) })
	case *dns.Service:
		return r.applyNamespaced("service", &o.ObjectMeta, in, func() (string, error) { return r.cluster().ApplyService(o) })
	case *storage.PersistentVolume:
		return r.applyVolume(o)
	case *storage.StorageClass:
		o.Namespace = "" // cluster-scoped: kubectl leaves the namespace out
		return r.printResult("storageclass.storage.k8s.io", o.Name, func() (string, error) { return r.cluster().ApplyStorageClass(o) })
	case *api.Namespace:
		return r.applyNamespace(o)
	case *api.Node:
		return r.printResult("node", o.Name, func() (string, error) { return r.cluster().ApplyNode(o) })
	case *manifest.Unsupported:
		return notSimulated(o.Kind)
	}
	return fmt.Errorf("stsim cannot apply %T", obj)
}

// applySet applies a StatefulSet, printing the API server's warnings first.
// Over a set that exists it applies what kubectl apply's three-way merge
// makes of the live set, the last manifest applied and this one
// (threeWayPatch): a field no manifest gave, such as replicas after
// `scale`, is kept, and one the last manifest gave and this one drops is
// removed.
func (r *Runner) applySet(set *sts.StatefulSet, in *input) error {
	if err := r.placeIn(&set.ObjectMeta, in); err != nil {
		return err
	}
	c := r.cluster()
	qname := qualify(set.Namespace, set.Name)
	old, exists := c.StatefulSet(qname)
	applied, err := appliedDoc(set)
	if err != nil {
		return err
	}
	if exists {
		last, ok := r.lastApplied[qname]
		if !ok {
			r.printf("Warning: resource statefulsets/%s is missing the kubectl.kubernetes.io/last-applied-configuration annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.\n", set.Name)
		}
		if set, err = mergeApplied(old, last, applied); err != nil {
			return err
		}
	}
	res, err := c.ApplyStatefulSet(set)
	if err != nil {
		return err
	}
	r.lastApplied[qname] = applied
	if res == sim.Configured {
		r.disrupt() // a rolling update replaces pods out of ordinal order
	}
	warnings := sts.Warnings(set)
	if exists {
		warnings = nil
		if res == sim.Configured {
			now, _ := c.StatefulSet(qualify(set.Namespace, set.Name))
			warnings = sts.WarningsOnUpdate(now, old)
		}
	}
	for _, w := range warnings {
		r.printf("Warning: %s\n", w)
	}
	r.printf("statefulset.apps/%s %s\n", set.Name, res)
	return nil
}

// applyNamespaced applies a namespaced object other than a StatefulSet.
func (r *Runner) applyNamespaced(ref string, m *api.ObjectMeta, in *input, apply func() (string, error)) error {
	if err := r.placeIn(m, in); err != nil {
		return err
	}
	return r.printResult(ref, m.Name, apply)
}

// applyVolume applies a PersistentVolume. As kubectl apply's three-way
// merge does, a claimRef that the binder set stays unless an earlier apply
// of this volume gave one and this one drops it.
func (r *Runner) applyVolume(v *storage.PersistentVolume) error {
	v.Namespace = "" // cluster-scoped: kubectl leaves the namespace out
	c := r.cluster()
	given := v.Spec.ClaimRef != nil
	if live, ok := c.Volume(v.Name); ok && !given && live.Spec.ClaimRef != nil && !r.claimRefApplied[v.Name] {
		ref := *live.Spec.ClaimRef
		v.Spec.ClaimRef = &ref
	}
	return r.printResult("persistentvolume", v.Name, func() (string, error) {
		res, err := c.ApplyPersistentVolume(v)
		if err == nil {
			r.claimRefApplied[v.Name] = given
		}
		return res, err
	})
}

// applyNamespace creates a namespace unless it exists.
func (r *Runner) applyNamespace(ns *api.Namespace) error {
	return r.printResult("namespace", ns.Name, func() (string, error) {
		for _, n := range r.cluster().Namespaces() {
			if n.Name == ns.Name {
				return sim.Unchanged, nil
			}
		}
		return sim.Created, r.cluster().CreateNamespace(ns.Name)
	})
}

// printResult runs apply and prints "REF/NAME RESULT".
func (r *Runner) printResult(ref, name string, apply func() (string, error)) error {
	res, err := apply()
	if err != nil {
		return err
	}
	r.printf("%s/%s %s\n", ref, name, res)
	return nil
}

// placeIn puts an object in the command's namespace unless it names its
// own; -n must not contradict the object's namespace.
func (r *Runner) placeIn(m *api.ObjectMeta, in *input) error {
	ns := r.namespaceOf(in)
	switch {
	case m.Namespace == "":
		m.Namespace = ns
	case in.vals["namespace"] != "" && m.Namespace != ns:
		return kubectlError(fmt.Sprintf("the namespace from the provided object %q does not match the namespace %q. You must pass '--namespace=%s' to perform this operation.", m.Namespace, ns, m.Namespace))
	}
	return nil
}

// appliedDoc is a manifest's StatefulSet as Kubernetes JSON, without what
// the server owns (status, and the metadata it sets).
func appliedDoc(set *sts.StatefulSet) (map[string]any, error) {
	b, err := kubeJSON(set)
	if err != nil {
		return nil, err
	}
	var doc map[string]any
	if err := json.Unmarshal(b, &doc); err != nil {
		return nil, err
	}
	delete(doc, "status")
	if m, ok := doc["metadata"].(map[string]any); ok {
		for _, k := range []string{"uid", "resourceVersion", "generation", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "managedFields"} {
			delete(m, k)
		}
	}
	return doc, nil
}

// mergeApplied returns the set kubectl apply makes of the live set, the
// last manifest applied for it (nil if none: nothing is removed) and this
// one.
func mergeApplied(live *sts.StatefulSet, last, applied map[string]any) (*sts.StatefulSet, error) {
	current, err := appliedDoc(live)
	if err != nil {
		return nil, err
	}
	t := reflect.TypeFor[appsv1.StatefulSet]()
	merged := smpMap(current, threeWayPatch(last, applied, current, t), t)
	b, err := json.Marshal(merged)
	if err != nil {
		return nil, err
	}
	objs, _, err := manifest.Decode(b)
	if err != nil || len(objs) != 1 {
		return nil, fmt.Errorf("the merged object is not a StatefulSet: %v", err)
	}
	set, ok := objs[0].(*sts.StatefulSet)
	if !ok {
		return nil, fmt.Errorf("the merged object is not a StatefulSet")
	}
	return set, nil
}
