package simtest

import (
	"slices"

	"pgregory.net/rapid"

	"github.com/stsim/stsim/api"
	"github.com/stsim/stsim/storage"
	"github.com/stsim/stsim/sts"
)

// Images are the container images generated sets and ops use: sets start
// at the first; template changes switch among all three.
var Images = []string{"nginx:1.27", "nginx:1.28", "nginx:1.29"}

// StatefulSets generates valid StatefulSet specs named o.Name: replicas
// (0 to o.MaxReplicas), pod management policy, update strategy (with
// partition and maxUnavailable), ordinals.start, a claim template with its
// retention policy, minReadySeconds and revisionHistoryLimit. Fields left
// nil are left for the API server to default, as a user's manifest leaves
// them.
func StatefulSets(o Options) *rapid.Generator[*sts.StatefulSet] {
	return rapid.Custom(func(t *rapid.T) *sts.StatefulSet {
		s := NewSet(o.name(), rapid.Int32Range(0, o.maxReplicas()).Draw(t, "replicas"))
		s.Spec.PodManagementPolicy = rapid.SampledFrom(o.policies()).Draw(t, "policy")
		s.Spec.UpdateStrategy = drawStrategy(t, o)
		if rapid.Bool().Draw(t, "ordinals") {
			s.Spec.Ordinals = &sts.Ordinals{Start: rapid.Int32Range(0, 3).Draw(t, "start")}
		}
		if rapid.Bool().Draw(t, "claims") {
			s = WithClaims(s, drawRetention(t))
		}
		s.Spec.MinReadySeconds = rapid.SampledFrom([]int32{0, 0, 1, 5}).Draw(t, "minReadySeconds")
		if rapid.Bool().Draw(t, "historyLimit") {
			s.Spec.RevisionHistoryLimit = new(rapid.Int32Range(0, 3).Draw(t, "revisionHistoryLimit"))
		}
		return s
	})
}

// NewSet returns the smallest valid set, which the generators start from:
// one container "app" at Images[0], selected by app=NAME, governed by the
// service NAME; everything else left for the API server to default.
func NewSet(name string, replicas int32) *sts.StatefulSet {
	labels := map[string]string{"app": name}
	return &sts.StatefulSet{
		ObjectMeta: api.ObjectMeta{Name: name},
		Spec: sts.Spec{
			Replicas: &replicas, ServiceName: name,
			Selector: &api.LabelSelector{MatchLabels: labels},
			Template: api.PodTemplateSpec{Labels: labels, Spec: api.PodSpec{
				Containers: []api.Container{{Name: "app", Image: Images[0]}}}},
		},
	}
}

// drawStrategy draws one of the options' update strategies.
func drawStrategy(t *rapid.T, o Options) sts.UpdateStrategy {
	switch rapid.SampledFrom(o.strategies()).Draw(t, "strategy") {
	case OnDelete:
		return sts.UpdateStrategy{Type: sts.OnDelete}
	case RollingImplicit:
		return sts.UpdateStrategy{Type: sts.RollingUpdate}
	}
	ru := &sts.RollingUpdateOptions{}
	if rapid.Bool().Draw(t, "partitioned") {
		ru.Partition = new(rapid.Int32Range(0, o.maxReplicas()).Draw(t, "partition"))
	}
	mu := []*sts.IntOrString{nil, {Int: 1}, {Int: 2}, {IsString: true, Str: "50%"}}
	ru.MaxUnavailable = rapid.SampledFrom(mu).Draw(t, "maxUnavailable")
	return sts.UpdateStrategy{Type: sts.RollingUpdate, RollingUpdate: ru}
}

// drawRetention draws a claim retention policy, or nil (Retain/Retain).
func drawRetention(t *rapid.T) *sts.RetentionPolicy {
	if !rapid.Bool().Draw(t, "retention") {
		return nil
	}
	p := []string{sts.Retain, sts.Delete}
	return &sts.RetentionPolicy{
		WhenScaled:  rapid.SampledFrom(p).Draw(t, "whenScaled"),
		WhenDeleted: rapid.SampledFrom(p).Draw(t, "whenDeleted"),
	}
}

// WithClaims returns a copy of s with a claim template "data" (1Gi,
// ReadWriteOnce, the default class) mounted at /data by its container, and
// the given retention policy (nil: Retain/Retain).
func WithClaims(in *sts.StatefulSet, retention *sts.RetentionPolicy) *sts.StatefulSet {
	s := *in
	s.Spec.Template.Spec.Containers = slices.Clone(s.Spec.Template.Spec.Containers)
	s.Spec.VolumeClaimTemplates = []storage.PersistentVolumeClaim{{ObjectMeta: api.ObjectMeta{Name: "data"},
		Spec: storage.ClaimSpec{AccessModes: []string{storage.ReadWriteOnce}, Storage: "1Gi"}}}
	s.Spec.Template.Spec.Containers[0].VolumeMounts = []api.VolumeMount{{Name: "data", MountPath: "/data"}}
	s.Spec.PersistentVolumeClaimRetentionPolicy = retention
	return &s
}
