// Package api holds stsim's small, dependency-free re-implementation of the
// Kubernetes API machinery that the simulator needs: field paths, field
// validation errors, API status errors (with the exact wording the API server
// and kubectl use), the object naming rules and label selectors.
//
// The wording of every message follows k8s.io/apimachinery v0.37.2 and
// k8s.io/kubectl v0.37.2; the code is our own.
package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// ---------------------------------------------------------------------------
// Field paths
// ---------------------------------------------------------------------------

// Path is the path from the root of an object to one of its fields, such as
// spec.template.spec.containers[0].image. A nil *Path is a valid empty root:
// its String is "<nil>" and Child, Index and Key may be called on it.
type Path struct {
	name   string // field name, or "" when this element is a subscript
	index  string // the subscript (list index or map key) when name == ""
	parent *Path
}

// NewPath returns a root path made of name followed by moreNames.
func NewPath(name string, moreNames ...string) *Path {
	p := &Path{name: name}
	for _, n := range moreNames {
		p = &Path{name: n, parent: p}
	}
	return p
}

// Root returns the first element of p.
func (p *Path) Root() *Path {
	for p.parent != nil {
		p = p.parent
	}
	return p
}

// Child returns a new path that appends name (and moreNames) to p.
func (p *Path) Child(name string, moreNames ...string) *Path {
	c := NewPath(name, moreNames...)
	c.Root().parent = p
	return c
}

// Index returns a new path that subscripts p with a list index: p[i].
func (p *Path) Index(i int) *Path {
	return &Path{index: strconv.Itoa(i), parent: p}
}

// Key returns a new path that subscripts p with a map key: p[key].
func (p *Path) Key(key string) *Path {
	return &Path{index: key, parent: p}
}

// String renders the path the way apimachinery does: dots between field
// names, brackets around subscripts, "<nil>" for a nil path.
func (p *Path) String() string {
	if p == nil {
		return "<nil>"
	}
	var elems []*Path
	for e := p; e != nil; e = e.parent {
		elems = append(elems, e)
	}
	var b strings.Builder
	for i := len(elems) - 1; i >= 0; i-- {
		e := elems[i]
		switch {
		case e.name == "":
			b.WriteString("[" + e.index + "]")
		case e.parent != nil:
			b.WriteString("." + e.name)
		default:
			b.WriteString(e.name)
		}
	}
	return b.String()
}

// ---------------------------------------------------------------------------
// Field errors
// ---------------------------------------------------------------------------

// ErrorType says why a field is invalid. The values are those of
// apimachinery's field.ErrorType (and of the API's StatusCause types).
type ErrorType string

// The field error types, as apimachinery spells them.
const (
	// ErrorTypeNotFound reports a failure to find a requested value.
	ErrorTypeNotFound ErrorType = "FieldValueNotFound"
	// ErrorTypeRequired reports a required value that was not given.
	ErrorTypeRequired ErrorType = "FieldValueRequired"
	// ErrorTypeDuplicate reports a value that must be unique but is not.
	ErrorTypeDuplicate ErrorType = "FieldValueDuplicate"
	// ErrorTypeInvalid reports a malformed value.
	ErrorTypeInvalid ErrorType = "FieldValueInvalid"
	// ErrorTypeNotSupported reports an unknown value of an enumerated field.
	ErrorTypeNotSupported ErrorType = "FieldValueNotSupported"
	// ErrorTypeForbidden reports a value that is not allowed here.
	ErrorTypeForbidden ErrorType = "FieldValueForbidden"
	// ErrorTypeTooLong reports a value that is too long; the value is omitted.
	ErrorTypeTooLong ErrorType = "FieldValueTooLong"
	// ErrorTypeTooMany reports a list with too many items.
	ErrorTypeTooMany ErrorType = "FieldValueTooMany"
	// ErrorTypeTooFew reports a list with too few items.
	ErrorTypeTooFew ErrorType = "FieldValueTooFew"
	// ErrorTypeInternal reports an error not caused by the user's input.
	ErrorTypeInternal ErrorType = "InternalError"
	// ErrorTypeTypeInvalid reports a value of the wrong schema type.
	ErrorTypeTypeInvalid ErrorType = "FieldValueTypeInvalid"
	// ErrorTypeTooShort reports a value that is too short.
	ErrorTypeTooShort ErrorType = "FieldValueTooShort"
)

var errorTypeText = map[ErrorType]string{
	ErrorTypeNotFound:     "Not found",
	ErrorTypeRequired:     "Required value",
	ErrorTypeDuplicate:    "Duplicate value",
	ErrorTypeInvalid:      "Invalid value",
	ErrorTypeNotSupported: "Unsupported value",
	ErrorTypeForbidden:    "Forbidden",
	ErrorTypeTooLong:      "Too long",
	ErrorTypeTooMany:      "Too many",
	ErrorTypeTooFew:       "Too few",
	ErrorTypeInternal:     "Internal error",
	ErrorTypeTypeInvalid:  "Invalid value",
	ErrorTypeTooShort:     "Too short",
}

// String returns the human wording of t, e.g. "Invalid value".
func (t ErrorType) String() string {
	if s, ok := errorTypeText[t]; ok {
		return s
	}
	return fmt.Sprintf("<unknown error %q>", string(t))
}

// showsValue reports whether errors of type t print their bad value; the
// second result is false for types apimachinery does not know at all.
func (t ErrorType) showsValue() (shows, known bool) {
	switch t {
	case ErrorTypeRequired, ErrorTypeForbidden, ErrorTypeTooLong,
		ErrorTypeTooShort, ErrorTypeInternal:
		return false, true
	case ErrorTypeInvalid, ErrorTypeTypeInvalid, ErrorTypeNotSupported,
		ErrorTypeNotFound, ErrorTypeDuplicate, ErrorTypeTooMany, ErrorTypeTooFew:
		return true, true
	}
	return false, false
}

// omittedValue is the BadValue of errors whose value must not be printed even
// though their type normally prints one.
type omittedValue struct{}

// FieldErrorImmutable is apimachinery's FieldImmutableErrorMsg.
const FieldErrorImmutable = "field is immutable"

// FieldError is a validation error of one field, like apimachinery's
// field.Error.
type FieldError struct {
	Type     ErrorType
	Field    string
	BadValue any
	Detail   string
}

// Error returns "<field>: <body>", e.g.
// "spec.replicas: Invalid value: -1: must be greater than or equal to 0".
func (e *FieldError) Error() string {
	return e.Field + ": " + e.ErrorBody()
}

// ErrorBody returns the message without the field name, e.g.
// "Invalid value: -1: must be greater than or equal to 0". This is also the
// Message of the matching cause in an Invalid API status.
func (e *FieldError) ErrorBody() string {
	shows, known := e.Type.showsValue()
	var s string
	switch {
	case !known:
		s = internalBody(fmt.Sprintf("unhandled error code: %s: please report this", e.Type))
	case shows && e.BadValue != (omittedValue{}):
		s = e.Type.String() + ": " + RenderValue(e.BadValue)
	default:
		s = e.Type.String()
	}
	if e.Detail != "" {
		s += ": " + e.Detail
	}
	return s
}

// internalBody is the body of an Internal error whose detail is detail.
func internalBody(detail string) string {
	return ErrorTypeInternal.String() + ": " + detail
}

// RenderValue renders a bad value the way apimachinery's field errors do:
// int32, int64, float32, float64 and bool bare; strings double-quoted with Go
// escaping; anything else (int, pointers, named string types, structs, maps,
// slices, nil) as JSON, falling back to String() and then to %#v when the
// value cannot be marshalled.
func RenderValue(v any) string {
	switch t := v.(type) {
	case int64, int32, float64, float32, bool:
		return fmt.Sprintf("%v", t)
	case string:
		return strconv.Quote(t)
	}
	if b, err := json.Marshal(v); err == nil {
		return string(b)
	}
	if s, ok := v.(fmt.Stringer); ok {
		return s.String()
	}
	return fmt.Sprintf("%#v", v)
}

// Invalid returns an error for a malformed value.
func Invalid(path *Path, value any, detail string) *FieldError {
	return &FieldError{Type: ErrorTypeInvalid, Field: path.String(), BadValue: value, Detail: detail}
}

// Immutable returns the Invalid error apimachinery's ValidateImmutableField
// gives when an update changes value: "<field>: Invalid value: <value>:
// field is immutable".
func Immutable(path *Path, value any) *FieldError {
	return Invalid(path, value, FieldErrorImmutable)
}

// Required returns an error for a missing value.
func Required(path *Path, detail string) *FieldError {
	return &FieldError{Type: ErrorTypeRequired, Field: path.String(), BadValue: "", Detail: detail}
}

// Forbidden returns an error for a value that is not allowed.
func Forbidden(path *Path, detail string) *FieldError {
	return &FieldError{Type: ErrorTypeForbidden, Field: path.String(), BadValue: "", Detail: detail}
}

// Duplicate returns an error for a value that must be unique.
func Duplicate(path *Path, value any) *FieldError {
	return &FieldError{Type: ErrorTypeDuplicate, Field: path.String(), BadValue: value}
}

// NotFound returns an error for a value that was looked up but not found.
func NotFound(path *Path, value any) *FieldError {
	return &FieldError{Type: ErrorTypeNotFound, Field: path.String(), BadValue: value}
}

// NotSupported returns an error for an unknown value of an enumerated field;
// the detail lists validValues quoted, e.g.
// `supported values: "OrderedReady", "Parallel"`.
func NotSupported(path *Path, value any, validValues []string) *FieldError {
	detail := ""
	if len(validValues) > 0 {
		quoted := make([]string, len(validValues))
		for i, v := range validValues {
			quoted[i] = strconv.Quote(v)
		}
		detail = "supported values: " + strings.Join(quoted, ", ")
	}
	return &FieldError{Type: ErrorTypeNotSupported, Field: path.String(), BadValue: value, Detail: detail}
}

// TooLong returns an error for a value longer than maxLength bytes. Like
// upstream it takes the value but never prints it. A negative maxLength
// gives the detail "value is too long".
func TooLong(path *Path, _ any, maxLength int) *FieldError {
	detail := "value is too long"
	if maxLength >= 0 {
		detail = fmt.Sprintf("may not be more than %d %s", maxLength, plural(maxLength, "byte", "bytes"))
	}
	return &FieldError{Type: ErrorTypeTooLong, Field: path.String(), BadValue: "<value omitted>", Detail: detail}
}

// TooMany returns an error for a list of actual items when at most max are
// allowed. A negative actual is not printed; a negative max gives the detail
// "has too many items".
func TooMany(path *Path, actual, max int) *FieldError {
	detail := "has too many items"
	if max >= 0 {
		detail = fmt.Sprintf("must have at most %d %s", max, plural(max, "item", "items"))
	}
	var bad any = actual
	if actual < 0 {
		bad = omittedValue{}
	}
	return &FieldError{Type: ErrorTypeTooMany, Field: path.String(), BadValue: bad, Detail: detail}
}

// InternalError returns an error that is not the user's fault; err must not
// be nil.
func InternalError(path *Path, err error) *FieldError {
	return &FieldError{Type: ErrorTypeInternal, Field: path.String(), BadValue: err, Detail: err.Error()}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// ErrorList is a list of field errors. Its Error is that of apimachinery's
// ErrorList.ToAggregate(): duplicates (same message) are dropped, a single
// message is printed bare and several are printed as "[a, b]".
type ErrorList []*FieldError

// Error returns the aggregated message, or "" for an empty list.
func (list ErrorList) Error() string {
	return Aggregate(list.uniqueMessages())
}

// Aggregate words messages as apimachinery's errors.NewAggregate does:
// repeats dropped, first occurrences in order, one message bare, several
// as "[a, b]", none as "".
func Aggregate(msgs []string) string {
	var uniq []string
	for _, m := range msgs {
		if !slices.Contains(uniq, m) {
			uniq = append(uniq, m)
		}
	}
	switch len(uniq) {
	case 0:
		return ""
	case 1:
		return uniq[0]
	}
	return "[" + strings.Join(uniq, ", ") + "]"
}

// ToAggregate returns nil for an empty list and the list itself otherwise,
// so that callers can return it as an error without the typed-nil pitfall.
func (list ErrorList) ToAggregate() error {
	if len(list.uniqueMessages()) == 0 {
		return nil
	}
	return list
}

// uniqueMessages returns the messages of the non-nil errors, first
// occurrence order, duplicates dropped.
func (list ErrorList) uniqueMessages() []string {
	seen := make(map[string]bool, len(list))
	var msgs []string
	for _, e := range list {
		if e == nil {
			continue
		}
		m := e.Error()
		if !seen[m] {
			seen[m] = true
			msgs = append(msgs, m)
		}
	}
	return msgs
}

// ---------------------------------------------------------------------------
// API status errors
// ---------------------------------------------------------------------------

// StatusReason is the machine-readable reason of an API status error, as in
// metav1.StatusReason. The reason constants are errors themselves so they can
// be used as targets of errors.Is: errors.Is(err, api.ReasonNotFound).
type StatusReason string

// Error returns the reason itself, so that a StatusReason is an error.
func (r StatusReason) Error() string { return string(r) }

// The status reasons apimachinery knows.
const (
	// ReasonUnauthorized: the client is not authenticated (401).
	ReasonUnauthorized StatusReason = "Unauthorized"
	// ReasonForbidden: the action is not allowed (403).
	ReasonForbidden StatusReason = "Forbidden"
	// ReasonNotFound: the resource does not exist (404).
	ReasonNotFound StatusReason = "NotFound"
	// ReasonAlreadyExists: the resource being created already exists (409).
	ReasonAlreadyExists StatusReason = "AlreadyExists"
	// ReasonConflict: the update conflicts with the stored object (409).
	ReasonConflict StatusReason = "Conflict"
	// ReasonGone: the resource is no longer available (410).
	ReasonGone StatusReason = "Gone"
	// ReasonInvalid: the object failed validation (422).
	ReasonInvalid StatusReason = "Invalid"
	// ReasonServerTimeout: the server could not finish in time (500).
	ReasonServerTimeout StatusReason = "ServerTimeout"
	// ReasonStoreReadError: the stored data could not be read (500).
	ReasonStoreReadError StatusReason = "StorageReadError"
	// ReasonTimeout: the request timed out (504).
	ReasonTimeout StatusReason = "Timeout"
	// ReasonTooManyRequests: the client is being throttled (429).
	ReasonTooManyRequests StatusReason = "TooManyRequests"
	// ReasonBadRequest: the request itself is malformed (400).
	ReasonBadRequest StatusReason = "BadRequest"
	// ReasonMethodNotAllowed: the action is not supported on the resource (405).
	ReasonMethodNotAllowed StatusReason = "MethodNotAllowed"
	// ReasonNotAcceptable: no acceptable response type (406).
	ReasonNotAcceptable StatusReason = "NotAcceptable"
	// ReasonRequestEntityTooLarge: the request body is too large (413).
	ReasonRequestEntityTooLarge StatusReason = "RequestEntityTooLarge"
	// ReasonUnsupportedMediaType: the request content type is unsupported (415).
	ReasonUnsupportedMediaType StatusReason = "UnsupportedMediaType"
	// ReasonInternalError: the server failed (500).
	ReasonInternalError StatusReason = "InternalError"
	// ReasonExpired: the requested content has expired (410).
	ReasonExpired StatusReason = "Expired"
	// ReasonServiceUnavailable: the service is unavailable (503).
	ReasonServiceUnavailable StatusReason = "ServiceUnavailable"
)

// fallbackCode gives, for the reasons that have one, the HTTP code that
// apimachinery's IsXxx helpers accept when an error's reason is unknown.
var fallbackCode = map[StatusReason]int{
	ReasonUnauthorized:         http.StatusUnauthorized,
	ReasonForbidden:            http.StatusForbidden,
	ReasonNotFound:             http.StatusNotFound,
	ReasonConflict:             http.StatusConflict,
	ReasonGone:                 http.StatusGone,
	ReasonInvalid:              http.StatusUnprocessableEntity,
	ReasonTimeout:              http.StatusGatewayTimeout,
	ReasonTooManyRequests:      http.StatusTooManyRequests,
	ReasonBadRequest:           http.StatusBadRequest,
	ReasonMethodNotAllowed:     http.StatusMethodNotAllowed,
	ReasonNotAcceptable:        http.StatusNotAcceptable,
	ReasonUnsupportedMediaType: http.StatusUnsupportedMediaType,
	ReasonInternalError:        http.StatusInternalServerError,
	ReasonServiceUnavailable:   http.StatusServiceUnavailable,
}

// known reports whether apimachinery knows reason r.
func (r StatusReason) known() bool {
	switch r {
	case ReasonAlreadyExists, ReasonServerTimeout, ReasonStoreReadError,
		ReasonRequestEntityTooLarge, ReasonExpired:
		return true
	}
	_, ok := fallbackCode[r]
	return ok
}

// OptimisticLockErrorMsg is the detail the API server gives a Conflict
// caused by a stale resourceVersion (k8s.io/apiserver registry store).
const OptimisticLockErrorMsg = "the object has been modified; please apply your changes to the latest version and try again"

// StatusError is an error returned by the (simulated) API server, the
// counterpart of apimachinery's errors.StatusError. Resource is the plural
// lower-case resource ("statefulsets") for errors about a resource; Kind
// ("StatefulSet") is set for Invalid errors, which name a kind instead.
type StatusError struct {
	Reason   StatusReason
	Code     int
	Kind     string
	Group    string
	Resource string
	Name     string
	Causes   ErrorList
	Message  string
}

// Error returns the server's message, e.g. `pods "web-9" not found`.
func (e *StatusError) Error() string { return e.Message }

// Is makes errors.Is(err, ReasonX) behave like apimachinery's IsX(err): true
// when e has that reason, or when e's reason is unknown and its code is the
// one that reason stands for.
func (e *StatusError) Is(target error) bool {
	r, ok := target.(StatusReason)
	if !ok {
		return false
	}
	if e.Reason == r {
		return true
	}
	code, hasCode := fallbackCode[r]
	return hasCode && !e.Reason.known() && e.Code == code
}

// Kubectl returns exactly what kubectl writes to stderr when a command fails
// with e (kubectl's checkErr / StandardErrorMessage), including the final
// newline, e.g. "Error from server (NotFound): pods \"web-9\" not found\n".
// An Invalid error becomes "The StatefulSet \"web\" is invalid: <cause>\n",
// or, with several distinct causes, a first line ending in ": " followed by
// one "* <cause>" line per cause.
func (e *StatusError) Kubectl() string {
	var out string
	switch {
	case e.Reason == ReasonInvalid:
		out = e.kubectlInvalid()
	case e.Reason == ReasonUnauthorized:
		out = fmt.Sprintf("error: You must be logged in to the server (%s)", e.Message)
	case e.Reason != "":
		out = fmt.Sprintf("Error from server (%s): %s", e.Reason, e.Message)
	default:
		out = "Error from server: " + e.Message
	}
	if !strings.HasSuffix(out, "\n") {
		out += "\n"
	}
	return out
}

// kubectlInvalid renders an Invalid status the way kubectl's checkErr does.
func (e *StatusError) kubectlInvalid() string {
	s := "The request is invalid"
	causes := e.Causes.uniqueMessages()
	switch {
	case e.Kind != "" || e.Name != "":
		s = fmt.Sprintf("The %s %q is invalid", e.Kind, e.Name)
	case e.Message != "" && len(causes) == 0:
		s += ": " + e.Message
	}
	switch len(causes) {
	case 0:
		return s
	case 1:
		return s + ": " + causes[0] + "\n"
	}
	var b strings.Builder
	b.WriteString(s + ": \n")
	for _, c := range causes {
		b.WriteString("* " + c + "\n")
	}
	return b.String()
}

// WithSource returns a copy of e whose message is prefixed the way kubectl's
// AddSourceToErr does for objects read from a file, e.g. verb "creating" and
// source "web.yaml" give `error when creating "web.yaml": <message>`. An
// empty source returns e unchanged.
func (e *StatusError) WithSource(verb, source string) *StatusError {
	if source == "" {
		return e
	}
	c := *e
	c.Message = fmt.Sprintf("error when %s %q: %s", verb, source, e.Message)
	return &c
}

// qualified joins a resource or kind with its group as "name.group".
func qualified(name, group string) string {
	if group == "" {
		return name
	}
	return name + "." + group
}

// newResourceError builds a StatusError about resource.group/name.
func newResourceError(reason StatusReason, code int, resource, group, name, msg string) *StatusError {
	return &StatusError{Reason: reason, Code: code, Group: group, Resource: resource, Name: name, Message: msg}
}

// NewNotFound returns the 404 error for a missing object, e.g.
// NewNotFound("pods", "", "web-9") says `pods "web-9" not found` and
// NewNotFound("statefulsets", "apps", "web") says
// `statefulsets.apps "web" not found`.
func NewNotFound(resource, group, name string) *StatusError {
	msg := fmt.Sprintf("%s %q not found", qualified(resource, group), name)
	return newResourceError(ReasonNotFound, http.StatusNotFound, resource, group, name, msg)
}

// NewAlreadyExists returns the 409 error for creating an object that exists:
// `statefulsets.apps "web" already exists`.
func NewAlreadyExists(resource, group, name string) *StatusError {
	msg := fmt.Sprintf("%s %q already exists", qualified(resource, group), name)
	return newResourceError(ReasonAlreadyExists, http.StatusConflict, resource, group, name, msg)
}

// NewConflict returns the 409 error for an update that cannot be applied:
// `Operation cannot be fulfilled on statefulsets.apps "web": <err>`; see
// OptimisticLockErrorMsg for the usual err.
func NewConflict(resource, group, name string, err error) *StatusError {
	msg := fmt.Sprintf("Operation cannot be fulfilled on %s %q: %v", qualified(resource, group), name, err)
	return newResourceError(ReasonConflict, http.StatusConflict, resource, group, name, msg)
}

// NewForbidden returns the 403 error for a refused action:
// `statefulsets.apps "web" is forbidden: <err>`, or without a name
// `statefulsets.apps is forbidden: <err>`, or with neither resource nor group
// `forbidden: <err>`.
func NewForbidden(resource, group, name string, err error) *StatusError {
	var msg string
	switch {
	case resource == "" && group == "":
		msg = fmt.Sprintf("forbidden: %v", err)
	case name == "":
		msg = fmt.Sprintf("%s is forbidden: %v", qualified(resource, group), err)
	default:
		msg = fmt.Sprintf("%s %q is forbidden: %v", qualified(resource, group), name, err)
	}
	return newResourceError(ReasonForbidden, http.StatusForbidden, resource, group, name, msg)
}

// NewBadRequest returns the 400 error whose message is reason.
func NewBadRequest(reason string) *StatusError {
	return &StatusError{Reason: ReasonBadRequest, Code: http.StatusBadRequest, Message: reason}
}

// NewInternalError returns the 500 error
// "Internal error occurred: <err>".
func NewInternalError(err error) *StatusError {
	return &StatusError{
		Reason:  ReasonInternalError,
		Code:    http.StatusInternalServerError,
		Message: fmt.Sprintf("Internal error occurred: %v", err),
	}
}

// NewInvalid returns the 422 error for an object that failed validation:
// `StatefulSet.apps "web" is invalid: <errs aggregated>`, or
// `StatefulSet.apps "web" is invalid` when errs is empty.
func NewInvalid(kind, group, name string, errs ErrorList) *StatusError {
	msg := fmt.Sprintf("%s %q is invalid", qualified(kind, group), name)
	if agg := errs.Error(); agg != "" {
		msg += ": " + agg
	}
	return &StatusError{
		Reason:  ReasonInvalid,
		Code:    http.StatusUnprocessableEntity,
		Kind:    kind,
		Group:   group,
		Name:    name,
		Causes:  append(ErrorList(nil), errs...),
		Message: msg,
	}
}

// ReasonForError returns the reason of the first StatusError in err's chain,
// or "" if there is none.
func ReasonForError(err error) StatusReason {
	var se *StatusError
	if errors.As(err, &se) {
		return se.Reason
	}
	return ""
}

// IsNotFound reports whether err is (or wraps) a NotFound status error.
func IsNotFound(err error) bool { return errors.Is(err, ReasonNotFound) }

// IsAlreadyExists reports whether err is (or wraps) an AlreadyExists status
// error.
func IsAlreadyExists(err error) bool { return errors.Is(err, ReasonAlreadyExists) }

// IsInvalid reports whether err is (or wraps) an Invalid status error.
func IsInvalid(err error) bool { return errors.Is(err, ReasonInvalid) }

// IsConflict reports whether err is (or wraps) a Conflict status error. An
// AlreadyExists error is not a Conflict even though both are 409.
func IsConflict(err error) bool { return errors.Is(err, ReasonConflict) }

// IsForbidden reports whether err is (or wraps) a Forbidden status error.
func IsForbidden(err error) bool { return errors.Is(err, ReasonForbidden) }

// IsBadRequest reports whether err is (or wraps) a BadRequest status error.
func IsBadRequest(err error) bool { return errors.Is(err, ReasonBadRequest) }
