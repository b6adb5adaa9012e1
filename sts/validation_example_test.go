package sts_test

import (
	"fmt"

	"github.com/stsim/stsim/api"
	"github.com/stsim/stsim/sts"
)

func ExampleValidate() {
	replicas := int32(-1)
	set := &sts.StatefulSet{
		ObjectMeta: api.ObjectMeta{Name: "web", Namespace: "default"},
		Spec: sts.Spec{
			Replicas:            &replicas,
			ServiceName:         "web",
			PodManagementPolicy: "Random",
			Selector:            &api.LabelSelector{MatchLabels: map[string]string{"app": "web"}},
			Template: api.PodTemplateSpec{
				Labels: map[string]string{"app": "nginx"},
				Spec:   api.PodSpec{Containers: []api.Container{{Name: "nginx"}}},
			},
		},
	}
	sts.Default(set, sts.DefaultGates())
	errs := sts.Validate(set, sts.DefaultGates())
	for _, e := range errs {
		fmt.Println(e)
	}
	fmt.Println(api.NewInvalid("StatefulSet", "apps", set.Name, errs))
	// Output:
	// spec.podManagementPolicy: Invalid value: "Random": must be 'OrderedReady' or 'Parallel'
	// spec.replicas: Invalid value: -1: must be greater than or equal to 0
	// spec.template.metadata.labels: Invalid value: {"app":"nginx"}: `selector` does not match template `labels`
	// spec.template.spec.containers[0].image: Required value
	// StatefulSet.apps "web" is invalid: [spec.podManagementPolicy: Invalid value: "Random": must be 'OrderedReady' or 'Parallel', spec.replicas: Invalid value: -1: must be greater than or equal to 0, spec.template.metadata.labels: Invalid value: {"app":"nginx"}: `selector` does not match template `labels`, spec.template.spec.containers[0].image: Required value]
}
