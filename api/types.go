package api

import "time"

// Epoch is the wall-clock instant that virtual time zero stands for
// (2025-01-01T00:00:00Z, as the script contract fixes). Timestamps in this
// package are durations since Epoch, so the rule packages never need a clock.
var Epoch = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)

// Timestamp renders a virtual instant as the API server does (RFC 3339, UTC,
// whole seconds).
func Timestamp(d time.Duration) string {
	return Epoch.Add(d).Format(time.RFC3339)
}

// ObjectMeta is the subset of metav1.ObjectMeta that the simulation models.
// Objects are values: once stored they are never mutated in place; a change is
// a new copy, so an observer holding an old pointer keeps a consistent view.
type ObjectMeta struct {
	Name            string            `json:"name,omitempty"`
	GenerateName    string            `json:"generateName,omitempty"`
	Namespace       string            `json:"namespace,omitempty"`
	UID             string            `json:"uid,omitempty"`
	ResourceVersion uint64            `json:"resourceVersion,omitempty"`
	Generation      int64             `json:"generation,omitempty"`
	Labels          map[string]string `json:"labels,omitempty"`
	Annotations     map[string]string `json:"annotations,omitempty"`
	OwnerReferences []OwnerReference  `json:"ownerReferences,omitempty"`
	Finalizers      []string          `json:"finalizers,omitempty"`

	// CreationTimestamp is virtual time since Epoch.
	CreationTimestamp time.Duration `json:"-"`
	// DeletionTimestamp is set once graceful deletion has started.
	DeletionTimestamp *time.Duration `json:"-"`
	// DeletionGracePeriodSeconds is the grace period granted at deletion.
	DeletionGracePeriodSeconds *int64 `json:"-"`
}

// Terminating reports whether deletion of the object has started.
func (m *ObjectMeta) Terminating() bool { return m.DeletionTimestamp != nil }

// ControllerRef returns the owner reference with controller=true, or nil.
func (m *ObjectMeta) ControllerRef() *OwnerReference {
	for i := range m.OwnerReferences {
		if m.OwnerReferences[i].Controller {
			return &m.OwnerReferences[i]
		}
	}
	return nil
}

// OwnerReference is metav1.OwnerReference.
type OwnerReference struct {
	APIVersion         string `json:"apiVersion"`
	Kind               string `json:"kind"`
	Name               string `json:"name"`
	UID                string `json:"uid"`
	Controller         bool   `json:"controller,omitempty"`
	BlockOwnerDeletion bool   `json:"blockOwnerDeletion,omitempty"`
}

// PodPhase is the pod's lifecycle phase. The empty phase means the pod does
// not exist in the API yet (the controller's in-memory placeholder).
type PodPhase string

// The pod phases.
const (
	PodPending   PodPhase = "Pending"
	PodRunning   PodPhase = "Running"
	PodSucceeded PodPhase = "Succeeded"
	PodFailed    PodPhase = "Failed"
)

// Condition statuses.
const (
	ConditionTrue  = "True"
	ConditionFalse = "False"
)

// Pod condition types.
const (
	PodScheduled    = "PodScheduled"
	PodInitialized  = "Initialized"
	ContainersReady = "ContainersReady"
	PodReady        = "Ready"
)

// Pod is the subset of v1.Pod that the simulation models.
type Pod struct {
	ObjectMeta `json:"metadata"`
	Spec       PodSpec   `json:"spec"`
	Status     PodStatus `json:"status"`
}

// PodTemplateSpec is v1.PodTemplateSpec: the labels, annotations and spec new
// pods are made from.
type PodTemplateSpec struct {
	Labels      map[string]string `json:"labels,omitempty"`
	Annotations map[string]string `json:"annotations,omitempty"`
	Finalizers  []string          `json:"finalizers,omitempty"`
	Spec        PodSpec           `json:"spec"`
}

// PodSpec is the subset of v1.PodSpec that the simulation models.
type PodSpec struct {
	Containers                    []Container       `json:"containers"`
	InitContainers                []Container       `json:"initContainers,omitempty"`
	Volumes                       []Volume          `json:"volumes,omitempty"`
	RestartPolicy                 string            `json:"restartPolicy,omitempty"`
	TerminationGracePeriodSeconds *int64            `json:"terminationGracePeriodSeconds,omitempty"`
	ActiveDeadlineSeconds         *int64            `json:"activeDeadlineSeconds,omitempty"`
	NodeSelector                  map[string]string `json:"nodeSelector,omitempty"`
	NodeName                      string            `json:"nodeName,omitempty"`
	Hostname                      string            `json:"hostname,omitempty"`
	Subdomain                     string            `json:"subdomain,omitempty"`
	Tolerations                   []Toleration      `json:"tolerations,omitempty"`
	Affinity                      *Affinity         `json:"affinity,omitempty"`
}

// Toleration is v1.Toleration.
type Toleration struct {
	Key               string `json:"key,omitempty"`
	Operator          string `json:"operator,omitempty"`
	Value             string `json:"value,omitempty"`
	Effect            string `json:"effect,omitempty"`
	TolerationSeconds *int64 `json:"tolerationSeconds,omitempty"`
}

// Container is the subset of v1.Container that the simulation models.
type Container struct {
	Name           string          `json:"name"`
	Image          string          `json:"image,omitempty"`
	Command        []string        `json:"command,omitempty"`
	Args           []string        `json:"args,omitempty"`
	Ports          []ContainerPort `json:"ports,omitempty"`
	Env            []EnvVar        `json:"env,omitempty"`
	VolumeMounts   []VolumeMount   `json:"volumeMounts,omitempty"`
	ReadinessProbe *Probe          `json:"readinessProbe,omitempty"`
}

// ContainerPort is v1.ContainerPort.
type ContainerPort struct {
	Name          string `json:"name,omitempty"`
	ContainerPort int32  `json:"containerPort"`
	Protocol      string `json:"protocol,omitempty"`
}

// EnvVar is a literal environment variable (valueFrom is not modelled).
type EnvVar struct {
	Name  string `json:"name"`
	Value string `json:"value,omitempty"`
}

// VolumeMount is v1.VolumeMount.
type VolumeMount struct {
	Name      string `json:"name"`
	MountPath string `json:"mountPath"`
	ReadOnly  bool   `json:"readOnly,omitempty"`
}

// Probe carries the timing fields of a readiness probe; the check itself is
// simulated (see the kubelet model in package sim).
type Probe struct {
	InitialDelaySeconds int32 `json:"initialDelaySeconds,omitempty"`
	PeriodSeconds       int32 `json:"periodSeconds,omitempty"`
	FailureThreshold    int32 `json:"failureThreshold,omitempty"`
	SuccessThreshold    int32 `json:"successThreshold,omitempty"`
}

// Volume is a pod volume. Only the persistentVolumeClaim and emptyDir
// sources are modelled; ClaimName is empty for other sources.
type Volume struct {
	Name      string `json:"name"`
	ClaimName string `json:"claimName,omitempty"`
	ReadOnly  bool   `json:"readOnly,omitempty"`
	EmptyDir  bool   `json:"emptyDir,omitempty"`
}

// PodStatus is the subset of v1.PodStatus that the simulation models.
type PodStatus struct {
	Phase             PodPhase          `json:"phase,omitempty"`
	Conditions        []PodCondition    `json:"conditions,omitempty"`
	Reason            string            `json:"reason,omitempty"`
	Message           string            `json:"message,omitempty"`
	HostIP            string            `json:"hostIP,omitempty"`
	PodIP             string            `json:"podIP,omitempty"`
	StartTime         *time.Duration    `json:"-"`
	ContainerStatuses []ContainerStatus `json:"containerStatuses,omitempty"`
}

// PodCondition is v1.PodCondition with virtual timestamps.
type PodCondition struct {
	Type               string        `json:"type"`
	Status             string        `json:"status"`
	LastTransitionTime time.Duration `json:"-"`
	Reason             string        `json:"reason,omitempty"`
	Message            string        `json:"message,omitempty"`
}

// ContainerStatus is the subset of v1.ContainerStatus that the simulation
// models. State is "waiting", "running" or "terminated" with Reason detail.
type ContainerStatus struct {
	Name         string `json:"name"`
	Image        string `json:"image"`
	Ready        bool   `json:"ready"`
	Started      bool   `json:"started"`
	RestartCount int32  `json:"restartCount"`
	State        string `json:"state"`
	Reason       string `json:"reason,omitempty"`
	ExitCode     int32  `json:"exitCode,omitempty"`
}

// Condition returns the pod condition of the given type, or nil.
func (s *PodStatus) Condition(t string) *PodCondition {
	for i := range s.Conditions {
		if s.Conditions[i].Type == t {
			return &s.Conditions[i]
		}
	}
	return nil
}

// IsPodReady reports whether the pod's Ready condition is True
// (upstream: pkg/api/v1/pod/util.go IsPodReady).
func IsPodReady(p *Pod) bool {
	c := p.Status.Condition(PodReady)
	return c != nil && c.Status == ConditionTrue
}

// IsPodAvailable reports whether the pod has been Ready for at least
// minReadySeconds at now; the phase is not checked
// (upstream: pkg/api/v1/pod/util.go IsPodAvailable).
func IsPodAvailable(p *Pod, minReadySeconds int32, now time.Duration) bool {
	c := p.Status.Condition(PodReady)
	if c == nil || c.Status != ConditionTrue {
		return false
	}
	return minReadySeconds == 0 || c.LastTransitionTime+time.Duration(minReadySeconds)*time.Second <= now
}

// Node is the subset of v1.Node that the simulation models.
type Node struct {
	ObjectMeta `json:"metadata"`
	Spec       NodeSpec   `json:"spec"`
	Status     NodeStatus `json:"status"`
}

// NodeSpec is v1.NodeSpec's modelled subset.
type NodeSpec struct {
	PodCIDR       string  `json:"podCIDR,omitempty"`
	Unschedulable bool    `json:"unschedulable,omitempty"`
	Taints        []Taint `json:"taints,omitempty"`
}

// Taint is v1.Taint.
type Taint struct {
	Key    string `json:"key"`
	Value  string `json:"value,omitempty"`
	Effect string `json:"effect"`
}

// NodeStatus is v1.NodeStatus's modelled subset.
type NodeStatus struct {
	Ready      bool   `json:"ready"`
	InternalIP string `json:"internalIP,omitempty"`
	Pods       int32  `json:"pods,omitempty"`
}

// Namespace is v1.Namespace.
type Namespace struct {
	ObjectMeta `json:"metadata"`
	Phase      string `json:"phase,omitempty"`
}

// Event is a Kubernetes event (core/v1 Event) about an object.
type Event struct {
	Namespace string
	// Involved object.
	Kind, Name string
	// Type is "Normal" or "Warning".
	Type    string
	Reason  string
	Message string
	// Source is the component that recorded the event.
	Source string
	Count  int32
	// First and Last are virtual times.
	First, Last time.Duration
}
