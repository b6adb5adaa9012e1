package storage

import "github.com/stsim/stsim/api"

// Claim phases.
const (
	ClaimPending = "Pending"
	ClaimBound   = "Bound"
	ClaimLost    = "Lost"
)

// Volume phases.
const (
	VolumePending   = "Pending"
	VolumeAvailable = "Available"
	VolumeBound     = "Bound"
	VolumeReleased  = "Released"
	VolumeFailed    = "Failed"
)

// Access modes.
const (
	ReadWriteOnce    = "ReadWriteOnce"
	ReadOnlyMany     = "ReadOnlyMany"
	ReadWriteMany    = "ReadWriteMany"
	ReadWriteOncePod = "ReadWriteOncePod"
)

// Volume modes.
const (
	Filesystem = "Filesystem"
	Block      = "Block"
)

// Reclaim policies.
const (
	ReclaimRetain  = "Retain"
	ReclaimDelete  = "Delete"
	ReclaimRecycle = "Recycle"
)

// Volume binding modes of a StorageClass.
const (
	BindingImmediate            = "Immediate"
	BindingWaitForFirstConsumer = "WaitForFirstConsumer"
)

// Annotations, labels and finalizers (upstream: component-helpers
// storage/volume pv_helpers.go, k8s.io/api core/v1 and storage/v1).
const (
	AnnBindCompleted          = "pv.kubernetes.io/bind-completed"
	AnnBoundByController      = "pv.kubernetes.io/bound-by-controller"
	AnnStorageProvisioner     = "volume.kubernetes.io/storage-provisioner"
	AnnBetaStorageProvisioner = "volume.beta.kubernetes.io/storage-provisioner"
	AnnSelectedNode           = "volume.kubernetes.io/selected-node"
	AnnDynamicallyProvisioned = "pv.kubernetes.io/provisioned-by"
	AnnBetaStorageClass       = "volume.beta.kubernetes.io/storage-class"
	AnnDefaultClass           = "storageclass.kubernetes.io/is-default-class"
	AnnBetaDefaultClass       = "storageclass.beta.kubernetes.io/is-default-class"

	FinalizerPVCProtection = "kubernetes.io/pvc-protection"
	FinalizerPVProtection  = "kubernetes.io/pv-protection"

	// NoProvisioner is the provisioner of classes that cannot provision.
	NoProvisioner = "kubernetes.io/no-provisioner"
)

// PersistentVolumeClaim is the subset of v1.PersistentVolumeClaim that the
// simulation models.
type PersistentVolumeClaim struct {
	api.ObjectMeta `json:"metadata"`
	Spec           ClaimSpec   `json:"spec"`
	Status         ClaimStatus `json:"status"`
}

// ClaimSpec is v1.PersistentVolumeClaimSpec's modelled subset. Storage is
// spec.resources.requests.storage as written (a Kubernetes quantity; see
// ParseQuantity); VolumeMode "" means unset (Filesystem).
type ClaimSpec struct {
	AccessModes      []string           `json:"accessModes,omitempty"`
	StorageClassName *string            `json:"storageClassName,omitempty"`
	Storage          string             `json:"storage,omitempty"`
	VolumeName       string             `json:"volumeName,omitempty"`
	VolumeMode       string             `json:"volumeMode,omitempty"`
	Selector         *api.LabelSelector `json:"selector,omitempty"`
}

// ClaimStatus is v1.PersistentVolumeClaimStatus's modelled subset; Capacity
// is status.capacity.storage.
type ClaimStatus struct {
	Phase       string   `json:"phase,omitempty"`
	Capacity    string   `json:"capacity,omitempty"`
	AccessModes []string `json:"accessModes,omitempty"`
}

// PersistentVolume is the subset of v1.PersistentVolume that the simulation
// models.
type PersistentVolume struct {
	api.ObjectMeta `json:"metadata"`
	Spec           VolumeSpec   `json:"spec"`
	Status         VolumeStatus `json:"status"`
}

// VolumeSpec is v1.PersistentVolumeSpec's modelled subset. Capacity is
// spec.capacity.storage; exactly one of NFS and HostPath is the source.
type VolumeSpec struct {
	Capacity                      string              `json:"capacity,omitempty"`
	AccessModes                   []string            `json:"accessModes,omitempty"`
	ClaimRef                      *ClaimRef           `json:"claimRef,omitempty"`
	PersistentVolumeReclaimPolicy string              `json:"persistentVolumeReclaimPolicy,omitempty"`
	StorageClassName              string              `json:"storageClassName,omitempty"`
	MountOptions                  []string            `json:"mountOptions,omitempty"`
	VolumeMode                    string              `json:"volumeMode,omitempty"`
	NodeAffinity                  *VolumeNodeAffinity `json:"nodeAffinity,omitempty"`
	NFS                           *NFSVolumeSource    `json:"nfs,omitempty"`
	HostPath                      *HostPathSource     `json:"hostPath,omitempty"`
}

// ClaimRef is the v1.ObjectReference a volume holds to its claim. An empty
// UID means the volume is reserved for the claim with that name but not
// bound yet.
type ClaimRef struct {
	Kind            string `json:"kind,omitempty"`
	Namespace       string `json:"namespace,omitempty"`
	Name            string `json:"name,omitempty"`
	UID             string `json:"uid,omitempty"`
	APIVersion      string `json:"apiVersion,omitempty"`
	ResourceVersion uint64 `json:"resourceVersion,omitempty"`
}

// NFSVolumeSource is v1.NFSVolumeSource.
type NFSVolumeSource struct {
	Server   string `json:"server"`
	Path     string `json:"path"`
	ReadOnly bool   `json:"readOnly,omitempty"`
}

// HostPathSource is v1.HostPathVolumeSource.
type HostPathSource struct {
	Path string `json:"path"`
	Type string `json:"type,omitempty"`
}

// VolumeNodeAffinity is v1.VolumeNodeAffinity (required terms only).
type VolumeNodeAffinity struct {
	Required NodeSelector `json:"required"`
}

// The node selector of a volume's node affinity is the pod's (api): upstream
// has one v1.NodeSelector for both.
type (
	NodeSelector            = api.NodeSelector
	NodeSelectorTerm        = api.NodeSelectorTerm
	NodeSelectorRequirement = api.NodeSelectorRequirement
)

// VolumeStatus is v1.PersistentVolumeStatus's modelled subset.
type VolumeStatus struct {
	Phase   string `json:"phase,omitempty"`
	Reason  string `json:"reason,omitempty"`
	Message string `json:"message,omitempty"`
}

// StorageClass is the subset of storage.k8s.io/v1 StorageClass that the
// simulation models. ReclaimPolicy and VolumeBindingMode are nil until
// defaulted (Delete, Immediate), as upstream's are.
type StorageClass struct {
	api.ObjectMeta       `json:"metadata"`
	Provisioner          string            `json:"provisioner"`
	Parameters           map[string]string `json:"parameters,omitempty"`
	ReclaimPolicy        *string           `json:"reclaimPolicy,omitempty"`
	VolumeBindingMode    *string           `json:"volumeBindingMode,omitempty"`
	AllowVolumeExpansion *bool             `json:"allowVolumeExpansion,omitempty"`
	MountOptions         []string          `json:"mountOptions,omitempty"`
}

// ClaimClass is the class a claim asks for: the beta annotation wins over
// spec.storageClassName; "" means no class
// (upstream: GetPersistentVolumeClaimClass).
func ClaimClass(c *PersistentVolumeClaim) string {
	if v, ok := c.Annotations[AnnBetaStorageClass]; ok {
		return v
	}
	if c.Spec.StorageClassName != nil {
		return *c.Spec.StorageClassName
	}
	return ""
}

// ClaimHasClass reports whether the claim names a class at all, "" included
// (upstream: PersistentVolumeClaimHasClass).
func ClaimHasClass(c *PersistentVolumeClaim) bool {
	_, ok := c.Annotations[AnnBetaStorageClass]
	return ok || c.Spec.StorageClassName != nil
}

// VolumeClass is the class of a volume, the beta annotation winning
// (upstream: GetPersistentVolumeClass).
func VolumeClass(v *PersistentVolume) string {
	if c, ok := v.Annotations[AnnBetaStorageClass]; ok {
		return c
	}
	return v.Spec.StorageClassName
}

// BindingMode is the class's volumeBindingMode, Immediate when unset.
func (sc *StorageClass) BindingMode() string {
	if sc.VolumeBindingMode == nil {
		return BindingImmediate
	}
	return *sc.VolumeBindingMode
}

// Reclaim is the class's reclaimPolicy, Delete when unset.
func (sc *StorageClass) Reclaim() string {
	if sc.ReclaimPolicy == nil {
		return ReclaimDelete
	}
	return *sc.ReclaimPolicy
}

// IsDefault reports whether the class carries the default-class annotation
// (GA or beta) with the value "true" (upstream: IsDefaultAnnotation).
func (sc *StorageClass) IsDefault() bool {
	return sc.Annotations[AnnDefaultClass] == "true" || sc.Annotations[AnnBetaDefaultClass] == "true"
}

// BoundTo reports whether the volume is pre-bound or bound to the claim:
// same name and namespace, and the same UID if the reference has one
// (upstream: IsVolumeBoundToClaim).
func BoundTo(v *PersistentVolume, c *PersistentVolumeClaim) bool {
	r := v.Spec.ClaimRef
	if r == nil || r.Name != c.Name || r.Namespace != c.Namespace {
		return false
	}
	return r.UID == "" || r.UID == c.UID
}

// volumeMode returns the mode with the nil default applied.
func volumeMode(m string) string {
	if m == "" {
		return Filesystem
	}
	return m
}
