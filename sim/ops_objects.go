package sim

import (
	"maps"
	"slices"

	"github.com/stsim/stsim/api"
)

// podUpdateForbidden is the API server's refusal of a pod spec change
// (upstream: ValidatePodUpdate).
const podUpdateForbidden = "pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)"

// ApplyPod creates a bare pod, or updates the labels and annotations of an
// existing one; it returns Created, Configured or Unchanged. The scheduler,
// the kubelet and (for a pod matching a StatefulSet, which adopts it) the
// controller take it from there. Any change of an existing pod's spec is
// refused (the simulation does not restart containers on an image change).
func (c *Cluster) ApplyPod(in *api.Pod) (string, error) {
	p := *in
	if p.Namespace == "" {
		p.Namespace = "default"
	}
	old := c.pod(key{p.Namespace, p.Name})
	if old == nil {
		return c.createPod(&p)
	}
	return c.updatePodMeta(&p, old)
}

func (c *Cluster) createPod(p *api.Pod) (string, error) {
	if err := c.admitPod(p); err != nil {
		return "", err
	}
	if p.Spec.RestartPolicy == "" {
		p.Spec.RestartPolicy = "Always"
	}
	p.Labels, p.Annotations = maps.Clone(p.Labels), maps.Clone(p.Annotations)
	p.OwnerReferences = slices.Clone(p.OwnerReferences)
	c.stamp(&p.ObjectMeta)
	p.DeletionTimestamp, p.DeletionGracePeriodSeconds = nil, nil
	p.Status = api.PodStatus{Phase: api.PodPending}
	c.writePod(p, Event{Actor: ActorUser, Verb: VerbCreate, Reason: "created"})
	return Created, nil
}

func (c *Cluster) updatePodMeta(p, old *api.Pod) (string, error) {
	spec := p.Spec
	if spec.NodeName == "" {
		spec.NodeName = old.Spec.NodeName
	}
	if spec.RestartPolicy == "" {
		spec.RestartPolicy = old.Spec.RestartPolicy
	}
	spec.Tolerations = withDefaultTolerations(spec.Tolerations) // admission runs on updates too (taint_eviction.go)
	if string(mustJSON(spec)) != string(mustJSON(old.Spec)) {
		return "", api.NewInvalid("Pod", "", p.Name, api.ErrorList{api.Forbidden(api.NewPath("spec"), podUpdateForbidden)})
	}
	if maps.Equal(p.Labels, old.Labels) && maps.Equal(p.Annotations, old.Annotations) {
		return Unchanged, nil
	}
	if errs := api.ValidateLabels(p.Labels, api.NewPath("metadata", "labels")); len(errs) > 0 {
		return "", api.NewInvalid("Pod", "", p.Name, errs)
	}
	n := *old
	n.Labels, n.Annotations = maps.Clone(p.Labels), maps.Clone(p.Annotations)
	c.writePod(&n, Event{Actor: ActorUser, Verb: VerbUpdate, Reason: "configured"})
	return Configured, nil
}

// ApplyNode adds a Ready node, or updates the labels, taints and
// schedulability of an existing one; it returns Created, Configured or
// Unchanged.
func (c *Cluster) ApplyNode(in *api.Node) (string, error) {
	if errs := api.IsDNS1123Subdomain(in.Name); len(errs) > 0 {
		return "", api.NewInvalid("Node", "", in.Name, api.ErrorList{api.Invalid(api.NewPath("metadata", "name"), in.Name, errs[0])})
	}
	old := c.nodes[in.Name]
	if old == nil {
		c.addNode(in.Name, c.nodeIndex(in.Name))
		n := c.nodes[in.Name]
		maps.Copy(n.Labels, in.Labels)
		n.Spec.Unschedulable, n.Spec.Taints = in.Spec.Unschedulable, slices.Clone(in.Spec.Taints)
		if in.Status.Pods > 0 {
			n.Status.Pods = in.Status.Pods
		}
		c.record(Event{Actor: ActorUser, Verb: VerbCreate, Kind: "Node", Name: in.Name, Reason: "created"})
		c.life.nodeChanged(in.Name) // nodes.go: the scheduler and the taint eviction controller watch nodes
		return Created, nil
	}
	labels := maps.Clone(old.Labels)
	maps.Copy(labels, in.Labels)
	if maps.Equal(labels, old.Labels) && old.Spec.Unschedulable == in.Spec.Unschedulable && slices.Equal(old.Spec.Taints, in.Spec.Taints) {
		return Unchanged, nil
	}
	n := *old
	n.Labels = labels
	n.Spec.Unschedulable, n.Spec.Taints = in.Spec.Unschedulable, slices.Clone(in.Spec.Taints)
	c.writeNode(&n, Event{Actor: ActorUser, Verb: VerbUpdate, Reason: "configured"}) // nodes.go
	return Configured, nil
}
