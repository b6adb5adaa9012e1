package api_test

import (
	"errors"
	"fmt"

	"github.com/stsim/stsim/api"
)

func ExampleNewInvalid() {
	errs := api.ValidateNonnegativeField(-1, api.NewPath("spec", "replicas"))
	err := api.NewInvalid("StatefulSet", "apps", "web", errs)

	fmt.Println(err)         // what the API server says
	fmt.Print(err.Kubectl()) // what kubectl prints on stderr
	fmt.Println(api.IsInvalid(err))
	// Output:
	// StatefulSet.apps "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0
	// The StatefulSet "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0
	// true
}

func ExampleStatusError_Kubectl() {
	var err error = api.NewNotFound("pods", "", "web-9")

	var se *api.StatusError
	if errors.As(err, &se) {
		fmt.Print(se.Kubectl())
	}
	fmt.Println(errors.Is(err, api.ReasonNotFound))
	// Output:
	// Error from server (NotFound): pods "web-9" not found
	// true
}

func ExampleValidateObjectMetaName() {
	errs := api.ValidateObjectMetaName("Web", api.NameIsDNSLabel, api.NewPath("metadata"))
	fmt.Println(errs)
	// Output:
	// metadata.name: Invalid value: "Web": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')
}

func ExampleNotSupported() {
	err := api.NotSupported(api.NewPath("spec", "podManagementPolicy"), "Foo", []string{"OrderedReady", "Parallel"})
	fmt.Println(err)
	// Output:
	// spec.podManagementPolicy: Unsupported value: "Foo": supported values: "OrderedReady", "Parallel"
}

func ExampleParseSelector() {
	sel, err := api.ParseSelector("app=web,tier in (front,back),!canary")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(sel.Matches(map[string]string{"app": "web", "tier": "front"}))
	fmt.Println(sel.Matches(map[string]string{"app": "web", "tier": "front", "canary": "yes"}))
	fmt.Println(api.FormatLabelSelector(sel))

	_, err = api.ParseSelector("app web")
	fmt.Println(err)
	// Output:
	// true
	// false
	// app in (web),!canary,tier in (back,front)
	// unable to parse requirement: found 'web', expected: in, notin, =, ==, !=, gt, lt
}
