package manifest_test

import (
	"errors"
	"fmt"

	"github.com/stsim/stsim/manifest"
	"github.com/stsim/stsim/sts"
)

func Example() {
	objs, warnings, err := manifest.Decode([]byte(`
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: redis-sts
spec:
  serviceName: redis-svc
  replicas: 2
  selector:
    matchLabels:
      app: redis-sts
  template:
    metadata:
      labels:
        app: redis-sts
    spec:
      containers:
      - image: redis:5-alpine
        name: redis
        imagePullPolicy: IfNotPresent
        ports:
        - containerPort: 6379
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  replica: 3
`))
	for _, o := range objs {
		s := o.(*sts.StatefulSet)
		fmt.Println(s.Name, *s.Spec.Replicas, s.Spec.Template.Spec.Containers[0].Image)
	}
	for _, w := range warnings {
		fmt.Println("Warning:", w)
	}
	var es manifest.Errors
	if errors.As(err, &es) {
		for _, e := range es {
			fmt.Print(e.Kubectl("web.yaml"))
		}
	}
	// Output:
	// redis-sts 2 redis:5-alpine
	// Warning: spec.template.spec.containers.imagePullPolicy: not simulated (ignored)
	// Error from server (BadRequest): error when creating "web.yaml": StatefulSet in version "v1" cannot be handled as a StatefulSet: strict decoding error: unknown field "spec.replica"
}

func ExampleJSON() {
	replicas := int32(1)
	set := &sts.StatefulSet{}
	set.Name = "web"
	set.Spec.Replicas = &replicas
	b, _ := manifest.JSON(set)
	fmt.Print(string(b))
	// Output:
	// {
	//     "apiVersion": "apps/v1",
	//     "kind": "StatefulSet",
	//     "metadata": {
	//         "creationTimestamp": "2025-01-01T00:00:00Z",
	//         "name": "web"
	//     },
	//     "spec": {
	//         "replicas": 1,
	//         "selector": null,
	//         "serviceName": "",
	//         "template": {
	//             "metadata": {},
	//             "spec": {
	//                 "containers": null
	//             }
	//         },
	//         "updateStrategy": {}
	//     },
	//     "status": {
	//         "availableReplicas": 0,
	//         "replicas": 0
	//     }
	// }
}
