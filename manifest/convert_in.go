package manifest

import (
	"math"
	"strconv"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	storagev1 "k8s.io/api/storage/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"

	"github.com/stsim/stsim/api"
	"github.com/stsim/stsim/storage"
	"github.com/stsim/stsim/sts"
)

// fromKube converts a decoded k8s.io/api object to its stsim type, or
// returns nil for a kind stsim does not model. Every field our types have
// is copied; pointers stay nil where the manifest left them out, because
// defaulting depends on it. Fields our types lack are dropped here and
// reported by notSimulated.
func fromKube(obj any) Object {
	switch o := obj.(type) {
	case *appsv1.StatefulSet:
		return statefulSetIn(o)
	case *corev1.Pod:
		return &api.Pod{ObjectMeta: metaIn(o.ObjectMeta), Spec: podSpecIn(o.Spec), Status: podStatusIn(o.Status)}
	case *corev1.PersistentVolumeClaim:
		c := claimIn(*o)
		return &c
	case *corev1.Namespace:
		return &api.Namespace{ObjectMeta: metaIn(o.ObjectMeta), Phase: string(o.Status.Phase)}
	case *corev1.Node:
		return nodeIn(o)
	case *corev1.Service:
		return serviceIn(o)
	case *corev1.PersistentVolume:
		return volumeIn(o)
	case *storagev1.StorageClass:
		return storageClassIn(o)
	}
	return nil
}

// durationIn turns an API time into virtual time since api.Epoch; the zero
// time (absent) is 0.
func durationIn(t metav1.Time) time.Duration {
	if t.IsZero() {
		return 0
	}
	return t.Sub(api.Epoch)
}

func durationPtrIn(t *metav1.Time) *time.Duration {
	if t == nil {
		return nil
	}
	d := durationIn(*t)
	return &d
}

func metaIn(m metav1.ObjectMeta) api.ObjectMeta {
	out := api.ObjectMeta{
		Name:                       m.Name,
		GenerateName:               m.GenerateName,
		Namespace:                  m.Namespace,
		UID:                        string(m.UID),
		Generation:                 m.Generation,
		Labels:                     m.Labels,
		Annotations:                m.Annotations,
		Finalizers:                 m.Finalizers,
		CreationTimestamp:          durationIn(m.CreationTimestamp),
		DeletionTimestamp:          durationPtrIn(m.DeletionTimestamp),
		DeletionGracePeriodSeconds: m.DeletionGracePeriodSeconds,
	}
	// A resourceVersion that is not a number is not ours; notSimulated
	// reports it.
	if rv, err := strconv.ParseUint(m.ResourceVersion, 10, 64); err == nil {
		out.ResourceVersion = rv
	}
	for _, r := range m.OwnerReferences {
		out.OwnerReferences = append(out.OwnerReferences, api.OwnerReference{
			APIVersion:         r.APIVersion,
			Kind:               r.Kind,
			Name:               r.Name,
			UID:                string(r.UID),
			Controller:         r.Controller != nil && *r.Controller,
			BlockOwnerDeletion: r.BlockOwnerDeletion != nil && *r.BlockOwnerDeletion,
		})
	}
	return out
}

func selectorIn(s *metav1.LabelSelector) *api.LabelSelector {
	if s == nil {
		return nil
	}
	out := &api.LabelSelector{MatchLabels: s.MatchLabels}
	for _, r := range s.MatchExpressions {
		out.MatchExpressions = append(out.MatchExpressions, api.LabelSelectorRequirement{
			Key: r.Key, Operator: string(r.Operator), Values: r.Values,
		})
	}
	return out
}

func statefulSetIn(o *appsv1.StatefulSet) *sts.StatefulSet {
	s := o.Spec
	out := &sts.StatefulSet{
		ObjectMeta: metaIn(o.ObjectMeta),
		Spec: sts.Spec{
			Replicas:             s.Replicas,
			Selector:             selectorIn(s.Selector),
			Template:             podTemplateIn(s.Template),
			ServiceName:          s.ServiceName,
			PodManagementPolicy:  string(s.PodManagementPolicy),
			UpdateStrategy:       sts.UpdateStrategy{Type: string(s.UpdateStrategy.Type)},
			RevisionHistoryLimit: s.RevisionHistoryLimit,
			MinReadySeconds:      s.MinReadySeconds,
		},
		Status: sts.Status{
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
	for _, c := range s.VolumeClaimTemplates {
		out.Spec.VolumeClaimTemplates = append(out.Spec.VolumeClaimTemplates, claimIn(c))
	}
	if ru := s.UpdateStrategy.RollingUpdate; ru != nil {
		out.Spec.UpdateStrategy.RollingUpdate = &sts.RollingUpdateOptions{
			Partition:      ru.Partition,
			MaxUnavailable: intOrStringIn(ru.MaxUnavailable),
		}
	}
	if p := s.PersistentVolumeClaimRetentionPolicy; p != nil {
		out.Spec.PersistentVolumeClaimRetentionPolicy = &sts.RetentionPolicy{
			WhenDeleted: string(p.WhenDeleted), WhenScaled: string(p.WhenScaled),
		}
	}
	if s.Ordinals != nil {
		out.Spec.Ordinals = &sts.Ordinals{Start: s.Ordinals.Start}
	}
	for _, c := range o.Status.Conditions {
		out.Status.Conditions = append(out.Status.Conditions, sts.Condition{
			Type: string(c.Type), Status: string(c.Status), Reason: c.Reason, Message: c.Message,
		})
	}
	return out
}

func intOrStringIn(v *intstr.IntOrString) *sts.IntOrString {
	if v == nil {
		return nil
	}
	if v.Type == intstr.String {
		return &sts.IntOrString{IsString: true, Str: v.StrVal}
	}
	return &sts.IntOrString{Int: v.IntVal}
}

func podTemplateIn(t corev1.PodTemplateSpec) api.PodTemplateSpec {
	return api.PodTemplateSpec{
		Labels:      t.Labels,
		Annotations: t.Annotations,
		Finalizers:  t.Finalizers,
		Spec:        podSpecIn(t.Spec),
	}
}

func podSpecIn(s corev1.PodSpec) api.PodSpec {
	out := api.PodSpec{
		RestartPolicy:                 string(s.RestartPolicy),
		TerminationGracePeriodSeconds: s.TerminationGracePeriodSeconds,
		ActiveDeadlineSeconds:         s.ActiveDeadlineSeconds,
		NodeSelector:                  s.NodeSelector,
		NodeName:                      s.NodeName,
		Hostname:                      s.Hostname,
		Subdomain:                     s.Subdomain,
	}
	for _, c := range s.Containers {
		out.Containers = append(out.Containers, containerIn(c))
	}
	for _, c := range s.InitContainers {
		out.InitContainers = append(out.InitContainers, containerIn(c))
	}
	for _, v := range s.Volumes {
		vol := api.Volume{Name: v.Name, EmptyDir: v.EmptyDir != nil}
		if c := v.PersistentVolumeClaim; c != nil {
			vol.ClaimName, vol.ReadOnly = c.ClaimName, c.ReadOnly
		}
		out.Volumes = append(out.Volumes, vol)
	}
	for _, t := range s.Tolerations {
		out.Tolerations = append(out.Tolerations, api.Toleration{
			Key: t.Key, Operator: string(t.Operator), Value: t.Value, Effect: string(t.Effect),
			TolerationSeconds: t.TolerationSeconds,
		})
	}
	out.Affinity = affinityIn(s.Affinity) // convert_affinity.go
	return out
}

func containerIn(c corev1.Container) api.Container {
	out := api.Container{Name: c.Name, Image: c.Image, Command: c.Command, Args: c.Args}
	for _, p := range c.Ports {
		out.Ports = append(out.Ports, api.ContainerPort{Name: p.Name, ContainerPort: p.ContainerPort, Protocol: string(p.Protocol)})
	}
	for _, e := range c.Env {
		out.Env = append(out.Env, api.EnvVar{Name: e.Name, Value: e.Value})
	}
	for _, m := range c.VolumeMounts {
		out.VolumeMounts = append(out.VolumeMounts, api.VolumeMount{Name: m.Name, MountPath: m.MountPath, ReadOnly: m.ReadOnly})
	}
	if p := c.ReadinessProbe; p != nil {
		out.ReadinessProbe = &api.Probe{
			InitialDelaySeconds: p.InitialDelaySeconds,
			PeriodSeconds:       p.PeriodSeconds,
			FailureThreshold:    p.FailureThreshold,
			SuccessThreshold:    p.SuccessThreshold,
		}
	}
	return out
}

func podStatusIn(s corev1.PodStatus) api.PodStatus {
	out := api.PodStatus{
		Phase:     api.PodPhase(s.Phase),
		Reason:    s.Reason,
		Message:   s.Message,
		HostIP:    s.HostIP,
		PodIP:     s.PodIP,
		StartTime: durationPtrIn(s.StartTime),
	}
	for _, c := range s.Conditions {
		out.Conditions = append(out.Conditions, api.PodCondition{
			Type: string(c.Type), Status: string(c.Status), Reason: c.Reason, Message: c.Message,
			LastTransitionTime: durationIn(c.LastTransitionTime),
		})
	}
	for _, c := range s.ContainerStatuses {
		cs := api.ContainerStatus{
			Name: c.Name, Image: c.Image, Ready: c.Ready, RestartCount: c.RestartCount,
			Started: c.Started != nil && *c.Started,
		}
		switch st := c.State; {
		case st.Running != nil:
			cs.State = "running"
		case st.Terminated != nil:
			cs.State, cs.Reason, cs.ExitCode = "terminated", st.Terminated.Reason, st.Terminated.ExitCode
		case st.Waiting != nil:
			cs.State, cs.Reason = "waiting", st.Waiting.Reason
		}
		out.ContainerStatuses = append(out.ContainerStatuses, cs)
	}
	return out
}

func claimIn(c corev1.PersistentVolumeClaim) storage.PersistentVolumeClaim {
	out := storage.PersistentVolumeClaim{
		ObjectMeta: metaIn(c.ObjectMeta),
		Spec: storage.ClaimSpec{
			StorageClassName: c.Spec.StorageClassName,
			VolumeName:       c.Spec.VolumeName,
			Selector:         selectorIn(c.Spec.Selector),
		},
		Status: storage.ClaimStatus{Phase: string(c.Status.Phase)},
	}
	for _, m := range c.Spec.AccessModes {
		out.Spec.AccessModes = append(out.Spec.AccessModes, string(m))
	}
	if q, ok := c.Spec.Resources.Requests[corev1.ResourceStorage]; ok {
		out.Spec.Storage = q.String()
	}
	if c.Spec.VolumeMode != nil {
		out.Spec.VolumeMode = string(*c.Spec.VolumeMode)
	}
	for _, m := range c.Status.AccessModes {
		out.Status.AccessModes = append(out.Status.AccessModes, string(m))
	}
	if q, ok := c.Status.Capacity[corev1.ResourceStorage]; ok {
		out.Status.Capacity = q.String()
	}
	return out
}

func nodeIn(o *corev1.Node) *api.Node {
	out := &api.Node{
		ObjectMeta: metaIn(o.ObjectMeta),
		Spec:       api.NodeSpec{PodCIDR: o.Spec.PodCIDR, Unschedulable: o.Spec.Unschedulable},
	}
	for _, t := range o.Spec.Taints {
		out.Spec.Taints = append(out.Spec.Taints, api.Taint{Key: t.Key, Value: t.Value, Effect: string(t.Effect)})
	}
	for _, c := range o.Status.Conditions {
		if c.Type == corev1.NodeReady {
			out.Status.Ready = c.Status == corev1.ConditionTrue
		}
	}
	for _, a := range o.Status.Addresses {
		if a.Type == corev1.NodeInternalIP && out.Status.InternalIP == "" {
			out.Status.InternalIP = a.Address
		}
	}
	pods, ok := o.Status.Allocatable[corev1.ResourcePods]
	if !ok {
		pods, ok = o.Status.Capacity[corev1.ResourcePods]
	}
	if ok {
		out.Status.Pods = int32(min(max(pods.Value(), 0), math.MaxInt32))
	}
	return out
}
