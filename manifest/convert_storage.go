package manifest

import (
	"strconv"

	corev1 "k8s.io/api/core/v1"
	storagev1 "k8s.io/api/storage/v1"
	"k8s.io/apimachinery/pkg/types"

	"github.com/stsim/stsim/storage"
)

// PersistentVolumes and StorageClasses: storage's types at the edge (the
// claim's conversions are in convert_in.go and convert_out.go).

func volumeIn(o *corev1.PersistentVolume) *storage.PersistentVolume {
	s := o.Spec
	out := &storage.PersistentVolume{
		ObjectMeta: metaIn(o.ObjectMeta),
		Spec: storage.VolumeSpec{
			PersistentVolumeReclaimPolicy: string(s.PersistentVolumeReclaimPolicy),
			StorageClassName:              s.StorageClassName,
			MountOptions:                  s.MountOptions,
		},
		Status: storage.VolumeStatus{Phase: string(o.Status.Phase), Reason: o.Status.Reason, Message: o.Status.Message},
	}
	if q, ok := s.Capacity[corev1.ResourceStorage]; ok {
		out.Spec.Capacity = q.String()
	}
	for _, m := range s.AccessModes {
		out.Spec.AccessModes = append(out.Spec.AccessModes, string(m))
	}
	if r := s.ClaimRef; r != nil {
		out.Spec.ClaimRef = &storage.ClaimRef{
			Kind: r.Kind, Namespace: r.Namespace, Name: r.Name, UID: string(r.UID), APIVersion: r.APIVersion,
		}
		// A resourceVersion that is not a number is not ours; notSimulated
		// reports it.
		if rv, err := strconv.ParseUint(r.ResourceVersion, 10, 64); err == nil {
			out.Spec.ClaimRef.ResourceVersion = rv
		}
	}
	if s.VolumeMode != nil {
		out.Spec.VolumeMode = string(*s.VolumeMode)
	}
	if a := s.NodeAffinity; a != nil && a.Required != nil {
		out.Spec.NodeAffinity = &storage.VolumeNodeAffinity{Required: nodeSelectorIn(a.Required)}
	}
	if n := s.NFS; n != nil {
		out.Spec.NFS = &storage.NFSVolumeSource{Server: n.Server, Path: n.Path, ReadOnly: n.ReadOnly}
	}
	if h := s.HostPath; h != nil {
		out.Spec.HostPath = &storage.HostPathSource{Path: h.Path}
		if h.Type != nil {
			out.Spec.HostPath.Type = string(*h.Type)
		}
	}
	return out
}

func volumeOut(o *storage.PersistentVolume) (*corev1.PersistentVolume, error) {
	s := o.Spec
	out := &corev1.PersistentVolume{
		TypeMeta:   typeMeta("v1", "PersistentVolume"),
		ObjectMeta: metaOut(o.ObjectMeta),
		Spec: corev1.PersistentVolumeSpec{
			PersistentVolumeReclaimPolicy: corev1.PersistentVolumeReclaimPolicy(s.PersistentVolumeReclaimPolicy),
			StorageClassName:              s.StorageClassName,
			MountOptions:                  s.MountOptions,
		},
		Status: corev1.PersistentVolumeStatus{
			Phase: corev1.PersistentVolumePhase(o.Status.Phase), Reason: o.Status.Reason, Message: o.Status.Message,
		},
	}
	q, ok, err := quantity("spec.capacity.storage", s.Capacity)
	if err != nil {
		return nil, err
	}
	if ok {
		out.Spec.Capacity = corev1.ResourceList{corev1.ResourceStorage: q}
	}
	for _, m := range s.AccessModes {
		out.Spec.AccessModes = append(out.Spec.AccessModes, corev1.PersistentVolumeAccessMode(m))
	}
	if r := s.ClaimRef; r != nil {
		out.Spec.ClaimRef = &corev1.ObjectReference{
			Kind: r.Kind, Namespace: r.Namespace, Name: r.Name, UID: types.UID(r.UID), APIVersion: r.APIVersion,
		}
		if r.ResourceVersion != 0 {
			out.Spec.ClaimRef.ResourceVersion = strconv.FormatUint(r.ResourceVersion, 10)
		}
	}
	if s.VolumeMode != "" {
		m := corev1.PersistentVolumeMode(s.VolumeMode)
		out.Spec.VolumeMode = &m
	}
	if a := s.NodeAffinity; a != nil {
		out.Spec.NodeAffinity = &corev1.VolumeNodeAffinity{Required: nodeSelectorOut(a.Required)}
	}
	if n := s.NFS; n != nil {
		out.Spec.NFS = &corev1.NFSVolumeSource{Server: n.Server, Path: n.Path, ReadOnly: n.ReadOnly}
	}
	if h := s.HostPath; h != nil {
		out.Spec.HostPath = &corev1.HostPathVolumeSource{Path: h.Path}
		if h.Type != "" {
			t := corev1.HostPathType(h.Type)
			out.Spec.HostPath.Type = &t
		}
	}
	return out, nil
}

func storageClassIn(o *storagev1.StorageClass) *storage.StorageClass {
	out := &storage.StorageClass{
		ObjectMeta:           metaIn(o.ObjectMeta),
		Provisioner:          o.Provisioner,
		Parameters:           o.Parameters,
		AllowVolumeExpansion: o.AllowVolumeExpansion,
		MountOptions:         o.MountOptions,
	}
	if o.ReclaimPolicy != nil {
		v := string(*o.ReclaimPolicy)
		out.ReclaimPolicy = &v
	}
	if o.VolumeBindingMode != nil {
		v := string(*o.VolumeBindingMode)
		out.VolumeBindingMode = &v
	}
	return out
}

func storageClassOut(o *storage.StorageClass) *storagev1.StorageClass {
	out := &storagev1.StorageClass{
		TypeMeta:             typeMeta("storage.k8s.io/v1", "StorageClass"),
		ObjectMeta:           metaOut(o.ObjectMeta),
		Provisioner:          o.Provisioner,
		Parameters:           o.Parameters,
		AllowVolumeExpansion: o.AllowVolumeExpansion,
		MountOptions:         o.MountOptions,
	}
	if o.ReclaimPolicy != nil {
		v := corev1.PersistentVolumeReclaimPolicy(*o.ReclaimPolicy)
		out.ReclaimPolicy = &v
	}
	if o.VolumeBindingMode != nil {
		v := storagev1.VolumeBindingMode(*o.VolumeBindingMode)
		out.VolumeBindingMode = &v
	}
	return out
}
