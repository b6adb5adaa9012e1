package storage

import (
	"errors"
	"path"
	"regexp"
	"strconv"
	"strings"
)

// Provisioner is the driver of an external provisioner: it turns a claim
// into a volume and removes what it made. The provisioning loop around it
// (which claims to serve, events, creating and deleting the volume object)
// is sig-storage-lib-external-provisioner's and lives in ShouldProvision,
// NewProvisionedVolume and ShouldDelete.
type Provisioner interface {
	// Name is the provisioner name classes refer to.
	Name() string
	// Provision returns the volume for the request: its source, node
	// affinity and capacity. The caller fills in the rest.
	Provision(req ProvisionRequest) (*PersistentVolume, error)
	// Delete says what happens to the backing storage of a Released
	// volume with reclaim policy Delete.
	Delete(v *PersistentVolume, class *StorageClass) (Disposal, error)
}

// ProvisionRequest is one claim to provision for.
type ProvisionRequest struct {
	Claim        *PersistentVolumeClaim
	Class        *StorageClass
	VolumeName   string // pvc-<claim UID>
	SelectedNode string // the scheduler's choice (WaitForFirstConsumer), or ""
}

// Disposal is what Delete does to a volume's directory.
type Disposal struct {
	// Remove removes the directory; otherwise it is kept, at ArchiveTo if
	// that is set.
	Remove    bool
	ArchiveTo string
}

// Lib event reasons and texts (sig-storage-lib-external-provisioner v6
// controller.go, volume_store.go).
const (
	ReasonProvisioning          = "Provisioning"
	ReasonProvisioningSucceeded = "ProvisioningSucceeded"
)

// ProvisioningMessage is the lib's Provisioning event text.
func ProvisioningMessage(c *PersistentVolumeClaim) string {
	return `External provisioner is provisioning volume for claim "` + c.Namespace + "/" + c.Name + `"`
}

// ProvisioningFailedMessage is the lib's ProvisioningFailed event text.
func ProvisioningFailedMessage(class string, err error) string {
	return `failed to provision volume with StorageClass "` + class + `": ` + err.Error()
}

// ProvisionedVolumeName is the name of the volume provisioned for a claim
// (upstream: getProvisionedVolumeNameForClaim).
func ProvisionedVolumeName(c *PersistentVolumeClaim) string { return "pvc-" + c.UID }

// ShouldProvision reports whether the provisioner named name must provision
// for claim: the claim asks for it (beta annotation, which the lib v6
// reads), is not bound to a volume, and under WaitForFirstConsumer has a
// selected node (upstream lib: controller.go shouldProvision).
func ShouldProvision(c *PersistentVolumeClaim, name string, class *StorageClass) bool {
	if c.Spec.VolumeName != "" || c.Terminating() || c.Annotations[AnnBetaStorageProvisioner] != name {
		return false
	}
	if class != nil && class.BindingMode() == BindingWaitForFirstConsumer {
		return c.Annotations[AnnSelectedNode] != ""
	}
	return true
}

// CheckProvisionable is the lib's refusal of requests no driver supports:
// block volumes (upstream lib: canProvisionBlock).
func CheckProvisionable(c *PersistentVolumeClaim, provisioner string) error {
	if c.Spec.VolumeMode == Block {
		return errors.New(provisioner + " does not support block volume provisioning")
	}
	return nil
}

// NewProvisionedVolume completes the driver's volume as the lib does: name,
// claimRef with the claim's UID, provisioned-by annotation, class, reclaim
// policy and mount options from the class (upstream lib: controller.go
// provisionClaimOperation).
func NewProvisionedVolume(p Provisioner, req ProvisionRequest, v *PersistentVolume) *PersistentVolume {
	c := req.Claim
	v.Name = req.VolumeName
	if v.Annotations == nil {
		v.Annotations = map[string]string{}
	}
	v.Annotations[AnnDynamicallyProvisioned] = p.Name()
	v.Spec.ClaimRef = &ClaimRef{Kind: "PersistentVolumeClaim", Namespace: c.Namespace, Name: c.Name, UID: c.UID,
		APIVersion: "v1", ResourceVersion: c.ResourceVersion}
	v.Spec.StorageClassName = req.Class.Name
	v.Spec.PersistentVolumeReclaimPolicy = req.Class.Reclaim()
	v.Spec.MountOptions = req.Class.MountOptions
	return v
}

// ShouldDelete reports whether the provisioner named name must delete v:
// Released, reclaim policy Delete, provisioned by it, not being deleted
// (upstream lib: controller.go shouldDelete).
func ShouldDelete(v *PersistentVolume, name string) bool {
	return v.Status.Phase == VolumeReleased && v.Spec.PersistentVolumeReclaimPolicy == ReclaimDelete &&
		v.Annotations[AnnDynamicallyProvisioned] == name && !v.Terminating()
}

// NFSSubdir is kubernetes-sigs/nfs-subdir-external-provisioner (v4.0.x):
// every volume is a directory of one NFS export.
type NFSSubdir struct {
	Provisioner string // PROVISIONER_NAME
	Server      string // NFS_SERVER
	Path        string // NFS_PATH
}

// Name implements Provisioner.
func (n NFSSubdir) Name() string { return n.Provisioner }

// Provision makes the directory <namespace>-<claim>-<volume> (or the class's
// pathPattern) under the export; capacity is the request (NFS has no quota),
// access modes are the claim's, whatever they are (upstream:
// provisioner.go Provision).
func (n NFSSubdir) Provision(req ProvisionRequest) (*PersistentVolume, error) {
	c := req.Claim
	if c.Spec.Selector != nil {
		return nil, errors.New("claim Selector is not supported")
	}
	dir := c.Namespace + "-" + c.Name + "-" + req.VolumeName
	if pat, ok := req.Class.Parameters["pathPattern"]; ok {
		if p := expandPathPattern(pat, c); p != "" {
			dir = p
		}
	}
	return &PersistentVolume{Spec: VolumeSpec{
		Capacity:    Canonical(c.Spec.Storage),
		AccessModes: c.Spec.AccessModes,
		NFS:         &NFSVolumeSource{Server: n.Server, Path: path.Join(n.Path, dir)},
	}}, nil
}

var patternRef = regexp.MustCompile(`\$\{\.PVC\.([a-zA-Z0-9_./-]+)\}`)

// expandPathPattern fills ${.PVC.namespace}, ${.PVC.name},
// ${.PVC.labels.<key>} and ${.PVC.annotations.<key>}; unknown keys become
// "".
func expandPathPattern(pat string, c *PersistentVolumeClaim) string {
	return patternRef.ReplaceAllStringFunc(pat, func(m string) string {
		ref := patternRef.FindStringSubmatch(m)[1]
		switch {
		case ref == "namespace":
			return c.Namespace
		case ref == "name":
			return c.Name
		case strings.HasPrefix(ref, "labels."):
			return c.Labels[strings.TrimPrefix(ref, "labels.")]
		case strings.HasPrefix(ref, "annotations."):
			return c.Annotations[strings.TrimPrefix(ref, "annotations.")]
		}
		return ""
	})
}

// Delete removes or archives the directory: onDelete "delete" or "retain"
// decides; else archiveOnDelete "false" removes and absent or true renames
// to archived-<directory> at the export root (upstream: provisioner.go
// Delete).
func (n NFSSubdir) Delete(v *PersistentVolume, class *StorageClass) (Disposal, error) {
	if VolumeClass(v) == "" {
		return Disposal{}, errors.New("volume has no storage class")
	}
	if class == nil {
		return Disposal{}, errors.New(ClassNotFound(VolumeClass(v)))
	}
	switch class.Parameters["onDelete"] {
	case "delete":
		return Disposal{Remove: true}, nil
	case "retain":
		return Disposal{}, nil
	}
	if s, ok := class.Parameters["archiveOnDelete"]; ok {
		archive, err := strconv.ParseBool(s)
		if err != nil {
			return Disposal{}, err
		}
		if !archive {
			return Disposal{Remove: true}, nil
		}
	}
	if v.Spec.NFS == nil {
		return Disposal{}, errors.New("volume has no nfs source")
	}
	dir := v.Spec.NFS.Path
	return Disposal{ArchiveTo: path.Join(n.Path, "archived-"+path.Base(dir))}, nil
}

// LocalPath is rancher.io/local-path-provisioner as kind ships it: every
// volume is a directory on the node the scheduler selected.
type LocalPath struct {
	Provisioner string // rancher.io/local-path
	Dir         string // /var/local-path-provisioner
}

// Name implements Provisioner.
func (l LocalPath) Name() string { return l.Provisioner }

// Provision makes <dir>/<volume>_<namespace>_<claim> on the selected node,
// a hostPath volume with node affinity to it; only ReadWriteOnce and
// ReadWriteOncePod are served (upstream local-path-provisioner
// provisioner.go Provision).
func (l LocalPath) Provision(req ProvisionRequest) (*PersistentVolume, error) {
	c := req.Claim
	if c.Spec.Selector != nil {
		return nil, errors.New("claim.Spec.Selector is not supported")
	}
	for _, m := range c.Spec.AccessModes {
		if m != ReadWriteOnce && m != ReadWriteOncePod {
			return nil, errors.New("NodePath only supports ReadWriteOnce and ReadWriteOncePod (1.22+) access modes")
		}
	}
	if req.SelectedNode == "" {
		return nil, errors.New("configuration error, no node was specified")
	}
	return &PersistentVolume{Spec: VolumeSpec{
		Capacity:     Canonical(c.Spec.Storage),
		AccessModes:  c.Spec.AccessModes,
		HostPath:     &HostPathSource{Path: path.Join(l.Dir, req.VolumeName+"_"+c.Namespace+"_"+c.Name), Type: "DirectoryOrCreate"},
		NodeAffinity: HostnameAffinity(req.SelectedNode),
	}}, nil
}

// Delete removes the directory (a helper pod runs rm -rf upstream).
func (l LocalPath) Delete(*PersistentVolume, *StorageClass) (Disposal, error) {
	return Disposal{Remove: true}, nil
}
