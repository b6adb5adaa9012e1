package manifest

import (
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/util/intstr"

	"github.com/stsim/stsim/api"
	"github.com/stsim/stsim/dns"
	"github.com/stsim/stsim/storage"
	"github.com/stsim/stsim/sts"
)

// ToKube converts one of our objects to the k8s.io/api object the API
// server would return for it, with apiVersion and kind set, timestamps
// rendered from virtual time (api.Epoch plus the duration) and the
// resourceVersion as a string. It accepts *sts.StatefulSet,
// *sts.ControllerRevision, *api.Pod, *api.Namespace, *api.Node,
// *storage.PersistentVolumeClaim, *storage.PersistentVolume,
// *storage.StorageClass, *dns.Service, *dns.EndpointSlice, *dns.Endpoints
// and *api.Event (as a core/v1 Event). A
// k8s.io/api object (a runtime.Object) and the value List returns are
// passed through unchanged.
func ToKube(obj any) (any, error) {
	switch o := obj.(type) {
	case *sts.StatefulSet:
		return statefulSetOut(o)
	case *sts.ControllerRevision:
		return revisionOut(o)
	case *api.Pod:
		return &corev1.Pod{
			TypeMeta:   typeMeta("v1", "Pod"),
			ObjectMeta: metaOut(o.ObjectMeta),
			Spec:       podSpecOut(o.Spec),
			Status:     podStatusOut(o.Status),
		}, nil
	case *api.Namespace:
		return &corev1.Namespace{
			TypeMeta:   typeMeta("v1", "Namespace"),
			ObjectMeta: metaOut(o.ObjectMeta),
			Status:     corev1.NamespaceStatus{Phase: corev1.NamespacePhase(o.Phase)},
		}, nil
	case *api.Node:
		return nodeOut(o), nil
	case *storage.PersistentVolumeClaim:
		c, err := claimOut(o)
		if err != nil {
			return nil, err
		}
		c.TypeMeta = typeMeta("v1", "PersistentVolumeClaim")
		return c, nil
	case *api.Event:
		return eventOut(o), nil
	case *dns.Service:
		return serviceOut(o), nil
	case *dns.EndpointSlice:
		return endpointSliceOut(o), nil
	case *dns.Endpoints:
		return endpointsOut(o), nil
	case *storage.PersistentVolume:
		return volumeOut(o)
	case *storage.StorageClass:
		return storageClassOut(o), nil
	case runtime.Object, list:
		return obj, nil
	}
	return nil, fmt.Errorf("manifest: cannot render %T", obj)
}

func typeMeta(apiVersion, kind string) metav1.TypeMeta {
	return metav1.TypeMeta{APIVersion: apiVersion, Kind: kind}
}

// timeOut renders virtual time d as the API time api.Epoch+d, in whole
// seconds as the API server serialises it.
func timeOut(d time.Duration) metav1.Time {
	return metav1.NewTime(api.Epoch.Add(d).Truncate(time.Second))
}

func timePtrOut(d *time.Duration) *metav1.Time {
	if d == nil {
		return nil
	}
	t := timeOut(*d)
	return &t
}

// truePtr returns a pointer to true, or nil for false: the owner reference
// flags are written only when set.
func truePtr(b bool) *bool {
	if !b {
		return nil
	}
	return &b
}

func metaOut(m api.ObjectMeta) metav1.ObjectMeta {
	out := metav1.ObjectMeta{
		Name:                       m.Name,
		GenerateName:               m.GenerateName,
		Namespace:                  m.Namespace,
		UID:                        types.UID(m.UID),
		Generation:                 m.Generation,
		Labels:                     m.Labels,
		Annotations:                m.Annotations,
		Finalizers:                 m.Finalizers,
		CreationTimestamp:          timeOut(m.CreationTimestamp),
		DeletionTimestamp:          timePtrOut(m.DeletionTimestamp),
		DeletionGracePeriodSeconds: m.DeletionGracePeriodSeconds,
	}
	if m.ResourceVersion != 0 {
		out.ResourceVersion = strconv.FormatUint(m.ResourceVersion, 10)
	}
	for _, r := range m.OwnerReferences {
		out.OwnerReferences = append(out.OwnerReferences, metav1.OwnerReference{
			APIVersion:         r.APIVersion,
			Kind:               r.Kind,
			Name:               r.Name,
			UID:                types.UID(r.UID),
			Controller:         truePtr(r.Controller),
			BlockOwnerDeletion: truePtr(r.BlockOwnerDeletion),
		})
	}
	return out
}

func selectorOut(s *api.LabelSelector) *metav1.LabelSelector {
	if s == nil {
		return nil
	}
	out := &metav1.LabelSelector{MatchLabels: s.MatchLabels}
	for _, r := range s.MatchExpressions {
		out.MatchExpressions = append(out.MatchExpressions, metav1.LabelSelectorRequirement{
			Key: r.Key, Operator: metav1.LabelSelectorOperator(r.Operator), Values: r.Values,
		})
	}
	return out
}

func statefulSetOut(o *sts.StatefulSet) (*appsv1.StatefulSet, error) {
	s := o.Spec
	out := &appsv1.StatefulSet{
		TypeMeta:   typeMeta("apps/v1", "StatefulSet"),
		ObjectMeta: metaOut(o.ObjectMeta),
		Spec: appsv1.StatefulSetSpec{
			Replicas:             s.Replicas,
			Selector:             selectorOut(s.Selector),
			Template:             podTemplateOut(s.Template),
			ServiceName:          s.ServiceName,
			PodManagementPolicy:  appsv1.PodManagementPolicyType(s.PodManagementPolicy),
			UpdateStrategy:       appsv1.StatefulSetUpdateStrategy{Type: appsv1.StatefulSetUpdateStrategyType(s.UpdateStrategy.Type)},
			RevisionHistoryLimit: s.RevisionHistoryLimit,
			MinReadySeconds:      s.MinReadySeconds,
		},
		Status: appsv1.StatefulSetStatus{
			ObservedGeneration: o.Status.ObservedGeneration,
			Replicas:           o.Status.Replicas,
			ReadyReplicas:      o.Status.ReadyReplicas,
			CurrentReplicas:    o.Status.CurrentReplicas,
			UpdatedReplicas:    o.Status.UpdatedReplicas,
			AvailableReplicas:  o.Status.AvailableReplicas,
			CurrentRevision:    o.Status.CurrentRevision,
			UpdateRevision:     o.Status.UpdateRevision,
			CollisionCount:     o.Status.CollisionCount,
		},
	}
	for i := range s.VolumeClaimTemplates {
		t := &s.VolumeClaimTemplates[i]
		c, err := claimOut(t)
		if err != nil {
			return nil, err
		}
		// The API server writes apiVersion and kind into each template
		// (upstream: apps/v1 Convert_apps_StatefulSetSpec_To_v1_StatefulSetSpec);
		// a template has no creation time.
		c.TypeMeta = typeMeta("v1", "PersistentVolumeClaim")
		if t.CreationTimestamp == 0 {
			c.CreationTimestamp = metav1.Time{}
		}
		out.Spec.VolumeClaimTemplates = append(out.Spec.VolumeClaimTemplates, *c)
	}
	if ru := s.UpdateStrategy.RollingUpdate; ru != nil {
		out.Spec.UpdateStrategy.RollingUpdate = &appsv1.RollingUpdateStatefulSetStrategy{
			Partition:      ru.Partition,
			MaxUnavailable: intOrStringOut(ru.MaxUnavailable),
		}
	}
	if p := s.PersistentVolumeClaimRetentionPolicy; p != nil {
		out.Spec.PersistentVolumeClaimRetentionPolicy = &appsv1.StatefulSetPersistentVolumeClaimRetentionPolicy{
			WhenDeleted: appsv1.PersistentVolumeClaimRetentionPolicyType(p.WhenDeleted),
			WhenScaled:  appsv1.PersistentVolumeClaimRetentionPolicyType(p.WhenScaled),
		}
	}
	if s.Ordinals != nil {
		out.Spec.Ordinals = &appsv1.StatefulSetOrdinals{Start: s.Ordinals.Start}
	}
	for _, c := range o.Status.Conditions {
		out.Status.Conditions = append(out.Status.Conditions, appsv1.StatefulSetCondition{
			Type: appsv1.StatefulSetConditionType(c.Type), Status: corev1.ConditionStatus(c.Status),
			Reason: c.Reason, Message: c.Message,
		})
	}
	return out, nil
}

func intOrStringOut(v *sts.IntOrString) *intstr.IntOrString {
	if v == nil {
		return nil
	}
	if v.IsString {
		x := intstr.FromString(v.Str)
		return &x
	}
	x := intstr.FromInt32(v.Int)
	return &x
}

func podTemplateOut(t api.PodTemplateSpec) corev1.PodTemplateSpec {
	return corev1.PodTemplateSpec{
		ObjectMeta: metav1.ObjectMeta{Labels: t.Labels, Annotations: t.Annotations, Finalizers: t.Finalizers},
		Spec:       podSpecOut(t.Spec),
	}
}

func podSpecOut(s api.PodSpec) corev1.PodSpec {
	out := corev1.PodSpec{
		RestartPolicy:                 corev1.RestartPolicy(s.RestartPolicy),
		TerminationGracePeriodSeconds: s.TerminationGracePeriodSeconds,
		ActiveDeadlineSeconds:         s.ActiveDeadlineSeconds,
		NodeSelector:                  s.NodeSelector,
		NodeName:                      s.NodeName,
		Hostname:                      s.Hostname,
		Subdomain:                     s.Subdomain,
	}
	for _, c := range s.Containers {
		out.Containers = append(out.Containers, containerOut(c))
	}
	for _, c := range s.InitContainers {
		out.InitContainers = append(out.InitContainers, containerOut(c))
	}
	for _, v := range s.Volumes {
		vol := corev1.Volume{Name: v.Name}
		switch {
		case v.ClaimName != "":
			vol.PersistentVolumeClaim = &corev1.PersistentVolumeClaimVolumeSource{ClaimName: v.ClaimName, ReadOnly: v.ReadOnly}
		case v.EmptyDir:
			vol.EmptyDir = &corev1.EmptyDirVolumeSource{}
		}
		out.Volumes = append(out.Volumes, vol)
	}
	for _, t := range s.Tolerations {
		out.Tolerations = append(out.Tolerations, corev1.Toleration{
			Key: t.Key, Operator: corev1.TolerationOperator(t.Operator), Value: t.Value,
			Effect: corev1.TaintEffect(t.Effect), TolerationSeconds: t.TolerationSeconds,
		})
	}
	out.Affinity = affinityOut(s.Affinity) // convert_affinity.go
	return out
}

func containerOut(c api.Container) corev1.Container {
	out := corev1.Container{Name: c.Name, Image: c.Image, Command: c.Command, Args: c.Args}
	for _, p := range c.Ports {
		out.Ports = append(out.Ports, corev1.ContainerPort{Name: p.Name, ContainerPort: p.ContainerPort, Protocol: corev1.Protocol(p.Protocol)})
	}
	for _, e := range c.Env {
		out.Env = append(out.Env, corev1.EnvVar{Name: e.Name, Value: e.Value})
	}
	for _, m := range c.VolumeMounts {
		out.VolumeMounts = append(out.VolumeMounts, corev1.VolumeMount{Name: m.Name, MountPath: m.MountPath, ReadOnly: m.ReadOnly})
	}
	if p := c.ReadinessProbe; p != nil {
		out.ReadinessProbe = &corev1.Probe{
			InitialDelaySeconds: p.InitialDelaySeconds,
			PeriodSeconds:       p.PeriodSeconds,
			FailureThreshold:    p.FailureThreshold,
			SuccessThreshold:    p.SuccessThreshold,
		}
	}
	return out
}

func podStatusOut(s api.PodStatus) corev1.PodStatus {
	out := corev1.PodStatus{
		Phase:     corev1.PodPhase(s.Phase),
		Reason:    s.Reason,
		Message:   s.Message,
		HostIP:    s.HostIP,
		PodIP:     s.PodIP,
		StartTime: timePtrOut(s.StartTime),
	}
	if s.HostIP != "" {
		out.HostIPs = []corev1.HostIP{{IP: s.HostIP}}
	}
	if s.PodIP != "" {
		out.PodIPs = []corev1.PodIP{{IP: s.PodIP}}
	}
	for _, c := range s.Conditions {
		out.Conditions = append(out.Conditions, corev1.PodCondition{
			Type: corev1.PodConditionType(c.Type), Status: corev1.ConditionStatus(c.Status),
			LastTransitionTime: timeOut(c.LastTransitionTime), Reason: c.Reason, Message: c.Message,
		})
	}
	for _, c := range s.ContainerStatuses {
		started := c.Started
		cs := corev1.ContainerStatus{
			Name: c.Name, Image: c.Image, Ready: c.Ready, RestartCount: c.RestartCount, Started: &started,
		}
		switch c.State {
		case "running":
			cs.State.Running = &corev1.ContainerStateRunning{}
			if s.StartTime != nil {
				cs.State.Running.StartedAt = timeOut(*s.StartTime)
			}
		case "terminated":
			cs.State.Terminated = &corev1.ContainerStateTerminated{ExitCode: c.ExitCode, Reason: c.Reason}
		case "waiting":
			cs.State.Waiting = &corev1.ContainerStateWaiting{Reason: c.Reason}
		}
		out.ContainerStatuses = append(out.ContainerStatuses, cs)
	}
	return out
}

// quantity parses a quantity string of ours; empty means absent.
func quantity(field, s string) (resource.Quantity, bool, error) {
	if s == "" {
		return resource.Quantity{}, false, nil
	}
	q, err := resource.ParseQuantity(s)
	if err != nil {
		return q, false, fmt.Errorf("manifest: %s %q: %w", field, s, err)
	}
	return q, true, nil
}

func claimOut(c *storage.PersistentVolumeClaim) (*corev1.PersistentVolumeClaim, error) {
	out := &corev1.PersistentVolumeClaim{
		ObjectMeta: metaOut(c.ObjectMeta),
		Spec: corev1.PersistentVolumeClaimSpec{
			StorageClassName: c.Spec.StorageClassName,
			VolumeName:       c.Spec.VolumeName,
			Selector:         selectorOut(c.Spec.Selector),
		},
		Status: corev1.PersistentVolumeClaimStatus{Phase: corev1.PersistentVolumeClaimPhase(c.Status.Phase)},
	}
	for _, m := range c.Spec.AccessModes {
		out.Spec.AccessModes = append(out.Spec.AccessModes, corev1.PersistentVolumeAccessMode(m))
	}
	for _, m := range c.Status.AccessModes {
		out.Status.AccessModes = append(out.Status.AccessModes, corev1.PersistentVolumeAccessMode(m))
	}
	if c.Spec.VolumeMode != "" {
		m := corev1.PersistentVolumeMode(c.Spec.VolumeMode)
		out.Spec.VolumeMode = &m
	}
	q, ok, err := quantity("spec.resources.requests.storage", c.Spec.Storage)
	if err != nil {
		return nil, err
	}
	if ok {
		out.Spec.Resources.Requests = corev1.ResourceList{corev1.ResourceStorage: q}
	}
	if q, ok, err = quantity("status.capacity.storage", c.Status.Capacity); err != nil {
		return nil, err
	}
	if ok {
		out.Status.Capacity = corev1.ResourceList{corev1.ResourceStorage: q}
	}
	return out, nil
}

func nodeOut(o *api.Node) *corev1.Node {
	out := &corev1.Node{
		TypeMeta:   typeMeta("v1", "Node"),
		ObjectMeta: metaOut(o.ObjectMeta),
		Spec:       corev1.NodeSpec{PodCIDR: o.Spec.PodCIDR, Unschedulable: o.Spec.Unschedulable},
	}
	if o.Spec.PodCIDR != "" {
		out.Spec.PodCIDRs = []string{o.Spec.PodCIDR}
	}
	for _, t := range o.Spec.Taints {
		out.Spec.Taints = append(out.Spec.Taints, corev1.Taint{Key: t.Key, Value: t.Value, Effect: corev1.TaintEffect(t.Effect)})
	}
	ready := corev1.NodeCondition{
		Type: corev1.NodeReady, Status: corev1.ConditionTrue,
		Reason: "KubeletReady", Message: "kubelet is posting ready status",
	}
	if !o.Status.Ready {
		ready.Status, ready.Reason, ready.Message = corev1.ConditionUnknown, "NodeStatusUnknown", "Kubelet stopped posting node status."
	}
	out.Status.Conditions = []corev1.NodeCondition{ready}
	if o.Status.InternalIP != "" {
		out.Status.Addresses = []corev1.NodeAddress{{Type: corev1.NodeInternalIP, Address: o.Status.InternalIP}}
	}
	if o.Status.Pods != 0 {
		pods := corev1.ResourceList{corev1.ResourcePods: *resource.NewQuantity(int64(o.Status.Pods), resource.DecimalSI)}
		out.Status.Capacity, out.Status.Allocatable = pods, pods
	}
	return out
}

// revisionOut renders a ControllerRevision. Its data is what upstream's
// getPatch stores: {"spec":{"template":{...,"$patch":"replace"}}}, made
// from the decoded template when there is one.
func revisionOut(r *sts.ControllerRevision) (*appsv1.ControllerRevision, error) {
	out := &appsv1.ControllerRevision{
		TypeMeta:   typeMeta("apps/v1", "ControllerRevision"),
		ObjectMeta: metaOut(r.ObjectMeta),
		Revision:   r.Revision,
	}
	data := r.Data
	if r.Template != nil {
		t, err := toMap(podTemplateOut(*r.Template))
		if err != nil {
			return nil, err
		}
		t["$patch"] = "replace"
		if data, err = json.Marshal(map[string]any{"spec": map[string]any{"template": t}}); err != nil {
			return nil, err
		}
	}
	if len(data) > 0 {
		if !json.Valid(data) {
			return nil, fmt.Errorf("manifest: controllerrevision %q: data is not JSON", r.Name)
		}
		out.Data = runtime.RawExtension{Raw: data}
	}
	return out, nil
}

// involvedAPIVersion is the apiVersion of an event's involved object.
var involvedAPIVersion = map[string]string{
	"StatefulSet": "apps/v1", "ControllerRevision": "apps/v1",
	"StorageClass": "storage.k8s.io/v1", "EndpointSlice": "discovery.k8s.io/v1",
}

// eventOut renders an event as client-go's event recorder writes it: named
// "<object>.<first-seen nanoseconds in hex>", source and reporting
// controller the recording component.
func eventOut(e *api.Event) *corev1.Event {
	first, last := timeOut(e.First), timeOut(e.Last)
	apiVersion := involvedAPIVersion[e.Kind]
	if apiVersion == "" {
		apiVersion = "v1"
	}
	return &corev1.Event{
		TypeMeta: typeMeta("v1", "Event"),
		ObjectMeta: metav1.ObjectMeta{
			Name:              fmt.Sprintf("%s.%x", e.Name, api.Epoch.Add(e.First).UnixNano()),
			Namespace:         e.Namespace,
			CreationTimestamp: first,
		},
		InvolvedObject: corev1.ObjectReference{
			APIVersion: apiVersion, Kind: e.Kind, Name: e.Name, Namespace: e.Namespace,
		},
		Reason:              e.Reason,
		Message:             e.Message,
		Source:              corev1.EventSource{Component: e.Source},
		FirstTimestamp:      first,
		LastTimestamp:       last,
		Count:               e.Count,
		Type:                e.Type,
		ReportingController: e.Source,
	}
}
