package storage

import (
	"path"
	"slices"
	"strings"

	"github.com/stsim/stsim/api"
)

// Supported values, in upstream's order (sets.List sorts).
var (
	supportedAccessModes  = []string{ReadOnlyMany, ReadWriteMany, ReadWriteOnce, ReadWriteOncePod}
	supportedVolumeModes  = []string{Block, Filesystem}
	supportedPVReclaim    = []string{ReclaimDelete, ReclaimRecycle, ReclaimRetain}
	supportedClassReclaim = []string{ReclaimDelete, ReclaimRetain}
	supportedBindingModes = []string{BindingImmediate, BindingWaitForFirstConsumer}
)

// Messages of the API server's validation.
const (
	msgNotPositive = "must be greater than zero"
	msgRWOPOthers  = "may not use ReadWriteOncePod with other access modes"
	msgImmutable   = "spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims"
)

// ValidateClaim validates a new claim (upstream: core validation
// ValidatePersistentVolumeClaim, with ValidateObjectMeta reduced to the
// name, a DNS subdomain).
func ValidateClaim(c *PersistentVolumeClaim) api.ErrorList {
	errs := api.ValidateObjectMetaName(c.Name, api.NameIsDNSSubdomain, api.NewPath("metadata"))
	return append(errs, ValidateClaimSpec(&c.Spec, api.NewPath("spec"))...)
}

// ValidateClaimSpec validates a claim spec at path p (upstream:
// ValidatePersistentVolumeClaimSpec; dataSource and volumeAttributesClass
// are not modelled).
func ValidateClaimSpec(spec *ClaimSpec, p *api.Path) api.ErrorList {
	var errs api.ErrorList
	if len(spec.AccessModes) == 0 {
		errs = append(errs, api.Required(p.Child("accessModes"), "at least 1 access mode is required"))
	}
	if spec.Selector != nil {
		errs = append(errs, api.ValidateLabelSelector(spec.Selector, p.Child("selector"))...)
	}
	errs = append(errs, validateAccessModes(spec.AccessModes, p.Child("accessModes"))...)
	sp := p.Child("resources").Key("storage")
	if spec.Storage == "" {
		errs = append(errs, api.Required(sp, ""))
	} else {
		errs = append(errs, validatePositive(spec.Storage, sp)...)
	}
	if sc := spec.StorageClassName; sc != nil && *sc != "" {
		for _, msg := range api.NameIsDNSSubdomain(*sc, false) {
			errs = append(errs, api.Invalid(p.Child("storageClassName"), *sc, msg))
		}
	}
	if spec.VolumeMode != "" && !slices.Contains(supportedVolumeModes, spec.VolumeMode) {
		errs = append(errs, api.NotSupported(p.Child("volumeMode"), spec.VolumeMode, supportedVolumeModes))
	}
	return errs
}

// validateAccessModes checks each mode and the ReadWriteOncePod exclusion.
func validateAccessModes(modes []string, p *api.Path) api.ErrorList {
	var errs api.ErrorList
	rwop, other := false, false
	for _, m := range modes {
		switch {
		case !slices.Contains(supportedAccessModes, m):
			errs = append(errs, api.NotSupported(p, m, supportedAccessModes))
		case m == ReadWriteOncePod:
			rwop = true
		default:
			other = true
		}
	}
	if rwop && other {
		errs = append(errs, api.Forbidden(p, msgRWOPOthers))
	}
	return errs
}

// validatePositive checks a quantity string: parseable and > 0
// (upstream: ValidatePositiveQuantityValue, which prints the canonical
// value). An unparseable quantity never reaches upstream's validation (the
// decoder refuses it); here it is an Invalid error with the decoder's text.
func validatePositive(s string, p *api.Path) api.ErrorList {
	q, err := ParseQuantity(s)
	if err != nil {
		return api.ErrorList{api.Invalid(p, s, err.Error())}
	}
	if q.Value() <= 0 {
		return api.ErrorList{api.Invalid(p, q.String(), msgNotPositive)}
	}
	return nil
}

// ValidateClaimUpdate validates a change to a stored claim (upstream:
// ValidatePersistentVolumeClaimUpdate): the spec is immutable except that
// volumeName may be set once and a Bound claim's storage request may
// grow. The message stops before upstream's spec diff.
func ValidateClaimUpdate(c, old *PersistentVolumeClaim) api.ErrorList {
	errs := ValidateClaim(c)
	n, o := c.Spec, old.Spec
	if o.VolumeName == "" {
		o.VolumeName = n.VolumeName
	}
	if o.StorageClassName == nil && !ClaimHasClass(old) && n.StorageClassName != nil {
		o.StorageClassName = n.StorageClassName // retroactive default class
	}
	if c.Status.Phase == ClaimBound {
		n.Storage = o.Storage
	}
	if !specEqual(&n, &o) {
		errs = append(errs, api.Forbidden(api.NewPath("spec"), msgImmutable))
	}
	nq, err1 := ParseQuantity(c.Spec.Storage)
	oq, err2 := ParseQuantity(old.Spec.Storage)
	if err1 == nil && err2 == nil && nq.Cmp(oq) < 0 {
		errs = append(errs, api.Forbidden(api.NewPath("spec", "resources", "requests", "storage"), "field can not be less than previous value"))
	}
	return errs
}

func specEqual(a, b *ClaimSpec) bool {
	eqPtr := func(x, y *string) bool { return x == nil && y == nil || x != nil && y != nil && *x == *y }
	return slices.Equal(a.AccessModes, b.AccessModes) && eqPtr(a.StorageClassName, b.StorageClassName) &&
		Canonical(a.Storage) == Canonical(b.Storage) && a.VolumeName == b.VolumeName &&
		volumeMode(a.VolumeMode) == volumeMode(b.VolumeMode) &&
		api.FormatLabelSelector(a.Selector) == api.FormatLabelSelector(b.Selector)
}

// ValidateVolume validates a new PersistentVolume (upstream:
// ValidatePersistentVolume → ValidatePersistentVolumeSpec, for the fields
// and sources modelled).
func ValidateVolume(v *PersistentVolume) api.ErrorList {
	errs := api.ValidateObjectMetaName(v.Name, api.NameIsDNSSubdomain, api.NewPath("metadata"))
	p := api.NewPath("spec")
	s := &v.Spec
	if len(s.AccessModes) == 0 {
		errs = append(errs, api.Required(p.Child("accessModes"), ""))
	}
	errs = append(errs, validateAccessModes(s.AccessModes, p.Child("accessModes"))...)
	if s.Capacity == "" {
		errs = append(errs, api.Required(p.Child("capacity"), ""))
	} else {
		errs = append(errs, validatePositive(s.Capacity, p.Child("capacity").Key("storage"))...)
	}
	if r := s.PersistentVolumeReclaimPolicy; r != "" && !slices.Contains(supportedPVReclaim, r) {
		errs = append(errs, api.NotSupported(p.Child("persistentVolumeReclaimPolicy"), r, supportedPVReclaim))
	}
	if s.NodeAffinity != nil {
		errs = append(errs, validateNodeAffinity(s.NodeAffinity, p.Child("nodeAffinity"))...)
	}
	n := 0
	if s.HostPath != nil {
		n++
		if s.HostPath.Path == "" {
			errs = append(errs, api.Required(p.Child("hostPath", "path"), ""))
		} else if slices.Contains(strings.Split(s.HostPath.Path, "/"), "..") {
			errs = append(errs, api.Invalid(p.Child("hostPath", "path"), s.HostPath.Path, "must not contain '..'"))
		}
	}
	if s.NFS != nil {
		if n > 0 {
			errs = append(errs, api.Forbidden(p.Child("nfs"), "may not specify more than 1 volume type"))
		} else {
			n++
			errs = append(errs, validateNFS(s.NFS, p.Child("nfs"))...)
		}
	}
	if n == 0 {
		errs = append(errs, api.Required(p, "must specify a volume type"))
	}
	if sc := s.StorageClassName; sc != "" {
		for _, msg := range api.NameIsDNSSubdomain(sc, false) {
			errs = append(errs, api.Invalid(p.Child("storageClassName"), sc, msg))
		}
	}
	if s.VolumeMode != "" && !slices.Contains(supportedVolumeModes, s.VolumeMode) {
		errs = append(errs, api.NotSupported(p.Child("volumeMode"), s.VolumeMode, supportedVolumeModes))
	}
	return errs
}

func validateNFS(s *NFSVolumeSource, p *api.Path) api.ErrorList {
	var errs api.ErrorList
	if s.Server == "" {
		errs = append(errs, api.Required(p.Child("server"), ""))
	}
	if s.Path == "" {
		errs = append(errs, api.Required(p.Child("path"), ""))
	}
	if !path.IsAbs(s.Path) {
		errs = append(errs, api.Invalid(p.Child("path"), s.Path, "must be an absolute path"))
	}
	return errs
}

// validateNodeAffinity is validateVolumeNodeAffinity: the required
// selector is validated as a pod's (ValidateNodeSelector). Required is not
// a pointer here, so "must specify required node constraints" cannot arise.
func validateNodeAffinity(a *VolumeNodeAffinity, p *api.Path) api.ErrorList {
	return api.ValidateNodeSelector(&a.Required, p.Child("required"))
}

// ValidateStorageClass validates a defaulted StorageClass (upstream:
// storage validation ValidateStorageClass; allowedTopologies are not
// modelled).
func ValidateStorageClass(sc *StorageClass) api.ErrorList {
	errs := api.ValidateObjectMetaName(sc.Name, api.NameIsDNSSubdomain, api.NewPath("metadata"))
	pp := api.NewPath("provisioner")
	if sc.Provisioner == "" {
		errs = append(errs, api.Required(pp, ""))
	} else {
		for _, msg := range api.IsQualifiedName(strings.ToLower(sc.Provisioner)) {
			errs = append(errs, api.Invalid(pp, sc.Provisioner, msg))
		}
	}
	for _, k := range sortedKeys(sc.Parameters) {
		if k == "" {
			errs = append(errs, api.Invalid(api.NewPath("parameters"), k, "field can not be empty."))
		}
	}
	if r := sc.ReclaimPolicy; r != nil && *r != "" && !slices.Contains(supportedClassReclaim, *r) {
		errs = append(errs, api.NotSupported(api.NewPath("reclaimPolicy"), *r, supportedClassReclaim))
	}
	mp := api.NewPath("volumeBindingMode")
	if sc.VolumeBindingMode == nil {
		errs = append(errs, api.Required(mp, ""))
	} else if !slices.Contains(supportedBindingModes, *sc.VolumeBindingMode) {
		errs = append(errs, api.NotSupported(mp, *sc.VolumeBindingMode, supportedBindingModes))
	}
	return errs
}

// ValidateStorageClassUpdate validates a change to a stored class: the
// provisioner, parameters, reclaim policy and binding mode are immutable
// (upstream: ValidateStorageClassUpdate).
func ValidateStorageClassUpdate(sc, old *StorageClass) api.ErrorList {
	errs := ValidateStorageClass(sc)
	if !mapsEqual(sc.Parameters, old.Parameters) {
		errs = append(errs, api.Immutable(api.NewPath("parameters"), sc.Parameters))
	}
	if sc.Provisioner != old.Provisioner {
		errs = append(errs, api.Immutable(api.NewPath("provisioner"), sc.Provisioner))
	}
	if sc.Reclaim() != old.Reclaim() {
		errs = append(errs, api.Immutable(api.NewPath("reclaimPolicy"), sc.ReclaimPolicy))
	}
	if sc.BindingMode() != old.BindingMode() {
		errs = append(errs, api.Immutable(api.NewPath("volumeBindingMode"), sc.VolumeBindingMode))
	}
	return errs
}

// DefaultStorageClass applies the API's defaults to a class: reclaimPolicy
// Delete, volumeBindingMode Immediate (upstream: storage/v1 defaults.go).
func DefaultStorageClass(sc *StorageClass) {
	if sc.ReclaimPolicy == nil {
		sc.ReclaimPolicy = new(ReclaimDelete)
	}
	if sc.VolumeBindingMode == nil {
		sc.VolumeBindingMode = new(BindingImmediate)
	}
}

// DefaultVolume applies the API's defaults to a PersistentVolume:
// reclaim policy Retain, volumeMode Filesystem (upstream: core/v1
// defaults.go SetDefaults_PersistentVolume).
func DefaultVolume(v *PersistentVolume) {
	if v.Spec.PersistentVolumeReclaimPolicy == "" {
		v.Spec.PersistentVolumeReclaimPolicy = ReclaimRetain
	}
	if v.Spec.VolumeMode == "" {
		v.Spec.VolumeMode = Filesystem
	}
}

// DefaultClaim applies the API's defaults to a claim: volumeMode
// Filesystem (upstream: SetDefaults_PersistentVolumeClaimSpec).
func DefaultClaim(c *PersistentVolumeClaim) {
	if c.Spec.VolumeMode == "" {
		c.Spec.VolumeMode = Filesystem
	}
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func mapsEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}
