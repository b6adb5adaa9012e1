package sts

import (
	"slices"

	"github.com/stsim/stsim/api"
)

// Pod template defaults the API server applies to the fields we model
// (upstream: pkg/apis/core/v1/defaults.go SetDefaults_PodSpec, SetDefaults_Probe,
// SetDefaults_PersistentVolumeClaim(Spec) and the generated
// SetObjectDefaults_StatefulSet).
const (
	defaultRestartPolicy                 = "Always"
	defaultTerminationGracePeriodSeconds = int64(30)
	defaultPortProtocol                  = "TCP"
	defaultProbePeriodSeconds            = int32(10)
	defaultProbeSuccessThreshold         = int32(1)
	defaultProbeFailureThreshold         = int32(3)
	defaultClaimVolumeMode               = "Filesystem"
	defaultClaimPhase                    = "Pending"
	defaultRevisionHistoryLimit          = int32(10)
)

// Default applies the API server's defaulting of an apps/v1 StatefulSet, as
// SetObjectDefaults_StatefulSet does when a request is decoded
// (upstream: pkg/apis/apps/v1/defaults.go SetDefaults_StatefulSet, plus the
// core/v1 defaults of the pod template and claim templates):
//
//   - spec.podManagementPolicy: OrderedReady;
//   - spec.updateStrategy.type: RollingUpdate, and only when the type was
//     empty also rollingUpdate: {} (an explicit RollingUpdate type without a
//     rollingUpdate block stays without one);
//   - when the type is RollingUpdate and rollingUpdate is set:
//     partition 0, and maxUnavailable 1 if gates.MaxUnavailableStatefulSet;
//   - spec.persistentVolumeClaimRetentionPolicy: Retain/Retain (each empty
//     field separately);
//   - spec.replicas 1 and spec.revisionHistoryLimit 10;
//   - pod template: restartPolicy Always, terminationGracePeriodSeconds 30,
//     container (and init container) port protocol TCP, readiness probe
//     periodSeconds 10, successThreshold 1, failureThreshold 3;
//   - each volumeClaimTemplate: spec.volumeMode Filesystem, status.phase
//     Pending.
//
// Fields we do not model (dnsPolicy, schedulerName, imagePullPolicy,
// terminationMessagePolicy, probe timeoutSeconds...) are not defaulted; the
// validation in this package assumes them defaulted.
//
// Default never writes through a pointer, slice or map it may share with
// another object: anything it changes below the top level is copied first,
// so a shallow copy of a stored object may be defaulted safely.
func Default(set *StatefulSet, gates Gates) {
	spec := &set.Spec
	if spec.PodManagementPolicy == "" {
		spec.PodManagementPolicy = OrderedReady
	}

	us := &spec.UpdateStrategy
	if us.Type == "" {
		us.Type = RollingUpdate
		if us.RollingUpdate == nil {
			// The rollingUpdate block then takes the defaults below.
			us.RollingUpdate = &RollingUpdateOptions{}
		}
	}
	if us.Type == RollingUpdate && us.RollingUpdate != nil {
		ru := *us.RollingUpdate
		if ru.Partition == nil {
			ru.Partition = new(int32)
		}
		if gates.MaxUnavailableStatefulSet && ru.MaxUnavailable == nil {
			ru.MaxUnavailable = &IntOrString{Int: 1}
		}
		us.RollingUpdate = &ru
	}

	rp := RetentionPolicy{}
	if spec.PersistentVolumeClaimRetentionPolicy != nil {
		rp = *spec.PersistentVolumeClaimRetentionPolicy
	}
	if rp.WhenDeleted == "" {
		rp.WhenDeleted = Retain
	}
	if rp.WhenScaled == "" {
		rp.WhenScaled = Retain
	}
	spec.PersistentVolumeClaimRetentionPolicy = &rp

	if spec.Replicas == nil {
		one := int32(1)
		spec.Replicas = &one
	}
	if spec.RevisionHistoryLimit == nil {
		limit := defaultRevisionHistoryLimit
		spec.RevisionHistoryLimit = &limit
	}

	defaultPodSpec(&spec.Template.Spec)

	if spec.VolumeClaimTemplates != nil {
		spec.VolumeClaimTemplates = slices.Clone(spec.VolumeClaimTemplates)
		for i := range spec.VolumeClaimTemplates {
			c := &spec.VolumeClaimTemplates[i]
			if c.Spec.VolumeMode == "" {
				c.Spec.VolumeMode = defaultClaimVolumeMode
			}
			if c.Status.Phase == "" {
				c.Status.Phase = defaultClaimPhase
			}
		}
	}
}

// defaultPodSpec applies the core/v1 PodSpec, Container, ContainerPort and
// Probe defaults of the fields we model, copying the slices and probes it
// changes.
func defaultPodSpec(ps *api.PodSpec) {
	if ps.RestartPolicy == "" {
		ps.RestartPolicy = defaultRestartPolicy
	}
	if ps.TerminationGracePeriodSeconds == nil {
		g := defaultTerminationGracePeriodSeconds
		ps.TerminationGracePeriodSeconds = &g
	}
	ps.InitContainers = defaultContainers(ps.InitContainers)
	ps.Containers = defaultContainers(ps.Containers)
}

// defaultContainers returns a defaulted copy of cs (nil stays nil).
func defaultContainers(cs []api.Container) []api.Container {
	if cs == nil {
		return nil
	}
	cs = slices.Clone(cs)
	for i := range cs {
		c := &cs[i]
		if c.Ports != nil {
			c.Ports = slices.Clone(c.Ports)
			for j := range c.Ports {
				if c.Ports[j].Protocol == "" {
					c.Ports[j].Protocol = defaultPortProtocol
				}
			}
		}
		if c.ReadinessProbe != nil {
			p := *c.ReadinessProbe
			if p.PeriodSeconds == 0 {
				p.PeriodSeconds = defaultProbePeriodSeconds
			}
			if p.SuccessThreshold == 0 {
				p.SuccessThreshold = defaultProbeSuccessThreshold
			}
			if p.FailureThreshold == 0 {
				p.FailureThreshold = defaultProbeFailureThreshold
			}
			c.ReadinessProbe = &p
		}
	}
	return cs
}

// DropDisabledFields clears the fields of set whose feature gate is off, as
// the API server does before validating a create (old nil) or an update
// (upstream: pkg/registry/apps/statefulset/strategy.go
// dropStatefulSetDisabledFields): with MaxUnavailableStatefulSet off,
// spec.updateStrategy.rollingUpdate.maxUnavailable is dropped unless old
// already used it.
func DropDisabledFields(set, old *StatefulSet, gates Gates) {
	if gates.MaxUnavailableStatefulSet || maxUnavailableInUse(old) {
		return
	}
	if ru := set.Spec.UpdateStrategy.RollingUpdate; ru != nil && ru.MaxUnavailable != nil {
		c := *ru
		c.MaxUnavailable = nil
		set.Spec.UpdateStrategy.RollingUpdate = &c
	}
}

// maxUnavailableInUse reports whether set (which may be nil) sets
// rollingUpdate.maxUnavailable (upstream: strategy.go maxUnavailableInUse).
func maxUnavailableInUse(set *StatefulSet) bool {
	return set != nil && set.Spec.UpdateStrategy.RollingUpdate != nil &&
		set.Spec.UpdateStrategy.RollingUpdate.MaxUnavailable != nil
}

// PrepareForCreate does what the API server does to a new StatefulSet after
// defaulting and before validation (upstream: strategy.go PrepareForCreate):
// the status is cleared, the generation set to 1 and disabled fields
// dropped.
func PrepareForCreate(set *StatefulSet, gates Gates) {
	set.Status = Status{}
	set.Generation = 1
	DropDisabledFields(set, nil, gates)
}

// PrepareForUpdate does what the API server does to an updated StatefulSet
// after defaulting and before validation (upstream: rest.BeforeUpdate and
// strategy.go PrepareForUpdate): the status and generation are taken from
// old, disabled fields are dropped, and the generation is incremented when
// the spec differs semantically from old's (nil and empty lists and maps are
// equal).
func PrepareForUpdate(set, old *StatefulSet, gates Gates) {
	set.Generation = old.Generation
	set.Status = old.Status
	DropDisabledFields(set, old, gates)
	if !semanticEqual(set.Spec, old.Spec) {
		set.Generation = old.Generation + 1
	}
}
