package api

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

const (
	labelRegexMsg = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', " +
		"and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', " +
		"regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
	subdomainRegexMsg = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', " +
		"and must start and end with an alphanumeric character (e.g. 'example.com', " +
		"regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
	dns1035RegexMsg = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', " +
		"start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', " +
		"regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"
	keyNameRegexMsg = "name part must consist of alphanumeric characters, '-', '_' or '.', " +
		"and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', " +
		"regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"
	labelValueRegexMsg = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', " +
		"and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', " +
		"regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"
)

// upstream: apimachinery pkg/util/validation/validation.go RegexError
func TestRegexError(t *testing.T) {
	assert.Equal(t, "m (regex used for validation is 'r')", RegexError("m", "r"))
	assert.Equal(t, "m (e.g. 'a', regex used for validation is 'r')", RegexError("m", "r", "a"))
	assert.Equal(t, "m (e.g. 'a',  or 'b', regex used for validation is 'r')", RegexError("m", "r", "a", "b"))
}

// upstream: apimachinery pkg/util/validation/validation.go IsDNS1123Label
func TestIsDNS1123Label(t *testing.T) {
	tests := []struct {
		value string
		want  []string
	}{
		{"web", nil},
		{"123-abc", nil},
		{"a", nil},
		{strings.Repeat("a", 63), nil},
		{strings.Repeat("a", 64), []string{"must be no more than 63 characters"}},
		{"Web", []string{labelRegexMsg}},
		{"", []string{labelRegexMsg}},
		{"-web", []string{labelRegexMsg}},
		{"web-", []string{labelRegexMsg}},
		{"web_0", []string{labelRegexMsg}},
		{"web.example", []string{"must not contain dots"}},
		{strings.Repeat("a", 64) + ".b", []string{"must be no more than 63 characters", "must not contain dots"}},
		{strings.Repeat("A", 64), []string{"must be no more than 63 characters", labelRegexMsg}},
	}
	for _, tt := range tests {
		t.Run(tt.value, func(t *testing.T) {
			assert.Equal(t, tt.want, IsDNS1123Label(tt.value))
		})
	}
}

// upstream: apimachinery pkg/util/validation/validation.go IsDNS1123Subdomain
func TestIsDNS1123Subdomain(t *testing.T) {
	tests := []struct {
		value string
		want  []string
	}{
		{"web", nil},
		{"web.example.com", nil},
		{strings.Repeat("a", 253), nil},
		{strings.Repeat("a", 254), []string{"must be no more than 253 characters"}},
		{"Web.com", []string{subdomainRegexMsg}},
		{"web..com", []string{subdomainRegexMsg}},
		{".web", []string{subdomainRegexMsg}},
		{"", []string{subdomainRegexMsg}},
	}
	for _, tt := range tests {
		t.Run(tt.value, func(t *testing.T) {
			assert.Equal(t, tt.want, IsDNS1123Subdomain(tt.value))
		})
	}
}

// upstream: apimachinery pkg/util/validation/validation.go IsDNS1035Label
func TestIsDNS1035Label(t *testing.T) {
	tests := []struct {
		value string
		want  []string
	}{
		{"web", nil},
		{"a-1", nil},
		{"1abc", []string{dns1035RegexMsg}},
		{"a.b", []string{dns1035RegexMsg}},
		{strings.Repeat("a", 64), []string{"must be no more than 63 characters"}},
	}
	for _, tt := range tests {
		t.Run(tt.value, func(t *testing.T) {
			assert.Equal(t, tt.want, IsDNS1035Label(tt.value))
		})
	}
}

// upstream: apimachinery pkg/api/validate/content/kube.go IsLabelKey
// (pkg/util/validation.IsQualifiedName)
func TestIsQualifiedName(t *testing.T) {
	tests := []struct {
		value string
		want  []string
	}{
		{"app", nil},
		{"Uppercase_Is_OK_123", nil},
		{"example.com/MyName", nil},
		{"statefulset.kubernetes.io/pod-name", nil},
		{strings.Repeat("a", 253) + "/" + strings.Repeat("b", 63), nil},
		{"", []string{"name part must be non-empty", keyNameRegexMsg}},
		{"-app", []string{keyNameRegexMsg}},
		{strings.Repeat("a", 64), []string{"name part must be no more than 63 bytes"}},
		{"/app", []string{"prefix part must be non-empty"}},
		{"example.com/", []string{"name part must be non-empty", keyNameRegexMsg}},
		{"Example.com/app", []string{"prefix part " + subdomainRegexMsg}},
		{strings.Repeat("a", 254) + "/app", []string{"prefix part must be no more than 253 bytes"}},
		{"a/b/c", []string{"a valid label key must consist of alphanumeric characters, '-', '_' or '.', " +
			"and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', " +
			"regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') " +
			"with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"}},
	}
	for _, tt := range tests {
		t.Run(tt.value, func(t *testing.T) {
			assert.Equal(t, tt.want, IsQualifiedName(tt.value))
		})
	}
}

// upstream: apimachinery pkg/api/validate/content/kube.go IsLabelValue
// (pkg/util/validation.IsValidLabelValue)
func TestIsValidLabelValue(t *testing.T) {
	tests := []struct {
		value string
		want  []string
	}{
		{"", nil},
		{"web", nil},
		{"My_Value.1", nil},
		{strings.Repeat("a", 63), nil},
		{strings.Repeat("a", 64), []string{"must be no more than 63 bytes"}},
		{"-web", []string{labelValueRegexMsg}},
		{"web.", []string{labelValueRegexMsg}},
		{"a b", []string{labelValueRegexMsg}},
		{"rā", []string{labelValueRegexMsg}},
	}
	for _, tt := range tests {
		t.Run(tt.value, func(t *testing.T) {
			assert.Equal(t, tt.want, IsValidLabelValue(tt.value))
		})
	}
}

// upstream: apimachinery pkg/api/validation/generic.go NameIsDNSLabel,
// NameIsDNSSubdomain, NameIsDNS1035Label, maskTrailingDash
func TestNameFuncs(t *testing.T) {
	tests := []struct {
		name   string
		fn     ValidateNameFunc
		value  string
		prefix bool
		want   []string
	}{
		{"label ok", NameIsDNSLabel, "web", false, nil},
		{"label trailing dash is an error for names", NameIsDNSLabel, "web-", false, []string{labelRegexMsg}},
		{"label trailing dash masked for prefixes", NameIsDNSLabel, "web-", true, nil},
		{"single dash is not masked", NameIsDNSLabel, "-", true, []string{labelRegexMsg}},
		// maskTrailingDash drops two characters: "a.-" is checked as "aa", so a
		// dot right before the dash goes unnoticed.
		{"mask drops the character before the dash", NameIsDNSLabel, "a.-", true, nil},
		{"mask keeps length 63+1 valid", NameIsDNSLabel, strings.Repeat("a", 63) + "-", true, nil},
		{"subdomain allows dots", NameIsDNSSubdomain, "web.example", false, nil},
		{"subdomain prefix", NameIsDNSSubdomain, "web.example-", true, nil},
		{"subdomain rejects upper case", NameIsDNSSubdomain, "Web", false, []string{subdomainRegexMsg}},
		{"1035 rejects leading digit", NameIsDNS1035Label, "0web", false, []string{dns1035RegexMsg}},
		{"1035 prefix", NameIsDNS1035Label, "web-", true, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.fn(tt.value, tt.prefix))
		})
	}
}

// upstream: apimachinery pkg/api/validation/objectmeta.go ValidateObjectMetaAccessor
func TestValidateObjectMetaName(t *testing.T) {
	meta := NewPath("metadata")
	tests := []struct {
		name  string
		value string
		fn    ValidateNameFunc
		want  string
	}{
		{"valid", "web", NameIsDNSLabel, ""},
		{"empty", "", NameIsDNSLabel, "metadata.name: Required value: name or generateName is required"},
		{"upper case", "Web", NameIsDNSLabel, `metadata.name: Invalid value: "Web": ` + labelRegexMsg},
		{"too long and invalid", strings.Repeat("W", 64), NameIsDNSLabel,
			`[metadata.name: Invalid value: "` + strings.Repeat("W", 64) + `": must be no more than 63 characters, ` +
				`metadata.name: Invalid value: "` + strings.Repeat("W", 64) + `": ` + labelRegexMsg + `]`},
		{"dots in label", "web.x", NameIsDNSLabel, `metadata.name: Invalid value: "web.x": must not contain dots`},
		{"dots in subdomain", "web.x", NameIsDNSSubdomain, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, ValidateObjectMetaName(tt.value, tt.fn, meta).Error())
		})
	}
}

// upstream: apimachinery pkg/api/validation/generic.go ValidateNonnegativeField
func TestValidateNonnegativeField(t *testing.T) {
	assert.Empty(t, ValidateNonnegativeField(0, NewPath("spec", "replicas")))
	assert.Equal(t, "spec.replicas: Invalid value: -1: must be greater than or equal to 0",
		ValidateNonnegativeField(-1, NewPath("spec", "replicas")).Error())
}

// upstream: apimachinery pkg/apis/meta/v1/validation/validation.go ValidateLabels
func TestValidateLabels(t *testing.T) {
	p := NewPath("metadata", "labels")
	assert.Empty(t, ValidateLabels(nil, p))
	assert.Empty(t, ValidateLabels(map[string]string{"app": "web", "example.com/tier": ""}, p))

	errs := ValidateLabels(map[string]string{"b": "-x", "-a": "ok", "c": "fine"}, p)
	require.Len(t, errs, 2)
	// Keys are visited in sorted order; errors sit on the labels path itself.
	assert.Equal(t, `metadata.labels: Invalid value: "-a": `+keyNameRegexMsg, errs[0].Error())
	assert.Equal(t, `metadata.labels: Invalid value: "-x": `+labelValueRegexMsg, errs[1].Error())
}

// upstream: apimachinery pkg/api/validation/objectmeta.go ValidateAnnotations
func TestValidateAnnotations(t *testing.T) {
	p := NewPath("metadata", "annotations")
	assert.Empty(t, ValidateAnnotations(map[string]string{"Example.COM/Note": "anything at all: ok"}, p),
		"annotation keys are checked case-insensitively")

	errs := ValidateAnnotations(map[string]string{"-bad": "v"}, p)
	require.Len(t, errs, 1)
	assert.Equal(t, `metadata.annotations: Invalid value: "-bad": `+keyNameRegexMsg, errs[0].Error())

	atLimit := map[string]string{"k": strings.Repeat("x", TotalAnnotationSizeLimitB-1)}
	assert.Empty(t, ValidateAnnotations(atLimit, p))
	over := map[string]string{"k": strings.Repeat("x", TotalAnnotationSizeLimitB)}
	assert.Equal(t, "metadata.annotations: Too long: may not be more than 262144 bytes", ValidateAnnotations(over, p).Error())
}

// upstream: apimachinery pkg/apis/meta/v1/validation/validation.go
// ValidateLabelSelector, ValidateLabelSelectorRequirement
func TestValidateLabelSelector(t *testing.T) {
	p := NewPath("spec", "selector")
	tests := []struct {
		name string
		sel  *LabelSelector
		want []string
	}{
		{"nil", nil, nil},
		{"empty", &LabelSelector{}, nil},
		{"valid", &LabelSelector{
			MatchLabels: map[string]string{"app": "web"},
			MatchExpressions: []LabelSelectorRequirement{
				{Key: "tier", Operator: LabelSelectorOpIn, Values: []string{"a", ""}},
				{Key: "canary", Operator: LabelSelectorOpDoesNotExist},
			},
		}, nil},
		{"bad match label value", &LabelSelector{MatchLabels: map[string]string{"app": "Web!"}},
			[]string{`spec.selector.matchLabels: Invalid value: "Web!": ` + labelValueRegexMsg}},
		{"In without values", &LabelSelector{MatchExpressions: []LabelSelectorRequirement{{Key: "a", Operator: "In"}}},
			[]string{"spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'"}},
		{"Exists with values", &LabelSelector{MatchExpressions: []LabelSelectorRequirement{
			{Key: "a", Operator: "Exists"}, {Key: "a", Operator: "Exists", Values: []string{"x"}}}},
			[]string{"spec.selector.matchExpressions[1].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'"}},
		{"unknown operator, bad key and bad value", &LabelSelector{MatchExpressions: []LabelSelectorRequirement{
			{Key: "-a", Operator: "Equals", Values: []string{"-v"}}}},
			[]string{
				`spec.selector.matchExpressions[0].operator: Invalid value: "Equals": not a valid selector operator`,
				`spec.selector.matchExpressions[0].key: Invalid value: "-a": ` + keyNameRegexMsg,
				`spec.selector.matchExpressions[0].values[0]: Invalid value: "-v": ` + labelValueRegexMsg,
			}},
		{"Gt is not an API operator", &LabelSelector{MatchExpressions: []LabelSelectorRequirement{
			{Key: "a", Operator: LabelSelectorOpGt, Values: []string{"1"}}}},
			[]string{`spec.selector.matchExpressions[0].operator: Invalid value: "Gt": not a valid selector operator`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, e := range ValidateLabelSelector(tt.sel, p) {
				got = append(got, e.Error())
			}
			assert.Equal(t, tt.want, got)
		})
	}
}

// upstream: apimachinery pkg/apis/meta/v1/helpers.go LabelSelectorAsSelector
// and pkg/labels/selector.go Requirement.Matches
func TestLabelSelectorMatches(t *testing.T) {
	web := map[string]string{"app": "web", "tier": "front", "n": "5"}
	tests := []struct {
		name string
		sel  *LabelSelector
		lbls map[string]string
		want bool
	}{
		{"nil selector matches nothing", nil, web, false},
		{"empty selector matches everything", &LabelSelector{}, nil, true},
		{"match labels", &LabelSelector{MatchLabels: map[string]string{"app": "web"}}, web, true},
		{"match labels differ", &LabelSelector{MatchLabels: map[string]string{"app": "db"}}, web, false},
		{"match labels all required", &LabelSelector{MatchLabels: map[string]string{"app": "web", "x": "y"}}, web, false},
		{"In", sel(LabelSelectorOpIn, "tier", "back", "front"), web, true},
		{"In missing key", sel(LabelSelectorOpIn, "zone", "a"), web, false},
		{"NotIn", sel(LabelSelectorOpNotIn, "tier", "back"), web, true},
		{"NotIn excluded", sel(LabelSelectorOpNotIn, "tier", "front"), web, false},
		{"NotIn missing key matches", sel(LabelSelectorOpNotIn, "zone", "a"), web, true},
		{"Exists", sel(LabelSelectorOpExists, "app"), web, true},
		{"Exists missing", sel(LabelSelectorOpExists, "zone"), web, false},
		{"DoesNotExist", sel(LabelSelectorOpDoesNotExist, "zone"), web, true},
		{"DoesNotExist present", sel(LabelSelectorOpDoesNotExist, "app"), web, false},
		{"Gt", sel(LabelSelectorOpGt, "n", "4"), web, true},
		{"Gt equal", sel(LabelSelectorOpGt, "n", "5"), web, false},
		{"Lt", sel(LabelSelectorOpLt, "n", "6"), web, true},
		{"Lt non-integer label", sel(LabelSelectorOpLt, "app", "6"), web, false},
		{"unknown operator matches nothing", sel("Equals", "app", "web"), web, false},
		{"In without values is rejected", sel(LabelSelectorOpIn, "app"), web, false},
		{"NotIn without values is rejected", sel(LabelSelectorOpNotIn, "zone"), web, false},
		{"Exists with values is rejected", sel(LabelSelectorOpExists, "app", "web"), web, false},
		{"invalid key is rejected", &LabelSelector{MatchLabels: map[string]string{"-app": "web"}}, map[string]string{"-app": "web"}, false},
		{"invalid value is rejected", &LabelSelector{MatchLabels: map[string]string{"app": "-web"}}, map[string]string{"app": "-web"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.sel.Matches(tt.lbls))
		})
	}
}

func sel(op, key string, values ...string) *LabelSelector {
	return &LabelSelector{MatchExpressions: []LabelSelectorRequirement{{Key: key, Operator: op, Values: values}}}
}

// upstream: apimachinery pkg/apis/meta/v1/helpers.go FormatLabelSelector
func TestFormatLabelSelector(t *testing.T) {
	tests := []struct {
		name string
		sel  *LabelSelector
		want string
	}{
		{"nil", nil, "<none>"},
		{"empty", &LabelSelector{}, "<none>"},
		{"labels sorted", &LabelSelector{MatchLabels: map[string]string{"tier": "db", "app": "web"}}, "app=web,tier=db"},
		{"expressions sorted by key", &LabelSelector{
			MatchLabels: map[string]string{"m": "1"},
			MatchExpressions: []LabelSelectorRequirement{
				{Key: "z", Operator: LabelSelectorOpNotIn, Values: []string{"b", "a"}},
				{Key: "b", Operator: LabelSelectorOpDoesNotExist},
				{Key: "a", Operator: LabelSelectorOpExists},
				{Key: "c", Operator: LabelSelectorOpIn, Values: []string{"x"}},
			}}, "a,!b,c in (x),m=1,z notin (a,b)"},
		{"error", sel("Bogus", "a"), "<error>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, FormatLabelSelector(tt.sel))
		})
	}
}

func TestLabelSelectorDeepCopy(t *testing.T) {
	assert.Nil(t, (*LabelSelector)(nil).DeepCopy())
	orig := &LabelSelector{
		MatchLabels:      map[string]string{"app": "web"},
		MatchExpressions: []LabelSelectorRequirement{{Key: "tier", Operator: "In", Values: []string{"a"}}},
	}
	c := orig.DeepCopy()
	require.Equal(t, orig, c)
	c.MatchLabels["app"] = "db"
	c.MatchExpressions[0].Values[0] = "b"
	assert.Equal(t, "web", orig.MatchLabels["app"])
	assert.Equal(t, "a", orig.MatchExpressions[0].Values[0])
}

// upstream: apimachinery pkg/labels/selector.go Parse
func TestParseSelector(t *testing.T) {
	in := func(key string, vals ...string) LabelSelectorRequirement {
		return LabelSelectorRequirement{Key: key, Operator: LabelSelectorOpIn, Values: vals}
	}
	notIn := func(key string, vals ...string) LabelSelectorRequirement {
		return LabelSelectorRequirement{Key: key, Operator: LabelSelectorOpNotIn, Values: vals}
	}
	tests := []struct {
		input string
		want  []LabelSelectorRequirement
	}{
		{"", nil},
		{"   ", nil},
		{"app=web", []LabelSelectorRequirement{in("app", "web")}},
		{"app==web", []LabelSelectorRequirement{in("app", "web")}},
		{"app!=web", []LabelSelectorRequirement{notIn("app", "web")}},
		{"app=", []LabelSelectorRequirement{in("app", "")}},
		{"tier in (b,a,b)", []LabelSelectorRequirement{in("tier", "a", "b")}},
		{"tier notin (x)", []LabelSelectorRequirement{notIn("tier", "x")}},
		{"x in ()", []LabelSelectorRequirement{in("x", "")}},
		{"x in (a,,b)", []LabelSelectorRequirement{in("x", "", "a", "b")}},
		{"x in (,a)", []LabelSelectorRequirement{in("x", "", "a")}},
		{"in in (in)", []LabelSelectorRequirement{in("in", "in")}},
		{"track", []LabelSelectorRequirement{{Key: "track", Operator: LabelSelectorOpExists}}},
		{"!canary", []LabelSelectorRequirement{{Key: "canary", Operator: LabelSelectorOpDoesNotExist}}},
		{"n>3", []LabelSelectorRequirement{{Key: "n", Operator: LabelSelectorOpGt, Values: []string{"3"}}}},
		{"n<3", []LabelSelectorRequirement{{Key: "n", Operator: LabelSelectorOpLt, Values: []string{"3"}}}},
		{" z = 1 , app in ( web ) , !b ", []LabelSelectorRequirement{
			in("app", "web"), {Key: "b", Operator: LabelSelectorOpDoesNotExist}, in("z", "1")}},
		{"a=1,a=2", []LabelSelectorRequirement{in("a", "1"), in("a", "2")}},
	}
	for _, tt := range tests {
		t.Run(tt.input, func(t *testing.T) {
			got, err := ParseSelector(tt.input)
			require.NoError(t, err)
			assert.Equal(t, &LabelSelector{MatchExpressions: tt.want}, got)
		})
	}
}

// upstream: apimachinery pkg/labels/selector.go Parse (error messages)
func TestParseSelectorErrors(t *testing.T) {
	tests := []struct {
		input string
		want  string
	}{
		{"a b", "unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt"},
		{"a=web!", "found '!', expected: ',' or 'end of string'"},
		{",a", "found ',', expected: !, identifier, or 'end of string'"},
		{"a,", "found '', expected: identifier after ','"},
		{"a,,b", "found ',', expected: identifier after ','"},
		{"!", "unable to parse requirement: found '', expected: identifier"},
		{"!a=b", "found '=', expected: ',' or 'end of string'"},
		{"a===b", "unable to parse requirement: found '=', expected: identifier"},
		{"a in x", "unable to parse requirement: found 'x' expected: '('"},
		{"a in (x", "unable to parse requirement: found '', expected: ',' or ')'"},
		{"a in (=)", "unable to parse requirement: found '=', expected: ',', ')' or identifier"},
		{"a in (x,=)", "unable to parse requirement: found '=', expected: ',', or identifier"},
		{"a=(", "unable to parse requirement: found '(', expected: identifier"},
		{"-x", `unable to parse requirement: <nil>: Invalid value: "-x": ` + keyNameRegexMsg},
		{"a/b/c=d", `unable to parse requirement: <nil>: Invalid value: "a/b/c": a valid label key must consist of ` +
			`alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character ` +
			`(e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') ` +
			`with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`},
		{"a=-web", `unable to parse requirement: values[0][a]: Invalid value: "-web": ` + labelValueRegexMsg},
		{"a>b", `unable to parse requirement: values[0]: Invalid value: "b": for 'Gt', 'Lt' operators, the value must be an integer`},
		{"a>-b", `unable to parse requirement: [values[0]: Invalid value: "-b": for 'Gt', 'Lt' operators, the value must be an integer, ` +
			`values[0][a]: Invalid value: "-b": ` + labelValueRegexMsg + `]`},
	}
	for _, tt := range tests {
		t.Run(tt.input, func(t *testing.T) {
			got, err := ParseSelector(tt.input)
			require.Error(t, err)
			assert.Nil(t, got)
			assert.Equal(t, tt.want, err.Error())
		})
	}
}

func TestParsedSelectorMatches(t *testing.T) {
	s, err := ParseSelector("app=web,tier!=db,!canary,zone in (a,b),n>2")
	require.NoError(t, err)
	assert.True(t, s.Matches(map[string]string{"app": "web", "zone": "a", "n": "3"}))
	assert.True(t, s.Matches(map[string]string{"app": "web", "zone": "b", "n": "9", "tier": "front"}))
	assert.False(t, s.Matches(map[string]string{"app": "web", "zone": "a", "n": "3", "tier": "db"}))
	assert.False(t, s.Matches(map[string]string{"app": "web", "zone": "a", "n": "3", "canary": ""}))
	assert.False(t, s.Matches(map[string]string{"app": "web", "zone": "c", "n": "3"}))
	assert.False(t, s.Matches(map[string]string{"app": "web", "zone": "a", "n": "2"}))
	assert.False(t, s.Matches(map[string]string{"zone": "a", "n": "3"}))
}

// Formatting a selector and parsing the text back must select the same label
// sets: FormatLabelSelector writes the syntax ParseSelector reads.
func TestFormatParseRoundTrip(t *testing.T) {
	keys := []string{"app", "tier", "example.com/zone"}
	vals := []string{"", "web", "db", "1", "22"}
	ops := []string{LabelSelectorOpIn, LabelSelectorOpNotIn, LabelSelectorOpExists, LabelSelectorOpDoesNotExist, LabelSelectorOpGt, LabelSelectorOpLt}
	rapid.Check(t, func(t *rapid.T) {
		s := &LabelSelector{MatchLabels: rapid.MapOf(rapid.SampledFrom(keys), rapid.SampledFrom(vals)).Draw(t, "matchLabels")}
		for range rapid.IntRange(0, 3).Draw(t, "n") {
			r := LabelSelectorRequirement{Key: rapid.SampledFrom(keys).Draw(t, "key"), Operator: rapid.SampledFrom(ops).Draw(t, "op")}
			switch r.Operator {
			case LabelSelectorOpIn, LabelSelectorOpNotIn:
				r.Values = rapid.SliceOfN(rapid.SampledFrom(vals), 1, 3).Draw(t, "values")
			case LabelSelectorOpGt, LabelSelectorOpLt:
				r.Values = []string{rapid.SampledFrom([]string{"1", "22"}).Draw(t, "int")}
			}
			s.MatchExpressions = append(s.MatchExpressions, r)
		}
		text := FormatLabelSelector(s)
		if text == "<none>" {
			text = ""
		}
		parsed, err := ParseSelector(text)
		if err != nil {
			t.Fatalf("ParseSelector(%q): %v", text, err)
		}
		lbls := rapid.MapOf(rapid.SampledFrom(keys), rapid.SampledFrom(vals)).Draw(t, "labels")
		if s.Matches(lbls) != parsed.Matches(lbls) {
			t.Fatalf("%q: selector says %v, parsed %+v says %v on %v", text, s.Matches(lbls), parsed, parsed.Matches(lbls), lbls)
		}
	})
}

// TestPlainLabelChecksAreConservative: the fast label checks never accept
// what the full rules reject (a subdomain prefix with '_', an empty label
// or a label ending in '-' was once accepted), and accept the ordinary
// keys and values of StatefulSet pods.
func TestPlainLabelChecksAreConservative(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		part := rapid.StringOfN(rapid.SampledFrom([]rune("ab9Z-_./")), 0, 12, -1)
		k := part.Draw(t, "key")
		if rapid.Bool().Draw(t, "prefixed") {
			k = part.Draw(t, "prefix") + "/" + k
		}
		if PlainLabelKey(k) {
			assert.Empty(t, IsQualifiedName(k), "PlainLabelKey(%q)", k)
		}
		if v := part.Draw(t, "value"); PlainLabelValue(v) {
			assert.Empty(t, IsValidLabelValue(v), "PlainLabelValue(%q)", v)
		}
	})
	for _, k := range []string{"app", "statefulset.kubernetes.io/pod-name", "apps.kubernetes.io/pod-index", "controller-revision-hash", "a-b.c0/X_y.z"} {
		assert.True(t, PlainLabelKey(k), k)
	}
	for _, k := range []string{"a_b.io/x", "a..b/x", "a.-b/x", "a.b-/x", ".a/x", "A.io/x", "/x", "a/"} {
		assert.False(t, PlainLabelKey(k), k)
	}
}
