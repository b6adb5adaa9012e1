package sts_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/stsim/stsim/api"
	"github.com/stsim/stsim/storage"
	"github.com/stsim/stsim/sts"
)

func TestDefault(t *testing.T) {
	on, off := sts.DefaultGates(), sts.Gates{}
	tests := []struct {
		name  string
		gates sts.Gates
		in    func(*sts.StatefulSet)
		check func(t *testing.T, s *sts.StatefulSet)
	}{
		{
			// upstream: pkg/apis/apps/v1/defaults.go SetDefaults_StatefulSet
			name:  "top-level defaults",
			gates: on,
			in:    func(s *sts.StatefulSet) { s.Spec.Replicas = nil },
			check: func(t *testing.T, s *sts.StatefulSet) {
				require.NotNil(t, s.Spec.Replicas)
				assert.Equal(t, int32(1), *s.Spec.Replicas)
				assert.Equal(t, sts.OrderedReady, s.Spec.PodManagementPolicy)
				require.NotNil(t, s.Spec.RevisionHistoryLimit)
				assert.Equal(t, int32(10), *s.Spec.RevisionHistoryLimit)
				assert.Equal(t, &sts.RetentionPolicy{WhenDeleted: sts.Retain, WhenScaled: sts.Retain}, s.Spec.PersistentVolumeClaimRetentionPolicy)
				assert.Equal(t, int32(0), s.Spec.MinReadySeconds)
				assert.Nil(t, s.Spec.Ordinals)
			},
		},
		{
			// upstream: pkg/apis/apps/v1/defaults.go SetDefaults_StatefulSet
			name:  "empty update strategy, gate on",
			gates: on,
			check: func(t *testing.T, s *sts.StatefulSet) {
				assert.Equal(t, sts.UpdateStrategy{Type: sts.RollingUpdate, RollingUpdate: &sts.RollingUpdateOptions{
					Partition: valPtr(int32(0)), MaxUnavailable: &sts.IntOrString{Int: 1}}}, s.Spec.UpdateStrategy)
			},
		},
		{
			// upstream: pkg/apis/apps/v1/defaults.go SetDefaults_StatefulSet
			name:  "empty update strategy, gate off",
			gates: off,
			check: func(t *testing.T, s *sts.StatefulSet) {
				assert.Equal(t, sts.UpdateStrategy{Type: sts.RollingUpdate, RollingUpdate: &sts.RollingUpdateOptions{
					Partition: valPtr(int32(0))}}, s.Spec.UpdateStrategy)
			},
		},
		{
			// upstream: pkg/apis/apps/v1/defaults.go SetDefaults_StatefulSet (rollingUpdate only created when type was empty)
			name:  "explicit RollingUpdate without rollingUpdate stays without",
			gates: on,
			in:    func(s *sts.StatefulSet) { s.Spec.UpdateStrategy = sts.UpdateStrategy{Type: sts.RollingUpdate} },
			check: func(t *testing.T, s *sts.StatefulSet) {
				assert.Equal(t, sts.UpdateStrategy{Type: sts.RollingUpdate}, s.Spec.UpdateStrategy)
			},
		},
		{
			// upstream: pkg/apis/apps/v1/defaults.go SetDefaults_StatefulSet
			name:  "explicit rollingUpdate keeps its values",
			gates: on,
			in: func(s *sts.StatefulSet) {
				s.Spec.UpdateStrategy = sts.UpdateStrategy{RollingUpdate: &sts.RollingUpdateOptions{
					Partition: valPtr(int32(3)), MaxUnavailable: &sts.IntOrString{IsString: true, Str: "50%"}}}
			},
			check: func(t *testing.T, s *sts.StatefulSet) {
				assert.Equal(t, sts.UpdateStrategy{Type: sts.RollingUpdate, RollingUpdate: &sts.RollingUpdateOptions{
					Partition: valPtr(int32(3)), MaxUnavailable: &sts.IntOrString{IsString: true, Str: "50%"}}}, s.Spec.UpdateStrategy)
			},
		},
		{
			// upstream: pkg/apis/apps/v1/defaults.go SetDefaults_StatefulSet (partition only for RollingUpdate)
			name:  "OnDelete gets no rollingUpdate defaults",
			gates: on,
			in: func(s *sts.StatefulSet) {
				s.Spec.UpdateStrategy = sts.UpdateStrategy{Type: sts.OnDelete, RollingUpdate: &sts.RollingUpdateOptions{}}
			},
			check: func(t *testing.T, s *sts.StatefulSet) {
				assert.Equal(t, sts.UpdateStrategy{Type: sts.OnDelete, RollingUpdate: &sts.RollingUpdateOptions{}}, s.Spec.UpdateStrategy)
			},
		},
		{
			// upstream: pkg/apis/apps/v1/defaults.go SetDefaults_StatefulSet
			name:  "set values are kept",
			gates: on,
			in: func(s *sts.StatefulSet) {
				s.Spec.Replicas = valPtr(int32(0))
				s.Spec.RevisionHistoryLimit = valPtr(int32(0))
				s.Spec.PodManagementPolicy = sts.Parallel
				s.Spec.PersistentVolumeClaimRetentionPolicy = &sts.RetentionPolicy{WhenDeleted: sts.Delete}
			},
			check: func(t *testing.T, s *sts.StatefulSet) {
				assert.Equal(t, int32(0), *s.Spec.Replicas)
				assert.Equal(t, int32(0), *s.Spec.RevisionHistoryLimit)
				assert.Equal(t, sts.Parallel, s.Spec.PodManagementPolicy)
				assert.Equal(t, &sts.RetentionPolicy{WhenDeleted: sts.Delete, WhenScaled: sts.Retain}, s.Spec.PersistentVolumeClaimRetentionPolicy)
			},
		},
		{
			// upstream: pkg/apis/core/v1/defaults.go SetDefaults_PodSpec, SetDefaults_Probe; zz_generated.defaults.go (ports)
			name:  "pod template defaults",
			gates: on,
			in: func(s *sts.StatefulSet) {
				s.Spec.Template.Spec.Containers[0].ReadinessProbe = &api.Probe{InitialDelaySeconds: 5}
				s.Spec.Template.Spec.InitContainers = []api.Container{{Name: "init", Image: "busybox",
					Ports: []api.ContainerPort{{ContainerPort: 1, Protocol: "UDP"}, {ContainerPort: 2}}}}
			},
			check: func(t *testing.T, s *sts.StatefulSet) {
				ps := s.Spec.Template.Spec
				assert.Equal(t, "Always", ps.RestartPolicy)
				require.NotNil(t, ps.TerminationGracePeriodSeconds)
				assert.Equal(t, int64(30), *ps.TerminationGracePeriodSeconds)
				assert.Equal(t, []api.ContainerPort{{ContainerPort: 6379, Protocol: "TCP"}}, ps.Containers[0].Ports)
				assert.Equal(t, []api.ContainerPort{{ContainerPort: 1, Protocol: "UDP"}, {ContainerPort: 2, Protocol: "TCP"}}, ps.InitContainers[0].Ports)
				assert.Equal(t, &api.Probe{InitialDelaySeconds: 5, PeriodSeconds: 10, SuccessThreshold: 1, FailureThreshold: 3}, ps.Containers[0].ReadinessProbe)
			},
		},
		{
			// upstream: pkg/apis/core/v1/defaults.go SetDefaults_PersistentVolumeClaim, SetDefaults_PersistentVolumeClaimSpec
			name:  "claim template defaults",
			gates: on,
			in: func(s *sts.StatefulSet) {
				block := valDataClaim("raw")
				block.Spec.VolumeMode = "Block"
				s.Spec.VolumeClaimTemplates = []storage.PersistentVolumeClaim{valDataClaim("data"), block}
			},
			check: func(t *testing.T, s *sts.StatefulSet) {
				assert.Equal(t, "Filesystem", s.Spec.VolumeClaimTemplates[0].Spec.VolumeMode)
				assert.Equal(t, "Pending", s.Spec.VolumeClaimTemplates[0].Status.Phase)
				assert.Equal(t, "Block", s.Spec.VolumeClaimTemplates[1].Spec.VolumeMode)
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := valSeedRaw()
			if tc.in != nil {
				tc.in(s)
			}
			sts.Default(s, tc.gates)
			tc.check(t, s)
		})
	}
}

func TestDefaultIsIdempotentAndMakesTheSeedValid(t *testing.T) {
	// upstream: pkg/apis/apps/v1/defaults.go SetDefaults_StatefulSet
	s := valSeed()
	again := valSeed()
	sts.Default(again, sts.DefaultGates())
	assert.Equal(t, s, again)
	assert.Empty(t, sts.Validate(s, sts.DefaultGates()))
}

func TestDefaultDoesNotWriteThroughSharedPointers(t *testing.T) {
	// A shallow copy of a stored object shares its pointers, slices and
	// maps; defaulting the copy must leave the stored object alone.
	stored := valSeedRaw()
	stored.Spec.UpdateStrategy.RollingUpdate = &sts.RollingUpdateOptions{}
	stored.Spec.PersistentVolumeClaimRetentionPolicy = &sts.RetentionPolicy{}
	stored.Spec.Template.Spec.Containers[0].ReadinessProbe = &api.Probe{}
	stored.Spec.VolumeClaimTemplates = []storage.PersistentVolumeClaim{valDataClaim("data")}
	cp := *stored
	sts.Default(&cp, sts.DefaultGates())

	assert.Equal(t, &sts.RollingUpdateOptions{}, stored.Spec.UpdateStrategy.RollingUpdate)
	assert.Equal(t, &sts.RetentionPolicy{}, stored.Spec.PersistentVolumeClaimRetentionPolicy)
	assert.Equal(t, &api.Probe{}, stored.Spec.Template.Spec.Containers[0].ReadinessProbe)
	assert.Equal(t, "", stored.Spec.Template.Spec.Containers[0].Ports[0].Protocol)
	assert.Equal(t, "", stored.Spec.VolumeClaimTemplates[0].Spec.VolumeMode)
	assert.Equal(t, "TCP", cp.Spec.Template.Spec.Containers[0].Ports[0].Protocol)
}

func TestDropDisabledFields(t *testing.T) {
	withMU := func() *sts.StatefulSet {
		s := valSeedRaw()
		s.Spec.UpdateStrategy = sts.UpdateStrategy{Type: sts.RollingUpdate, RollingUpdate: &sts.RollingUpdateOptions{
			Partition: valPtr(int32(0)), MaxUnavailable: &sts.IntOrString{Int: 2}}}
		return s
	}
	tests := []struct {
		name     string
		gates    sts.Gates
		old      *sts.StatefulSet
		wantKeep bool
	}{
		// upstream: pkg/registry/apps/statefulset/strategy.go dropStatefulSetDisabledFields
		{name: "gate on keeps it", gates: sts.DefaultGates(), wantKeep: true},
		// upstream: pkg/registry/apps/statefulset/strategy.go dropStatefulSetDisabledFields
		{name: "gate off drops it on create", gates: sts.Gates{}},
		// upstream: pkg/registry/apps/statefulset/strategy.go dropStatefulSetDisabledFields
		{name: "gate off drops it when old did not use it", gates: sts.Gates{}, old: valSeedRaw()},
		// upstream: pkg/registry/apps/statefulset/strategy.go maxUnavailableInUse
		{name: "gate off keeps it when old used it", gates: sts.Gates{}, old: withMU(), wantKeep: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			stored := withMU()
			s := *stored
			sts.DropDisabledFields(&s, tc.old, tc.gates)
			require.NotNil(t, s.Spec.UpdateStrategy.RollingUpdate)
			if tc.wantKeep {
				assert.Equal(t, &sts.IntOrString{Int: 2}, s.Spec.UpdateStrategy.RollingUpdate.MaxUnavailable)
			} else {
				assert.Nil(t, s.Spec.UpdateStrategy.RollingUpdate.MaxUnavailable)
			}
			assert.Equal(t, valPtr(int32(0)), s.Spec.UpdateStrategy.RollingUpdate.Partition)
			assert.NotNil(t, stored.Spec.UpdateStrategy.RollingUpdate.MaxUnavailable, "the shared rollingUpdate is not written")
		})
	}
}

func TestPrepareForCreateAndUpdate(t *testing.T) {
	// upstream: pkg/registry/apps/statefulset/strategy.go PrepareForCreate
	s := valSeed()
	s.Generation = 7
	s.Status = sts.Status{Replicas: 3}
	sts.PrepareForCreate(s, sts.DefaultGates())
	assert.Equal(t, int64(1), s.Generation)
	assert.Equal(t, sts.Status{}, s.Status)

	// upstream: pkg/registry/apps/statefulset/strategy.go PrepareForUpdate
	old := valSeed()
	old.Generation = 3
	old.Status = sts.Status{Replicas: 2, ObservedGeneration: 3}

	same := valSeed()
	same.Spec.Selector.MatchExpressions = []api.LabelSelectorRequirement{} // semantically equal
	same.Labels = map[string]string{"team": "cache"}
	same.Generation, same.Status = 0, sts.Status{Replicas: 9}
	sts.PrepareForUpdate(same, old, sts.DefaultGates())
	assert.Equal(t, int64(3), same.Generation)
	assert.Equal(t, old.Status, same.Status)

	changed := valSeed()
	changed.Spec.Replicas = valPtr(int32(5))
	sts.PrepareForUpdate(changed, old, sts.DefaultGates())
	assert.Equal(t, int64(4), changed.Generation)
}
