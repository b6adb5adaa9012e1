package script

import (
	"cmp"
	"strconv"

	"github.com/stsim/stsim/api"
	"github.com/stsim/stsim/storage"
	"github.com/stsim/stsim/sts"
)

// describeSet is kubectl's StatefulSet description (upstream: describe.go
// describeStatefulSet).
func (r *Runner) describeSet(s *sts.StatefulSet) string {
	d := newDescriber()
	d.line(0, "Name:\t%s", s.Name)
	d.line(0, "Namespace:\t%s", s.Namespace)
	d.line(0, "CreationTimestamp:\t%s", timestamp(s.CreationTimestamp))
	d.line(0, "Selector:\t%s", api.FormatLabelSelector(s.Spec.Selector))
	d.labels(0, "Labels", s.Labels)
	d.annotations(0, "Annotations", s.Annotations)
	if s.Spec.ServiceName != "" {
		d.line(0, "Service Name:\t%s", s.Spec.ServiceName)
	}
	if s.Spec.PodManagementPolicy != "" {
		d.line(0, "Pod Management Policy:\t%s", s.Spec.PodManagementPolicy)
	}
	d.line(0, "Replicas:\t%d desired | %d total", *s.Spec.Replicas, s.Status.Replicas)
	describeStrategy(d, s.Spec.UpdateStrategy)
	if p := s.Spec.PersistentVolumeClaimRetentionPolicy; p != nil {
		d.line(0, "Persistent Volume Claim Retention Policy:")
		d.line(1, "WhenDeleted:\t%s", p.WhenDeleted)
		d.line(1, "WhenScaled:\t%s", p.WhenScaled)
	}
	d.line(0, "Pods Status:\t%s", r.podsStatus(s))
	describeTemplate(d, &s.Spec.Template)
	describeClaimTemplates(d, s.Spec.VolumeClaimTemplates)
	r.describeEvents(d, s.Namespace, "StatefulSet", s.Name)
	return d.String()
}

// describeStrategy writes Update Strategy with its partition.
func describeStrategy(d *describer, u sts.UpdateStrategy) {
	d.line(0, "Update Strategy:\t%s", u.Type)
	ru := u.RollingUpdate
	if ru == nil || ru.Partition == nil {
		return
	}
	d.line(1, "Partition:\t%d", *ru.Partition)
	if mu := ru.MaxUnavailable; mu != nil {
		v := mu.Str
		if !mu.IsString {
			v = itoa(mu.Int)
		}
		d.line(1, "MaxUnavailable:\t%s", v)
	}
}

// podsStatus counts the set's pods by phase.
func (r *Runner) podsStatus(s *sts.StatefulSet) string {
	n := map[api.PodPhase]int{}
	for _, p := range r.c.Pods(s.Namespace) {
		if ref := p.ControllerRef(); ref != nil && ref.UID == s.UID {
			n[p.Status.Phase]++
		}
	}
	return itoa(int32(n[api.PodRunning])) + " Running / " + itoa(int32(n[api.PodPending])) + " Waiting / " +
		itoa(int32(n[api.PodSucceeded])) + " Succeeded / " + itoa(int32(n[api.PodFailed])) + " Failed"
}

// describeTemplate writes the Pod Template section.
func describeTemplate(d *describer, t *api.PodTemplateSpec) {
	d.line(0, "Pod Template:")
	d.labels(1, "Labels", t.Labels)
	if len(t.Annotations) > 0 {
		d.annotations(1, "Annotations", t.Annotations)
	}
	describeContainers(d, 1, t.Spec.Containers, nil, nil)
	describeVolumes(d, 1, t.Spec.Volumes)
	d.labels(1, "Node-Selectors", t.Spec.NodeSelector)
	describeTolerations(d, 1, t.Spec.Tolerations)
}

// describeClaimTemplates writes Volume Claims.
func describeClaimTemplates(d *describer, ts []storage.PersistentVolumeClaim) {
	if len(ts) == 0 {
		d.line(0, "Volume Claims:\t<none>")
		return
	}
	d.line(0, "Volume Claims:")
	for _, t := range ts {
		class := ""
		if t.Spec.StorageClassName != nil {
			class = *t.Spec.StorageClassName
		}
		d.line(1, "Name:\t%s", t.Name)
		d.line(1, "StorageClass:\t%s", class)
		d.labels(1, "Labels", t.Labels)
		d.annotations(1, "Annotations", t.Annotations)
		d.line(1, "Capacity:\t%s", cmp.Or(t.Spec.Storage, "<default>"))
		d.line(1, "Access Modes:\t%v", t.Spec.AccessModes)
	}
}

func itoa(n int32) string { return strconv.Itoa(int(n)) }
