// Package manifest is stsim's edge to Kubernetes' own API types. It decodes
// kubectl-style manifests (YAML or JSON, several documents) into the
// simulator's compact types, and renders those types back the way
// `kubectl get -o json|yaml` prints them. It is the only stsim package that
// imports k8s.io/*: the rule packages (api, sts, storage) stay free of it.
//
// Decoding follows what `kubectl apply -f FILE` does with the default
// --validate=strict against a v1.37 API server: kubectl splits and parses the
// stream, checks apiVersion and kind, maps the kind to a served resource, and
// the server decodes the body strictly (unknown fields are errors). The error
// texts are the ones kubectl prints at each of these steps.
package manifest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"reflect"
	"slices"
	"strings"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	discoveryv1 "k8s.io/api/discovery/v1"
	storagev1 "k8s.io/api/storage/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	utilerrors "k8s.io/apimachinery/pkg/util/errors"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	kjson "sigs.k8s.io/json"

	"github.com/stsim/stsim/api"
)

// Object is one decoded manifest object. Its dynamic type is one of
// *sts.StatefulSet, *api.Pod, *api.Namespace, *api.Node, *dns.Service,
// *storage.PersistentVolumeClaim, *storage.PersistentVolume,
// *storage.StorageClass, or *Unsupported for the kinds the simulated API
// server accepts but stsim does not let a user write.
type Object any

// Unsupported stands for a well-formed object of a kind that the simulated
// API server serves but that only its controllers write (Endpoints,
// EndpointSlice). Raw is the object as kubectl sends it to the server.
type Unsupported struct {
	APIVersion string
	Kind       string
	Name       string
	Namespace  string
	Raw        json.RawMessage
}

// stage is the step of `kubectl apply` at which a document failed.
type stage int

const (
	stageParse     stage = iota // kubectl: the stream is not YAML/JSON
	stageValidate               // kubectl: apiVersion/kind checks
	stageDecode                 // kubectl: not an object it can decode
	stageMapping                // kubectl: the kind is not served
	stageRecognize              // kubectl: an item of a List is not served
	stageServer                 // API server: BadRequest on decoding
)

// DocError is a manifest document that did not become an Object.
//
// Error returns the short cause, e.g.
// `strict decoding error: unknown field "spec.replica"` or
// `no matches for kind "Foo" in version "v1"`. Message and Kubectl give what
// kubectl prints for it. Status is set when it is the API server that
// rejects the object (reason BadRequest); it is nil when kubectl fails before
// sending anything.
type DocError struct {
	APIVersion string
	Kind       string
	Name       string
	Namespace  string
	Status     *api.StatusError

	stage stage
	cause string
}

// stopValidateMessage is the hint kubectl appends to validation errors
// (cli-runtime pkg/resource/visitor.go).
const stopValidateMessage = "if you choose to ignore these errors, turn validation off with --validate=false"

// Error returns the short cause of the failure.
func (e *DocError) Error() string { return e.cause }

// Message returns the error as kubectl words it for the manifest named
// source ("STDIN" for standard input, else the path given to -f), without
// kubectl's "error: " prefix and final newline: the form kubectl prints for
// each error when a command fails with several. A server error assumes the
// object was being created (`error when creating "web.yaml": ...`).
func (e *DocError) Message(source string) string {
	switch e.stage {
	case stageParse:
		return fmt.Sprintf("error parsing %s: %s", source, e.cause)
	case stageValidate:
		return fmt.Sprintf("error validating %q: error validating data: %s; %s", source, e.cause, stopValidateMessage)
	case stageDecode:
		return fmt.Sprintf("unable to decode %q: %s", source, e.cause)
	case stageMapping:
		return fmt.Sprintf("resource mapping not found for name: %q namespace: %q from %q: %s\nensure CRDs are installed first",
			e.Name, e.Namespace, source, e.cause)
	case stageRecognize:
		return "unable to recognize " + e.cause
	}
	return strings.TrimSuffix(e.Status.WithSource("creating", source).Kubectl(), "\n")
}

// Kubectl returns exactly what kubectl writes to stderr when this is the
// only error of the command, final newline included, e.g.
//
//	Error from server (BadRequest): error when creating "web.yaml": StatefulSet in version "v1" cannot be handled as a StatefulSet: strict decoding error: unknown field "spec.replica"
//	error: resource mapping not found for name: "x" namespace: "" from "STDIN": no matches for kind "Foo" in version "v1"
//	ensure CRDs are installed first
func (e *DocError) Kubectl(source string) string {
	if e.Status != nil {
		return e.Status.WithSource("creating", source).Kubectl()
	}
	return "error: " + e.Message(source) + "\n"
}

// Errors is the error Decode returns when documents failed, in input order.
type Errors []*DocError

// Error returns the short causes, one per line.
func (es Errors) Error() string {
	var b bytes.Buffer
	for i, e := range es {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.cause)
	}
	return b.String()
}

// served lists the kinds the simulated API server accepts, with the
// k8s.io/api type the server decodes each into.
var served = map[schema.GroupVersionKind]func() any{
	{Group: "apps", Version: "v1", Kind: "StatefulSet"}:            func() any { return &appsv1.StatefulSet{} },
	{Version: "v1", Kind: "Pod"}:                                   func() any { return &corev1.Pod{} },
	{Version: "v1", Kind: "Namespace"}:                             func() any { return &corev1.Namespace{} },
	{Version: "v1", Kind: "Node"}:                                  func() any { return &corev1.Node{} },
	{Version: "v1", Kind: "PersistentVolumeClaim"}:                 func() any { return &corev1.PersistentVolumeClaim{} },
	{Version: "v1", Kind: "PersistentVolume"}:                      func() any { return &corev1.PersistentVolume{} },
	{Version: "v1", Kind: "Service"}:                               func() any { return &corev1.Service{} },
	{Group: "storage.k8s.io", Version: "v1", Kind: "StorageClass"}: func() any { return &storagev1.StorageClass{} },
	//lint:ignore SA1019 v1 Endpoints is deprecated but still served.
	{Version: "v1", Kind: "Endpoints"}:                                func() any { return &corev1.Endpoints{} },
	{Group: "discovery.k8s.io", Version: "v1", Kind: "EndpointSlice"}: func() any { return &discoveryv1.EndpointSlice{} },
}

// isServedList reports whether kubectl's discovery mapper knows gvk as a
// list kind: "List" in a served group version, or "<Kind>List" of a served
// kind (client-go restmapper/discovery.go).
func isServedList(gvk schema.GroupVersionKind) bool {
	if gvk.Kind == "List" {
		for k := range served {
			if k.GroupVersion() == gvk.GroupVersion() {
				return true
			}
		}
		return false
	}
	n := len(gvk.Kind) - len("List")
	if n <= 0 || gvk.Kind[n:] != "List" {
		return false
	}
	_, ok := served[gvk.GroupVersion().WithKind(gvk.Kind[:n])]
	return ok
}

// decoder accumulates the results of one Decode call.
type decoder struct {
	objects  []Object
	errs     Errors
	warnings []string
	warned   map[string]bool
}

// Decode turns a manifest stream (YAML documents separated by "---", or
// JSON objects; empty documents are skipped; the items of a List are
// flattened) into objects, in order. Objects are converted as written:
// neither defaulted nor validated, metadata.namespace left empty when the
// manifest has none, quantities in the API server's canonical form
// ("1.5Gi" becomes "1536Mi").
//
// A document that fails is reported in the returned error, of type Errors;
// the others are still returned, as `kubectl apply` still applies them. A
// stream that cannot be parsed, or a document without apiVersion or kind,
// ends the stream there, as it ends kubectl's.
//
// The warnings name, once per field path, the fields that Kubernetes accepts
// but stsim does not simulate, e.g.
// "spec.template.spec.affinity: not simulated (ignored)". Fields under
// status are not reported: the API server ignores them on create.
func Decode(data []byte) ([]Object, []string, error) {
	d := &decoder{warned: map[string]bool{}}
	stream := utilyaml.NewYAMLOrJSONDecoder(bytes.NewReader(data), 4096)
	for {
		var ext runtime.RawExtension
		if err := stream.Decode(&ext); err != nil {
			if !errors.Is(err, io.EOF) {
				d.errs = append(d.errs, &DocError{stage: stageParse, cause: err.Error()})
			}
			break
		}
		raw := bytes.TrimSpace(ext.Raw)
		if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
			continue
		}
		if !d.document(raw) {
			break
		}
	}
	if len(d.errs) > 0 {
		return d.objects, d.warnings, d.errs
	}
	return d.objects, d.warnings, nil
}

// document handles one document of the stream; it returns false when the
// stream must stop.
func (d *decoder) document(raw []byte) bool {
	var generic any
	if err := json.Unmarshal(raw, &generic); err != nil {
		d.errs = append(d.errs, &DocError{stage: stageValidate, cause: err.Error()})
		return false
	}
	if errs := checkKind(generic); errs != nil {
		d.errs = append(d.errs, &DocError{stage: stageValidate, cause: utilerrors.NewAggregate(errs).Error()})
		return false
	}
	obj, gvk, err := unstructured.UnstructuredJSONScheme.Decode(raw, nil, nil)
	if err != nil {
		d.errs = append(d.errs, &DocError{stage: stageDecode, cause: err.Error()})
		return true
	}
	if list, ok := obj.(*unstructured.UnstructuredList); ok {
		return d.list(list, *gvk)
	}
	u := obj.(*unstructured.Unstructured)
	if served[*gvk] == nil {
		d.errs = append(d.errs, &DocError{
			APIVersion: u.GetAPIVersion(), Kind: u.GetKind(), Name: u.GetName(), Namespace: u.GetNamespace(),
			stage: stageMapping, cause: noKindMatch(*gvk),
		})
		return true
	}
	d.object(u, *gvk)
	return true
}

// list flattens a list document as kubectl's FlattenListVisitor does.
// Items of a v1 List must name their apiVersion and kind, as kubectl's
// client-side validation of lists requires.
func (d *decoder) list(list *unstructured.UnstructuredList, gvk schema.GroupVersionKind) bool {
	if !isServedList(gvk) && served[gvk] == nil {
		d.errs = append(d.errs, &DocError{
			APIVersion: list.GetAPIVersion(), Kind: list.GetKind(),
			stage: stageMapping, cause: noKindMatch(gvk),
		})
		return true
	}
	if gvk == (schema.GroupVersionKind{Version: "v1", Kind: "List"}) {
		var errs []error
		for i := range list.Items {
			errs = append(errs, checkKind(list.Items[i].Object)...)
		}
		if errs != nil {
			d.errs = append(d.errs, &DocError{stage: stageValidate, cause: utilerrors.NewAggregate(errs).Error()})
			return false
		}
	}
	for i := range list.Items {
		u := &list.Items[i]
		igvk := u.GroupVersionKind()
		switch {
		case igvk.Kind == "":
			d.errs = append(d.errs, &DocError{
				APIVersion: u.GetAPIVersion(), Name: u.GetName(), Namespace: u.GetNamespace(),
				stage: stageDecode, cause: "unstructured object has no kind",
			})
		case served[igvk] == nil:
			d.errs = append(d.errs, &DocError{
				APIVersion: u.GetAPIVersion(), Kind: u.GetKind(), Name: u.GetName(), Namespace: u.GetNamespace(),
				stage: stageRecognize, cause: noKindMatch(igvk),
			})
		default:
			d.object(u, igvk)
		}
	}
	return true
}

// checkKind is kubectl's client-side check of a document's apiVersion and
// kind (kubectl pkg/validation getObjectKind).
func checkKind(obj any) []error {
	fields, ok := obj.(map[string]any)
	if !ok || fields == nil {
		return []error{errors.New("invalid object to validate")}
	}
	var errs []error
	switch v := fields["apiVersion"].(type) {
	case nil:
		errs = append(errs, errors.New("apiVersion not set"))
	case string:
		if _, err := schema.ParseGroupVersion(v); err != nil {
			errs = append(errs, err)
		}
	default:
		errs = append(errs, errors.New("apiVersion isn't string type"))
	}
	switch fields["kind"].(type) {
	case nil:
		errs = append(errs, errors.New("kind not set"))
	case string:
	default:
		errs = append(errs, errors.New("kind isn't string type"))
	}
	return errs
}

// noKindMatch is apimachinery's NoKindMatchError for one searched version.
func noKindMatch(gvk schema.GroupVersionKind) string {
	return fmt.Sprintf("no matches for kind %q in version %q", gvk.Kind, gvk.GroupVersion().String())
}

// object decodes a served object strictly, as the API server does with
// fieldValidation=Strict, and converts it.
func (d *decoder) object(u *unstructured.Unstructured, gvk schema.GroupVersionKind) {
	fail := func(cause error) {
		msg := fmt.Sprintf("%s in version %q cannot be handled as a %s: %v", gvk.Kind, gvk.Version, gvk.Kind, cause)
		d.errs = append(d.errs, &DocError{
			APIVersion: u.GetAPIVersion(), Kind: u.GetKind(), Name: u.GetName(), Namespace: u.GetNamespace(),
			Status: api.NewBadRequest(msg), stage: stageServer, cause: cause.Error(),
		})
	}
	// kubectl sends the object re-encoded from its unstructured form, so
	// the keys reach the server sorted; the server reports unknown fields
	// in that order.
	body, err := u.MarshalJSON()
	if err != nil {
		fail(err)
		return
	}
	kobj := served[gvk]()
	strict, err := kjson.UnmarshalStrict(body, kobj)
	if err != nil {
		fail(err)
		return
	}
	if len(strict) > 0 {
		fail(runtime.NewStrictDecodingError(strict))
		return
	}
	obj := fromKube(kobj)
	if obj == nil {
		d.objects = append(d.objects, &Unsupported{
			APIVersion: u.GetAPIVersion(), Kind: gvk.Kind, Name: u.GetName(), Namespace: u.GetNamespace(), Raw: body,
		})
		return
	}
	for _, w := range notSimulated(kobj, obj) {
		if !d.warned[w] {
			d.warned[w] = true
			d.warnings = append(d.warnings, w)
		}
	}
	d.objects = append(d.objects, obj)
}

// notSimulated lists the fields that are set in kobj, the decoded k8s.io/api
// object, but do not survive the conversion to obj: the paths of kobj's JSON
// whose value ToKube(obj) does not give back. Paths are written without
// list indices, as `kubectl explain` writes them; status is left out.
func notSimulated(kobj any, obj Object) []string {
	back, err := ToKube(obj)
	if err != nil {
		return nil
	}
	in, err := toMap(kobj)
	if err != nil {
		return nil
	}
	out, err := toMap(back)
	if err != nil {
		return nil
	}
	delete(in, "status")
	var paths []string
	lostFields("", in, out, &paths)
	for i, p := range paths {
		paths[i] = p + ": not simulated (ignored)"
	}
	return paths
}

// lostFields appends to paths the path of every value in in that out does
// not have. An owner reference's controller or blockOwnerDeletion set to
// false is the same as absent.
func lostFields(path string, in, out any, paths *[]string) {
	switch a := in.(type) {
	case map[string]any:
		b, _ := out.(map[string]any)
		for _, k := range slices.Sorted(maps.Keys(a)) {
			p := k
			if path != "" {
				p = path + "." + k
			}
			bv, ok := b[k]
			switch {
			case ok:
				lostFields(p, a[k], bv, paths)
			case a[k] == false && (strings.HasSuffix(p, "ownerReferences.controller") ||
				strings.HasSuffix(p, "ownerReferences.blockOwnerDeletion")):
			default:
				*paths = append(*paths, p)
			}
		}
	case []any:
		b, _ := out.([]any)
		for i, v := range a {
			if i >= len(b) {
				*paths = append(*paths, path)
				return
			}
			lostFields(path, v, b[i], paths)
		}
	default:
		if !reflect.DeepEqual(in, out) {
			*paths = append(*paths, path)
		}
	}
}
