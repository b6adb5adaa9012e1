package sts

import (
	"github.com/stsim/stsim/api"
	"github.com/stsim/stsim/storage"
)

// Pod management policies.
const (
	OrderedReady = "OrderedReady"
	Parallel     = "Parallel"
)

// Update strategy types.
const (
	RollingUpdate = "RollingUpdate"
	OnDelete      = "OnDelete"
)

// Retention policy values.
const (
	Retain = "Retain"
	Delete = "Delete"
)

// Well-known labels the controller puts on pods and revisions
// (upstream: k8s.io/api/apps/v1 types.go).
const (
	PodNameLabel      = "statefulset.kubernetes.io/pod-name"
	PodIndexLabel     = "apps.kubernetes.io/pod-index"
	RevisionLabel     = "controller-revision-hash"
	RevisionHashLabel = "controller.kubernetes.io/hash"
)

// StatefulSet is the compact model of apps/v1 StatefulSet.
type StatefulSet struct {
	api.ObjectMeta `json:"metadata"`
	Spec           Spec   `json:"spec"`
	Status         Status `json:"status"`
}

// Spec is apps/v1 StatefulSetSpec. Pointer fields are nil until defaulted,
// exactly where upstream's are, because defaulting depends on it (§7.1).
type Spec struct {
	Replicas                             *int32                          `json:"replicas,omitempty"`
	Selector                             *api.LabelSelector              `json:"selector"`
	Template                             api.PodTemplateSpec             `json:"template"`
	VolumeClaimTemplates                 []storage.PersistentVolumeClaim `json:"volumeClaimTemplates,omitempty"`
	ServiceName                          string                          `json:"serviceName,omitempty"`
	PodManagementPolicy                  string                          `json:"podManagementPolicy,omitempty"`
	UpdateStrategy                       UpdateStrategy                  `json:"updateStrategy"`
	RevisionHistoryLimit                 *int32                          `json:"revisionHistoryLimit,omitempty"`
	MinReadySeconds                      int32                           `json:"minReadySeconds,omitempty"`
	PersistentVolumeClaimRetentionPolicy *RetentionPolicy                `json:"persistentVolumeClaimRetentionPolicy,omitempty"`
	Ordinals                             *Ordinals                       `json:"ordinals,omitempty"`
}

// UpdateStrategy is apps/v1 StatefulSetUpdateStrategy.
type UpdateStrategy struct {
	Type          string                `json:"type,omitempty"`
	RollingUpdate *RollingUpdateOptions `json:"rollingUpdate,omitempty"`
}

// RollingUpdateOptions is apps/v1 RollingUpdateStatefulSetStrategy.
type RollingUpdateOptions struct {
	Partition      *int32       `json:"partition,omitempty"`
	MaxUnavailable *IntOrString `json:"maxUnavailable,omitempty"`
}

// IntOrString is an integer or a percentage such as "50%".
type IntOrString struct {
	IsString bool
	Int      int32
	Str      string
}

// RetentionPolicy is apps/v1 StatefulSetPersistentVolumeClaimRetentionPolicy.
type RetentionPolicy struct {
	WhenDeleted string `json:"whenDeleted,omitempty"`
	WhenScaled  string `json:"whenScaled,omitempty"`
}

// Ordinals is apps/v1 StatefulSetOrdinals.
type Ordinals struct {
	Start int32 `json:"start"`
}

// Status is apps/v1 StatefulSetStatus.
type Status struct {
	ObservedGeneration int64       `json:"observedGeneration,omitempty"`
	Replicas           int32       `json:"replicas"`
	ReadyReplicas      int32       `json:"readyReplicas,omitempty"`
	CurrentReplicas    int32       `json:"currentReplicas,omitempty"`
	UpdatedReplicas    int32       `json:"updatedReplicas,omitempty"`
	AvailableReplicas  int32       `json:"availableReplicas"`
	CurrentRevision    string      `json:"currentRevision,omitempty"`
	UpdateRevision     string      `json:"updateRevision,omitempty"`
	CollisionCount     *int32      `json:"collisionCount,omitempty"`
	Conditions         []Condition `json:"conditions,omitempty"`
}

// Condition is apps/v1 StatefulSetCondition.
type Condition struct {
	Type    string `json:"type"`
	Status  string `json:"status"`
	Reason  string `json:"reason,omitempty"`
	Message string `json:"message,omitempty"`
}

// ControllerRevision is apps/v1 ControllerRevision. Data holds the
// canonical encoding of the pod template it versions; Template is the same
// template decoded, kept so that pods can be built from a revision.
type ControllerRevision struct {
	api.ObjectMeta `json:"metadata"`
	Revision       int64                `json:"revision"`
	Data           []byte               `json:"-"`
	Template       *api.PodTemplateSpec `json:"-"`
}

// replicas returns spec.replicas, treating nil as the default 1.
func (s *StatefulSet) replicas() int32 {
	if s.Spec.Replicas == nil {
		return 1
	}
	return *s.Spec.Replicas
}

// startOrdinal is the first ordinal of the set (upstream: getStartOrdinal).
func (s *StatefulSet) startOrdinal() int32 {
	if s.Spec.Ordinals == nil {
		return 0
	}
	return s.Spec.Ordinals.Start
}

// endOrdinal is one past the last ordinal of the set (upstream's
// getEndOrdinal is inclusive; ours is exclusive).
func (s *StatefulSet) endOrdinal() int32 { return s.startOrdinal() + s.replicas() }

// monotonic reports whether pods are managed OrderedReady
// (upstream: !allowsBurst).
func (s *StatefulSet) monotonic() bool { return s.Spec.PodManagementPolicy != Parallel }

// retention returns the claim retention policy with defaults applied
// (upstream: getPersistentVolumeClaimRetentionPolicy).
func (s *StatefulSet) retention() RetentionPolicy {
	p := RetentionPolicy{WhenDeleted: Retain, WhenScaled: Retain}
	if r := s.Spec.PersistentVolumeClaimRetentionPolicy; r != nil {
		if r.WhenDeleted == Delete {
			p.WhenDeleted = Delete
		}
		if r.WhenScaled == Delete {
			p.WhenScaled = Delete
		}
	}
	return p
}
