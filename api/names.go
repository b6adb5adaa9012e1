package api

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// ---------------------------------------------------------------------------
// Message helpers (apimachinery pkg/util/validation and pkg/api/validate/content)
// ---------------------------------------------------------------------------

// Length limits of the naming rules.
const (
	// DNS1123LabelMaxLength is the longest RFC 1123 label.
	DNS1123LabelMaxLength = 63
	// DNS1123SubdomainMaxLength is the longest RFC 1123 subdomain.
	DNS1123SubdomainMaxLength = 253
	// DNS1035LabelMaxLength is the longest RFC 1035 label.
	DNS1035LabelMaxLength = 63
	// LabelValueMaxLength is the longest label value, and the longest name
	// part of a label key.
	LabelValueMaxLength = 63
	// TotalAnnotationSizeLimitB is the most bytes all of an object's
	// annotation keys and values may take together.
	TotalAnnotationSizeLimitB = 256 * (1 << 10)
)

// Fixed details used by object validation (apimachinery
// pkg/api/validation/generic.go).
const (
	// IsNegativeErrorMsg is the detail of a negative value that must not be.
	IsNegativeErrorMsg = "must be greater than or equal to 0"
)

// MaxLenError is the detail of a too long name:
// "must be no more than 63 characters".
func MaxLenError(length int) string {
	return fmt.Sprintf("must be no more than %d characters", length)
}

// maxLenBytesError is the newer content package's wording, used for label
// keys and values: "must be no more than 63 bytes".
func maxLenBytesError(length int) string {
	return fmt.Sprintf("must be no more than %d bytes", length)
}

// EmptyError is the detail of an empty string that must not be empty.
func EmptyError() string {
	return "must be non-empty"
}

// RegexError is the detail of a value that does not match re. Each example
// is followed by "', '" and examples are joined with " or ", which gives
// upstream's doubled space: "(e.g. 'my-name',  or '123-abc', regex used for
// validation is '...')".
func RegexError(msg, re string, examples ...string) string {
	if len(examples) == 0 {
		return msg + " (regex used for validation is '" + re + "')"
	}
	var b strings.Builder
	b.WriteString(msg + " (e.g. ")
	for i, ex := range examples {
		if i > 0 {
			b.WriteString(" or ")
		}
		b.WriteString("'" + ex + "', ")
	}
	b.WriteString("regex used for validation is '" + re + "')")
	return b.String()
}

// ---------------------------------------------------------------------------
// DNS names and label syntax
// ---------------------------------------------------------------------------

const (
	dns1123LabelFmt       = "[a-z0-9]([-a-z0-9]*[a-z0-9])?"
	dns1123LabelErrMsg    = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character"
	dns1123SubdomainFmt   = dns1123LabelFmt + "(\\." + dns1123LabelFmt + ")*"
	dns1123SubdomainError = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character"
	dns1035LabelFmt       = "[a-z]([-a-z0-9]*[a-z0-9])?"
	dns1035LabelErrMsg    = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character"
	labelKeyCharFmt       = "[A-Za-z0-9]"
	labelKeyExtCharFmt    = "[-A-Za-z0-9_.]"
	labelKeyFmt           = "(" + labelKeyCharFmt + labelKeyExtCharFmt + "*)?" + labelKeyCharFmt
	labelKeyErrMsg        = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character"
	labelValueFmt         = "(" + labelKeyFmt + ")?"
	labelValueErrMsg      = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character"
)

var (
	dns1123LabelRegexp     = regexp.MustCompile("^" + dns1123LabelFmt + "$")
	dns1123SubdomainRegexp = regexp.MustCompile("^" + dns1123SubdomainFmt + "$")
	dns1035LabelRegexp     = regexp.MustCompile("^" + dns1035LabelFmt + "$")
	labelKeyRegexp         = regexp.MustCompile("^" + labelKeyFmt + "$")
	labelValueRegexp       = regexp.MustCompile("^" + labelValueFmt + "$")
)

// IsDNS1123Label returns why value is not an RFC 1123 label (at most 63
// characters of [a-z0-9-], alphanumeric at both ends), or nil if it is one.
func IsDNS1123Label(value string) []string {
	var errs []string
	if len(value) > DNS1123LabelMaxLength {
		errs = append(errs, MaxLenError(DNS1123LabelMaxLength))
	}
	if !dns1123LabelRegexp.MatchString(value) {
		if dns1123SubdomainRegexp.MatchString(value) {
			errs = append(errs, "must not contain dots")
		} else {
			errs = append(errs, RegexError(dns1123LabelErrMsg, dns1123LabelFmt, "my-name", "123-abc"))
		}
	}
	return errs
}

// IsDNS1123Subdomain returns why value is not an RFC 1123 subdomain (at most
// 253 characters of dot-separated labels), or nil if it is one.
func IsDNS1123Subdomain(value string) []string {
	return isDNS1123Subdomain(value, MaxLenError)
}

// isDNS1123Subdomain checks a subdomain, wording the length error with
// lenErr (the util/validation and content packages differ there).
func isDNS1123Subdomain(value string, lenErr func(int) string) []string {
	var errs []string
	if len(value) > DNS1123SubdomainMaxLength {
		errs = append(errs, lenErr(DNS1123SubdomainMaxLength))
	}
	if !dns1123SubdomainRegexp.MatchString(value) {
		errs = append(errs, RegexError(dns1123SubdomainError, dns1123SubdomainFmt, "example.com"))
	}
	return errs
}

// IsDNS1035Label returns why value is not an RFC 1035 label (like an RFC
// 1123 label but starting with a letter), or nil if it is one.
func IsDNS1035Label(value string) []string {
	var errs []string
	if len(value) > DNS1035LabelMaxLength {
		errs = append(errs, MaxLenError(DNS1035LabelMaxLength))
	}
	if !dns1035LabelRegexp.MatchString(value) {
		errs = append(errs, RegexError(dns1035LabelErrMsg, dns1035LabelFmt, "my-name", "abc-123"))
	}
	return errs
}

// IsQualifiedName returns why value is not a qualified name (a label key
// such as "app" or "example.com/app"), or nil if it is one.
func IsQualifiedName(value string) []string {
	parts := strings.Split(value, "/")
	var errs []string
	var name string
	switch len(parts) {
	case 1:
		name = parts[0]
	case 2:
		name = parts[1]
		errs = append(errs, labelKeyPrefixErrors(parts[0])...)
	default:
		return []string{"a valid label key " + RegexError(labelKeyErrMsg, labelKeyFmt, "MyName", "my.name", "123-abc") +
			" with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"}
	}
	return append(errs, labelKeyNameErrors(name)...)
}

// labelKeyPrefixErrors checks the DNS prefix of a label key.
func labelKeyPrefixErrors(prefix string) []string {
	if prefix == "" {
		return []string{"prefix part " + EmptyError()}
	}
	msgs := isDNS1123Subdomain(prefix, maxLenBytesError)
	for i := range msgs {
		msgs[i] = "prefix part " + msgs[i]
	}
	return msgs
}

// labelKeyNameErrors checks the name part of a label key.
func labelKeyNameErrors(name string) []string {
	var errs []string
	if name == "" {
		errs = append(errs, "name part "+EmptyError())
	} else if len(name) > LabelValueMaxLength {
		errs = append(errs, "name part "+maxLenBytesError(LabelValueMaxLength))
	}
	if !labelKeyRegexp.MatchString(name) {
		errs = append(errs, "name part "+RegexError(labelKeyErrMsg, labelKeyFmt, "MyName", "my.name", "123-abc"))
	}
	return errs
}

// IsValidLabelValue returns why value is not a valid label value (empty, or
// at most 63 bytes of [A-Za-z0-9_.-] alphanumeric at both ends), or nil.
func IsValidLabelValue(value string) []string {
	var errs []string
	if len(value) > LabelValueMaxLength {
		errs = append(errs, maxLenBytesError(LabelValueMaxLength))
	}
	if !labelValueRegexp.MatchString(value) {
		errs = append(errs, RegexError(labelValueErrMsg, labelValueFmt, "MyValue", "my_value", "12345"))
	}
	return errs
}

// ---------------------------------------------------------------------------
// Object metadata
// ---------------------------------------------------------------------------

// ValidateNameFunc checks an object name for one kind of resource. prefix is
// true when the name is a generateName to which a suffix will be appended.
// It returns why the name is invalid, or nil.
type ValidateNameFunc func(name string, prefix bool) []string

// NameIsDNSSubdomain is the ValidateNameFunc of names that must be RFC 1123
// subdomains.
func NameIsDNSSubdomain(name string, prefix bool) []string {
	if prefix {
		name = maskTrailingDash(name)
	}
	return IsDNS1123Subdomain(name)
}

// NameIsDNSLabel is the ValidateNameFunc of names that must be RFC 1123
// labels.
func NameIsDNSLabel(name string, prefix bool) []string {
	if prefix {
		name = maskTrailingDash(name)
	}
	return IsDNS1123Label(name)
}

// NameIsDNS1035Label is the ValidateNameFunc of names that must be RFC 1035
// labels.
func NameIsDNS1035Label(name string, prefix bool) []string {
	if prefix {
		name = maskTrailingDash(name)
	}
	return IsDNS1035Label(name)
}

// maskTrailingDash makes a generateName ending in '-' checkable as a name.
// Like upstream it replaces the last TWO characters by "a" ("web-" is
// checked as "wa"), so it also shortens the name by one.
func maskTrailingDash(name string) string {
	if len(name) > 1 && strings.HasSuffix(name, "-") {
		return name[:len(name)-2] + "a"
	}
	return name
}

// ValidateObjectMetaName checks metadata.name the way ValidateObjectMeta
// does: path is the metadata path (e.g. NewPath("metadata")); an empty name
// is "Required value: name or generateName is required", otherwise every
// message of nameFn(name, false) is an Invalid error on path.name.
func ValidateObjectMetaName(name string, nameFn ValidateNameFunc, path *Path) ErrorList {
	namePath := path.Child("name")
	if name == "" {
		return ErrorList{Required(namePath, "name or generateName is required")}
	}
	var errs ErrorList
	for _, msg := range nameFn(name, false) {
		errs = append(errs, Invalid(namePath, name, msg))
	}
	return errs
}

// ValidateNonnegativeField returns an Invalid error on path when value is
// negative: "Invalid value: -1: must be greater than or equal to 0".
func ValidateNonnegativeField(value int64, path *Path) ErrorList {
	if value >= 0 {
		return nil
	}
	return ErrorList{Invalid(path, value, IsNegativeErrorMsg)}
}

// ValidateLabelName returns an Invalid error on path for each reason name is
// not a valid label key.
func ValidateLabelName(name string, path *Path) ErrorList {
	var errs ErrorList
	for _, msg := range IsQualifiedName(name) {
		errs = append(errs, Invalid(path, name, msg))
	}
	return errs
}

// ValidateLabels checks every key and value of labels. As upstream, errors
// are reported on path itself (metadata.labels), not on path[key]; unlike
// upstream, keys are visited in sorted order so the result is deterministic.
func ValidateLabels(labels map[string]string, path *Path) ErrorList {
	var errs ErrorList
	for _, k := range sortedKeys(labels) {
		errs = append(errs, ValidateLabelName(k, path)...)
		for _, msg := range IsValidLabelValue(labels[k]) {
			errs = append(errs, Invalid(path, labels[k], msg))
		}
	}
	return errs
}

// ValidateAnnotations checks that every annotation key is a qualified name
// (case-insensitively) and that keys and values together take at most
// TotalAnnotationSizeLimitB bytes ("Too long: may not be more than 262144
// bytes"). Keys are visited in sorted order.
func ValidateAnnotations(annotations map[string]string, path *Path) ErrorList {
	var errs ErrorList
	total := 0
	for _, k := range sortedKeys(annotations) {
		for _, msg := range IsQualifiedName(strings.ToLower(k)) {
			errs = append(errs, Invalid(path, k, msg))
		}
		total += len(k) + len(annotations[k])
	}
	if total > TotalAnnotationSizeLimitB {
		errs = append(errs, TooLong(path, "", TotalAnnotationSizeLimitB))
	}
	return errs
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// ---------------------------------------------------------------------------
// Label selectors
// ---------------------------------------------------------------------------

// The operators of a LabelSelectorRequirement.
const (
	// LabelSelectorOpIn: the label is set to one of Values.
	LabelSelectorOpIn = "In"
	// LabelSelectorOpNotIn: the label is unset or set to none of Values.
	LabelSelectorOpNotIn = "NotIn"
	// LabelSelectorOpExists: the label is set.
	LabelSelectorOpExists = "Exists"
	// LabelSelectorOpDoesNotExist: the label is unset.
	LabelSelectorOpDoesNotExist = "DoesNotExist"
	// LabelSelectorOpGt: the label is an integer greater than Values[0].
	// Only ParseSelector produces it ("key>3"); the API rejects it.
	LabelSelectorOpGt = "Gt"
	// LabelSelectorOpLt: the label is an integer less than Values[0].
	// Only ParseSelector produces it ("key<3"); the API rejects it.
	LabelSelectorOpLt = "Lt"
)

// LabelSelector is metav1.LabelSelector: all of MatchLabels and all of
// MatchExpressions must hold. A nil selector matches nothing and an empty one
// matches everything.
type LabelSelector struct {
	MatchLabels      map[string]string          `json:"matchLabels,omitempty"`
	MatchExpressions []LabelSelectorRequirement `json:"matchExpressions,omitempty"`
}

// LabelSelectorRequirement is one expression of a LabelSelector.
type LabelSelectorRequirement struct {
	Key      string   `json:"key"`
	Operator string   `json:"operator"`
	Values   []string `json:"values,omitempty"`
}

// DeepCopy returns a copy of s sharing no maps or slices with it.
func (s *LabelSelector) DeepCopy() *LabelSelector {
	if s == nil {
		return nil
	}
	c := &LabelSelector{}
	if s.MatchLabels != nil {
		c.MatchLabels = make(map[string]string, len(s.MatchLabels))
		for k, v := range s.MatchLabels {
			c.MatchLabels[k] = v
		}
	}
	for _, r := range s.MatchExpressions {
		r.Values = slices.Clone(r.Values)
		c.MatchExpressions = append(c.MatchExpressions, r)
	}
	return c
}

// Matches reports whether labels satisfy s, as the selector built by
// metav1.LabelSelectorAsSelector would: false for a nil selector, true for
// an empty one, false for a selector that LabelSelectorAsSelector would
// reject (bad key or value, unknown operator, wrong number of values).
func (s *LabelSelector) Matches(labels map[string]string) bool {
	if s == nil {
		return false
	}
	if ok, decided := s.matchesPlain(labels); decided {
		return ok
	}
	reqs, err := s.requirements()
	if err != nil {
		return false
	}
	for _, r := range reqs {
		if !r.matches(labels) {
			return false
		}
	}
	return true
}

// matchesPlain is the fast path of Matches for the common selector: only
// matchLabels, with keys and values that are plainly valid. decided is
// false when the full rules are needed.
func (s *LabelSelector) matchesPlain(labels map[string]string) (ok, decided bool) {
	if len(s.MatchExpressions) > 0 {
		return false, false
	}
	for k, v := range s.MatchLabels {
		if !PlainLabelKey(k) || !PlainLabelValue(v) {
			return false, false
		}
	}
	for k, v := range s.MatchLabels {
		if got, has := labels[k]; !has || got != v {
			return false, true
		}
	}
	return true, true
}

// PlainLabelKey is a fast, conservative label-key check: true only for keys
// IsQualifiedName accepts (a name of at most 63 alphanumerics with inner
// '-', '_', '.', optionally prefixed by a lowercase RFC 1123 subdomain and
// '/'). A false answer means "use the full rules", not "invalid".
func PlainLabelKey(k string) bool {
	prefix, name, found := strings.Cut(k, "/")
	if !found {
		name, prefix = prefix, ""
	}
	return name != "" && PlainLabelValue(name) && (!found || plainSubdomain(prefix))
}

// plainSubdomain reports whether s is a lowercase RFC 1123 subdomain of at
// most 253 characters: dot-separated labels of [a-z0-9-], each starting and
// ending with an alphanumeric.
func plainSubdomain(s string) bool {
	if s == "" || len(s) > 253 {
		return false
	}
	start := 0 // of the current label
	for i := 0; i <= len(s); i++ {
		if i < len(s) && s[i] != '.' {
			if c := s[i]; !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
				return false
			}
			continue
		}
		if i == start || s[start] == '-' || s[i-1] == '-' {
			return false
		}
		start = i + 1
	}
	return true
}

// PlainLabelValue reports whether v is a valid label value (at most 63
// characters, alphanumerics with inner '-', '_', '.', or empty) without the
// regular expression of IsValidLabelValue.
func PlainLabelValue(v string) bool {
	if len(v) > 63 {
		return false
	}
	for i := 0; i < len(v); i++ {
		c := v[i]
		alnum := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
		if !alnum && (i == 0 || i == len(v)-1 || c != '-' && c != '_' && c != '.') {
			return false
		}
	}
	return true
}

// FormatLabelSelector renders s as metav1.FormatLabelSelector does (what
// kubectl describe shows): requirements sorted by key, e.g.
// "app=web,tier in (a,b)"; "<none>" for a nil or empty selector and
// "<error>" for one that cannot be converted.
func FormatLabelSelector(s *LabelSelector) string {
	if s == nil {
		return "<none>"
	}
	reqs, err := s.requirements()
	if err != nil {
		return "<error>"
	}
	parts := make([]string, len(reqs))
	for i, r := range reqs {
		parts[i] = r.String()
	}
	if len(parts) == 0 {
		return "<none>"
	}
	return strings.Join(parts, ",")
}

// ValidateLabelSelector checks s as the API does
// (apimachinery metav1 validation ValidateLabelSelector with default
// options). A nil selector is valid here; callers that need one report
// Required themselves.
func ValidateLabelSelector(s *LabelSelector, path *Path) ErrorList {
	if s == nil {
		return nil
	}
	errs := ValidateLabels(s.MatchLabels, path.Child("matchLabels"))
	for i, r := range s.MatchExpressions {
		errs = append(errs, ValidateLabelSelectorRequirement(r, path.Child("matchExpressions").Index(i))...)
	}
	return errs
}

// ValidateLabelSelectorRequirement checks one expression of a selector.
func ValidateLabelSelectorRequirement(r LabelSelectorRequirement, path *Path) ErrorList {
	var errs ErrorList
	switch r.Operator {
	case LabelSelectorOpIn, LabelSelectorOpNotIn:
		if len(r.Values) == 0 {
			errs = append(errs, Required(path.Child("values"), "must be specified when `operator` is 'In' or 'NotIn'"))
		}
	case LabelSelectorOpExists, LabelSelectorOpDoesNotExist:
		if len(r.Values) > 0 {
			errs = append(errs, Forbidden(path.Child("values"), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"))
		}
	default:
		errs = append(errs, Invalid(path.Child("operator"), r.Operator, "not a valid selector operator"))
	}
	return append(errs, validateKeyAndValues(r.Key, r.Values, path)...)
}

// validateKeyAndValues checks the key of a selector expression as a label
// name and each of its values as a label value.
func validateKeyAndValues(key string, values []string, path *Path) ErrorList {
	errs := ValidateLabelName(key, path.Child("key"))
	for i, v := range values {
		for _, msg := range IsValidLabelValue(v) {
			errs = append(errs, Invalid(path.Child("values").Index(i), v, msg))
		}
	}
	return errs
}

// selOp is an operator of apimachinery's labels package (pkg/selection).
type selOp string

const (
	opDoesNotExist selOp = "!"
	opEquals       selOp = "="
	opDoubleEquals selOp = "=="
	opIn           selOp = "in"
	opNotEquals    selOp = "!="
	opNotIn        selOp = "notin"
	opExists       selOp = "exists"
	opGreaterThan  selOp = "gt"
	opLessThan     selOp = "lt"
)

// binaryOperators is the list labels.Parse quotes when it expects an operator.
var binaryOperators = []string{"in", "notin", "=", "==", "!=", "gt", "lt"}

// requirement is a validated labels.Requirement.
type requirement struct {
	key    string
	op     selOp
	values []string
}

// newRequirement validates like labels.NewRequirement; path is the optional
// prefix of the error paths (nil in labels.Parse).
func newRequirement(key string, op selOp, vals []string, path *Path) (requirement, error) {
	var errs ErrorList
	if msgs := IsQualifiedName(key); len(msgs) > 0 {
		errs = append(errs, Invalid(path.Child("key"), key, strings.Join(msgs, "; ")))
	}
	errs = append(errs, checkValueCount(op, vals, path)...)
	for i, v := range vals {
		if msgs := IsValidLabelValue(v); len(msgs) > 0 {
			errs = append(errs, Invalid(path.Child("values").Index(i).Key(key), v, strings.Join(msgs, "; ")))
		}
	}
	return requirement{key: key, op: op, values: vals}, errs.ToAggregate()
}

// checkValueCount checks the operator and the number (for gt/lt also the
// form) of the values of a requirement at path.
func checkValueCount(op selOp, vals []string, path *Path) ErrorList {
	valuePath := path.Child("values")
	switch op {
	case opIn, opNotIn:
		if len(vals) == 0 {
			return ErrorList{Invalid(valuePath, vals, "for 'in', 'notin' operators, values set can't be empty")}
		}
	case opEquals, opDoubleEquals, opNotEquals:
		if len(vals) != 1 {
			return ErrorList{Invalid(valuePath, vals, "exact-match compatibility requires one single value")}
		}
	case opExists, opDoesNotExist:
		if len(vals) != 0 {
			return ErrorList{Invalid(valuePath, vals, "values set must be empty for exists and does not exist")}
		}
	case opGreaterThan, opLessThan:
		var errs ErrorList
		if len(vals) != 1 {
			errs = append(errs, Invalid(valuePath, vals, "for 'Gt', 'Lt' operators, exactly one value is required"))
		}
		for i, v := range vals {
			if _, err := strconv.ParseInt(v, 10, 64); err != nil {
				errs = append(errs, Invalid(valuePath.Index(i), v, "for 'Gt', 'Lt' operators, the value must be an integer"))
			}
		}
		return errs
	default:
		valid := slices.Concat(binaryOperators, []string{string(opExists), string(opDoesNotExist)})
		return ErrorList{NotSupported(path.Child("operator"), op, valid)}
	}
	return nil
}

// matches is labels.Requirement.Matches.
func (r requirement) matches(labels map[string]string) bool {
	v, ok := labels[r.key]
	switch r.op {
	case opIn, opEquals, opDoubleEquals:
		return ok && slices.Contains(r.values, v)
	case opNotIn, opNotEquals:
		return !ok || !slices.Contains(r.values, v)
	case opExists:
		return ok
	case opDoesNotExist:
		return !ok
	case opGreaterThan, opLessThan:
		return ok && compareInts(r.op, v, r.values)
	}
	return false
}

// compareInts evaluates "label > want" or "label < want" on integers.
func compareInts(op selOp, label string, want []string) bool {
	if len(want) != 1 {
		return false
	}
	l, err1 := strconv.ParseInt(label, 10, 64)
	w, err2 := strconv.ParseInt(want[0], 10, 64)
	if err1 != nil || err2 != nil {
		return false
	}
	if op == opGreaterThan {
		return l > w
	}
	return l < w
}

// opText is how labels.Requirement.String writes each binary operator.
var opText = map[selOp]string{
	opEquals: "=", opDoubleEquals: "==", opNotEquals: "!=", opIn: " in ",
	opNotIn: " notin ", opGreaterThan: ">", opLessThan: "<",
}

// String is labels.Requirement.String: "!k", "k", "k=v", "k in (a,b)"...
func (r requirement) String() string {
	switch r.op {
	case opExists:
		return r.key
	case opDoesNotExist:
		return "!" + r.key
	}
	vals := strings.Join(sortedCopy(r.values), ",")
	if r.op == opIn || r.op == opNotIn {
		vals = "(" + vals + ")"
	}
	return r.key + opText[r.op] + vals
}

func sortedCopy(in []string) []string {
	out := slices.Clone(in)
	slices.Sort(out)
	return out
}

// exprOps maps LabelSelector operators to labels operators.
var exprOps = map[string]selOp{
	LabelSelectorOpIn:           opIn,
	LabelSelectorOpNotIn:        opNotIn,
	LabelSelectorOpExists:       opExists,
	LabelSelectorOpDoesNotExist: opDoesNotExist,
	LabelSelectorOpGt:           opGreaterThan,
	LabelSelectorOpLt:           opLessThan,
}

// requirements converts s like metav1.LabelSelectorAsSelector (plus Gt and
// Lt), sorted by key.
func (s *LabelSelector) requirements() ([]requirement, error) {
	var reqs []requirement
	for _, k := range sortedKeys(s.MatchLabels) {
		r, err := newRequirement(k, opEquals, []string{s.MatchLabels[k]}, nil)
		if err != nil {
			return nil, err
		}
		reqs = append(reqs, r)
	}
	for _, e := range s.MatchExpressions {
		op, ok := exprOps[e.Operator]
		if !ok {
			return nil, fmt.Errorf("%q is not a valid label selector operator", e.Operator)
		}
		r, err := newRequirement(e.Key, op, slices.Clone(e.Values), nil)
		if err != nil {
			return nil, err
		}
		reqs = append(reqs, r)
	}
	slices.SortStableFunc(reqs, func(a, b requirement) int { return strings.Compare(a.key, b.key) })
	return reqs, nil
}

// ---------------------------------------------------------------------------
// kubectl -l syntax (apimachinery pkg/labels Parse)
// ---------------------------------------------------------------------------

// ParseSelector parses a selector in kubectl's -l syntax, e.g.
// "app=web,tier!=db,env in (a,b),release notin (x),!canary,track", with the
// errors of apimachinery's labels.Parse. "=" and "==" become In with one
// value, "!=" becomes NotIn with one value, "k>3"/"k<3" become Gt/Lt; the
// expressions are sorted by key. The empty string gives an empty selector,
// which matches everything.
func ParseSelector(s string) (*LabelSelector, error) {
	p := &selParser{items: lexSelector(s)}
	reqs, err := p.parse()
	if err != nil {
		return nil, err
	}
	slices.SortStableFunc(reqs, func(a, b requirement) int { return strings.Compare(a.key, b.key) })
	sel := &LabelSelector{}
	for _, r := range reqs {
		sel.MatchExpressions = append(sel.MatchExpressions, r.expression())
	}
	return sel, nil
}

// expression converts a parsed requirement to a LabelSelectorRequirement.
func (r requirement) expression() LabelSelectorRequirement {
	e := LabelSelectorRequirement{Key: r.key, Values: r.values}
	switch r.op {
	case opIn, opEquals, opDoubleEquals:
		e.Operator = LabelSelectorOpIn
	case opNotIn, opNotEquals:
		e.Operator = LabelSelectorOpNotIn
	case opExists:
		e.Operator, e.Values = LabelSelectorOpExists, nil
	case opDoesNotExist:
		e.Operator, e.Values = LabelSelectorOpDoesNotExist, nil
	case opGreaterThan:
		e.Operator = LabelSelectorOpGt
	case opLessThan:
		e.Operator = LabelSelectorOpLt
	}
	return e
}

// selToken is a token of the selector lexer.
type selToken int

const (
	tokError selToken = iota
	tokEnd
	tokClosePar
	tokComma
	tokNot
	tokDoubleEquals
	tokEquals
	tokGreater
	tokIdent
	tokIn
	tokLess
	tokNotEquals
	tokNotIn
	tokOpenPar
)

var selTokens = map[string]selToken{
	")": tokClosePar, ",": tokComma, "!": tokNot, "==": tokDoubleEquals,
	"=": tokEquals, ">": tokGreater, "in": tokIn, "<": tokLess,
	"!=": tokNotEquals, "notin": tokNotIn, "(": tokOpenPar,
}

type selItem struct {
	tok selToken
	lit string
}

// selLexer splits a selector into tokens as labels.Lexer does. A NUL byte
// ends a token just like the end of the input.
type selLexer struct {
	s   string
	pos int
}

func (l *selLexer) read() byte {
	if l.pos >= len(l.s) {
		return 0
	}
	l.pos++
	return l.s[l.pos-1]
}

func (l *selLexer) unread() { l.pos-- }

func isSelSpace(ch byte) bool { return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n' }

func isSelSymbol(ch byte) bool { return strings.IndexByte("=!(),><", ch) >= 0 }

// lexSelector returns all tokens of s, ending with tokEnd.
func lexSelector(s string) []selItem {
	l := &selLexer{s: s}
	var items []selItem
	for {
		it := l.lex()
		items = append(items, it)
		if it.tok == tokEnd {
			return items
		}
	}
}

func (l *selLexer) lex() selItem {
	ch := l.read()
	for isSelSpace(ch) {
		ch = l.read()
	}
	switch {
	case ch == 0:
		return selItem{tok: tokEnd}
	case isSelSymbol(ch):
		l.unread()
		return l.symbol()
	default:
		l.unread()
		return l.word()
	}
}

// word scans an identifier or the keywords "in" and "notin".
func (l *selLexer) word() selItem {
	var buf []byte
	for {
		ch := l.read()
		if ch == 0 {
			break
		}
		if isSelSymbol(ch) || isSelSpace(ch) {
			l.unread()
			break
		}
		buf = append(buf, ch)
	}
	w := string(buf)
	if t, ok := selTokens[w]; ok {
		return selItem{t, w}
	}
	return selItem{tokIdent, w}
}

// symbol scans the longest operator made of symbol characters.
func (l *selLexer) symbol() selItem {
	var buf []byte
	last := selItem{tok: tokError}
	for {
		ch := l.read()
		if ch == 0 {
			break
		}
		if !isSelSymbol(ch) {
			l.unread()
			break
		}
		buf = append(buf, ch)
		if t, ok := selTokens[string(buf)]; ok {
			last = selItem{t, string(buf)}
		} else if last.tok != tokError {
			l.unread()
			break
		}
	}
	if last.tok == tokError {
		return selItem{tokError, fmt.Sprintf("error expected: keyword found '%s'", buf)}
	}
	return last
}

// selParser is labels.Parser.
type selParser struct {
	items []selItem
	pos   int
}

// peek returns the next token; when values is true "in" and "notin" are
// plain identifiers.
func (p *selParser) peek(values bool) (selToken, string) {
	it := p.items[p.pos]
	if values && (it.tok == tokIn || it.tok == tokNotIn) {
		return tokIdent, it.lit
	}
	return it.tok, it.lit
}

// next is peek followed by a move past the token.
func (p *selParser) next(values bool) (selToken, string) {
	t, lit := p.peek(values)
	p.pos++
	return t, lit
}

func (p *selParser) parse() ([]requirement, error) {
	var reqs []requirement
	for {
		t, lit := p.peek(true)
		switch t {
		case tokIdent, tokNot:
		case tokEnd:
			return reqs, nil
		default:
			return nil, fmt.Errorf("found '%s', expected: !, identifier, or 'end of string'", lit)
		}
		r, err := p.requirement()
		if err != nil {
			return nil, fmt.Errorf("unable to parse requirement: %v", err)
		}
		reqs = append(reqs, r)
		switch t, lit := p.next(true); t {
		case tokEnd:
			return reqs, nil
		case tokComma:
			if t2, lit2 := p.peek(true); t2 != tokIdent && t2 != tokNot {
				return nil, fmt.Errorf("found '%s', expected: identifier after ','", lit2)
			}
		default:
			return nil, fmt.Errorf("found '%s', expected: ',' or 'end of string'", lit)
		}
	}
}

func (p *selParser) requirement() (requirement, error) {
	key, op, err := p.keyAndInferOperator()
	if err != nil {
		return requirement{}, err
	}
	if op == opExists || op == opDoesNotExist {
		return newRequirement(key, op, []string{}, nil)
	}
	if op, err = p.operator(); err != nil {
		return requirement{}, err
	}
	var vals []string
	if op == opIn || op == opNotIn {
		vals, err = p.valueSet()
	} else {
		vals, err = p.exactValue()
	}
	if err != nil {
		return requirement{}, err
	}
	return newRequirement(key, op, sortedUnique(vals), nil)
}

func (p *selParser) keyAndInferOperator() (string, selOp, error) {
	var op selOp
	t, lit := p.next(true)
	if t == tokNot {
		op = opDoesNotExist
		t, lit = p.next(true)
	}
	if t != tokIdent {
		return "", "", fmt.Errorf("found '%s', expected: identifier", lit)
	}
	if msgs := IsQualifiedName(lit); len(msgs) > 0 {
		return "", "", Invalid(nil, lit, strings.Join(msgs, "; "))
	}
	if t2, _ := p.peek(true); (t2 == tokEnd || t2 == tokComma) && op != opDoesNotExist {
		op = opExists
	}
	return lit, op, nil
}

var tokenOps = map[selToken]selOp{
	tokIn: opIn, tokEquals: opEquals, tokDoubleEquals: opDoubleEquals,
	tokGreater: opGreaterThan, tokLess: opLessThan, tokNotIn: opNotIn,
	tokNotEquals: opNotEquals,
}

func (p *selParser) operator() (selOp, error) {
	t, lit := p.next(false)
	if op, ok := tokenOps[t]; ok {
		return op, nil
	}
	return "", fmt.Errorf("found '%s', expected: %s", lit, strings.Join(binaryOperators, ", "))
}

// valueSet parses "(a,b,...)"; empty entries stand for the empty value.
func (p *selParser) valueSet() ([]string, error) {
	if t, lit := p.next(true); t != tokOpenPar {
		return nil, fmt.Errorf("found '%s' expected: '('", lit)
	}
	switch t, lit := p.peek(true); t {
	case tokIdent, tokComma:
		vals, err := p.identifierList()
		if err != nil {
			return nil, err
		}
		if t2, _ := p.next(true); t2 != tokClosePar {
			return nil, fmt.Errorf("found '%s', expected: ')'", lit)
		}
		return vals, nil
	case tokClosePar:
		p.next(true)
		return []string{""}, nil
	default:
		return nil, fmt.Errorf("found '%s', expected: ',', ')' or identifier", lit)
	}
}

// identifierList parses the inside of a value set, stopping before ')'.
func (p *selParser) identifierList() ([]string, error) {
	var vals []string
	for {
		t, lit := p.next(true)
		switch t {
		case tokIdent:
			vals = append(vals, lit)
			switch t2, lit2 := p.peek(true); t2 {
			case tokComma:
			case tokClosePar:
				return vals, nil
			default:
				return nil, fmt.Errorf("found '%s', expected: ',' or ')'", lit2)
			}
		case tokComma:
			t2, _ := p.peek(true)
			if len(vals) == 0 || t2 == tokClosePar || t2 == tokComma {
				vals = append(vals, "")
			}
			if t2 == tokClosePar {
				return vals, nil
			}
		default:
			return nil, fmt.Errorf("found '%s', expected: ',', or identifier", lit)
		}
	}
}

// exactValue parses the value after "=", "==", "!=", ">" or "<"; nothing
// (end or ',') is the empty value.
func (p *selParser) exactValue() ([]string, error) {
	if t, _ := p.peek(true); t == tokEnd || t == tokComma {
		return []string{""}, nil
	}
	t, lit := p.next(true)
	if t != tokIdent {
		return nil, fmt.Errorf("found '%s', expected: identifier", lit)
	}
	return []string{lit}, nil
}

func sortedUnique(vals []string) []string {
	out := sortedCopy(vals)
	return slices.Compact(out)
}
