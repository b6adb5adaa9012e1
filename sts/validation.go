package sts

import (
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/stsim/stsim/api"
	"github.com/stsim/stsim/storage"
)

// This file is the API server's validation of StatefulSets (create, update,
// status) and of the pods a StatefulSet creates, with the exact messages of
// Kubernetes v1.37 (upstream: pkg/apis/apps/validation/validation.go,
// pkg/apis/core/validation/validation.go, apimachinery
// pkg/api/validation/objectmeta.go, apiserver pkg/registry/rest).
//
// Bad values are rendered the way upstream renders them: upstream validates
// the *internal* API types, so a struct value is printed as JSON with Go
// field names (e.g. {"Type":"Foo","RollingUpdate":null}) and a value of a
// named string type (PodManagementPolicyType, RestartPolicy...) is printed
// through JSON rather than %q. Errors are returned in upstream's order;
// where upstream iterates a map (label keys, claim volumes) we use a fixed
// order instead (sorted keys; claim template order). Like upstream, the
// lists may hold the same error more than once (e.g. invalid template
// labels are checked twice); api.ErrorList.Error drops the duplicates, as
// the API server's aggregate message does.

// ---------------------------------------------------------------------------
// StatefulSet
// ---------------------------------------------------------------------------

// Validate returns the errors the API server gives when creating set, which
// must already be defaulted (Default) and have had its disabled fields
// dropped (DropDisabledFields or PrepareForCreate)
// (upstream: pkg/apis/apps/validation/validation.go ValidateStatefulSet).
//
// gates is accepted for symmetry with Default; no rule we model depends on
// a gate (the StatefulSetRecreateStrategy gate is not modelled, so
// updateStrategy.type Recreate is always rejected).
//
// A set whose name is too long for its pods (pain point #64023) is valid
// here, as upstream; see PodCreateErrors for what then fails.
func Validate(set *StatefulSet, gates Gates) api.ErrorList {
	_ = gates
	errs := validateObjectMeta(&set.ObjectMeta, api.NameIsDNSLabel, api.NewPath("metadata"))
	return append(errs, validateSpec(&set.Spec, api.NewPath("spec"), specOptions{})...)
}

// ValidateUpdate returns the errors the API server gives when replacing old
// by set; set must be defaulted, and old is the stored object
// (upstream: apiserver rest.BeforeUpdate/ValidateUpdate and
// pkg/apis/apps/validation/validation.go ValidateStatefulSetUpdate, v1.37).
//
// Like rest.BeforeUpdate, the metadata is first normalised on a copy: the
// generation and creation timestamp come from old, an empty uid is old's,
// and a deletion timestamp or grace period old has is kept; the
// resourceVersion is not checked (StatefulSets allow unconditional
// updates, so the server fills it in). Then: the metadata rules, the whole
// new spec (serviceName may be invalid and claim templates are not
// re-validated; the pod template is not validated at all when old's spec is
// itself invalid), and one "field is immutable" error per changed immutable
// field: spec.selector, spec.volumeClaimTemplates, spec.serviceName,
// spec.podManagementPolicy. Up to v1.36 the last part was a single
// "spec: Forbidden: updates to statefulset spec for fields other than ..."
// error; v1.37 reports each field.
func ValidateUpdate(set, old *StatefulSet, gates Gates) api.ErrorList {
	_ = gates
	errs := validateObjectMetaUpdate(&set.ObjectMeta, &old.ObjectMeta, api.NewPath("metadata"))

	opts := specOptions{allowInvalidServiceName: true, skipClaimTemplates: true}
	if len(validateSpec(&old.Spec, nil, opts)) > 0 {
		opts.skipPodTemplate = true
	}
	spec := api.NewPath("spec")
	errs = append(errs, validateSpec(&set.Spec, spec, opts)...)

	if !semanticEqual(set.Spec.Selector, old.Spec.Selector) {
		errs = append(errs, api.Immutable(spec.Child("selector"), set.Spec.Selector))
	}
	if !semanticEqual(set.Spec.VolumeClaimTemplates, old.Spec.VolumeClaimTemplates) {
		errs = append(errs, api.Immutable(spec.Child("volumeClaimTemplates"), claimTemplatesValue(set.Spec.VolumeClaimTemplates)))
	}
	if set.Spec.ServiceName != old.Spec.ServiceName {
		errs = append(errs, api.Immutable(spec.Child("serviceName"), set.Spec.ServiceName))
	}
	if set.Spec.PodManagementPolicy != old.Spec.PodManagementPolicy {
		errs = append(errs, api.Immutable(spec.Child("podManagementPolicy"), enumValue(set.Spec.PodManagementPolicy)))
	}
	return errs
}

// ValidateStatus returns the errors the API server gives when the status
// subresource is updated from old to st; old may be nil to check st alone
// (upstream: validation.go ValidateStatefulSetStatus and the collisionCount
// rule of ValidateStatefulSetStatusUpdate; the metadata rules of the latter
// are not repeated here).
func ValidateStatus(st, old *Status) api.ErrorList {
	// The controller writes a status on most syncs and it is almost always
	// valid: the paths are built only for an error.
	var errs api.ErrorList
	field := func(name string) *api.Path { return api.NewPath("status", name) }
	nonnegative := func(v int64, name string) {
		if v < 0 {
			errs = append(errs, api.ValidateNonnegativeField(v, field(name))...)
		}
	}
	nonnegative(int64(st.Replicas), "replicas")
	nonnegative(int64(st.ReadyReplicas), "readyReplicas")
	nonnegative(int64(st.CurrentReplicas), "currentReplicas")
	nonnegative(int64(st.UpdatedReplicas), "updatedReplicas")
	nonnegative(int64(st.AvailableReplicas), "availableReplicas")
	nonnegative(st.ObservedGeneration, "observedGeneration")
	if st.CollisionCount != nil {
		nonnegative(int64(*st.CollisionCount), "collisionCount")
	}
	const msg = "cannot be greater than status.replicas"
	if st.ReadyReplicas > st.Replicas {
		errs = append(errs, api.Invalid(field("readyReplicas"), st.ReadyReplicas, msg))
	}
	if st.CurrentReplicas > st.Replicas {
		errs = append(errs, api.Invalid(field("currentReplicas"), st.CurrentReplicas, msg))
	}
	if st.UpdatedReplicas > st.Replicas {
		errs = append(errs, api.Invalid(field("updatedReplicas"), st.UpdatedReplicas, msg))
	}
	if st.AvailableReplicas > st.Replicas {
		errs = append(errs, api.Invalid(field("availableReplicas"), st.AvailableReplicas, msg))
	}
	if st.AvailableReplicas > st.ReadyReplicas {
		errs = append(errs, api.Invalid(field("availableReplicas"), st.AvailableReplicas, "cannot be greater than status.readyReplicas"))
	}
	if old != nil && old.CollisionCount != nil && (st.CollisionCount == nil || *st.CollisionCount < *old.CollisionCount) {
		value := int32(0)
		if st.CollisionCount != nil {
			value = *st.CollisionCount
		}
		errs = append(errs, api.Invalid(field("collisionCount"), value, "cannot be decremented"))
	}
	return errs
}

// specOptions are upstream's StatefulSetValidationOptions.
type specOptions struct {
	allowInvalidServiceName bool
	skipPodTemplate         bool
	skipClaimTemplates      bool
}

// validateSpec is ValidateStatefulSetSpec; p may be nil.
func validateSpec(spec *Spec, p *api.Path, o specOptions) api.ErrorList {
	var errs api.ErrorList

	switch spec.PodManagementPolicy {
	case "":
		errs = append(errs, api.Required(p.Child("podManagementPolicy"), ""))
	case OrderedReady, Parallel:
	default:
		errs = append(errs, api.Invalid(p.Child("podManagementPolicy"), enumValue(spec.PodManagementPolicy),
			fmt.Sprintf("must be '%s' or '%s'", OrderedReady, Parallel)))
	}

	us := spec.UpdateStrategy
	switch us.Type {
	case "":
		errs = append(errs, api.Required(p.Child("updateStrategy"), ""))
	case OnDelete:
		if us.RollingUpdate != nil {
			errs = append(errs, api.Invalid(p.Child("updateStrategy").Child("rollingUpdate"), rollingUpdateValue(us.RollingUpdate),
				fmt.Sprintf("only allowed for updateStrategy '%s'", RollingUpdate)))
		}
	case RollingUpdate:
		if us.RollingUpdate != nil {
			errs = append(errs, validateRollingUpdate(us.RollingUpdate, p.Child("updateStrategy", "rollingUpdate"))...)
		}
	default:
		errs = append(errs, api.Invalid(p.Child("updateStrategy"), updateStrategyValue(us),
			fmt.Sprintf("must be '%s' or '%s'", RollingUpdate, OnDelete)))
	}

	if rp := spec.PersistentVolumeClaimRetentionPolicy; rp != nil {
		rpPath := p.Child("persistentVolumeClaimRetentionPolicy")
		errs = append(errs, validateRetentionPolicyType(rp.WhenDeleted, rpPath.Child("whenDeleted"))...)
		errs = append(errs, validateRetentionPolicyType(rp.WhenScaled, rpPath.Child("whenScaled"))...)
	}
	if !o.skipClaimTemplates {
		errs = append(errs, validateClaimTemplates(spec.VolumeClaimTemplates, p.Child("volumeClaimTemplates"))...)
	}

	var replicas int32 // a nil pointer converts to 0 internally
	if spec.Replicas != nil {
		replicas = *spec.Replicas
	}
	errs = append(errs, api.ValidateNonnegativeField(int64(replicas), p.Child("replicas"))...)
	errs = append(errs, api.ValidateNonnegativeField(int64(spec.MinReadySeconds), p.Child("minReadySeconds"))...)
	if spec.Ordinals != nil {
		errs = append(errs, api.ValidateNonnegativeField(int64(spec.Ordinals.Start), p.Child("ordinals.start"))...)
	}

	if !o.allowInvalidServiceName && spec.ServiceName != "" {
		errs = append(errs, validateDNS1123Label(spec.ServiceName, p.Child("serviceName"))...)
	}

	if spec.Selector == nil {
		errs = append(errs, api.Required(p.Child("selector"), ""))
	} else {
		errs = append(errs, api.ValidateLabelSelector(spec.Selector, p.Child("selector"))...)
		if len(spec.Selector.MatchLabels)+len(spec.Selector.MatchExpressions) == 0 {
			errs = append(errs, api.Invalid(p.Child("selector"), spec.Selector, "empty selector is invalid for statefulset"))
		}
	}

	if !selectorConvertible(spec.Selector) {
		// metav1.LabelSelectorAsSelector failed: the template is not looked at.
		errs = append(errs, api.Invalid(p.Child("selector"), spec.Selector, ""))
	} else {
		// The controller overwrites hostname and subdomain (initIdentity) and
		// adds one volume per claim template (updateStorage), so the template
		// is validated that way.
		tmpl := spec.Template
		tmpl.Spec.Hostname, tmpl.Spec.Subdomain = "", ""
		vols := setTemplateVolumes(spec)
		errs = append(errs, validateSetTemplate(&tmpl, vols, spec.Selector, p.Child("template"), o.skipPodTemplate)...)
	}

	if spec.Template.Spec.RestartPolicy != defaultRestartPolicy {
		errs = append(errs, api.NotSupported(p.Child("template", "spec", "restartPolicy"),
			enumValue(spec.Template.Spec.RestartPolicy), []string{defaultRestartPolicy}))
	}
	if spec.Template.Spec.ActiveDeadlineSeconds != nil {
		errs = append(errs, api.Forbidden(p.Child("template", "spec", "activeDeadlineSeconds"),
			"activeDeadlineSeconds in StatefulSet is not Supported"))
	}
	return errs
}

// validateRollingUpdate is validateRollingUpdateStatefulSet.
func validateRollingUpdate(ru *RollingUpdateOptions, p *api.Path) api.ErrorList {
	var partition int32 // a nil pointer converts to 0 internally
	if ru.Partition != nil {
		partition = *ru.Partition
	}
	errs := api.ValidateNonnegativeField(int64(partition), p.Child("partition"))
	if mu := ru.MaxUnavailable; mu != nil {
		muPath := p.Child("maxUnavailable")
		v := intOrStringValue(*mu)
		// ValidatePositiveIntOrPercent
		if mu.IsString {
			for _, msg := range isValidPercent(mu.Str) {
				errs = append(errs, api.Invalid(muPath, v, msg))
			}
		} else {
			errs = append(errs, api.ValidateNonnegativeField(int64(mu.Int), muPath)...)
		}
		if intOrPercentValue(*mu) == 0 {
			errs = append(errs, api.Invalid(muPath, v, "cannot be 0"))
		}
		// IsNotMoreThan100Percent
		if pct, ok := percentValue(*mu); ok && pct > 100 {
			errs = append(errs, api.Invalid(muPath, v, "must not be greater than 100%"))
		}
	}
	return errs
}

var percentRegexp = regexp.MustCompile(`^[0-9]+%$`)

// isValidPercent is apimachinery's IsValidPercent.
func isValidPercent(s string) []string {
	if !percentRegexp.MatchString(s) {
		return []string{api.RegexError("a valid percent string must be a numeric string followed by an ending '%'", "[0-9]+%", "1%", "93%")}
	}
	return nil
}

// percentValue is getPercentValue: the number of a valid percent string
// (strconv.Atoi's result even when it overflows, as upstream).
func percentValue(v IntOrString) (int, bool) {
	if !v.IsString || len(isValidPercent(v.Str)) != 0 {
		return 0, false
	}
	n, _ := strconv.Atoi(v.Str[:len(v.Str)-1])
	return n, true
}

// intOrPercentValue is getIntOrPercentValue: a percent's number, else
// IntOrString.IntValue (strconv.Atoi of a string, errors ignored).
func intOrPercentValue(v IntOrString) int {
	if n, ok := percentValue(v); ok {
		return n
	}
	if v.IsString {
		n, _ := strconv.Atoi(v.Str) // 0 on a syntax error
		return n
	}
	return int(v.Int)
}

// validateRetentionPolicyType is ValidatePersistentVolumeClaimRetentionPolicyType.
func validateRetentionPolicyType(v string, p *api.Path) api.ErrorList {
	if v == Retain || v == Delete {
		return nil
	}
	return api.ErrorList{api.NotSupported(p, enumValue(v), []string{Retain, Delete})}
}

// selectorConvertible reports whether metav1.LabelSelectorAsSelector
// accepts s (nil and empty selectors are accepted).
func selectorConvertible(s *api.LabelSelector) bool {
	if s == nil {
		return true
	}
	for k, v := range s.MatchLabels {
		if len(api.IsQualifiedName(k)) > 0 || len(api.IsValidLabelValue(v)) > 0 {
			return false
		}
	}
	for _, e := range s.MatchExpressions {
		switch e.Operator {
		case api.LabelSelectorOpIn, api.LabelSelectorOpNotIn:
			if len(e.Values) == 0 {
				return false
			}
		case api.LabelSelectorOpExists, api.LabelSelectorOpDoesNotExist:
			if len(e.Values) != 0 {
				return false
			}
		default:
			return false
		}
		if len(api.IsQualifiedName(e.Key)) > 0 {
			return false
		}
		for _, v := range e.Values {
			if len(api.IsValidLabelValue(v)) > 0 {
				return false
			}
		}
	}
	return true
}

// setTemplateVolumes returns the template's volumes as the set's pods get
// them: one persistentVolumeClaim volume per claim template name (upstream
// builds these from a map, in random order; we keep template order), then
// the template volumes not named like a claim template
// (upstream: validation.go volumesToAddForTemplates).
func setTemplateVolumes(spec *Spec) []podVolume {
	var vols []podVolume
	claims := map[string]bool{}
	for _, t := range spec.VolumeClaimTemplates {
		if !claims[t.Name] {
			claims[t.Name] = true
			vols = append(vols, podVolume{name: t.Name, pvc: true, claimName: t.Name})
		}
	}
	for _, v := range spec.Template.Spec.Volumes {
		if !claims[v.Name] {
			vols = append(vols, volumeOf(v))
		}
	}
	return vols
}

// validateSetTemplate is ValidatePodTemplateSpecForStatefulSet.
func validateSetTemplate(tmpl *api.PodTemplateSpec, vols []podVolume, sel *api.LabelSelector, p *api.Path, skipPodTemplate bool) api.ErrorList {
	var errs api.ErrorList
	everything := sel != nil && len(sel.MatchLabels)+len(sel.MatchExpressions) == 0
	if !everything && !sel.Matches(tmpl.Labels) {
		errs = append(errs, api.Invalid(p.Child("metadata", "labels"), tmpl.Labels, "`selector` does not match template `labels`"))
	}
	if !skipPodTemplate {
		// ValidatePodTemplateSpec
		errs = append(errs, api.ValidateLabels(tmpl.Labels, p.Child("labels"))...)
		errs = append(errs, api.ValidateAnnotations(tmpl.Annotations, p.Child("annotations"))...)
		errs = append(errs, validatePodSpec(&tmpl.Spec, vols, p.Child("spec"))...)
	}
	errs = append(errs, api.ValidateLabels(tmpl.Labels, p.Child("labels"))...)
	return append(errs, api.ValidateAnnotations(tmpl.Annotations, p.Child("annotations"))...)
}

// Supported values, in upstream's order (sets.List sorts).
var (
	supportedAccessModes  = []string{"ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"}
	supportedVolumeModes  = []string{"Block", "Filesystem"}
	supportedProtocols    = []string{"SCTP", "TCP", "UDP"}
	restartPolicies       = []string{"Always", "OnFailure", "Never"}
	tolerationOperators   = []string{"Equal", "Exists"}
	comparisonOperators   = []string{"Equal", "Exists", "Lt", "Gt"}
	taintEffects          = []string{"NoSchedule", "PreferNoSchedule", "NoExecute"}
	standardFinalizers    = []string{"kubernetes", "orphan", "foregroundDeletion"}
	portNameCharsetRegexp = regexp.MustCompile(`^[-a-z0-9]+$`)
	portNameLetterRegexp  = regexp.MustCompile(`[a-z]`)
)

// validateClaimTemplates is validateVolumeClaimTemplates: each template's
// spec is validated as a PVC spec on create (ValidatePersistentVolumeClaimSpec).
// The template's name is not validated here (a bad or empty name fails as
// the injected pod volume instead). Our claim spec stores the storage
// request as a string: empty is "Required", a plain zero or negative number
// is "must be greater than zero"; other quantities are not parsed.
func validateClaimTemplates(templates []storage.PersistentVolumeClaim, p *api.Path) api.ErrorList {
	var errs api.ErrorList
	for i := range templates {
		spec := &templates[i].Spec
		sp := p.Index(i).Child("spec")
		if len(spec.AccessModes) == 0 {
			errs = append(errs, api.Required(sp.Child("accessModes"), "at least 1 access mode is required"))
		}
		if spec.Selector != nil {
			errs = append(errs, api.ValidateLabelSelector(spec.Selector, sp.Child("selector"))...)
		}
		rwop, other := false, false
		for _, m := range spec.AccessModes {
			if !slices.Contains(supportedAccessModes, m) {
				errs = append(errs, api.NotSupported(sp.Child("accessModes"), enumValue(m), supportedAccessModes))
			}
			if m == "ReadWriteOncePod" {
				rwop = true
			} else if slices.Contains(supportedAccessModes, m) {
				other = true
			}
		}
		if rwop && other {
			errs = append(errs, api.Forbidden(sp.Child("accessModes"), "may not use ReadWriteOncePod with other access modes"))
		}
		storagePath := sp.Child("resources").Key("storage")
		if spec.Storage == "" {
			errs = append(errs, api.Required(storagePath, ""))
		} else if s, bad := notPositiveQuantity(spec.Storage); bad {
			errs = append(errs, api.Invalid(storagePath, s, "must be greater than zero"))
		}
		if sc := spec.StorageClassName; sc != nil && *sc != "" {
			for _, msg := range api.NameIsDNSSubdomain(*sc, false) {
				errs = append(errs, api.Invalid(sp.Child("storageClassName"), *sc, msg))
			}
		}
		if spec.VolumeMode != "" && !slices.Contains(supportedVolumeModes, spec.VolumeMode) {
			errs = append(errs, api.NotSupported(sp.Child("volumeMode"), enumValue(spec.VolumeMode), supportedVolumeModes))
		}
	}
	return errs
}

var plainNumberRegexp = regexp.MustCompile(`^[+-]?[0-9]*\.?[0-9]*$`)

// notPositiveQuantity reports whether q is a plain decimal number (with an
// optional suffix) that is zero or negative, and how resource.Quantity
// prints it: "0" for zero, q itself otherwise (exact for canonical input).
func notPositiveQuantity(q string) (string, bool) {
	num := strings.TrimRight(q, "KMGTPEikmnu")
	if !plainNumberRegexp.MatchString(num) || strings.Trim(num, "+-.") == "" {
		return "", false
	}
	if strings.Trim(num, "+-.0") == "" {
		return "0", true
	}
	return q, strings.HasPrefix(num, "-")
}

// ---------------------------------------------------------------------------
// Pod specs (shared by templates and pods)
// ---------------------------------------------------------------------------

// podVolume is a pod volume as validation sees it. Only the
// persistentVolumeClaim and emptyDir sources are modelled; a volume with
// neither is taken to have some other, valid, source.
type podVolume struct {
	name      string
	pvc       bool
	claimName string
	emptyDir  bool
}

func volumeOf(v api.Volume) podVolume {
	return podVolume{name: v.Name, pvc: v.ClaimName != "", claimName: v.ClaimName, emptyDir: v.EmptyDir}
}

func volumesOf(vs []api.Volume) []podVolume {
	out := make([]podVolume, len(vs))
	for i, v := range vs {
		out[i] = volumeOf(v)
	}
	return out
}

// validatePodSpec is ValidatePodSpec for the fields we model. Fields we do
// not model but upstream requires (dnsPolicy, terminationMessagePolicy,
// imagePullPolicy, a probe handler) are taken as defaulted and valid.
func validatePodSpec(ps *api.PodSpec, vols []podVolume, p *api.Path) api.ErrorList {
	var errs api.ErrorList
	if ps.TerminationGracePeriodSeconds == nil {
		errs = append(errs, api.Required(p.Child("terminationGracePeriodSeconds"), ""))
	}
	volNames, vErrs := validateVolumes(vols, p.Child("volumes"))
	errs = append(errs, vErrs...)
	errs = append(errs, validateContainers(ps.Containers, volNames, p.Child("containers"))...)
	errs = append(errs, validateInitContainers(ps.InitContainers, ps.Containers, volNames, p.Child("initContainers"))...)

	switch ps.RestartPolicy {
	case "Always", "OnFailure", "Never":
	case "":
		errs = append(errs, api.Required(p.Child("restartPolicy"), ""))
	default:
		errs = append(errs, api.NotSupported(p.Child("restartPolicy"), enumValue(ps.RestartPolicy), restartPolicies))
	}
	errs = append(errs, api.ValidateLabels(ps.NodeSelector, p.Child("nodeSelector"))...)
	errs = append(errs, validateNodeAffinity(ps.Affinity, p.Child("affinity"))...)
	if ps.NodeName != "" {
		for _, msg := range api.NameIsDNSSubdomain(ps.NodeName, false) {
			errs = append(errs, api.Invalid(p.Child("nodeName"), ps.NodeName, msg))
		}
	}
	if ps.ActiveDeadlineSeconds != nil {
		if v := *ps.ActiveDeadlineSeconds; v < 1 || v > math.MaxInt32 {
			errs = append(errs, api.Invalid(p.Child("activeDeadlineSeconds"), v, inclusiveRangeError(1, math.MaxInt32)))
		}
	}
	if ps.Hostname != "" {
		errs = append(errs, validateDNS1123Label(ps.Hostname, p.Child("hostname"))...)
	}
	if ps.Subdomain != "" {
		errs = append(errs, validateDNS1123Label(ps.Subdomain, p.Child("subdomain"))...)
	}
	if len(ps.Tolerations) > 0 {
		errs = append(errs, validateTolerations(ps.Tolerations, p.Child("tolerations"))...)
	}
	return errs
}

// validateNodeAffinity is validateAffinity's node part (validateNodeAffinity
// → ValidateNodeSelector) for the required selector, the part we model.
// allowInvalidLabelValueInRequiredNodeAffinity (set on update when the old
// template has such values) is not needed: an old template with an
// invalid label value is invalid, and then the new template is not
// validated at all (see ValidateUpdate).
func validateNodeAffinity(a *api.Affinity, p *api.Path) api.ErrorList {
	if a == nil || a.NodeAffinity == nil || a.NodeAffinity.RequiredDuringSchedulingIgnoredDuringExecution == nil {
		return nil
	}
	np := p.Child("nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution")
	return api.ValidateNodeSelector(a.NodeAffinity.RequiredDuringSchedulingIgnoredDuringExecution, np)
}

// validateVolumes is ValidateVolumes: it returns the names of the volumes
// that are valid (only those can be mounted) and the errors.
func validateVolumes(vols []podVolume, p *api.Path) (map[string]bool, api.ErrorList) {
	var errs api.ErrorList
	names := map[string]bool{}
	for i, v := range vols {
		idx := p.Index(i)
		var el api.ErrorList
		// validateVolumeSource: emptyDir is looked at before persistentVolumeClaim.
		if v.pvc {
			if v.emptyDir {
				el = append(el, api.Forbidden(idx.Child("persistentVolumeClaim"), "may not specify more than 1 volume type"))
			} else if v.claimName == "" {
				el = append(el, api.Required(idx.Child("persistentVolumeClaim").Child("claimName"), ""))
			}
		}
		if v.name == "" {
			el = append(el, api.Required(idx.Child("name"), ""))
		} else {
			el = append(el, validateDNS1123Label(v.name, idx.Child("name"))...)
		}
		if names[v.name] {
			el = append(el, api.Duplicate(idx.Child("name"), v.name))
		}
		if len(el) == 0 {
			names[v.name] = true
		} else {
			errs = append(errs, el...)
		}
	}
	return names, errs
}

// validateContainers is validateContainers (regular containers).
func validateContainers(cs []api.Container, vols map[string]bool, p *api.Path) api.ErrorList {
	if len(cs) == 0 {
		return api.ErrorList{api.Required(p, "")}
	}
	var errs api.ErrorList
	names := map[string]bool{}
	for i := range cs {
		c := &cs[i]
		idx := p.Index(i)
		errs = append(errs, validateContainerCommon(c, vols, idx)...)
		if names[c.Name] {
			errs = append(errs, api.Duplicate(idx.Child("name"), c.Name))
		} else {
			names[c.Name] = true
		}
		if c.ReadinessProbe != nil {
			errs = append(errs, validateProbe(c.ReadinessProbe, idx.Child("readinessProbe"))...)
		}
	}
	return errs
}

// validateInitContainers is validateInitContainers; container-level
// restartPolicy is not modelled, so no init container is a sidecar.
func validateInitContainers(cs, regular []api.Container, vols map[string]bool, p *api.Path) api.ErrorList {
	var errs api.ErrorList
	names := map[string]bool{}
	for _, c := range regular {
		names[c.Name] = true
	}
	for i := range cs {
		c := &cs[i]
		idx := p.Index(i)
		errs = append(errs, validateContainerCommon(c, vols, idx)...)
		if names[c.Name] {
			errs = append(errs, api.Duplicate(idx.Child("name"), c.Name))
		} else if c.Name != "" {
			names[c.Name] = true
		}
		if c.ReadinessProbe != nil {
			errs = append(errs, api.Forbidden(idx.Child("readinessProbe"), "may not be set for init containers without restartPolicy=Always"))
		}
	}
	return errs
}

// validateContainerCommon is validateContainerCommon for the fields we model.
func validateContainerCommon(c *api.Container, vols map[string]bool, p *api.Path) api.ErrorList {
	var errs api.ErrorList
	if c.Name == "" {
		errs = append(errs, api.Required(p.Child("name"), ""))
	} else {
		errs = append(errs, validateDNS1123Label(c.Name, p.Child("name"))...)
	}
	if c.Image == "" {
		errs = append(errs, api.Required(p.Child("image"), ""))
	}
	errs = append(errs, validateContainerPorts(c.Ports, p.Child("ports"))...)
	errs = append(errs, validateEnv(c.Env, p.Child("env"))...)
	return append(errs, validateVolumeMounts(c.VolumeMounts, vols, p.Child("volumeMounts"))...)
}

// validateContainerPorts is validateContainerPorts (no host ports modelled).
func validateContainerPorts(ports []api.ContainerPort, p *api.Path) api.ErrorList {
	var errs api.ErrorList
	names := map[string]bool{}
	for i, port := range ports {
		idx := p.Index(i)
		if port.Name != "" {
			if msgs := isValidPortName(port.Name); len(msgs) != 0 {
				for _, msg := range msgs {
					errs = append(errs, api.Invalid(idx.Child("name"), port.Name, msg))
				}
			} else if names[port.Name] {
				errs = append(errs, api.Duplicate(idx.Child("name"), port.Name))
			} else {
				names[port.Name] = true
			}
		}
		if port.ContainerPort == 0 {
			errs = append(errs, api.Required(idx.Child("containerPort"), ""))
		} else if port.ContainerPort < 1 || port.ContainerPort > 65535 {
			errs = append(errs, api.Invalid(idx.Child("containerPort"), port.ContainerPort, inclusiveRangeError(1, 65535)))
		}
		if port.Protocol == "" {
			errs = append(errs, api.Required(idx.Child("protocol"), ""))
		} else if !slices.Contains(supportedProtocols, port.Protocol) {
			errs = append(errs, api.NotSupported(idx.Child("protocol"), enumValue(port.Protocol), supportedProtocols))
		}
	}
	return errs
}

// isValidPortName is apimachinery's IsValidPortName (an IANA_SVC_NAME).
func isValidPortName(name string) []string {
	var errs []string
	if len(name) > 15 {
		errs = append(errs, api.MaxLenError(15))
	}
	if !portNameCharsetRegexp.MatchString(name) {
		errs = append(errs, "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)")
	}
	if !portNameLetterRegexp.MatchString(name) {
		errs = append(errs, "must contain at least one letter (a-z)")
	}
	if strings.Contains(name, "--") {
		errs = append(errs, "must not contain consecutive hyphens")
	}
	if len(name) > 0 && (name[0] == '-' || name[len(name)-1] == '-') {
		errs = append(errs, "must not begin or end with a hyphen")
	}
	return errs
}

// validateEnv is ValidateEnv with the relaxed variable names of v1.34+
// (gate RelaxedEnvironmentVariableValidation is GA and locked on).
func validateEnv(env []api.EnvVar, p *api.Path) api.ErrorList {
	var errs api.ErrorList
	for i, ev := range env {
		namePath := p.Index(i).Child("name")
		if ev.Name == "" {
			errs = append(errs, api.Required(namePath, ""))
			continue
		}
		for _, r := range ev.Name {
			if r > unicode.MaxASCII || !unicode.IsPrint(r) || r == '=' {
				errs = append(errs, api.Invalid(namePath, ev.Name,
					"a valid environment variable name must consist only of printable ASCII characters other than '='"))
				break
			}
		}
	}
	return errs
}

// validateVolumeMounts is ValidateVolumeMounts for the fields we model.
func validateVolumeMounts(mounts []api.VolumeMount, vols map[string]bool, p *api.Path) api.ErrorList {
	var errs api.ErrorList
	paths := map[string]bool{}
	for i, m := range mounts {
		idx := p.Index(i)
		if m.Name == "" {
			errs = append(errs, api.Required(idx.Child("name"), ""))
		}
		if !vols[m.Name] {
			errs = append(errs, api.NotFound(idx.Child("name"), m.Name))
		}
		if m.MountPath == "" {
			errs = append(errs, api.Required(idx.Child("mountPath"), ""))
		}
		if paths[m.MountPath] {
			errs = append(errs, api.Invalid(idx.Child("mountPath"), m.MountPath, "must be unique"))
		}
		paths[m.MountPath] = true
	}
	return errs
}

// validateProbe is validateProbe without the handler (not modelled).
func validateProbe(pr *api.Probe, p *api.Path) api.ErrorList {
	var errs api.ErrorList
	errs = append(errs, api.ValidateNonnegativeField(int64(pr.InitialDelaySeconds), p.Child("initialDelaySeconds"))...)
	errs = append(errs, api.ValidateNonnegativeField(int64(pr.PeriodSeconds), p.Child("periodSeconds"))...)
	errs = append(errs, api.ValidateNonnegativeField(int64(pr.SuccessThreshold), p.Child("successThreshold"))...)
	return append(errs, api.ValidateNonnegativeField(int64(pr.FailureThreshold), p.Child("failureThreshold"))...)
}

// validateTolerations is ValidateTolerations with the
// TaintTolerationComparisonOperators gate off (its v1.37 default).
func validateTolerations(ts []api.Toleration, p *api.Path) api.ErrorList {
	var errs api.ErrorList
	for i, t := range ts {
		idx := p.Index(i)
		if t.Key != "" {
			errs = append(errs, api.ValidateLabelName(t.Key, idx.Child("key"))...)
		}
		if t.Key == "" && t.Operator != "Exists" {
			errs = append(errs, api.Invalid(idx.Child("operator"), enumValue(t.Operator),
				"operator must be Exists when `key` is empty, which means \"match all values and all keys\""))
		}
		if t.TolerationSeconds != nil && t.Effect != "NoExecute" {
			errs = append(errs, api.Invalid(idx.Child("effect"), enumValue(t.Effect),
				"effect must be 'NoExecute' when `tolerationSeconds` is set"))
		}
		switch t.Operator {
		case "Equal", "":
			if msgs := api.IsValidLabelValue(t.Value); len(msgs) != 0 {
				errs = append(errs, api.Invalid(idx.Child("operator"), t.Value, strings.Join(msgs, ";")))
			}
		case "Exists":
			if t.Value != "" {
				errs = append(errs, api.Invalid(idx.Child("operator"), t.Value, "value must be empty when `operator` is 'Exists'"))
			}
		case "Lt", "Gt":
			errs = append(errs, api.NotSupported(idx.Child("operator"), enumValue(t.Operator), comparisonOperators))
		default:
			errs = append(errs, api.NotSupported(idx.Child("operator"), enumValue(t.Operator), tolerationOperators))
		}
		if t.Effect != "" && !slices.Contains(taintEffects, t.Effect) {
			errs = append(errs, api.NotSupported(idx.Child("effect"), enumValue(t.Effect), taintEffects))
		}
	}
	return errs
}

// validateDNS1123Label is core validation's ValidateDNS1123Label.
func validateDNS1123Label(v string, p *api.Path) api.ErrorList {
	var errs api.ErrorList
	for _, msg := range api.IsDNS1123Label(v) {
		errs = append(errs, api.Invalid(p, v, msg))
	}
	return errs
}

// inclusiveRangeError is apimachinery's InclusiveRangeError.
func inclusiveRangeError(lo, hi int) string {
	return fmt.Sprintf("must be between %d and %d, inclusive", lo, hi)
}

// ---------------------------------------------------------------------------
// Pods
// ---------------------------------------------------------------------------

// PodCreateErrors returns the errors the API server gives when a pod is
// created (upstream: pkg/apis/core/validation/validation.go
// ValidatePodCreate), for the fields we model. This is where a StatefulSet
// whose name is too long fails (pain point #64023): the set itself is
// accepted, but its pods' spec.hostname (the pod name) must be a DNS-1123
// label of at most 63 characters, and the label values
// statefulset.kubernetes.io/pod-name (the pod name) and
// controller-revision-hash ("<set>-<hash>") at most 63 bytes:
//
//	metadata.labels: Invalid value: "<value>": must be no more than 63 bytes
//	spec.hostname: Invalid value: "<name>": must be no more than 63 characters
//
// metadata.name itself only has to be a DNS-1123 subdomain (253
// characters). The pod is taken as defaulted (a negative
// terminationGracePeriodSeconds has become 1); pod-specific annotations
// (mirror, deletion cost, seccomp, AppArmor) are not checked.
func PodCreateErrors(pod *api.Pod) api.ErrorList {
	errs := validateObjectMeta(&pod.ObjectMeta, api.NameIsDNSSubdomain, api.NewPath("metadata"))
	spec := api.NewPath("spec")
	errs = append(errs, validatePodSpec(&pod.Spec, volumesOf(pod.Spec.Volumes), spec)...)
	for _, group := range []struct {
		name string
		cs   []api.Container
	}{{"containers", pod.Spec.Containers}, {"initContainers", pod.Spec.InitContainers}} {
		for i, c := range group.cs {
			if len(c.Image) != len(strings.TrimSpace(c.Image)) {
				errs = append(errs, api.Invalid(spec.Child(group.name).Index(i).Child("image"), c.Image, "must not have leading or trailing whitespace"))
			}
		}
	}
	return errs
}

// ---------------------------------------------------------------------------
// Object metadata
// ---------------------------------------------------------------------------

// validateObjectMeta is core validation's ValidateObjectMeta (namespaced).
func validateObjectMeta(m *api.ObjectMeta, nameFn api.ValidateNameFunc, p *api.Path) api.ErrorList {
	var errs api.ErrorList
	if m.GenerateName != "" {
		for _, msg := range nameFn(m.GenerateName, true) {
			errs = append(errs, api.Invalid(p.Child("generateName"), m.GenerateName, msg))
		}
	}
	errs = append(errs, api.ValidateObjectMetaName(m.Name, nameFn, p)...)
	errs = append(errs, validateObjectMetaCommon(m, p)...)
	return append(errs, validateKubeFinalizerNames(m.Finalizers, p.Child("finalizers"))...)
}

// validateObjectMetaCommon is validateObjectMetaAccessorWithOptsCommon.
func validateObjectMetaCommon(m *api.ObjectMeta, p *api.Path) api.ErrorList {
	var errs api.ErrorList
	if m.Namespace == "" {
		errs = append(errs, api.Required(p.Child("namespace"), ""))
	} else {
		for _, msg := range api.NameIsDNSLabel(m.Namespace, false) {
			errs = append(errs, api.Invalid(p.Child("namespace"), m.Namespace, msg))
		}
	}
	errs = append(errs, api.ValidateNonnegativeField(m.Generation, p.Child("generation"))...)
	errs = append(errs, api.ValidateLabels(m.Labels, p.Child("labels"))...)
	errs = append(errs, api.ValidateAnnotations(m.Annotations, p.Child("annotations"))...)
	errs = append(errs, validateOwnerReferences(m.OwnerReferences, p.Child("ownerReferences"))...)
	return append(errs, validateFinalizers(m.Finalizers, p.Child("finalizers"))...)
}

// validateObjectMetaUpdate is what an update's metadata goes through:
// apiserver's rest.BeforeUpdate normalisation, its validateCommonFields
// (ValidateObjectMetaAccessor with the path-segment name rule, then
// ValidateObjectMetaAccessorUpdate) and the strategy's
// ValidateObjectMetaUpdate (ValidateObjectMetaAccessorUpdate again, plus the
// kube finalizer names).
func validateObjectMetaUpdate(newMeta, oldMeta *api.ObjectMeta, p *api.Path) api.ErrorList {
	n := *newMeta
	n.Generation = oldMeta.Generation
	if n.UID == "" {
		n.UID = oldMeta.UID
	}
	n.CreationTimestamp = oldMeta.CreationTimestamp
	if oldMeta.DeletionTimestamp != nil {
		n.DeletionTimestamp = oldMeta.DeletionTimestamp
	}
	if oldMeta.DeletionGracePeriodSeconds != nil && n.DeletionGracePeriodSeconds == nil {
		n.DeletionGracePeriodSeconds = oldMeta.DeletionGracePeriodSeconds
	}

	var errs api.ErrorList
	if n.GenerateName != "" {
		for _, msg := range pathSegmentPrefixErrors(n.GenerateName) {
			errs = append(errs, api.Invalid(p.Child("generateName"), n.GenerateName, msg))
		}
	}
	errs = append(errs, api.ValidateObjectMetaName(n.Name, func(name string, _ bool) []string {
		if name == "." || name == ".." {
			return []string{fmt.Sprintf("may not be '%s'", name)}
		}
		return pathSegmentPrefixErrors(name)
	}, p)...)
	errs = append(errs, validateObjectMetaCommon(&n, p)...)
	errs = append(errs, validateObjectMetaAccessorUpdate(&n, oldMeta, p)...)
	errs = append(errs, validateObjectMetaAccessorUpdate(&n, oldMeta, p)...)
	return append(errs, validateKubeFinalizerNames(n.Finalizers, p.Child("finalizers"))...)
}

// pathSegmentPrefixErrors is apimachinery's IsPathSegmentPrefix.
func pathSegmentPrefixErrors(name string) []string {
	var errs []string
	for _, s := range []string{"/", "%"} {
		if strings.Contains(name, s) {
			errs = append(errs, fmt.Sprintf("may not contain '%s'", s))
		}
	}
	return errs
}

// validateObjectMetaAccessorUpdate is ValidateObjectMetaAccessorUpdate
// without the resourceVersion rule.
func validateObjectMetaAccessorUpdate(n, o *api.ObjectMeta, p *api.Path) api.ErrorList {
	var errs api.ErrorList
	if o.DeletionTimestamp != nil {
		var extra []string
		for _, f := range n.Finalizers {
			if !slices.Contains(o.Finalizers, f) && !slices.Contains(extra, f) {
				extra = append(extra, f)
			}
		}
		if len(extra) > 0 {
			slices.Sort(extra)
			errs = append(errs, api.Forbidden(p.Child("finalizers"),
				fmt.Sprintf("no new finalizers can be added if the object is being deleted, found new finalizers %#v", extra)))
		}
	}
	errs = append(errs, api.ValidateNonnegativeField(n.Generation, p.Child("generation"))...)
	if n.Generation < o.Generation {
		errs = append(errs, api.Invalid(p.Child("generation"), n.Generation, "must not be decremented"))
	}
	if n.Name != o.Name {
		errs = append(errs, api.Immutable(p.Child("name"), n.Name))
	}
	if n.Namespace != o.Namespace {
		errs = append(errs, api.Immutable(p.Child("namespace"), n.Namespace))
	}
	if n.UID != o.UID {
		errs = append(errs, api.Immutable(p.Child("uid"), enumValue(n.UID)))
	}
	if n.CreationTimestamp != o.CreationTimestamp {
		errs = append(errs, api.Immutable(p.Child("creationTimestamp"), api.Timestamp(n.CreationTimestamp)))
	}
	if !semanticEqual(n.DeletionTimestamp, o.DeletionTimestamp) {
		var v *string
		if n.DeletionTimestamp != nil {
			s := api.Timestamp(*n.DeletionTimestamp)
			v = &s
		}
		errs = append(errs, api.Immutable(p.Child("deletionTimestamp"), v))
	}
	if !semanticEqual(n.DeletionGracePeriodSeconds, o.DeletionGracePeriodSeconds) {
		errs = append(errs, api.Immutable(p.Child("deletionGracePeriodSeconds"), n.DeletionGracePeriodSeconds))
	}
	errs = append(errs, api.ValidateLabels(n.Labels, p.Child("labels"))...)
	errs = append(errs, api.ValidateAnnotations(n.Annotations, p.Child("annotations"))...)
	return append(errs, validateOwnerReferences(n.OwnerReferences, p.Child("ownerReferences"))...)
}

// validateOwnerReferences is ValidateOwnerReferences.
func validateOwnerReferences(refs []api.OwnerReference, p *api.Path) api.ErrorList {
	var errs api.ErrorList
	firstController := ""
	for i, r := range refs {
		idx := p.Index(i)
		group, version, ok := parseGroupVersion(r.APIVersion)
		if r.APIVersion == "" {
			errs = append(errs, api.Required(idx.Child("apiVersion"), "must not be empty"))
		} else if !ok || version == "" {
			errs = append(errs, api.Invalid(idx.Child("apiVersion"), r.APIVersion, "must be <group>/<version> or <version>"))
		}
		if r.Kind == "" {
			errs = append(errs, api.Required(idx.Child("kind"), "must not be empty"))
		}
		if r.Name == "" {
			errs = append(errs, api.Required(idx.Child("name"), "must not be empty"))
		}
		if r.UID == "" {
			errs = append(errs, api.Required(idx.Child("uid"), "must not be empty"))
		}
		if group == "" && version == "v1" && r.Kind == "Event" {
			errs = append(errs, api.Invalid(idx, r, "/v1, Kind=Event is disallowed from being an owner"))
		}
		if r.Controller {
			cur := r.Kind + "/" + r.Name
			if firstController != "" {
				errs = append(errs, api.Invalid(p, refs, fmt.Sprintf(
					"Only one reference can have Controller set to true. Found \"true\" in references for %v and %v", firstController, cur)))
			} else {
				firstController = cur
			}
		}
	}
	return errs
}

// parseGroupVersion is schema.ParseGroupVersion; ok is false on error.
func parseGroupVersion(gv string) (group, version string, ok bool) {
	if gv == "" || gv == "/" {
		return "", "", true
	}
	switch strings.Count(gv, "/") {
	case 0:
		return "", gv, true
	case 1:
		g, v, _ := strings.Cut(gv, "/")
		return g, v, true
	}
	return "", "", false
}

// validateFinalizers is apimachinery's ValidateFinalizers.
func validateFinalizers(fs []string, p *api.Path) api.ErrorList {
	var errs api.ErrorList
	for _, f := range fs {
		for _, msg := range api.IsQualifiedName(f) {
			errs = append(errs, api.Invalid(p, f, msg))
		}
	}
	if slices.Contains(fs, "orphan") && slices.Contains(fs, "foregroundDeletion") {
		errs = append(errs, api.Invalid(p, fs, "finalizer orphan and foregroundDeletion cannot be both set"))
	}
	return errs
}

// validateKubeFinalizerNames is core validation's validateKubeFinalizerName
// for each finalizer.
func validateKubeFinalizerNames(fs []string, p *api.Path) api.ErrorList {
	var errs api.ErrorList
	for i, f := range fs {
		if !strings.Contains(f, "/") && !slices.Contains(standardFinalizers, f) {
			errs = append(errs, api.Invalid(p.Index(i), f, "name is neither a standard finalizer name nor is it fully qualified"))
		}
	}
	return errs
}

// ---------------------------------------------------------------------------
// Warnings
// ---------------------------------------------------------------------------

// Warnings returns the warnings the API server sends back when set is
// created (upstream: strategy.go WarningsOnCreate and
// pkg/api/pod/warnings.go GetWarningsForPodTemplate, for the fields we
// model): deprecated node labels in the nodeSelector, deprecated
// annotations, duplicate env names, duplicate ports and port names, a
// negative terminationGracePeriodSeconds, and a negative
// revisionHistoryLimit. (Fractional storage requests are not detected.)
func Warnings(set *StatefulSet) []string {
	w := templateWarnings(&set.Spec.Template, api.NewPath("spec", "template"))
	return append(w, revisionHistoryWarnings(set)...)
}

// WarningsOnUpdate returns the warnings of an update from old to set:
// the template warnings only when the spec changed (upstream: when the
// generation changed), the others always (upstream: strategy.go
// WarningsOnUpdate).
func WarningsOnUpdate(set, old *StatefulSet) []string {
	var w []string
	if !semanticEqual(set.Spec, old.Spec) {
		w = templateWarnings(&set.Spec.Template, api.NewPath("spec", "template"))
	}
	return append(w, revisionHistoryWarnings(set)...)
}

func revisionHistoryWarnings(set *StatefulSet) []string {
	if l := set.Spec.RevisionHistoryLimit; l != nil && *l < 0 {
		return []string{"spec.revisionHistoryLimit: a negative value retains all historical revisions; a value >= 0 is recommended"}
	}
	return nil
}

// deprecatedNodeLabels is pkg/api/node's table.
var deprecatedNodeLabels = map[string]string{
	`beta.kubernetes.io/arch`:                       `deprecated since v1.14; use "kubernetes.io/arch" instead`,
	`beta.kubernetes.io/os`:                         `deprecated since v1.14; use "kubernetes.io/os" instead`,
	`failure-domain.beta.kubernetes.io/region`:      `deprecated since v1.17; use "topology.kubernetes.io/region" instead`,
	`failure-domain.beta.kubernetes.io/zone`:        `deprecated since v1.17; use "topology.kubernetes.io/zone" instead`,
	`beta.kubernetes.io/instance-type`:              `deprecated since v1.17; use "node.kubernetes.io/instance-type" instead`,
	`app.kubernetes.io/created-by`:                  `deprecated since v1.9`,
	`scheduler.alpha.kubernetes.io/preferAvoidPods`: `deprecated since v1.22; use Taints and Tolerations instead`,
	`node-role.kubernetes.io/master`:                `use "node-role.kubernetes.io/control-plane" instead`,
}

// deprecatedAnnotations is pkg/api/pod/warnings.go's table, in its order.
var deprecatedAnnotations = []struct{ key, message string }{
	{`scheduler.alpha.kubernetes.io/critical-pod`, `non-functional in v1.16+; use the "priorityClassName" field instead`},
	{`security.alpha.kubernetes.io/sysctls`, `non-functional in v1.11+; use the "sysctls" field instead`},
	{`security.alpha.kubernetes.io/unsafe-sysctls`, `non-functional in v1.11+; use the "sysctls" field instead`},
}

// templateWarnings is warningsForPodSpecAndMeta for the fields we model.
// Where upstream ranges over a map (nodeSelector) we use sorted keys.
func templateWarnings(tmpl *api.PodTemplateSpec, p *api.Path) []string {
	var w []string
	ps := &tmpl.Spec
	specPath := p.Child("spec")
	annPath := p.Child("metadata", "annotations")

	keys := make([]string, 0, len(ps.NodeSelector))
	for k := range ps.NodeSelector {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if msg, ok := deprecatedNodeLabels[k]; ok {
			w = append(w, fmt.Sprintf("%s: %s", specPath.Child("nodeSelector").Key(k), msg))
		}
	}
	for _, d := range deprecatedAnnotations {
		if _, ok := tmpl.Annotations[d.key]; ok {
			w = append(w, fmt.Sprintf("%s: %s", annPath.Key(d.key), d.message))
		}
	}
	const seccompPod = "seccomp.security.alpha.kubernetes.io/pod"
	if _, ok := tmpl.Annotations[seccompPod]; ok {
		w = append(w, fmt.Sprintf(`%s: non-functional in v1.27+; use the "seccompProfile" field instead`, annPath.Key(seccompPod)))
	}

	visit := func(fn func(c *api.Container, cp *api.Path)) {
		for i := range ps.InitContainers {
			fn(&ps.InitContainers[i], specPath.Child("initContainers").Index(i))
		}
		for i := range ps.Containers {
			fn(&ps.Containers[i], specPath.Child("containers").Index(i))
		}
	}
	visit(func(c *api.Container, cp *api.Path) {
		if key := "container.seccomp.security.alpha.kubernetes.io/" + c.Name; hasKey(tmpl.Annotations, key) {
			w = append(w, fmt.Sprintf(`%s: non-functional in v1.27+; use the "seccompProfile" field instead`, annPath.Key(key)))
		}
		if key := "container.apparmor.security.beta.kubernetes.io/" + c.Name; hasKey(tmpl.Annotations, key) {
			w = append(w, fmt.Sprintf(`%s: deprecated since v1.30; use the "appArmorProfile" field instead`, annPath.Key(key)))
		}
		seen := map[string]bool{}
		for i, ev := range c.Env {
			if !seen[ev.Name] {
				seen[ev.Name] = true
				continue
			}
			ref := fmt.Sprintf("$(%s)", ev.Name)
			if ev.Value == ref || !strings.Contains(ev.Value, ref) {
				w = append(w, fmt.Sprintf("%s: hides previous definition of %q, which may be dropped when using apply", cp.Child("env").Index(i), ev.Name))
			}
		}
	})

	// Host ports and IPs are not modelled, so two definitions of the same
	// port and protocol are always exactly equal.
	ports := map[string][]*api.Path{}
	visit(func(c *api.Container, cp *api.Path) {
		for i, port := range c.Ports {
			fp := cp.Child("ports").Index(i)
			k := fmt.Sprintf("%d/%s", port.ContainerPort, port.Protocol)
			for _, other := range ports[k] {
				w = append(w, fmt.Sprintf("%s: duplicate port definition with %s", fp, other))
			}
			ports[k] = append(ports[k], fp)
		}
	})
	portNames := map[string]*api.Path{}
	visit(func(c *api.Container, cp *api.Path) {
		for i, port := range c.Ports {
			if port.Name == "" {
				continue
			}
			fp := cp.Child("ports").Index(i)
			if other, ok := portNames[port.Name]; ok {
				w = append(w, fmt.Sprintf("%s: duplicate port name %q with %s, services and probes that select ports by name will use %s", fp, port.Name, other, other))
			} else {
				portNames[port.Name] = fp
			}
		}
	})

	if g := ps.TerminationGracePeriodSeconds; g != nil && *g < 0 {
		w = append(w, fmt.Sprintf("%s: must be >= 0; negative values are invalid and will be treated as 1", specPath.Child("terminationGracePeriodSeconds")))
	}
	return w
}

func hasKey(m map[string]string, k string) bool {
	_, ok := m[k]
	return ok
}

// ---------------------------------------------------------------------------
// Bad-value rendering and semantic equality
// ---------------------------------------------------------------------------

// enumValue is a value of one of upstream's named string types
// (PodManagementPolicyType, types.UID...): apimachinery prints those as
// JSON, not with %q.
type enumValue string

// intOrStringValue prints like intstr.IntOrString: 1 or "50%".
type intOrStringValue IntOrString

// MarshalJSON implements json.Marshaler.
func (v intOrStringValue) MarshalJSON() ([]byte, error) {
	if v.IsString {
		return json.Marshal(v.Str)
	}
	return json.Marshal(v.Int)
}

// internalRollingUpdate mirrors the internal apps.RollingUpdateStatefulSetStrategy
// (no JSON tags, partition not a pointer) for printing.
type internalRollingUpdate struct {
	Partition      int32
	MaxUnavailable *intOrStringValue
}

// internalUpdateStrategy mirrors the internal apps.StatefulSetUpdateStrategy.
type internalUpdateStrategy struct {
	Type          enumValue
	RollingUpdate *internalRollingUpdate
}

func rollingUpdateValue(ru *RollingUpdateOptions) *internalRollingUpdate {
	if ru == nil {
		return nil
	}
	v := &internalRollingUpdate{}
	if ru.Partition != nil {
		v.Partition = *ru.Partition
	}
	if ru.MaxUnavailable != nil {
		mu := intOrStringValue(*ru.MaxUnavailable)
		v.MaxUnavailable = &mu
	}
	return v
}

func updateStrategyValue(us UpdateStrategy) internalUpdateStrategy {
	return internalUpdateStrategy{Type: enumValue(us.Type), RollingUpdate: rollingUpdateValue(us.RollingUpdate)}
}

// claimTemplateValue mirrors the internal core.PersistentVolumeClaim of
// v1.37 for printing: the embedded ObjectMeta keeps its JSON names, the
// spec and status use Go field names and print every field we do not model
// as null. Quantities are printed as given (upstream prints their canonical
// form, e.g. "1Gi" for "1024Mi").
type claimTemplateValue struct {
	Name                       string               `json:"name,omitempty"`
	GenerateName               string               `json:"generateName,omitempty"`
	Namespace                  string               `json:"namespace,omitempty"`
	UID                        string               `json:"uid,omitempty"`
	ResourceVersion            string               `json:"resourceVersion,omitempty"`
	Generation                 int64                `json:"generation,omitempty"`
	CreationTimestamp          string               `json:"creationTimestamp,omitempty"`
	DeletionTimestamp          *string              `json:"deletionTimestamp,omitempty"`
	DeletionGracePeriodSeconds *int64               `json:"deletionGracePeriodSeconds,omitempty"`
	Labels                     map[string]string    `json:"labels,omitempty"`
	Annotations                map[string]string    `json:"annotations,omitempty"`
	OwnerReferences            []api.OwnerReference `json:"ownerReferences,omitempty"`
	Finalizers                 []string             `json:"finalizers,omitempty"`
	Spec                       claimSpecValue
	Status                     claimStatusValue
}

type claimSpecValue struct {
	AccessModes               []string
	Selector                  *api.LabelSelector
	Resources                 claimResourcesValue
	VolumeName                string
	StorageClassName          *string
	VolumeMode                *string
	DataSource                *struct{}
	DataSourceRef             *struct{}
	VolumeAttributesClassName *string
}

type claimResourcesValue struct {
	Limits   map[string]string
	Requests map[string]string
}

type claimStatusValue struct {
	Phase                            string
	AccessModes                      []string
	Capacity                         map[string]string
	Conditions                       []struct{}
	AllocatedResources               map[string]string
	AllocatedResourceStatuses        map[string]string
	CurrentVolumeAttributesClassName *string
	ModifyVolumeStatus               *struct{}
	HealthStatus                     *struct{}
}

func claimTemplatesValue(ts []storage.PersistentVolumeClaim) []claimTemplateValue {
	if ts == nil {
		return nil
	}
	out := make([]claimTemplateValue, len(ts))
	for i := range ts {
		t := &ts[i]
		v := claimTemplateValue{
			Name: t.Name, GenerateName: t.GenerateName, Namespace: t.Namespace, UID: t.UID,
			Generation: t.Generation, DeletionGracePeriodSeconds: t.DeletionGracePeriodSeconds,
			Labels: t.Labels, Annotations: t.Annotations, OwnerReferences: t.OwnerReferences, Finalizers: t.Finalizers,
		}
		if t.ResourceVersion != 0 {
			v.ResourceVersion = fmt.Sprint(t.ResourceVersion)
		}
		if t.CreationTimestamp != 0 {
			v.CreationTimestamp = api.Timestamp(t.CreationTimestamp)
		}
		if t.DeletionTimestamp != nil {
			s := api.Timestamp(*t.DeletionTimestamp)
			v.DeletionTimestamp = &s
		}
		v.Spec = claimSpecValue{
			AccessModes: t.Spec.AccessModes, Selector: t.Spec.Selector,
			VolumeName: t.Spec.VolumeName, StorageClassName: t.Spec.StorageClassName,
		}
		if t.Spec.Storage != "" {
			v.Spec.Resources.Requests = map[string]string{"storage": t.Spec.Storage}
		}
		if t.Spec.VolumeMode != "" {
			m := t.Spec.VolumeMode
			v.Spec.VolumeMode = &m
		}
		v.Status.Phase = t.Status.Phase
		if t.Status.Capacity != "" {
			v.Status.Capacity = map[string]string{"storage": t.Status.Capacity}
		}
		out[i] = v
	}
	return out
}

// semanticEqual is apimachinery's equality.Semantic.DeepEqual for our
// types: like reflect.DeepEqual except that a nil and an empty slice or map
// are equal. (Upstream also compares quantities by value; our quantities
// are strings and compare as such.)
func semanticEqual(a, b any) bool {
	return semanticEqualValues(reflect.ValueOf(a), reflect.ValueOf(b))
}

func semanticEqualValues(a, b reflect.Value) bool {
	if !a.IsValid() || !b.IsValid() {
		return a.IsValid() == b.IsValid()
	}
	if a.Type() != b.Type() {
		return false
	}
	switch a.Kind() {
	case reflect.Pointer, reflect.Interface:
		if a.IsNil() || b.IsNil() {
			return a.IsNil() == b.IsNil()
		}
		return semanticEqualValues(a.Elem(), b.Elem())
	case reflect.Struct:
		for i := range a.NumField() {
			if !semanticEqualValues(a.Field(i), b.Field(i)) {
				return false
			}
		}
		return true
	case reflect.Slice, reflect.Array:
		if a.Len() != b.Len() {
			return false
		}
		for i := range a.Len() {
			if !semanticEqualValues(a.Index(i), b.Index(i)) {
				return false
			}
		}
		return true
	case reflect.Map:
		if a.Len() != b.Len() {
			return false
		}
		iter := a.MapRange()
		for iter.Next() {
			bv := b.MapIndex(iter.Key())
			if !bv.IsValid() || !semanticEqualValues(iter.Value(), bv) {
				return false
			}
		}
		return true
	case reflect.String:
		return a.String() == b.String()
	case reflect.Bool:
		return a.Bool() == b.Bool()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return a.Int() == b.Int()
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return a.Uint() == b.Uint()
	case reflect.Float32, reflect.Float64:
		return a.Float() == b.Float()
	case reflect.Complex64, reflect.Complex128:
		return a.Complex() == b.Complex()
	}
	// Funcs, channels, unsafe pointers: equal only when both are nil.
	return a.IsNil() && b.IsNil()
}
