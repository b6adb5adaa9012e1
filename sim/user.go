package sim

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/stsim/stsim/api"
	"github.com/stsim/stsim/sts"
)

// Names given to the user-facing calls are "NAME" (in the default
// namespace) or "NAMESPACE/NAME".
func splitName(s string) key {
	if ns, name, ok := strings.Cut(s, "/"); ok {
		return key{ns, name}
	}
	return key{"default", s}
}

// Apply results, as kubectl apply prints them.
const (
	Created    = "created"
	Configured = "configured"
	Unchanged  = "unchanged"
)

// ApplyStatefulSet creates the StatefulSet or updates it in place, with the
// API server's defaulting and validation; it returns Created, Configured or
// Unchanged. On error nothing changes. The argument is not modified.
func (c *Cluster) ApplyStatefulSet(in *sts.StatefulSet) (string, error) {
	set := deepCopy(in)
	if set.Namespace == "" {
		set.Namespace = "default"
	}
	if _, ok := c.namespaces[set.Namespace]; !ok {
		return "", api.NewNotFound("namespaces", "", set.Namespace)
	}
	sts.Default(set, c.gates)
	old := c.sets[key{set.Namespace, set.Name}]
	if old == nil {
		return c.createSet(set)
	}
	return c.updateSet(set, old)
}

func (c *Cluster) createSet(set *sts.StatefulSet) (string, error) {
	sts.PrepareForCreate(set, c.gates)
	if errs := sts.Validate(set, c.gates); len(errs) > 0 {
		return "", api.NewInvalid("StatefulSet", "apps", set.Name, errs)
	}
	c.stamp(&set.ObjectMeta)
	set.DeletionTimestamp = nil
	c.writeSet(set, Event{Actor: ActorUser, Verb: VerbCreate, Reason: "created"})
	return Created, nil
}

func (c *Cluster) updateSet(set, old *sts.StatefulSet) (string, error) {
	sts.PrepareForUpdate(set, old, c.gates)
	if errs := sts.ValidateUpdate(set, old, c.gates); len(errs) > 0 {
		return "", api.NewInvalid("StatefulSet", "apps", set.Name, errs)
	}
	metaChanged := !maps.Equal(set.Labels, old.Labels) || !maps.Equal(set.Annotations, old.Annotations)
	if set.Generation == old.Generation && !metaChanged {
		return Unchanged, nil
	}
	n := *old
	n.Labels, n.Annotations, n.Spec, n.Generation = set.Labels, set.Annotations, set.Spec, set.Generation
	c.writeSet(&n, Event{Actor: ActorUser, Verb: VerbUpdate, Reason: "configured"})
	return Configured, nil
}

// UpdateStatefulSet applies change to a copy of the named set and writes it
// back through ApplyStatefulSet's update path.
func (c *Cluster) UpdateStatefulSet(name string, change func(*sts.StatefulSet)) error {
	k := splitName(name)
	old := c.sets[k]
	if old == nil {
		return api.NewNotFound("statefulsets", "apps", k.name)
	}
	set := deepCopy(old)
	change(set)
	set.Name, set.Namespace = old.Name, old.Namespace
	_, err := c.ApplyStatefulSet(set)
	return err
}

// Scale sets spec.replicas of the named StatefulSet.
func (c *Cluster) Scale(name string, replicas int32) error {
	return c.UpdateStatefulSet(name, func(s *sts.StatefulSet) { s.Spec.Replicas = &replicas })
}

// DeleteStatefulSet deletes the named StatefulSet with a cascade policy
// (Background by default, as kubectl).
func (c *Cluster) DeleteStatefulSet(name string, cascade Cascade) error {
	k := splitName(name)
	set := c.sets[k]
	if set == nil {
		return api.NewNotFound("statefulsets", "apps", k.name)
	}
	if cascade == "" {
		cascade = Background
	}
	if cascade != Background && cascade != Foreground && cascade != Orphan {
		return fmt.Errorf(`invalid cascade %q: must be "background", "foreground" or "orphan"`, cascade)
	}
	c.deleteSet(set, cascade, ActorUser)
	return nil
}

// DeletePod deletes the named pod: gracefully by default, at once with
// opts.Force.
func (c *Cluster) DeletePod(name string, opts DeleteOptions) error {
	k := splitName(name)
	reason := "deleted by user"
	if opts.Force {
		reason = "force deleted by user"
	}
	return c.deletePod(k.ns, k.name, "", opts, ActorUser, reason)
}

// CreateNamespace creates a namespace (no error if it exists).
func (c *Cluster) CreateNamespace(name string) error {
	if _, ok := c.namespaces[name]; ok {
		return nil
	}
	for _, msg := range api.IsDNS1123Label(name) {
		return api.NewInvalid("Namespace", "", name, api.ErrorList{api.Invalid(api.NewPath("metadata", "name"), name, msg)})
	}
	c.addNamespace(name)
	c.record(Event{Actor: ActorUser, Verb: VerbCreate, Kind: "Namespace", Name: name})
	return nil
}

// Pod returns the named pod. It is the stored object, shared with the
// simulation: read it, do not change it (ApplyPod and the fault and
// operation calls change pods).
func (c *Cluster) Pod(name string) (*api.Pod, bool) {
	p := c.pod(splitName(name))
	return p, p != nil
}

// StatefulSet returns the named StatefulSet. It is the stored object,
// shared with the simulation: read it, do not change it.
func (c *Cluster) StatefulSet(name string) (*sts.StatefulSet, bool) {
	s, ok := c.sets[splitName(name)]
	return s, ok
}

// Pods returns the pods of a namespace ("" for all) sorted by namespace and
// name.
func (c *Cluster) Pods(namespace string) []*api.Pod {
	return sortedBy(c.pods, namespace, func(s *podSlot) *api.Pod { return s.cur })
}

// StatefulSets returns the StatefulSets of a namespace ("" for all).
func (c *Cluster) StatefulSets(namespace string) []*sts.StatefulSet {
	return sortedValues(c.sets, namespace)
}

// Revisions returns the ControllerRevisions of a namespace ("" for all).
func (c *Cluster) Revisions(namespace string) []*sts.ControllerRevision {
	return sortedValues(c.revisions, namespace)
}

// Nodes returns the nodes sorted by name.
func (c *Cluster) Nodes() []*api.Node {
	out := make([]*api.Node, 0, len(c.nodeNames))
	for _, n := range c.nodeNames {
		out = append(out, c.nodes[n])
	}
	return out
}

// Namespaces returns the namespaces sorted by name.
func (c *Cluster) Namespaces() []*api.Namespace {
	out := make([]*api.Namespace, 0, len(c.namespaces))
	for _, n := range slices.Sorted(maps.Keys(c.namespaces)) {
		out = append(out, c.namespaces[n])
	}
	return out
}

// KubeEvents returns the Kubernetes Events recorded so far, oldest first.
func (c *Cluster) KubeEvents() []api.Event {
	out := make([]api.Event, c.events.len())
	for i := range out {
		out[i] = c.events.kubeEvent(c.events.at(i))
	}
	return out
}

func sortedValues[T any](m map[key]*T, ns string) []*T {
	return sortedBy(m, ns, func(v *T) *T { return v })
}

// sortedBy returns get of the values of m in a namespace ("" for all),
// sorted by key.
func sortedBy[T, V any](m map[key]*T, ns string, get func(*T) V) []V {
	keys := slices.SortedFunc(maps.Keys(m), keyLess)
	out := make([]V, 0, len(keys))
	for _, k := range keys {
		if ns == "" || k.ns == ns {
			out = append(out, get(m[k]))
		}
	}
	return out
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

// deepCopy copies a StatefulSet through JSON, plus the fields JSON skips.
func deepCopy(in *sts.StatefulSet) *sts.StatefulSet {
	out := &sts.StatefulSet{}
	if err := json.Unmarshal(mustJSON(in), out); err != nil {
		panic(err)
	}
	out.CreationTimestamp = in.CreationTimestamp
	out.DeletionTimestamp = in.DeletionTimestamp
	return out
}
