package sim

import (
	"errors"
	"maps"
	"slices"

	"github.com/stsim/stsim/api"
	"github.com/stsim/stsim/storage"
)

// The user-facing storage calls. Names are "NAME" or "NAMESPACE/NAME" for
// claims; volumes and classes are cluster-scoped.

// ApplyStorageClass creates a StorageClass or updates the metadata of an
// existing one, with the API's defaulting (reclaimPolicy Delete,
// volumeBindingMode Immediate) and validation; the provisioner,
// parameters, reclaim policy and binding mode are immutable.
func (c *Cluster) ApplyStorageClass(in *storage.StorageClass) (string, error) {
	sc := *in
	sc.Labels, sc.Annotations, sc.Parameters = maps.Clone(in.Labels), maps.Clone(in.Annotations), maps.Clone(in.Parameters)
	storage.DefaultStorageClass(&sc)
	old := c.stor.classes[sc.Name]
	if old == nil {
		if errs := storage.ValidateStorageClass(&sc); len(errs) > 0 {
			return "", api.NewInvalid("StorageClass", "storage.k8s.io", sc.Name, errs)
		}
		c.stamp(&sc.ObjectMeta)
		sc.DeletionTimestamp = nil
		c.writeClass(&sc, Event{Actor: ActorUser, Verb: VerbCreate, Reason: "created"})
		return Created, nil
	}
	if errs := storage.ValidateStorageClassUpdate(&sc, old); len(errs) > 0 {
		return "", api.NewInvalid("StorageClass", "storage.k8s.io", sc.Name, errs)
	}
	if maps.Equal(sc.Labels, old.Labels) && maps.Equal(sc.Annotations, old.Annotations) && ptrEqual(sc.AllowVolumeExpansion, old.AllowVolumeExpansion) &&
		slices.Equal(sc.MountOptions, old.MountOptions) {
		return Unchanged, nil
	}
	n := *old
	n.Labels, n.Annotations, n.AllowVolumeExpansion, n.MountOptions = sc.Labels, sc.Annotations, sc.AllowVolumeExpansion, sc.MountOptions
	c.writeClass(&n, Event{Actor: ActorUser, Verb: VerbUpdate, Reason: "configured"})
	return Configured, nil
}

func ptrEqual[T comparable](a, b *T) bool {
	return a == nil && b == nil || a != nil && b != nil && *a == *b
}

// DeleteStorageClass deletes a StorageClass. Claims and volumes of the class
// are not touched; claims that still need it fail to provision.
func (c *Cluster) DeleteStorageClass(name string) error {
	sc := c.stor.classes[name]
	if sc == nil {
		return api.NewNotFound("storageclasses", "storage.k8s.io", name)
	}
	delete(c.stor.classes, name)
	c.nextRV()
	c.record(Event{Actor: ActorUser, Verb: VerbRemove, Kind: "StorageClass", Name: name, Reason: "deleted by user"})
	return nil
}

// ApplyPersistentVolume creates a PersistentVolume (defaulted: reclaim
// policy Retain, volumeMode Filesystem; phase Pending until the PV
// controller makes it Available) or updates an existing one. An update may
// change labels, annotations (keeping those the control plane set that it
// does not mention, as for claims), claimRef (an administrator makes a Released
// volume Available again by removing it), capacity, access modes, class,
// reclaim policy and mount options; the volume source, volumeMode and node
// affinity are immutable.
func (c *Cluster) ApplyPersistentVolume(in *storage.PersistentVolume) (string, error) {
	v := *in
	v.Labels, v.Annotations = maps.Clone(in.Labels), maps.Clone(in.Annotations)
	storage.DefaultVolume(&v)
	if errs := storage.ValidateVolume(&v); len(errs) > 0 {
		return "", api.NewInvalid("PersistentVolume", "", v.Name, errs)
	}
	old := c.stor.volumes[v.Name]
	if old == nil {
		c.stamp(&v.ObjectMeta)
		v.DeletionTimestamp = nil
		if !slices.Contains(v.Finalizers, storage.FinalizerPVProtection) {
			v.Finalizers = append(slices.Clone(v.Finalizers), storage.FinalizerPVProtection)
		}
		v.Status = storage.VolumeStatus{Phase: storage.VolumePending}
		c.writeVolume(&v, Event{Actor: ActorUser, Verb: VerbCreate, Reason: "created"})
		return Created, nil
	}
	var errs api.ErrorList
	if string(mustJSON(v.Spec.NFS)) != string(mustJSON(old.Spec.NFS)) || string(mustJSON(v.Spec.HostPath)) != string(mustJSON(old.Spec.HostPath)) {
		errs = append(errs, api.Forbidden(api.NewPath("spec", "persistentvolumesource"), "spec.persistentvolumesource is immutable after creation"))
	}
	if v.Spec.VolumeMode != old.Spec.VolumeMode {
		errs = append(errs, api.Immutable(api.NewPath("volumeMode"), v.Spec.VolumeMode))
	}
	if old.Spec.NodeAffinity != nil && string(mustJSON(v.Spec.NodeAffinity)) != string(mustJSON(old.Spec.NodeAffinity)) {
		errs = append(errs, api.Forbidden(api.NewPath("spec", "nodeAffinity"), "field is immutable"))
	}
	if len(errs) > 0 {
		return "", api.NewInvalid("PersistentVolume", "", v.Name, errs)
	}
	v.Annotations = keepControlPlane(v.Annotations, old.Annotations)
	if string(mustJSON(v.Spec)) == string(mustJSON(old.Spec)) && maps.Equal(v.Labels, old.Labels) && maps.Equal(v.Annotations, old.Annotations) {
		return Unchanged, nil
	}
	n := *old
	n.Labels, n.Annotations, n.Spec = v.Labels, v.Annotations, v.Spec
	c.writeVolume(&n, Event{Actor: ActorUser, Verb: VerbUpdate, Reason: "configured"})
	return Configured, nil
}

// DeleteVolume deletes a PersistentVolume: a Bound volume stays
// Terminating (kubernetes.io/pv-protection) until it is not Bound. Its
// contents stay on the storage.
func (c *Cluster) DeleteVolume(name string) error {
	v := c.stor.volumes[name]
	if v == nil {
		return api.NewNotFound("persistentvolumes", "", name)
	}
	c.deleteVolume(v, ActorUser, "deleted by user")
	return nil
}

// ApplyClaim creates a PersistentVolumeClaim (validated, then admitted: the
// default StorageClass when it names none, the pvc-protection finalizer)
// or updates an existing one, keeping the annotations the control plane
// set (so a claim applied again as it was is Unchanged). The spec of a
// claim is immutable except that a Bound claim's storage request may grow
// when its class allows volume expansion (the volume itself is not
// resized: nfs-subdir has no expander).
func (c *Cluster) ApplyClaim(in *storage.PersistentVolumeClaim) (string, error) {
	pvc := *in
	if pvc.Namespace == "" {
		pvc.Namespace = "default"
	}
	if _, ok := c.namespaces[pvc.Namespace]; !ok {
		return "", api.NewNotFound("namespaces", "", pvc.Namespace)
	}
	pvc.Labels, pvc.Annotations = maps.Clone(in.Labels), maps.Clone(in.Annotations)
	old := c.claims[key{pvc.Namespace, pvc.Name}]
	if old == nil {
		if errs := storage.ValidateClaim(&pvc); len(errs) > 0 {
			return "", api.NewInvalid("PersistentVolumeClaim", "", pvc.Name, errs)
		}
		c.stamp(&pvc.ObjectMeta)
		pvc.DeletionTimestamp, pvc.Status = nil, storage.ClaimStatus{}
		pvc.OwnerReferences = slices.Clone(in.OwnerReferences)
		c.writeClaim(&pvc, Event{Actor: ActorUser, Verb: VerbCreate, Reason: "created"})
		return Created, nil
	}
	n := *old
	n.Labels, n.Annotations, n.Spec = pvc.Labels, keepControlPlane(pvc.Annotations, old.Annotations), pvc.Spec
	if n.Spec.StorageClassName == nil {
		n.Spec.StorageClassName = old.Spec.StorageClassName
	}
	if n.Spec.VolumeName == "" {
		n.Spec.VolumeName = old.Spec.VolumeName
	}
	storage.DefaultClaim(&n)
	if errs := storage.ValidateClaimUpdate(&n, old); len(errs) > 0 {
		return "", api.NewInvalid("PersistentVolumeClaim", "", pvc.Name, errs)
	}
	grow := storage.Canonical(n.Spec.Storage) != storage.Canonical(old.Spec.Storage)
	if grow {
		sc := c.stor.classes[storage.ClaimClass(old)]
		if sc == nil || sc.AllowVolumeExpansion == nil || !*sc.AllowVolumeExpansion {
			return "", api.NewForbidden("persistentvolumeclaims", "", pvc.Name,
				errors.New("only dynamically provisioned pvc can be resized and the storageclass that provisions the pvc must support resize"))
		}
	}
	if !grow && maps.Equal(n.Labels, old.Labels) && maps.Equal(n.Annotations, old.Annotations) {
		return Unchanged, nil
	}
	c.writeClaim(&n, Event{Actor: ActorUser, Verb: VerbUpdate, Reason: "configured"})
	if grow {
		c.claimEvent(&n, "Normal", "ExternalExpanding", "volume_expand", "waiting for an external controller to expand this PVC")
	}
	return Configured, nil
}

// controlPlaneAnnotations are the annotations that the PV controller, the
// scheduler and provisioners put on claims and volumes.
var controlPlaneAnnotations = []string{
	storage.AnnBindCompleted, storage.AnnBoundByController, storage.AnnStorageProvisioner,
	storage.AnnBetaStorageProvisioner, storage.AnnSelectedNode, storage.AnnDynamicallyProvisioned,
}

// keepControlPlane is the annotations of an update: those given, plus the
// control plane's that the update does not mention, which the object
// keeps as kubectl apply's three-way merge keeps them (a manifest never
// lists them). Applying a manifest again is then Unchanged.
func keepControlPlane(in, old map[string]string) map[string]string {
	out := maps.Clone(in)
	for _, k := range controlPlaneAnnotations {
		v, had := old[k]
		if _, given := in[k]; had && !given {
			if out == nil {
				out = map[string]string{}
			}
			out[k] = v
		}
	}
	return out
}

// DeleteClaim deletes the named claim: it is Terminating while a scheduled
// pod uses it (kubernetes.io/pvc-protection), then goes; its volume is then
// Released and reclaimed by its policy.
func (c *Cluster) DeleteClaim(name string) error {
	k := splitName(name)
	pvc := c.claims[k]
	if pvc == nil {
		return api.NewNotFound("persistentvolumeclaims", "", k.name)
	}
	c.deleteClaim(pvc, ActorUser, "deleted by user")
	return nil
}
