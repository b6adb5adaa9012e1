package sim

import (
	"maps"
	"slices"
	"strings"

	"github.com/stsim/stsim/api"
	"github.com/stsim/stsim/sts"
)

// SetPodLabels replaces the labels of the named pod, as the merge patch of
// `kubectl label` does, with the API server's validation. A pod whose labels
// stop matching its StatefulSet's selector is released by the controller;
// an orphan that starts matching is adopted.
func (c *Cluster) SetPodLabels(name string, labels map[string]string) error {
	k := splitName(name)
	p := c.pod(k)
	if p == nil {
		return api.NewNotFound("pods", "", k.name)
	}
	if maps.Equal(p.Labels, labels) {
		return nil
	}
	if errs := api.ValidateLabels(labels, api.NewPath("metadata", "labels")); len(errs) > 0 {
		return api.NewInvalid("Pod", "", k.name, errs)
	}
	n := *p
	n.Labels = maps.Clone(labels)
	c.writePod(&n, Event{Actor: ActorUser, Verb: VerbPatch, Reason: labelChange(p.Labels, labels)})
	return nil
}

// SetStatefulSetLabels replaces the labels of the named StatefulSet with the
// API server's update validation. The spec, and so the generation, stays.
func (c *Cluster) SetStatefulSetLabels(name string, labels map[string]string) error {
	k := splitName(name)
	old := c.sets[k]
	if old == nil {
		return api.NewNotFound("statefulsets", "apps", k.name)
	}
	if maps.Equal(old.Labels, labels) {
		return nil
	}
	set := deepCopy(old)
	set.Labels = maps.Clone(labels)
	if errs := sts.ValidateUpdate(set, old, c.gates); len(errs) > 0 {
		return api.NewInvalid("StatefulSet", "apps", k.name, errs)
	}
	n := *old
	n.Labels = set.Labels
	c.writeSet(&n, Event{Actor: ActorUser, Verb: VerbPatch, Reason: labelChange(old.Labels, labels)})
	return nil
}

// labelChange describes a label change in kubectl label's argument syntax:
// "labels app=other tier-".
func labelChange(old, labels map[string]string) string {
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(labels)) {
		if v, ok := old[k]; !ok || v != labels[k] {
			parts = append(parts, k+"="+labels[k])
		}
	}
	for _, k := range slices.Sorted(maps.Keys(old)) {
		if _, ok := labels[k]; !ok {
			parts = append(parts, k+"-")
		}
	}
	return "labels " + strings.Join(parts, " ")
}
