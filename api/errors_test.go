package api

import (
	"errors"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// upstream: apimachinery pkg/util/validation/field/path.go Path.String
func TestPathString(t *testing.T) {
	var nilPath *Path
	tests := []struct {
		name string
		path *Path
		want string
	}{
		{"root", NewPath("spec"), "spec"},
		{"children", NewPath("spec").Child("replicas"), "spec.replicas"},
		{"more names", NewPath("spec", "template").Child("spec", "containers").Index(0).Child("image"),
			"spec.template.spec.containers[0].image"},
		{"map key", NewPath("metadata").Child("labels").Key("app"), "metadata.labels[app]"},
		{"key with dots", NewPath("metadata", "annotations").Key("example.com/x"), "metadata.annotations[example.com/x]"},
		{"double subscript", NewPath("values").Index(2).Key("app"), "values[2][app]"},
		{"nil", nilPath, "<nil>"},
		{"child of nil", nilPath.Child("values").Index(0), "values[0]"},
		{"subscript of nil", nilPath.Key("k"), "[k]"},
		{"empty root name", NewPath("").Index(1), "[][1]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.path.String())
		})
	}
}

func TestPathIsImmutable(t *testing.T) {
	base := NewPath("spec")
	a := base.Child("a")
	b := base.Child("b")
	assert.Equal(t, "spec.a", a.String())
	assert.Equal(t, "spec.b", b.String())
	assert.Equal(t, "spec", base.String())
	assert.Same(t, base, b.Root())
}

type namedString string

type sample struct {
	A int    `json:"a"`
	B string `json:"b,omitempty"`
}

type onlyStringer struct{ Ch chan int }

func (onlyStringer) String() string { return "stringer!" }

// upstream: apimachinery pkg/util/validation/field/errors.go Error.ErrorBody
func TestFieldErrorValueRendering(t *testing.T) {
	five := 5
	var nilInt *int
	str := "x"
	p := NewPath("f")
	tests := []struct {
		name  string
		value any
		want  string
	}{
		{"int via JSON", -1, "f: Invalid value: -1: d"},
		{"int32 bare", int32(3), "f: Invalid value: 3: d"},
		{"int64 bare", int64(-7), "f: Invalid value: -7: d"},
		{"float64 bare", 1.5, "f: Invalid value: 1.5: d"},
		{"big float64 uses %v", 1e21, "f: Invalid value: 1e+21: d"},
		{"bool bare", true, "f: Invalid value: true: d"},
		{"string quoted", "Foo", `f: Invalid value: "Foo": d`},
		{"string Go-escaped", "a\"b\n<é\x01", `f: Invalid value: "a\"b\n<é\x01": d`},
		{"named string via JSON", namedString("a<b"), `f: Invalid value: "a\u003cb": d`},
		{"pointer dereferenced", &five, "f: Invalid value: 5: d"},
		{"string pointer", &str, `f: Invalid value: "x": d`},
		{"nil pointer", nilInt, "f: Invalid value: null: d"},
		{"untyped nil", nil, "f: Invalid value: null: d"},
		{"slice", []string{"a", "b"}, `f: Invalid value: ["a","b"]: d`},
		{"empty slice", []string{}, "f: Invalid value: []: d"},
		{"map sorted", map[string]int{"z": 1, "a": 2}, `f: Invalid value: {"a":2,"z":1}: d`},
		{"struct", sample{A: 1}, `f: Invalid value: {"a":1}: d`},
		{"bytes as base64", []byte("hi"), `f: Invalid value: "aGk=": d`},
		{"duration as number", time.Second, "f: Invalid value: 1000000000: d"},
		{"unmarshalable stringer", onlyStringer{}, "f: Invalid value: stringer!: d"},
		{"unmarshalable", complex(1, 2), "f: Invalid value: (1+2i): d"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, Invalid(p, tt.value, "d").Error())
		})
	}
}

// upstream: apimachinery pkg/util/validation/field/errors.go constructors
func TestFieldErrorConstructors(t *testing.T) {
	replicas := NewPath("spec", "replicas")
	policy := NewPath("spec", "podManagementPolicy")
	tests := []struct {
		name     string
		err      *FieldError
		wantType ErrorType
		want     string
	}{
		{"Invalid", Invalid(replicas, -1, "must be greater than or equal to 0"), ErrorTypeInvalid,
			"spec.replicas: Invalid value: -1: must be greater than or equal to 0"},
		{"Invalid without detail", Invalid(replicas, -1, ""), ErrorTypeInvalid, "spec.replicas: Invalid value: -1"},
		{"Required without detail", Required(NewPath("spec", "selector"), ""), ErrorTypeRequired, "spec.selector: Required value"},
		{"Required with detail", Required(NewPath("metadata", "name"), "name or generateName is required"), ErrorTypeRequired,
			"metadata.name: Required value: name or generateName is required"},
		{"NotSupported", NotSupported(policy, "Foo", []string{"OrderedReady", "Parallel"}), ErrorTypeNotSupported,
			`spec.podManagementPolicy: Unsupported value: "Foo": supported values: "OrderedReady", "Parallel"`},
		{"NotSupported no valid values", NotSupported(policy, "Foo", nil), ErrorTypeNotSupported,
			`spec.podManagementPolicy: Unsupported value: "Foo"`},
		{"Forbidden", Forbidden(NewPath("spec"), "updates are forbidden"), ErrorTypeForbidden, "spec: Forbidden: updates are forbidden"},
		{"Duplicate", Duplicate(NewPath("spec", "ports").Index(1).Child("name"), "http"), ErrorTypeDuplicate,
			`spec.ports[1].name: Duplicate value: "http"`},
		{"NotFound", NotFound(NewPath("spec", "volume"), "data"), ErrorTypeNotFound, `spec.volume: Not found: "data"`},
		{"TooLong bytes", TooLong(NewPath("metadata", "annotations"), "", 262144), ErrorTypeTooLong,
			"metadata.annotations: Too long: may not be more than 262144 bytes"},
		{"TooLong one byte", TooLong(NewPath("x"), "ab", 1), ErrorTypeTooLong, "x: Too long: may not be more than 1 byte"},
		{"TooLong unknown limit", TooLong(NewPath("x"), "ab", -1), ErrorTypeTooLong, "x: Too long: value is too long"},
		{"TooMany", TooMany(NewPath("items"), 3, 2), ErrorTypeTooMany, "items: Too many: 3: must have at most 2 items"},
		{"TooMany one item", TooMany(NewPath("items"), 3, 1), ErrorTypeTooMany, "items: Too many: 3: must have at most 1 item"},
		{"TooMany omits negative actual", TooMany(NewPath("items"), -1, -1), ErrorTypeTooMany, "items: Too many: has too many items"},
		{"InternalError", InternalError(NewPath("spec"), errors.New("boom")), ErrorTypeInternal, "spec: Internal error: boom"},
		{"Immutable", Immutable(NewPath("spec", "selector"), map[string]string{"app": "web"}), ErrorTypeInvalid,
			`spec.selector: Invalid value: {"app":"web"}: field is immutable`},
		{"unknown type", &FieldError{Type: "Foo", Field: "f", BadValue: 1, Detail: "d"}, "Foo",
			`f: Internal error: unhandled error code: <unknown error "Foo">: please report this: d`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.wantType, tt.err.Type)
			assert.Equal(t, tt.want, tt.err.Error())
		})
	}
}

// upstream: apimachinery pkg/util/validation/field/errors.go ErrorType.String
func TestErrorTypeString(t *testing.T) {
	assert.Equal(t, "Invalid value", ErrorTypeTypeInvalid.String())
	assert.Equal(t, "Too short", ErrorTypeTooShort.String())
	assert.Equal(t, "Too few", ErrorTypeTooFew.String())
	assert.Equal(t, `<unknown error "Bogus">`, ErrorType("Bogus").String())
}

// upstream: apimachinery pkg/util/validation/field/errors.go ErrorList.ToAggregate
// and pkg/util/errors/errors.go aggregate.Error
func TestErrorListError(t *testing.T) {
	a := Invalid(NewPath("spec", "replicas"), -1, "must be greater than or equal to 0")
	b := Required(NewPath("spec", "selector"), "")
	tests := []struct {
		name string
		list ErrorList
		want string
	}{
		{"empty", nil, ""},
		{"one", ErrorList{a}, a.Error()},
		{"two", ErrorList{a, b}, "[" + a.Error() + ", " + b.Error() + "]"},
		{"duplicates dropped", ErrorList{a, b, a}, "[" + a.Error() + ", " + b.Error() + "]"},
		{"all duplicates print bare", ErrorList{a, a}, a.Error()},
		{"nil entries skipped", ErrorList{nil, b}, b.Error()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.list.Error())
		})
	}
}

func TestErrorListToAggregate(t *testing.T) {
	require.NoError(t, ErrorList(nil).ToAggregate())
	require.NoError(t, ErrorList{nil}.ToAggregate())
	err := ErrorList{Required(NewPath("x"), "")}.ToAggregate()
	require.Error(t, err)
	assert.Equal(t, "x: Required value", err.Error())
}

// upstream: apimachinery pkg/api/errors/errors.go NewNotFound, NewAlreadyExists,
// NewConflict, NewForbidden, NewBadRequest, NewInternalError, NewInvalid;
// kubectl pkg/cmd/util/helpers.go checkErr, StandardErrorMessage, MultilineError
func TestStatusErrorMessages(t *testing.T) {
	negative := Invalid(NewPath("spec", "replicas"), int32(-1), IsNegativeErrorMsg)
	noSelector := Required(NewPath("spec", "selector"), "")
	conflict := errors.New(OptimisticLockErrorMsg)
	tests := []struct {
		name        string
		err         *StatusError
		wantReason  StatusReason
		wantCode    int
		wantMessage string
		wantKubectl string
	}{
		{"not found core", NewNotFound("pods", "", "web-9"), ReasonNotFound, 404,
			`pods "web-9" not found`,
			"Error from server (NotFound): pods \"web-9\" not found\n"},
		{"not found grouped", NewNotFound("statefulsets", "apps", "web"), ReasonNotFound, 404,
			`statefulsets.apps "web" not found`,
			"Error from server (NotFound): statefulsets.apps \"web\" not found\n"},
		{"already exists", NewAlreadyExists("statefulsets", "apps", "web"), ReasonAlreadyExists, 409,
			`statefulsets.apps "web" already exists`,
			"Error from server (AlreadyExists): statefulsets.apps \"web\" already exists\n"},
		{"conflict", NewConflict("statefulsets", "apps", "web", conflict), ReasonConflict, 409,
			`Operation cannot be fulfilled on statefulsets.apps "web": the object has been modified; please apply your changes to the latest version and try again`,
			"Error from server (Conflict): Operation cannot be fulfilled on statefulsets.apps \"web\": the object has been modified; please apply your changes to the latest version and try again\n"},
		{"forbidden named", NewForbidden("pods", "", "web-0", errors.New("no")), ReasonForbidden, 403,
			`pods "web-0" is forbidden: no`, "Error from server (Forbidden): pods \"web-0\" is forbidden: no\n"},
		{"forbidden unnamed", NewForbidden("pods", "", "", errors.New("no")), ReasonForbidden, 403,
			`pods is forbidden: no`, "Error from server (Forbidden): pods is forbidden: no\n"},
		{"forbidden no resource", NewForbidden("", "", "x", errors.New("no")), ReasonForbidden, 403,
			`forbidden: no`, "Error from server (Forbidden): forbidden: no\n"},
		{"bad request", NewBadRequest("the server rejected our request"), ReasonBadRequest, 400,
			"the server rejected our request", "Error from server (BadRequest): the server rejected our request\n"},
		{"internal", NewInternalError(errors.New("boom")), ReasonInternalError, 500,
			"Internal error occurred: boom", "Error from server (InternalError): Internal error occurred: boom\n"},
		{"invalid one cause", NewInvalid("StatefulSet", "apps", "web", ErrorList{negative}), ReasonInvalid, 422,
			`StatefulSet.apps "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0`,
			"The StatefulSet \"web\" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0\n"},
		{"invalid two causes and a duplicate", NewInvalid("StatefulSet", "apps", "web", ErrorList{negative, noSelector, negative}), ReasonInvalid, 422,
			`StatefulSet.apps "web" is invalid: [spec.replicas: Invalid value: -1: must be greater than or equal to 0, spec.selector: Required value]`,
			"The StatefulSet \"web\" is invalid: \n" +
				"* spec.replicas: Invalid value: -1: must be greater than or equal to 0\n" +
				"* spec.selector: Required value\n"},
		{"invalid no causes", NewInvalid("Pod", "", "web-0", nil), ReasonInvalid, 422,
			`Pod "web-0" is invalid`, "The Pod \"web-0\" is invalid\n"},
		{"invalid without kind or name", NewInvalid("", "", "", ErrorList{noSelector}), ReasonInvalid, 422,
			` "" is invalid: spec.selector: Required value`,
			"The request is invalid: spec.selector: Required value\n"},
		{"invalid bare message", &StatusError{Reason: ReasonInvalid, Code: 422, Message: "bad"}, ReasonInvalid, 422,
			"bad", "The request is invalid: bad\n"},
		{"unauthorized", &StatusError{Reason: ReasonUnauthorized, Code: 401, Message: "who"}, ReasonUnauthorized, 401,
			"who", "error: You must be logged in to the server (who)\n"},
		{"no reason", &StatusError{Code: 404, Message: "plain"}, "", 404,
			"plain", "Error from server: plain\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.wantReason, tt.err.Reason)
			assert.Equal(t, tt.wantCode, tt.err.Code)
			assert.Equal(t, tt.wantMessage, tt.err.Error())
			assert.Equal(t, tt.wantKubectl, tt.err.Kubectl())
		})
	}
}

func TestStatusErrorDetails(t *testing.T) {
	nf := NewNotFound("statefulsets", "apps", "web")
	assert.Equal(t, StatusError{Reason: ReasonNotFound, Code: http.StatusNotFound, Group: "apps",
		Resource: "statefulsets", Name: "web", Message: `statefulsets.apps "web" not found`}, *nf)

	causes := ErrorList{Required(NewPath("spec", "selector"), "")}
	inv := NewInvalid("StatefulSet", "apps", "web", causes)
	assert.Equal(t, "StatefulSet", inv.Kind)
	assert.Equal(t, "apps", inv.Group)
	assert.Empty(t, inv.Resource)
	require.Len(t, inv.Causes, 1)
	causes[0] = nil
	assert.NotNil(t, inv.Causes[0], "NewInvalid must copy the cause list")
}

// upstream: kubectl pkg/cmd/util/helpers.go AddSourceToErr
func TestStatusErrorWithSource(t *testing.T) {
	ae := NewAlreadyExists("statefulsets", "apps", "web")
	got := ae.WithSource("creating", "web.yaml")
	assert.Equal(t, "Error from server (AlreadyExists): error when creating \"web.yaml\": statefulsets.apps \"web\" already exists\n", got.Kubectl())
	assert.Equal(t, `statefulsets.apps "web" already exists`, ae.Error(), "the original is unchanged")
	assert.Same(t, ae, ae.WithSource("creating", ""))

	inv := NewInvalid("StatefulSet", "apps", "web", ErrorList{Required(NewPath("spec", "selector"), "")})
	assert.Equal(t, inv.Kubectl(), inv.WithSource("creating", "web.yaml").Kubectl(),
		"kubectl prints Invalid errors from their details, not their message")
}

// upstream: apimachinery pkg/api/errors/errors.go IsNotFound, IsAlreadyExists,
// IsInvalid, IsConflict, IsForbidden, IsBadRequest
func TestIsHelpers(t *testing.T) {
	type checks struct{ notFound, exists, invalid, conflict, forbidden, badRequest bool }
	tests := []struct {
		name string
		err  error
		want checks
	}{
		{"nil", nil, checks{}},
		{"plain error", errors.New("x"), checks{}},
		{"not found", NewNotFound("pods", "", "a"), checks{notFound: true}},
		{"wrapped not found", fmt.Errorf("get: %w", NewNotFound("pods", "", "a")), checks{notFound: true}},
		{"already exists is not a conflict", NewAlreadyExists("pods", "", "a"), checks{exists: true}},
		{"conflict", NewConflict("pods", "", "a", errors.New("x")), checks{conflict: true}},
		{"invalid", NewInvalid("Pod", "", "a", nil), checks{invalid: true}},
		{"forbidden", NewForbidden("pods", "", "a", errors.New("x")), checks{forbidden: true}},
		{"bad request", NewBadRequest("x"), checks{badRequest: true}},
		{"unknown reason falls back to 404", &StatusError{Reason: "Weird", Code: 404}, checks{notFound: true}},
		{"unknown reason falls back to 409 conflict only", &StatusError{Reason: "Weird", Code: 409}, checks{conflict: true}},
		{"unknown reason falls back to 422", &StatusError{Code: 422}, checks{invalid: true}},
		{"known reason never falls back", &StatusError{Reason: ReasonGone, Code: 404}, checks{}},
		{"AlreadyExists with 404 code", &StatusError{Reason: ReasonAlreadyExists, Code: 404}, checks{exists: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := checks{IsNotFound(tt.err), IsAlreadyExists(tt.err), IsInvalid(tt.err),
				IsConflict(tt.err), IsForbidden(tt.err), IsBadRequest(tt.err)}
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestErrorsIsWithReasons(t *testing.T) {
	err := fmt.Errorf("wrapped: %w", NewNotFound("pods", "", "web-9"))
	assert.ErrorIs(t, err, ReasonNotFound)
	assert.NotErrorIs(t, err, ReasonAlreadyExists)
	assert.NotErrorIs(t, err, errors.New("NotFound"), "only StatusReason targets match")
	assert.Equal(t, "NotFound", ReasonNotFound.Error())
}

func TestReasonForError(t *testing.T) {
	assert.Equal(t, ReasonConflict, ReasonForError(fmt.Errorf("x: %w", NewConflict("pods", "", "a", errors.New("y")))))
	assert.Equal(t, StatusReason(""), ReasonForError(errors.New("x")))
	assert.Equal(t, StatusReason(""), ReasonForError(nil))
}

// Messages aggregate as apimachinery's errors.NewAggregate words them.
func TestAggregate(t *testing.T) {
	for _, tc := range []struct {
		msgs []string
		want string
	}{
		{nil, ""},
		{[]string{"a"}, "a"},
		{[]string{"a", "a"}, "a"},
		{[]string{"a", "b", "a"}, "[a, b]"},
	} {
		if got := Aggregate(tc.msgs); got != tc.want {
			t.Errorf("Aggregate(%q) = %q, want %q", tc.msgs, got, tc.want)
		}
	}
}
