package sts

import (
	"maps"
	"strconv"

	"github.com/stsim/stsim/api"
	"github.com/stsim/stsim/storage"
)

// Pod predicates (upstream: stateful_set_utils.go).

// isCreated: the pod exists in the API (its phase is set).
func isCreated(p *api.Pod) bool { return p.Status.Phase != "" }

// isPending: phase Pending.
func isPending(p *api.Pod) bool { return p.Status.Phase == api.PodPending }

// isTerminal: phase Failed or Succeeded (upstream isTerminalPhase).
func isTerminal(p *api.Pod) bool {
	return p.Status.Phase == api.PodFailed || p.Status.Phase == api.PodSucceeded
}

// isRunningAndReady: phase Running and condition Ready=True.
func isRunningAndReady(p *api.Pod) bool {
	return p.Status.Phase == api.PodRunning && api.IsPodReady(p)
}

// ControllerRef is the owner reference that makes set the controller of an
// object: its pods and revisions, and what it adopts (upstream:
// metav1.NewControllerRef with the StatefulSet kind).
func ControllerRef(set *StatefulSet) api.OwnerReference {
	return api.OwnerReference{APIVersion: "apps/v1", Kind: "StatefulSet", Name: set.Name, UID: set.UID,
		Controller: true, BlockOwnerDeletion: true}
}

// newPod builds the pod for ordinal from template at revision
// (upstream: newStatefulSetPod, initIdentity, updateStorage, setPodRevision).
// owners are its owner references, shared with the set's other new pods.
func newPod(set *StatefulSet, tmpl *api.PodTemplateSpec, revision string, ordinal int32, owners []api.OwnerReference) *api.Pod {
	name := PodName(set.Name, ordinal)
	labels := maps.Clone(tmpl.Labels) // cloning copies the table, faster than inserting
	if labels == nil {
		labels = make(map[string]string, 3)
	}
	labels[PodNameLabel] = name
	labels[PodIndexLabel] = name[len(set.Name)+1:] // the ordinal's digits
	labels[RevisionLabel] = revision
	p := &api.Pod{
		ObjectMeta: api.ObjectMeta{
			Name:            name,
			GenerateName:    name[:len(set.Name)+1], // "<set>-"
			Namespace:       set.Namespace,
			Labels:          labels,
			Annotations:     maps.Clone(tmpl.Annotations),
			Finalizers:      tmpl.Finalizers,
			OwnerReferences: owners,
		},
		Spec: tmpl.Spec,
	}
	p.Spec.Hostname = name
	p.Spec.Subdomain = set.Spec.ServiceName
	p.Spec.Volumes = claimVolumes(set, tmpl.Spec.Volumes, ordinal)
	return p
}

// claimVolumes returns the pod's volumes: one per claim template (replacing
// a template volume of the same name), then the other template volumes
// (upstream: updateStorage).
func claimVolumes(set *StatefulSet, volumes []api.Volume, ordinal int32) []api.Volume {
	if len(set.Spec.VolumeClaimTemplates) == 0 {
		return volumes
	}
	out := make([]api.Volume, 0, len(volumes)+len(set.Spec.VolumeClaimTemplates))
	names := map[string]bool{}
	for _, t := range set.Spec.VolumeClaimTemplates {
		names[t.Name] = true
		out = append(out, api.Volume{Name: t.Name, ClaimName: ClaimName(t.Name, set.Name, ordinal)})
	}
	for _, v := range volumes {
		if !names[v.Name] {
			out = append(out, v)
		}
	}
	return out
}

// repairPod returns a copy of p with its identity labels and claim volumes
// restored (upstream: UpdateStatefulPod → updateIdentity, updateStorage).
func repairPod(set *StatefulSet, p *api.Pod, ordinal int32) *api.Pod {
	c := *p
	c.Name = PodName(set.Name, ordinal)
	c.Namespace = set.Namespace
	c.Labels = maps.Clone(p.Labels)
	if c.Labels == nil {
		c.Labels = map[string]string{}
	}
	c.Labels[PodNameLabel] = c.Name
	c.Labels[PodIndexLabel] = strconv.FormatInt(int64(ordinal), 10)
	c.Spec.Volumes = claimVolumes(set, p.Spec.Volumes, ordinal)
	return &c
}

// newClaim builds the claim for template and ordinal: labels are the
// template's overlaid with the selector's matchLabels, no owner references
// (upstream: getPersistentVolumeClaims).
func newClaim(set *StatefulSet, t *storage.PersistentVolumeClaim, ordinal int32) *storage.PersistentVolumeClaim {
	labels := maps.Clone(t.Labels)
	if set.Spec.Selector != nil && len(set.Spec.Selector.MatchLabels) > 0 {
		if labels == nil {
			labels = map[string]string{}
		}
		maps.Copy(labels, set.Spec.Selector.MatchLabels)
	}
	return &storage.PersistentVolumeClaim{
		ObjectMeta: api.ObjectMeta{
			Name:        ClaimName(t.Name, set.Name, ordinal),
			Namespace:   set.Namespace,
			Labels:      labels,
			Annotations: maps.Clone(t.Annotations),
		},
		Spec: t.Spec,
	}
}
