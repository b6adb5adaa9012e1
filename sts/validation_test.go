package sts_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/stsim/stsim/api"
	"github.com/stsim/stsim/storage"
	"github.com/stsim/stsim/sts"
)

// Messages of apimachinery pkg/util/validation, spelled out once.
const (
	valLabelRegexMsg = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', " +
		"and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', " +
		"regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
	valKeyNameRegexMsg = "name part must consist of alphanumeric characters, '-', '_' or '.', " +
		"and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', " +
		"regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"
	valPercentMsg = "a valid percent string must be a numeric string followed by an ending '%' " +
		"(e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')"
	valMismatch           = "`selector` does not match template `labels`"
	valLabelValueRegexMsg = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', " +
		"and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', " +
		"regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"
)

// valNodeAffinity sets the template's required node affinity to terms.
func valNodeAffinity(s *sts.StatefulSet, terms ...api.NodeSelectorTerm) {
	s.Spec.Template.Spec.Affinity = &api.Affinity{NodeAffinity: &api.NodeAffinity{
		RequiredDuringSchedulingIgnoredDuringExecution: &api.NodeSelector{NodeSelectorTerms: terms},
	}}
}

// valSeedRaw is the seed scenario's StatefulSet as a user writes it:
// redis-sts, serviceName redis-svc, 2 replicas, selector app=redis-sts,
// one container redis (redis:5-alpine) on port 6379.
func valSeedRaw() *sts.StatefulSet {
	replicas := int32(2)
	return &sts.StatefulSet{
		ObjectMeta: api.ObjectMeta{Name: "redis-sts", Namespace: "default"},
		Spec: sts.Spec{
			Replicas:    &replicas,
			ServiceName: "redis-svc",
			Selector:    &api.LabelSelector{MatchLabels: map[string]string{"app": "redis-sts"}},
			Template: api.PodTemplateSpec{
				Labels: map[string]string{"app": "redis-sts"},
				Spec: api.PodSpec{Containers: []api.Container{{
					Name:  "redis",
					Image: "redis:5-alpine",
					Ports: []api.ContainerPort{{ContainerPort: 6379}},
				}}},
			},
		},
	}
}

// valSeed is valSeedRaw defaulted as the API server does (gates of v1.37).
func valSeed() *sts.StatefulSet {
	s := valSeedRaw()
	sts.Default(s, sts.DefaultGates())
	return s
}

func valPtr[T any](v T) *T { return &v }

func valMessages(errs api.ErrorList) []string {
	out := make([]string, 0, len(errs))
	for _, e := range errs {
		out = append(out, e.Error())
	}
	return out
}

func valDataClaim(name string) storage.PersistentVolumeClaim {
	return storage.PersistentVolumeClaim{
		ObjectMeta: api.ObjectMeta{Name: name},
		Spec:       storage.ClaimSpec{AccessModes: []string{"ReadWriteOnce"}, Storage: "1Gi"},
	}
}

func TestValidateAcceptsTheSeedStatefulSet(t *testing.T) {
	// upstream: pkg/apis/apps/validation/validation.go ValidateStatefulSet
	s := valSeed()
	assert.Empty(t, valMessages(sts.Validate(s, sts.DefaultGates())))
	assert.Empty(t, valMessages(sts.Validate(s, sts.Gates{})))
}

func TestValidateCreate(t *testing.T) {
	long := strings.Repeat("a", 64)
	tests := []struct {
		name   string
		change func(*sts.StatefulSet)
		want   []string
	}{
		// ---- metadata ----
		{
			// upstream: pkg/apis/apps/validation/validation.go ValidateStatefulSetName
			name:   "name must be a DNS-1123 label",
			change: func(s *sts.StatefulSet) { s.Name = "Redis" },
			want:   []string{`metadata.name: Invalid value: "Redis": ` + valLabelRegexMsg},
		},
		{
			// upstream: pkg/apis/apps/validation/validation.go ValidateStatefulSetName
			name:   "name at most 63 characters",
			change: func(s *sts.StatefulSet) { s.Name = long },
			want:   []string{`metadata.name: Invalid value: "` + long + `": must be no more than 63 characters`},
		},
		{
			// upstream: pkg/apis/apps/validation/validation.go ValidateStatefulSetName
			name:   "name without dots",
			change: func(s *sts.StatefulSet) { s.Name = "redis.sts" },
			want:   []string{`metadata.name: Invalid value: "redis.sts": must not contain dots`},
		},
		{
			// upstream: apimachinery pkg/api/validation/objectmeta.go ValidateObjectMetaAccessor
			name:   "name required",
			change: func(s *sts.StatefulSet) { s.Name = "" },
			want:   []string{`metadata.name: Required value: name or generateName is required`},
		},
		{
			// upstream: apimachinery pkg/api/validation/objectmeta.go validateObjectMetaAccessorWithOptsCommon
			name:   "namespace required",
			change: func(s *sts.StatefulSet) { s.Namespace = "" },
			want:   []string{`metadata.namespace: Required value`},
		},
		{
			// upstream: apimachinery pkg/api/validation/objectmeta.go validateObjectMetaAccessorWithOptsCommon
			name:   "namespace must be a DNS-1123 label",
			change: func(s *sts.StatefulSet) { s.Namespace = "Prod" },
			want:   []string{`metadata.namespace: Invalid value: "Prod": ` + valLabelRegexMsg},
		},
		{
			// upstream: apimachinery pkg/apis/meta/v1/validation/validation.go ValidateLabels
			name:   "label keys are qualified names",
			change: func(s *sts.StatefulSet) { s.Labels = map[string]string{"bad key": "x"} },
			want:   []string{`metadata.labels: Invalid value: "bad key": ` + valKeyNameRegexMsg},
		},
		{
			// upstream: apimachinery pkg/apis/meta/v1/validation/validation.go ValidateLabels
			name:   "label values at most 63 bytes",
			change: func(s *sts.StatefulSet) { s.Labels = map[string]string{"tier": long} },
			want:   []string{`metadata.labels: Invalid value: "` + long + `": must be no more than 63 bytes`},
		},
		{
			// upstream: apimachinery pkg/api/validation/objectmeta.go ValidateAnnotations
			name:   "annotation keys are qualified names",
			change: func(s *sts.StatefulSet) { s.Annotations = map[string]string{"bad key": "x"} },
			want:   []string{`metadata.annotations: Invalid value: "bad key": ` + valKeyNameRegexMsg},
		},
		{
			// upstream: pkg/apis/core/validation/validation.go validateKubeFinalizerName
			name:   "finalizers are standard or fully qualified",
			change: func(s *sts.StatefulSet) { s.Finalizers = []string{"custom"} },
			want:   []string{`metadata.finalizers[0]: Invalid value: "custom": name is neither a standard finalizer name nor is it fully qualified`},
		},
		{
			// upstream: apimachinery pkg/api/validation/objectmeta.go ValidateFinalizers
			name:   "orphan and foregroundDeletion conflict",
			change: func(s *sts.StatefulSet) { s.Finalizers = []string{"orphan", "foregroundDeletion"} },
			want:   []string{`metadata.finalizers: Invalid value: ["orphan","foregroundDeletion"]: finalizer orphan and foregroundDeletion cannot be both set`},
		},
		{
			// upstream: apimachinery pkg/api/validation/objectmeta.go validateOwnerReference
			name: "owner references need apiVersion, kind, name and uid",
			change: func(s *sts.StatefulSet) {
				s.OwnerReferences = []api.OwnerReference{{APIVersion: "a/b/c", Kind: "Thing", Name: "x"}}
			},
			want: []string{
				`metadata.ownerReferences[0].apiVersion: Invalid value: "a/b/c": must be <group>/<version> or <version>`,
				`metadata.ownerReferences[0].uid: Required value: must not be empty`,
			},
		},
		{
			// upstream: apimachinery pkg/api/validation/objectmeta.go ValidateOwnerReferences
			name: "at most one controller reference",
			change: func(s *sts.StatefulSet) {
				s.OwnerReferences = []api.OwnerReference{
					{APIVersion: "v1", Kind: "A", Name: "a", UID: "1", Controller: true},
					{APIVersion: "v1", Kind: "B", Name: "b", UID: "2", Controller: true},
				}
			},
			want: []string{`metadata.ownerReferences: Invalid value: [{"apiVersion":"v1","kind":"A","name":"a","uid":"1","controller":true},` +
				`{"apiVersion":"v1","kind":"B","name":"b","uid":"2","controller":true}]: ` +
				`Only one reference can have Controller set to true. Found "true" in references for A/a and B/b`},
		},

		// ---- spec: scalars ----
		{
			// upstream: pkg/apis/apps/validation/validation.go ValidateStatefulSetSpec
			name:   "replicas non-negative",
			change: func(s *sts.StatefulSet) { s.Spec.Replicas = valPtr(int32(-1)) },
			want:   []string{`spec.replicas: Invalid value: -1: must be greater than or equal to 0`},
		},
		{
			// upstream: pkg/apis/apps/validation/validation.go ValidateStatefulSetSpec
			name:   "zero replicas are fine",
			change: func(s *sts.StatefulSet) { s.Spec.Replicas = valPtr(int32(0)) },
		},
		{
			// upstream: pkg/apis/apps/validation/validation.go ValidateStatefulSetSpec
			name:   "minReadySeconds non-negative",
			change: func(s *sts.StatefulSet) { s.Spec.MinReadySeconds = -5 },
			want:   []string{`spec.minReadySeconds: Invalid value: -5: must be greater than or equal to 0`},
		},
		{
			// upstream: pkg/apis/apps/validation/validation.go ValidateStatefulSetSpec
			name:   "ordinals.start non-negative",
			change: func(s *sts.StatefulSet) { s.Spec.Ordinals = &sts.Ordinals{Start: -1} },
			want:   []string{`spec.ordinals.start: Invalid value: -1: must be greater than or equal to 0`},
		},
		{
			// upstream: pkg/apis/apps/validation/validation.go ValidateStatefulSetSpec
			name:   "serviceName must be a DNS-1123 label",
			change: func(s *sts.StatefulSet) { s.Spec.ServiceName = "Redis_Svc" },
			want:   []string{`spec.serviceName: Invalid value: "Redis_Svc": ` + valLabelRegexMsg},
		},
		{
			// upstream: pkg/apis/apps/validation/validation.go ValidateStatefulSetSpec
			name:   "serviceName is optional",
			change: func(s *sts.StatefulSet) { s.Spec.ServiceName = "" },
		},

		// ---- spec: enums ----
		{
			// upstream: pkg/apis/apps/validation/validation.go ValidateStatefulSetSpec
			name:   "podManagementPolicy required",
			change: func(s *sts.StatefulSet) { s.Spec.PodManagementPolicy = "" },
			want:   []string{`spec.podManagementPolicy: Required value`},
		},
		{
			// upstream: pkg/apis/apps/validation/validation.go ValidateStatefulSetSpec
			name:   "podManagementPolicy is Invalid, not NotSupported",
			change: func(s *sts.StatefulSet) { s.Spec.PodManagementPolicy = "Random" },
			want:   []string{`spec.podManagementPolicy: Invalid value: "Random": must be 'OrderedReady' or 'Parallel'`},
		},
		{
			// upstream: pkg/apis/apps/validation/validation.go ValidateStatefulSetSpec
			name:   "updateStrategy.type required",
			change: func(s *sts.StatefulSet) { s.Spec.UpdateStrategy = sts.UpdateStrategy{} },
			want:   []string{`spec.updateStrategy: Required value`},
		},
		{
			// upstream: pkg/apis/apps/validation/validation.go ValidateStatefulSetSpec
			name:   "unknown updateStrategy.type prints the internal struct",
			change: func(s *sts.StatefulSet) { s.Spec.UpdateStrategy.Type = "Recreate" },
			want: []string{`spec.updateStrategy: Invalid value: {"Type":"Recreate","RollingUpdate":{"Partition":0,"MaxUnavailable":1}}: ` +
				`must be 'RollingUpdate' or 'OnDelete'`},
		},
		{
			// upstream: pkg/apis/apps/validation/validation.go ValidateStatefulSetSpec
			name: "rollingUpdate only with RollingUpdate",
			change: func(s *sts.StatefulSet) {
				s.Spec.UpdateStrategy = sts.UpdateStrategy{Type: sts.OnDelete, RollingUpdate: &sts.RollingUpdateOptions{Partition: valPtr(int32(2))}}
			},
			want: []string{`spec.updateStrategy.rollingUpdate: Invalid value: {"Partition":2,"MaxUnavailable":null}: only allowed for updateStrategy 'RollingUpdate'`},
		},
		{
			// upstream: pkg/apis/apps/validation/validation.go ValidateStatefulSetSpec
			name:   "OnDelete without rollingUpdate",
			change: func(s *sts.StatefulSet) { s.Spec.UpdateStrategy = sts.UpdateStrategy{Type: sts.OnDelete} },
		},
		{
			// upstream: pkg/apis/apps/validation/validation.go validateRollingUpdateStatefulSet
			name:   "partition non-negative",
			change: func(s *sts.StatefulSet) { s.Spec.UpdateStrategy.RollingUpdate.Partition = valPtr(int32(-1)) },
			want:   []string{`spec.updateStrategy.rollingUpdate.partition: Invalid value: -1: must be greater than or equal to 0`},
		},
		{
			// upstream: pkg/apis/apps/validation/validation.go validateRollingUpdateStatefulSet
			name:   "partition above replicas is fine",
			change: func(s *sts.StatefulSet) { s.Spec.UpdateStrategy.RollingUpdate.Partition = valPtr(int32(10)) },
		},
		{
			// upstream: pkg/apis/apps/validation/validation.go validateRollingUpdateStatefulSet
			name: "maxUnavailable cannot be 0",
			change: func(s *sts.StatefulSet) {
				s.Spec.UpdateStrategy.RollingUpdate.MaxUnavailable = &sts.IntOrString{Int: 0}
			},
			want: []string{`spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: 0: cannot be 0`},
		},
		{
			// upstream: pkg/apis/apps/validation/validation.go ValidatePositiveIntOrPercent
			name: "maxUnavailable non-negative",
			change: func(s *sts.StatefulSet) {
				s.Spec.UpdateStrategy.RollingUpdate.MaxUnavailable = &sts.IntOrString{Int: -1}
			},
			want: []string{`spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: -1: must be greater than or equal to 0`},
		},
		{
			// upstream: pkg/apis/apps/validation/validation.go validateRollingUpdateStatefulSet
			name: "maxUnavailable cannot be 0%",
			change: func(s *sts.StatefulSet) {
				s.Spec.UpdateStrategy.RollingUpdate.MaxUnavailable = &sts.IntOrString{IsString: true, Str: "0%"}
			},
			want: []string{`spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: "0%": cannot be 0`},
		},
		{
			// upstream: pkg/apis/apps/validation/validation.go IsNotMoreThan100Percent
			name: "maxUnavailable at most 100%",
			change: func(s *sts.StatefulSet) {
				s.Spec.UpdateStrategy.RollingUpdate.MaxUnavailable = &sts.IntOrString{IsString: true, Str: "150%"}
			},
			want: []string{`spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: "150%": must not be greater than 100%`},
		},
		{
			// upstream: pkg/apis/apps/validation/validation.go validateRollingUpdateStatefulSet
			name: "maxUnavailable 100% and above replicas are fine",
			change: func(s *sts.StatefulSet) {
				s.Spec.UpdateStrategy.RollingUpdate.MaxUnavailable = &sts.IntOrString{IsString: true, Str: "100%"}
			},
		},
		{
			// upstream: pkg/apis/apps/validation/validation.go ValidatePositiveIntOrPercent, getIntOrPercentValue
			name: "a non-percent string is invalid and counts as 0",
			change: func(s *sts.StatefulSet) {
				s.Spec.UpdateStrategy.RollingUpdate.MaxUnavailable = &sts.IntOrString{IsString: true, Str: "abc"}
			},
			want: []string{
				`spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: "abc": ` + valPercentMsg,
				`spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: "abc": cannot be 0`,
			},
		},
		{
			// upstream: pkg/apis/apps/validation/validation.go ValidatePersistentVolumeClaimRetentionPolicyType
			name: "retention policy values",
			change: func(s *sts.StatefulSet) {
				s.Spec.PersistentVolumeClaimRetentionPolicy = &sts.RetentionPolicy{WhenDeleted: "Keep", WhenScaled: "delete"}
			},
			want: []string{
				`spec.persistentVolumeClaimRetentionPolicy.whenDeleted: Unsupported value: "Keep": supported values: "Retain", "Delete"`,
				`spec.persistentVolumeClaimRetentionPolicy.whenScaled: Unsupported value: "delete": supported values: "Retain", "Delete"`,
			},
		},

		// ---- spec: selector ----
		{
			// upstream: pkg/apis/apps/validation/validation.go ValidateStatefulSetSpec (a nil selector selects nothing)
			name:   "selector required",
			change: func(s *sts.StatefulSet) { s.Spec.Selector = nil },
			want: []string{
				`spec.selector: Required value`,
				`spec.template.metadata.labels: Invalid value: {"app":"redis-sts"}: ` + valMismatch,
			},
		},
		{
			// upstream: pkg/apis/apps/validation/validation.go ValidateStatefulSetSpec
			name:   "empty selector",
			change: func(s *sts.StatefulSet) { s.Spec.Selector = &api.LabelSelector{} },
			want:   []string{`spec.selector: Invalid value: {}: empty selector is invalid for statefulset`},
		},
		{
			// upstream: pkg/apis/apps/validation/validation.go ValidatePodTemplateSpecForStatefulSet
			name: "selector must match the template labels",
			change: func(s *sts.StatefulSet) {
				s.Spec.Selector = &api.LabelSelector{MatchLabels: map[string]string{"app": "redis"}}
			},
			want: []string{`spec.template.metadata.labels: Invalid value: {"app":"redis-sts"}: ` + valMismatch},
		},
		{
			// upstream: pkg/apis/apps/validation/validation.go ValidatePodTemplateSpecForStatefulSet
			name:   "template without labels",
			change: func(s *sts.StatefulSet) { s.Spec.Template.Labels = nil },
			want:   []string{`spec.template.metadata.labels: Invalid value: null: ` + valMismatch},
		},
		{
			// upstream: pkg/apis/apps/validation/validation.go ValidateStatefulSetSpec (LabelSelectorAsSelector fails: template not checked)
			name: "invalid selector operator",
			change: func(s *sts.StatefulSet) {
				s.Spec.Selector = &api.LabelSelector{MatchExpressions: []api.LabelSelectorRequirement{
					{Key: "app", Operator: "Bogus", Values: []string{"redis-sts"}}}}
				s.Spec.Template.Spec.Containers = nil
			},
			want: []string{
				`spec.selector.matchExpressions[0].operator: Invalid value: "Bogus": not a valid selector operator`,
				`spec.selector: Invalid value: {"matchExpressions":[{"key":"app","operator":"Bogus","values":["redis-sts"]}]}`,
			},
		},
		{
			// upstream: apimachinery pkg/apis/meta/v1/validation/validation.go ValidateLabelSelectorRequirement
			name: "In needs values",
			change: func(s *sts.StatefulSet) {
				s.Spec.Selector = &api.LabelSelector{MatchExpressions: []api.LabelSelectorRequirement{{Key: "app", Operator: "In"}}}
			},
			want: []string{
				"spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
				`spec.selector: Invalid value: {"matchExpressions":[{"key":"app","operator":"In"}]}`,
			},
		},
		{
			// upstream: pkg/apis/apps/validation/validation.go ValidatePodTemplateSpecForStatefulSet
			name: "matchExpressions selectors work",
			change: func(s *sts.StatefulSet) {
				s.Spec.Selector = &api.LabelSelector{MatchExpressions: []api.LabelSelectorRequirement{
					{Key: "app", Operator: "In", Values: []string{"redis-sts", "x"}}}}
			},
		},

		// ---- spec.template.spec.affinity.nodeAffinity ----
		{
			// upstream: pkg/apis/core/validation/validation.go validateNodeAffinity → ValidateNodeSelector
			name: "required node affinity is valid",
			change: func(s *sts.StatefulSet) {
				valNodeAffinity(s, api.NodeSelectorTerm{
					MatchExpressions: []api.NodeSelectorRequirement{
						{Key: api.LabelTopologyZone, Operator: "In", Values: []string{"zone-a"}},
						{Key: "disks", Operator: "Lt", Values: []string{"4"}},
					},
					MatchFields: []api.NodeSelectorRequirement{{Key: "metadata.name", Operator: "NotIn", Values: []string{"node-1"}}},
				})
			},
		},
		{
			// upstream: pkg/apis/core/validation/validation.go ValidateNodeSelector
			name:   "required node affinity needs a term",
			change: func(s *sts.StatefulSet) { valNodeAffinity(s) },
			want: []string{"spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms: " +
				"Required value: must have at least one node selector term"},
		},
		{
			// upstream: pkg/apis/core/validation/validation.go ValidateNodeSelectorRequirement
			name: "node selector requirements",
			change: func(s *sts.StatefulSet) {
				valNodeAffinity(s, api.NodeSelectorTerm{MatchExpressions: []api.NodeSelectorRequirement{
					{Key: api.LabelTopologyZone, Operator: "In"},
					{Key: "ssd", Operator: "Exists", Values: []string{"yes"}},
					{Key: "disks", Operator: "Gt", Values: []string{"1", "2"}},
					{Key: "disks", Operator: "Lt"},
					{Key: "Bad Key", Operator: "Equals", Values: []string{"a b"}},
				}})
			},
			want: []string{
				"spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].values: " +
					"Required value: must be specified when `operator` is 'In' or 'NotIn'",
				"spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[1].values: " +
					"Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
				"spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[2].values: " +
					"Required value: must be specified single value when `operator` is 'Lt' or 'Gt'",
				"spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[3].values: " +
					"Required value: must be specified single value when `operator` is 'Lt' or 'Gt'",
				`spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[4].operator: ` +
					`Invalid value: "Equals": not a valid selector operator`,
				`spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[4].key: ` +
					`Invalid value: "Bad Key": ` + valKeyNameRegexMsg,
				`spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[4].values[0]: ` +
					`Invalid value: "a b": ` + valLabelValueRegexMsg,
			},
		},
		{
			// upstream: pkg/apis/core/validation/validation.go ValidateNodeFieldSelectorRequirement
			name: "node field selector requirements",
			change: func(s *sts.StatefulSet) {
				valNodeAffinity(s, api.NodeSelectorTerm{}, api.NodeSelectorTerm{MatchFields: []api.NodeSelectorRequirement{
					{Key: "metadata.name", Operator: "In", Values: []string{"node-1", "node-2"}},
					{Key: "metadata.labels", Operator: "Exists"},
					{Key: "metadata.name", Operator: "NotIn", Values: []string{"Node_1"}},
				}})
			},
			want: []string{
				"spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[1].matchFields[0].values: " +
					"Required value: must be only one value when `operator` is 'In' or 'NotIn' for node field selector",
				`spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[1].matchFields[1].operator: ` +
					`Invalid value: "Exists": not a valid selector operator`,
				`spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[1].matchFields[1].key: ` +
					`Invalid value: "metadata.labels": not a valid field selector key`,
				`spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[1].matchFields[2].values[0]: ` +
					`Invalid value: "Node_1": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, ` +
					`'-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', ` +
					`regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
			},
		},

		// ---- spec.template ----
		{
			// upstream: pkg/apis/apps/validation/validation.go ValidateStatefulSetSpec
			name:   "restartPolicy must be Always",
			change: func(s *sts.StatefulSet) { s.Spec.Template.Spec.RestartPolicy = "Never" },
			want:   []string{`spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"`},
		},
		{
			// upstream: pkg/apis/core/validation/validation.go validateRestartPolicy + apps ValidateStatefulSetSpec
			name:   "empty restartPolicy",
			change: func(s *sts.StatefulSet) { s.Spec.Template.Spec.RestartPolicy = "" },
			want: []string{
				`spec.template.spec.restartPolicy: Required value`,
				`spec.template.spec.restartPolicy: Unsupported value: "": supported values: "Always"`,
			},
		},
		{
			// upstream: pkg/apis/core/validation/validation.go validateRestartPolicy + apps ValidateStatefulSetSpec
			name:   "unknown restartPolicy",
			change: func(s *sts.StatefulSet) { s.Spec.Template.Spec.RestartPolicy = "Sometimes" },
			want: []string{
				`spec.template.spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"`,
				`spec.template.spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always"`,
			},
		},
		{
			// upstream: pkg/apis/apps/validation/validation.go ValidateStatefulSetSpec
			name:   "activeDeadlineSeconds forbidden",
			change: func(s *sts.StatefulSet) { s.Spec.Template.Spec.ActiveDeadlineSeconds = valPtr(int64(60)) },
			want:   []string{`spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in StatefulSet is not Supported`},
		},
		{
			// upstream: pkg/apis/core/validation/validation.go ValidatePodSpec + apps ValidateStatefulSetSpec
			name:   "activeDeadlineSeconds out of range",
			change: func(s *sts.StatefulSet) { s.Spec.Template.Spec.ActiveDeadlineSeconds = valPtr(int64(0)) },
			want: []string{
				`spec.template.spec.activeDeadlineSeconds: Invalid value: 0: must be between 1 and 2147483647, inclusive`,
				`spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in StatefulSet is not Supported`,
			},
		},
		{
			// upstream: pkg/apis/core/validation/validation.go ValidatePodSpec
			name:   "terminationGracePeriodSeconds required (defaulted to 30)",
			change: func(s *sts.StatefulSet) { s.Spec.Template.Spec.TerminationGracePeriodSeconds = nil },
			want:   []string{`spec.template.spec.terminationGracePeriodSeconds: Required value`},
		},
		{
			// upstream: pkg/apis/apps/validation/validation.go ValidateStatefulSetSpec (hostname/subdomain are blanked)
			name: "template hostname and subdomain are not validated",
			change: func(s *sts.StatefulSet) {
				s.Spec.Template.Spec.Hostname = "Not_A_Label"
				s.Spec.Template.Spec.Subdomain = "Nor.This"
			},
		},
		{
			// upstream: pkg/apis/core/validation/validation.go ValidatePodTemplateSpec + apps ValidatePodTemplateSpecForStatefulSet
			name:   "template labels are validated twice",
			change: func(s *sts.StatefulSet) { s.Spec.Template.Labels["bad key"] = "x" },
			want: []string{
				`spec.template.labels: Invalid value: "bad key": ` + valKeyNameRegexMsg,
				`spec.template.labels: Invalid value: "bad key": ` + valKeyNameRegexMsg,
			},
		},
		{
			// upstream: pkg/apis/core/validation/validation.go validateContainers
			name:   "containers required",
			change: func(s *sts.StatefulSet) { s.Spec.Template.Spec.Containers = nil },
			want:   []string{`spec.template.spec.containers: Required value`},
		},
		{
			// upstream: pkg/apis/core/validation/validation.go validateContainerCommon
			name:   "container name required",
			change: func(s *sts.StatefulSet) { s.Spec.Template.Spec.Containers[0].Name = "" },
			want:   []string{`spec.template.spec.containers[0].name: Required value`},
		},
		{
			// upstream: pkg/apis/core/validation/validation.go validateContainerCommon
			name:   "container name is a DNS-1123 label",
			change: func(s *sts.StatefulSet) { s.Spec.Template.Spec.Containers[0].Name = "Redis" },
			want:   []string{`spec.template.spec.containers[0].name: Invalid value: "Redis": ` + valLabelRegexMsg},
		},
		{
			// upstream: pkg/apis/core/validation/validation.go validateContainers
			name: "container names unique",
			change: func(s *sts.StatefulSet) {
				c := s.Spec.Template.Spec.Containers[0]
				c.Ports = nil
				s.Spec.Template.Spec.Containers = append(s.Spec.Template.Spec.Containers, c)
			},
			want: []string{`spec.template.spec.containers[1].name: Duplicate value: "redis"`},
		},
		{
			// upstream: pkg/apis/core/validation/validation.go validateContainerCommon
			name:   "image required",
			change: func(s *sts.StatefulSet) { s.Spec.Template.Spec.Containers[0].Image = "" },
			want:   []string{`spec.template.spec.containers[0].image: Required value`},
		},
		{
			// upstream: pkg/apis/core/validation/validation.go validateInitContainers
			name: "init containers: unique names, no readiness probe",
			change: func(s *sts.StatefulSet) {
				s.Spec.Template.Spec.InitContainers = []api.Container{{Name: "redis", Image: "busybox", ReadinessProbe: &api.Probe{PeriodSeconds: 10}}}
			},
			want: []string{
				`spec.template.spec.initContainers[0].name: Duplicate value: "redis"`,
				`spec.template.spec.initContainers[0].readinessProbe: Forbidden: may not be set for init containers without restartPolicy=Always`,
			},
		},
		{
			// upstream: pkg/apis/core/validation/validation.go validateProbe
			name: "probe fields non-negative",
			change: func(s *sts.StatefulSet) {
				s.Spec.Template.Spec.Containers[0].ReadinessProbe = &api.Probe{InitialDelaySeconds: -1, PeriodSeconds: 10, SuccessThreshold: 1, FailureThreshold: -3}
			},
			want: []string{
				`spec.template.spec.containers[0].readinessProbe.initialDelaySeconds: Invalid value: -1: must be greater than or equal to 0`,
				`spec.template.spec.containers[0].readinessProbe.failureThreshold: Invalid value: -3: must be greater than or equal to 0`,
			},
		},
		{
			// upstream: pkg/apis/core/validation/validation.go validateContainerPorts
			name: "container ports",
			change: func(s *sts.StatefulSet) {
				s.Spec.Template.Spec.Containers[0].Ports = []api.ContainerPort{
					{ContainerPort: 0, Protocol: "TCP"},
					{Name: "Redis", ContainerPort: 70000, Protocol: "HTTP"},
					{Name: "redis", ContainerPort: 6379, Protocol: "TCP"},
					{Name: "redis", ContainerPort: 6380},
				}
			},
			want: []string{
				`spec.template.spec.containers[0].ports[0].containerPort: Required value`,
				`spec.template.spec.containers[0].ports[1].name: Invalid value: "Redis": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)`,
				`spec.template.spec.containers[0].ports[1].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive`,
				`spec.template.spec.containers[0].ports[1].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"`,
				`spec.template.spec.containers[0].ports[3].name: Duplicate value: "redis"`,
				`spec.template.spec.containers[0].ports[3].protocol: Required value`,
			},
		},
		{
			// upstream: pkg/apis/core/validation/validation.go ValidateEnv (relaxed names)
			name: "env names",
			change: func(s *sts.StatefulSet) {
				s.Spec.Template.Spec.Containers[0].Env = []api.EnvVar{{Name: ""}, {Name: "A=B"}, {Name: "1 weird.name-ok"}}
			},
			want: []string{
				`spec.template.spec.containers[0].env[0].name: Required value`,
				`spec.template.spec.containers[0].env[1].name: Invalid value: "A=B": a valid environment variable name must consist only of printable ASCII characters other than '='`,
			},
		},
		{
			// upstream: pkg/apis/core/validation/validation.go ValidateVolumeMounts
			name: "volumeMounts must name a volume",
			change: func(s *sts.StatefulSet) {
				s.Spec.Template.Spec.Containers[0].VolumeMounts = []api.VolumeMount{{Name: "data", MountPath: "/data"}}
			},
			want: []string{`spec.template.spec.containers[0].volumeMounts[0].name: Not found: "data"`},
		},
		{
			// upstream: pkg/apis/apps/validation/validation.go volumesToAddForTemplates
			name: "claim templates are volumes",
			change: func(s *sts.StatefulSet) {
				s.Spec.VolumeClaimTemplates = []storage.PersistentVolumeClaim{valDataClaim("data")}
				s.Spec.Template.Spec.Containers[0].VolumeMounts = []api.VolumeMount{{Name: "data", MountPath: "/data"}}
			},
		},
		{
			// upstream: pkg/apis/apps/validation/validation.go volumesToAddForTemplates (the claim replaces the template volume)
			name: "a claim template replaces a template volume of its name",
			change: func(s *sts.StatefulSet) {
				s.Spec.VolumeClaimTemplates = []storage.PersistentVolumeClaim{valDataClaim("data")}
				s.Spec.Template.Spec.Volumes = []api.Volume{{Name: "data", EmptyDir: true, ClaimName: "both"}}
			},
		},
		{
			// upstream: pkg/apis/core/validation/validation.go ValidateVolumeMounts
			name: "volumeMounts: name and unique mountPath",
			change: func(s *sts.StatefulSet) {
				s.Spec.Template.Spec.Volumes = []api.Volume{{Name: "cache", EmptyDir: true}}
				s.Spec.Template.Spec.Containers[0].VolumeMounts = []api.VolumeMount{
					{Name: "cache", MountPath: "/cache"}, {Name: "", MountPath: "/cache"}}
			},
			want: []string{
				`spec.template.spec.containers[0].volumeMounts[1].name: Required value`,
				`spec.template.spec.containers[0].volumeMounts[1].name: Not found: ""`,
				`spec.template.spec.containers[0].volumeMounts[1].mountPath: Invalid value: "/cache": must be unique`,
			},
		},
		{
			// upstream: pkg/apis/core/validation/validation.go ValidateVolumes
			name: "volume names: label, unique, one source",
			change: func(s *sts.StatefulSet) {
				s.Spec.Template.Spec.Volumes = []api.Volume{
					{Name: "cache", EmptyDir: true},
					{Name: "cache", EmptyDir: true},
					{Name: "Bad", ClaimName: "x"},
					{Name: "two", EmptyDir: true, ClaimName: "x"},
				}
				s.Spec.Template.Spec.Containers[0].VolumeMounts = []api.VolumeMount{{Name: "two", MountPath: "/two"}}
			},
			want: []string{
				`spec.template.spec.volumes[1].name: Duplicate value: "cache"`,
				`spec.template.spec.volumes[2].name: Invalid value: "Bad": ` + valLabelRegexMsg,
				`spec.template.spec.volumes[3].persistentVolumeClaim: Forbidden: may not specify more than 1 volume type`,
				// an invalid volume cannot be mounted
				`spec.template.spec.containers[0].volumeMounts[0].name: Not found: "two"`,
			},
		},
		{
			// upstream: pkg/apis/core/validation/validation.go ValidateTolerations
			name: "tolerations",
			change: func(s *sts.StatefulSet) {
				s.Spec.Template.Spec.Tolerations = []api.Toleration{
					{Operator: "Equal", Value: "x"},
					{Key: "k", Operator: "Exists", Value: "v", Effect: "NoSchedule", TolerationSeconds: valPtr(int64(5))},
					{Key: "k", Operator: "Gt", Value: "3"},
					{Key: "k", Operator: "Equal", Effect: "Never"},
				}
			},
			want: []string{
				"spec.template.spec.tolerations[0].operator: Invalid value: \"Equal\": operator must be Exists when `key` is empty, which means \"match all values and all keys\"",
				"spec.template.spec.tolerations[1].effect: Invalid value: \"NoSchedule\": effect must be 'NoExecute' when `tolerationSeconds` is set",
				"spec.template.spec.tolerations[1].operator: Invalid value: \"v\": value must be empty when `operator` is 'Exists'",
				`spec.template.spec.tolerations[2].operator: Unsupported value: "Gt": supported values: "Equal", "Exists", "Lt", "Gt"`,
				`spec.template.spec.tolerations[3].effect: Unsupported value: "Never": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"`,
			},
		},
		{
			// upstream: pkg/apis/core/validation/validation.go ValidatePodSpec
			name: "nodeSelector labels and nodeName",
			change: func(s *sts.StatefulSet) {
				s.Spec.Template.Spec.NodeSelector = map[string]string{"disk": "fast ssd"}
				s.Spec.Template.Spec.NodeName = "Node_1"
			},
			want: []string{
				`spec.template.spec.nodeSelector: Invalid value: "fast ssd": a valid label must be an empty string or consist of alphanumeric characters, ` +
					`'-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', ` +
					`regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`,
				`spec.template.spec.nodeName: Invalid value: "Node_1": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, ` +
					`'-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', ` +
					`regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
			},
		},

		// ---- spec.volumeClaimTemplates ----
		{
			// upstream: pkg/apis/core/validation/validation.go ValidatePersistentVolumeClaimSpec
			name: "claim template needs an access mode and a storage request",
			change: func(s *sts.StatefulSet) {
				s.Spec.VolumeClaimTemplates = []storage.PersistentVolumeClaim{{ObjectMeta: api.ObjectMeta{Name: "data"}}}
			},
			want: []string{
				`spec.volumeClaimTemplates[0].spec.accessModes: Required value: at least 1 access mode is required`,
				`spec.volumeClaimTemplates[0].spec.resources[storage]: Required value`,
			},
		},
		{
			// upstream: pkg/apis/core/validation/validation.go ValidatePersistentVolumeClaimSpec
			name: "claim template access modes, storage, class and mode",
			change: func(s *sts.StatefulSet) {
				c := valDataClaim("data")
				c.Spec.AccessModes = []string{"RWO", "ReadWriteOncePod", "ReadOnlyMany"}
				c.Spec.Storage = "0"
				c.Spec.StorageClassName = valPtr("Fast_SSD")
				c.Spec.VolumeMode = "Raw"
				s.Spec.VolumeClaimTemplates = []storage.PersistentVolumeClaim{c}
			},
			want: []string{
				`spec.volumeClaimTemplates[0].spec.accessModes: Unsupported value: "RWO": supported values: "ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"`,
				`spec.volumeClaimTemplates[0].spec.accessModes: Forbidden: may not use ReadWriteOncePod with other access modes`,
				`spec.volumeClaimTemplates[0].spec.resources[storage]: Invalid value: "0": must be greater than zero`,
				`spec.volumeClaimTemplates[0].spec.storageClassName: Invalid value: "Fast_SSD": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, ` +
					`'-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', ` +
					`regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
				`spec.volumeClaimTemplates[0].spec.volumeMode: Unsupported value: "Raw": supported values: "Block", "Filesystem"`,
			},
		},
		{
			// upstream: pkg/apis/apps/validation/validation.go volumesToAddForTemplates (template names are only checked as volumes)
			name: "claim template names are checked as pod volumes",
			change: func(s *sts.StatefulSet) {
				s.Spec.VolumeClaimTemplates = []storage.PersistentVolumeClaim{valDataClaim(""), valDataClaim("Data")}
			},
			want: []string{
				`spec.template.spec.volumes[0].persistentVolumeClaim.claimName: Required value`,
				`spec.template.spec.volumes[0].name: Required value`,
				`spec.template.spec.volumes[1].name: Invalid value: "Data": ` + valLabelRegexMsg,
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := valSeed()
			tc.change(s)
			got := valMessages(sts.Validate(s, sts.DefaultGates()))
			if len(tc.want) == 0 {
				assert.Empty(t, got)
				return
			}
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestValidateNameLengthIsNotASetError(t *testing.T) {
	// upstream: pkg/apis/apps/validation/validation.go ValidateStatefulSetName
	// (upstream leaves a to-do there to check room for the ordinal suffix): a 63-character
	// name is accepted although its pods' names cannot be.
	s := valSeed()
	s.Name = strings.Repeat("r", 63)
	assert.Empty(t, valMessages(sts.Validate(s, sts.DefaultGates())))
}

func TestValidateAggregatesLikeTheAPIServer(t *testing.T) {
	// upstream: apimachinery pkg/api/errors/errors.go NewInvalid
	s := valSeed()
	s.Spec.Replicas = valPtr(int32(-1))
	s.Spec.Template.Labels["bad key"] = "x"
	errs := sts.Validate(s, sts.DefaultGates())
	require.Len(t, errs, 3, "the template label error is reported twice, as upstream")
	err := api.NewInvalid("StatefulSet", "apps", s.Name, errs)
	assert.Equal(t, `StatefulSet.apps "redis-sts" is invalid: [spec.replicas: Invalid value: -1: must be greater than or equal to 0, `+
		`spec.template.labels: Invalid value: "bad key": `+valKeyNameRegexMsg+`]`, err.Error())
}

func TestValidateUpdate(t *testing.T) {
	claimValue := `[{"name":"data","Spec":{"AccessModes":["ReadWriteOnce"],"Selector":null,` +
		`"Resources":{"Limits":null,"Requests":{"storage":"1Gi"}},"VolumeName":"","StorageClassName":null,` +
		`"VolumeMode":"Filesystem","DataSource":null,"DataSourceRef":null,"VolumeAttributesClassName":null},` +
		`"Status":{"Phase":"Pending","AccessModes":null,"Capacity":null,"Conditions":null,"AllocatedResources":null,` +
		`"AllocatedResourceStatuses":null,"CurrentVolumeAttributesClassName":null,"ModifyVolumeStatus":null,"HealthStatus":null}}]`
	tests := []struct {
		name   string
		old    func(*sts.StatefulSet) // applied to the stored object
		change func(*sts.StatefulSet) // applied to the new object
		want   []string
	}{
		{
			// upstream: pkg/apis/apps/validation/validation.go ValidateStatefulSetUpdate
			name: "mutable fields",
			change: func(s *sts.StatefulSet) {
				s.Spec.Replicas = valPtr(int32(5))
				s.Spec.Template.Spec.Containers[0].Image = "redis:6-alpine"
				s.Spec.UpdateStrategy = sts.UpdateStrategy{Type: sts.OnDelete}
				s.Spec.MinReadySeconds = 10
				s.Spec.Ordinals = &sts.Ordinals{Start: 3}
				s.Spec.RevisionHistoryLimit = valPtr(int32(2))
				s.Spec.PersistentVolumeClaimRetentionPolicy = &sts.RetentionPolicy{WhenDeleted: sts.Delete, WhenScaled: sts.Delete}
				s.Labels = map[string]string{"team": "cache"}
				s.Annotations = map[string]string{"note": "x"}
			},
		},
		{
			// upstream: pkg/apis/apps/validation/validation.go ValidateStatefulSetUpdate
			name:   "serviceName is immutable",
			change: func(s *sts.StatefulSet) { s.Spec.ServiceName = "other-svc" },
			want:   []string{`spec.serviceName: Invalid value: "other-svc": field is immutable`},
		},
		{
			// upstream: pkg/apis/apps/validation/validation.go ValidateStatefulSetUpdate
			name:   "podManagementPolicy is immutable",
			change: func(s *sts.StatefulSet) { s.Spec.PodManagementPolicy = sts.Parallel },
			want:   []string{`spec.podManagementPolicy: Invalid value: "Parallel": field is immutable`},
		},
		{
			// upstream: pkg/apis/apps/validation/validation.go ValidateStatefulSetUpdate
			name: "selector is immutable",
			change: func(s *sts.StatefulSet) {
				s.Spec.Selector = &api.LabelSelector{MatchLabels: map[string]string{"app": "redis-sts", "tier": "cache"}}
				s.Spec.Template.Labels = map[string]string{"app": "redis-sts", "tier": "cache"}
			},
			want: []string{`spec.selector: Invalid value: {"matchLabels":{"app":"redis-sts","tier":"cache"}}: field is immutable`},
		},
		{
			// upstream: apimachinery pkg/api/equality Semantic (nil and empty are equal)
			name:   "an empty list equals a missing one",
			change: func(s *sts.StatefulSet) { s.Spec.Selector.MatchExpressions = []api.LabelSelectorRequirement{} },
		},
		{
			// upstream: pkg/apis/apps/validation/validation.go ValidateStatefulSetUpdate
			name: "volumeClaimTemplates are immutable (printed as internal PVCs)",
			change: func(s *sts.StatefulSet) {
				s.Spec.VolumeClaimTemplates = []storage.PersistentVolumeClaim{valDataClaim("data")}
			},
			want: []string{`spec.volumeClaimTemplates: Invalid value: ` + claimValue + `: field is immutable`},
		},
		{
			// upstream: pkg/apis/apps/validation/validation.go ValidateStatefulSetUpdate
			name: "removing the claim templates",
			old: func(s *sts.StatefulSet) {
				s.Spec.VolumeClaimTemplates = []storage.PersistentVolumeClaim{valDataClaim("data")}
			},
			change: func(s *sts.StatefulSet) { s.Spec.VolumeClaimTemplates = nil },
			want:   []string{`spec.volumeClaimTemplates: Invalid value: null: field is immutable`},
		},
		{
			// upstream: pkg/apis/apps/validation/validation.go ValidateStatefulSetUpdate (one error per field, v1.37)
			name: "every immutable field at once",
			change: func(s *sts.StatefulSet) {
				s.Spec.Selector = &api.LabelSelector{MatchLabels: map[string]string{"app": "redis-sts", "tier": "cache"}}
				s.Spec.Template.Labels = map[string]string{"app": "redis-sts", "tier": "cache"}
				s.Spec.VolumeClaimTemplates = []storage.PersistentVolumeClaim{valDataClaim("data")}
				s.Spec.ServiceName = "other-svc"
				s.Spec.PodManagementPolicy = sts.Parallel
			},
			want: []string{
				`spec.selector: Invalid value: {"matchLabels":{"app":"redis-sts","tier":"cache"}}: field is immutable`,
				`spec.volumeClaimTemplates: Invalid value: ` + claimValue + `: field is immutable`,
				`spec.serviceName: Invalid value: "other-svc": field is immutable`,
				`spec.podManagementPolicy: Invalid value: "Parallel": field is immutable`,
			},
		},
		{
			// upstream: pkg/registry/apps/statefulset/strategy.go ValidateUpdate (AllowInvalidServiceName)
			name: "an invalid serviceName is tolerated on update",
			old:  func(s *sts.StatefulSet) { s.Spec.ServiceName = "Legacy_Svc" },
			change: func(s *sts.StatefulSet) {
				s.Spec.Replicas = valPtr(int32(3))
			},
		},
		{
			// upstream: pkg/registry/apps/statefulset/strategy.go ValidateUpdate (SkipValidateVolumeClaimTemplates)
			name: "claim templates are not re-validated on update",
			old: func(s *sts.StatefulSet) {
				s.Spec.VolumeClaimTemplates = []storage.PersistentVolumeClaim{{ObjectMeta: api.ObjectMeta{Name: "data"}}}
			},
			change: func(s *sts.StatefulSet) { s.Spec.Replicas = valPtr(int32(3)) },
		},
		{
			// upstream: pkg/apis/apps/validation/validation.go ValidateStatefulSetUpdate (old spec invalid: skip the pod template)
			name: "the template is not validated when the old spec is invalid",
			old:  func(s *sts.StatefulSet) { s.Spec.Template.Spec.Containers[0].Image = "" },
			change: func(s *sts.StatefulSet) {
				s.Spec.Template.Spec.Containers[0].Image = ""
				s.Spec.Template.Spec.Containers[0].Name = "Redis"
			},
		},
		{
			// upstream: pkg/apis/apps/validation/validation.go ValidateStatefulSetUpdate
			name:   "the new template is validated",
			change: func(s *sts.StatefulSet) { s.Spec.Template.Spec.Containers[0].Image = "" },
			want:   []string{`spec.template.spec.containers[0].image: Required value`},
		},
		{
			// upstream: pkg/apis/apps/validation/validation.go ValidateStatefulSetSpec (run again on update)
			name:   "the rest of the spec is validated",
			change: func(s *sts.StatefulSet) { s.Spec.Replicas = valPtr(int32(-2)) },
			want:   []string{`spec.replicas: Invalid value: -2: must be greater than or equal to 0`},
		},
		{
			// upstream: apimachinery pkg/api/validation/objectmeta.go ValidateObjectMetaAccessorUpdate
			name:   "name is immutable",
			change: func(s *sts.StatefulSet) { s.Name = "other" },
			want: []string{
				`metadata.name: Invalid value: "other": field is immutable`,
				`metadata.name: Invalid value: "other": field is immutable`,
			},
		},
		{
			// upstream: apiserver pkg/registry/rest/update.go BeforeUpdate (uid, generation, timestamps come from old)
			name: "server-set metadata is taken from the stored object",
			old: func(s *sts.StatefulSet) {
				s.UID, s.Generation, s.CreationTimestamp = "uid-1", 4, 5*time.Second
			},
			change: func(s *sts.StatefulSet) { s.UID, s.Generation, s.CreationTimestamp = "", 0, 0 },
		},
		{
			// upstream: apimachinery pkg/api/validation/objectmeta.go ValidateObjectMetaAccessorUpdate
			name: "uid is immutable",
			old:  func(s *sts.StatefulSet) { s.UID = "uid-1" },
			change: func(s *sts.StatefulSet) {
				s.UID = "uid-2"
			},
			want: []string{
				`metadata.uid: Invalid value: "uid-2": field is immutable`,
				`metadata.uid: Invalid value: "uid-2": field is immutable`,
			},
		},
		{
			// upstream: apimachinery pkg/api/validation/objectmeta.go ValidateNoNewFinalizers
			name: "no new finalizers while deleting",
			old: func(s *sts.StatefulSet) {
				d := 10 * time.Second
				s.DeletionTimestamp = &d
				s.Finalizers = []string{"example.com/a"}
			},
			change: func(s *sts.StatefulSet) { s.Finalizers = []string{"example.com/a", "example.com/c", "example.com/b"} },
			want: []string{
				`metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{"example.com/b", "example.com/c"}`,
				`metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{"example.com/b", "example.com/c"}`,
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			// Both objects went through defaulting, as on the server.
			old := valSeedRaw()
			if tc.old != nil {
				tc.old(old)
			}
			sts.Default(old, sts.DefaultGates())
			s := valSeedRaw()
			if tc.old != nil {
				tc.old(s)
			}
			tc.change(s)
			sts.Default(s, sts.DefaultGates())
			got := valMessages(sts.ValidateUpdate(s, old, sts.DefaultGates()))
			if len(tc.want) == 0 {
				assert.Empty(t, got)
				return
			}
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestValidateStatus(t *testing.T) {
	tests := []struct {
		name     string
		st, old  sts.Status
		noOld    bool
		wantErrs []string
	}{
		{
			// upstream: pkg/apis/apps/validation/validation.go ValidateStatefulSetStatus
			name: "consistent counts",
			st:   sts.Status{Replicas: 3, ReadyReplicas: 2, AvailableReplicas: 2, CurrentReplicas: 3, UpdatedReplicas: 1, ObservedGeneration: 2},
		},
		{
			// upstream: pkg/apis/apps/validation/validation.go ValidateStatefulSetStatus
			name: "negative counts",
			st:   sts.Status{ObservedGeneration: -1, CollisionCount: valPtr(int32(-1))},
			wantErrs: []string{
				`status.observedGeneration: Invalid value: -1: must be greater than or equal to 0`,
				`status.collisionCount: Invalid value: -1: must be greater than or equal to 0`,
			},
			noOld: true,
		},
		{
			// upstream: pkg/apis/apps/validation/validation.go ValidateStatefulSetStatus
			name: "negative replicas are below every other count",
			st:   sts.Status{Replicas: -1},
			wantErrs: []string{
				`status.replicas: Invalid value: -1: must be greater than or equal to 0`,
				`status.readyReplicas: Invalid value: 0: cannot be greater than status.replicas`,
				`status.currentReplicas: Invalid value: 0: cannot be greater than status.replicas`,
				`status.updatedReplicas: Invalid value: 0: cannot be greater than status.replicas`,
				`status.availableReplicas: Invalid value: 0: cannot be greater than status.replicas`,
			},
		},
		{
			// upstream: pkg/apis/apps/validation/validation.go ValidateStatefulSetStatus
			name: "counts above replicas",
			st:   sts.Status{Replicas: 1, ReadyReplicas: 2, CurrentReplicas: 2, UpdatedReplicas: 2, AvailableReplicas: 3},
			wantErrs: []string{
				`status.readyReplicas: Invalid value: 2: cannot be greater than status.replicas`,
				`status.currentReplicas: Invalid value: 2: cannot be greater than status.replicas`,
				`status.updatedReplicas: Invalid value: 2: cannot be greater than status.replicas`,
				`status.availableReplicas: Invalid value: 3: cannot be greater than status.replicas`,
				`status.availableReplicas: Invalid value: 3: cannot be greater than status.readyReplicas`,
			},
		},
		{
			// upstream: pkg/apis/apps/validation/validation.go ValidateStatefulSetStatusUpdate
			name:     "collisionCount cannot be decremented",
			st:       sts.Status{},
			old:      sts.Status{CollisionCount: valPtr(int32(2))},
			wantErrs: []string{`status.collisionCount: Invalid value: 0: cannot be decremented`},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			old := &tc.old
			if tc.noOld {
				old = nil
			}
			got := valMessages(sts.ValidateStatus(&tc.st, old))
			if len(tc.wantErrs) == 0 {
				assert.Empty(t, got)
				return
			}
			assert.Equal(t, tc.wantErrs, got)
		})
	}
}

// valPodOf builds the pod the controller creates for ordinal 0 of s.
func valPodOf(s *sts.StatefulSet, revision string) *api.Pod {
	name := sts.PodName(s.Name, 0)
	labels := map[string]string{
		sts.PodNameLabel: name, sts.PodIndexLabel: "0", sts.RevisionLabel: revision,
	}
	for k, v := range s.Spec.Template.Labels {
		labels[k] = v
	}
	spec := s.Spec.Template.Spec
	spec.Hostname, spec.Subdomain = name, s.Spec.ServiceName
	return &api.Pod{
		ObjectMeta: api.ObjectMeta{
			Name: name, GenerateName: s.Name + "-", Namespace: s.Namespace, Labels: labels,
			OwnerReferences: []api.OwnerReference{{APIVersion: "apps/v1", Kind: "StatefulSet", Name: s.Name, UID: "uid-1", Controller: true, BlockOwnerDeletion: true}},
		},
		Spec: spec,
	}
}

func TestPodCreateErrors(t *testing.T) {
	// upstream: pkg/apis/core/validation/validation.go ValidatePodCreate
	t.Run("the seed's pods are valid", func(t *testing.T) {
		s := valSeed()
		assert.Empty(t, valMessages(sts.PodCreateErrors(valPodOf(s, sts.RevisionName(s.Name, "7b8c9d6f5")))))
	})

	// upstream: pkg/apis/core/validation/validation.go ValidatePodSpec (hostname) and
	// apimachinery ValidateLabels (label values): pain point #64023.
	t.Run("a 62-character set name makes 64-character pods", func(t *testing.T) {
		s := valSeed()
		s.Name = strings.Repeat("r", 62)
		require.Empty(t, sts.Validate(s, sts.DefaultGates()), "the set itself is accepted")
		pod := valPodOf(s, sts.RevisionName(s.Name, "7b8c9d6f5"))
		assert.Equal(t, []string{
			`metadata.labels: Invalid value: "` + s.Name + `-7b8c9d6f5": must be no more than 63 bytes`,
			`metadata.labels: Invalid value: "` + s.Name + `-0": must be no more than 63 bytes`,
			`spec.hostname: Invalid value: "` + s.Name + `-0": must be no more than 63 characters`,
		}, valMessages(sts.PodCreateErrors(pod)))
	})

	t.Run("a 53-character set name fails only through a long revision hash", func(t *testing.T) {
		s := valSeed()
		s.Name = strings.Repeat("r", 53)
		ok := valPodOf(s, sts.RevisionName(s.Name, "7b8c9d6f5"))
		assert.Empty(t, valMessages(sts.PodCreateErrors(ok)))
		bad := valPodOf(s, sts.RevisionName(s.Name, "7b8c9d6f5x"))
		assert.Equal(t, []string{
			`metadata.labels: Invalid value: "` + s.Name + `-7b8c9d6f5x": must be no more than 63 bytes`,
		}, valMessages(sts.PodCreateErrors(bad)))
	})

	t.Run("pod images must not have surrounding whitespace", func(t *testing.T) {
		// upstream: pkg/apis/core/validation/validation.go validateContainerOnlyForPod
		s := valSeed()
		pod := valPodOf(s, sts.RevisionName(s.Name, "7b8c9d6f5"))
		pod.Spec.Containers[0].Image = " redis:5-alpine"
		assert.Equal(t, []string{
			`spec.containers[0].image: Invalid value: " redis:5-alpine": must not have leading or trailing whitespace`,
		}, valMessages(sts.PodCreateErrors(pod)))
	})
}

func TestWarnings(t *testing.T) {
	tests := []struct {
		name   string
		change func(*sts.StatefulSet)
		want   []string
	}{
		{
			// upstream: pkg/registry/apps/statefulset/strategy.go WarningsOnCreate
			name:   "the seed has none",
			change: func(*sts.StatefulSet) {},
		},
		{
			// upstream: pkg/registry/apps/statefulset/strategy.go WarningsOnCreate
			name:   "negative revisionHistoryLimit",
			change: func(s *sts.StatefulSet) { s.Spec.RevisionHistoryLimit = valPtr(int32(-1)) },
			want:   []string{"spec.revisionHistoryLimit: a negative value retains all historical revisions; a value >= 0 is recommended"},
		},
		{
			// upstream: pkg/api/pod/warnings.go warningsForPodSpecAndMeta
			name: "template warnings",
			change: func(s *sts.StatefulSet) {
				ps := &s.Spec.Template.Spec
				ps.NodeSelector = map[string]string{"beta.kubernetes.io/os": "linux", "disk": "ssd"}
				s.Spec.Template.Annotations = map[string]string{"scheduler.alpha.kubernetes.io/critical-pod": ""}
				ps.TerminationGracePeriodSeconds = valPtr(int64(-1))
				ps.Containers[0].Env = []api.EnvVar{{Name: "A", Value: "1"}, {Name: "A", Value: "2"}, {Name: "A", Value: "$(A)x"}}
				ps.Containers = append(ps.Containers, api.Container{Name: "sidecar", Image: "busybox",
					Ports: []api.ContainerPort{{Name: "p", ContainerPort: 6379, Protocol: "TCP"}, {Name: "p", ContainerPort: 1, Protocol: "TCP"}}})
			},
			want: []string{
				`spec.template.spec.nodeSelector[beta.kubernetes.io/os]: deprecated since v1.14; use "kubernetes.io/os" instead`,
				`spec.template.metadata.annotations[scheduler.alpha.kubernetes.io/critical-pod]: non-functional in v1.16+; use the "priorityClassName" field instead`,
				`spec.template.spec.containers[0].env[1]: hides previous definition of "A", which may be dropped when using apply`,
				`spec.template.spec.containers[1].ports[0]: duplicate port definition with spec.template.spec.containers[0].ports[0]`,
				`spec.template.spec.containers[1].ports[1]: duplicate port name "p" with spec.template.spec.containers[1].ports[0], ` +
					`services and probes that select ports by name will use spec.template.spec.containers[1].ports[0]`,
				`spec.template.spec.terminationGracePeriodSeconds: must be >= 0; negative values are invalid and will be treated as 1`,
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := valSeed()
			tc.change(s)
			got := sts.Warnings(s)
			if len(tc.want) == 0 {
				assert.Empty(t, got)
				return
			}
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestWarningsOnUpdateOnlyRepeatTemplateWarningsWhenTheSpecChanges(t *testing.T) {
	// upstream: pkg/registry/apps/statefulset/strategy.go WarningsOnUpdate
	old := valSeed()
	old.Spec.Template.Spec.TerminationGracePeriodSeconds = valPtr(int64(-1))
	old.Spec.RevisionHistoryLimit = valPtr(int32(-1))
	same := valSeed()
	same.Spec.Template.Spec.TerminationGracePeriodSeconds = valPtr(int64(-1))
	same.Spec.RevisionHistoryLimit = valPtr(int32(-1))
	same.Labels = map[string]string{"x": "y"}
	assert.Equal(t, []string{
		"spec.revisionHistoryLimit: a negative value retains all historical revisions; a value >= 0 is recommended",
	}, sts.WarningsOnUpdate(same, old))

	changed := valSeed()
	changed.Spec.Template.Spec.TerminationGracePeriodSeconds = valPtr(int64(-1))
	changed.Spec.RevisionHistoryLimit = valPtr(int32(-1))
	changed.Spec.Replicas = valPtr(int32(4))
	assert.Equal(t, []string{
		"spec.template.spec.terminationGracePeriodSeconds: must be >= 0; negative values are invalid and will be treated as 1",
		"spec.revisionHistoryLimit: a negative value retains all historical revisions; a value >= 0 is recommended",
	}, sts.WarningsOnUpdate(changed, old))
}
