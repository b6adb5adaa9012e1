package script

import (
	"fmt"
	"strings"
)

// resource is a resource type as kubectl names it.
type resource struct {
	plural     string // "statefulsets"
	group      string // "apps"
	kind       string // "StatefulSet"
	namespaced bool
}

// resources are the types scripts name, with kubectl's aliases.
var resources = map[string]*resource{}

func init() {
	add := func(r *resource, names ...string) {
		for _, n := range append(names, r.plural, strings.ToLower(r.kind)) {
			resources[n] = r
		}
	}
	add(&resource{"pods", "", "Pod", true}, "po")
	add(&resource{"statefulsets", "apps", "StatefulSet", true}, "sts")
	add(&resource{"controllerrevisions", "apps", "ControllerRevision", true})
	add(&resource{"events", "", "Event", true}, "ev")
	add(&resource{"nodes", "", "Node", false}, "no")
	add(&resource{"namespaces", "", "Namespace", false}, "ns")
	add(&resource{"persistentvolumeclaims", "", "PersistentVolumeClaim", true}, "pvc")
	add(&resource{"persistentvolumes", "", "PersistentVolume", false}, "pv")
	add(&resource{"storageclasses", "storage.k8s.io", "StorageClass", false}, "sc")
	add(&resource{"services", "", "Service", true}, "svc")
	add(&resource{"endpoints", "", "Endpoints", true}, "ep")
	add(&resource{"endpointslices", "discovery.k8s.io", "EndpointSlice", true})
}

// lookup finds a resource type by any of its names, optionally qualified
// by its group ("statefulsets.apps").
func lookup(name string) (*resource, error) {
	r := resources[strings.ToLower(name)]
	if short, group, ok := strings.Cut(strings.ToLower(name), "."); r == nil && ok {
		if g := resources[short]; g != nil && g.group == group {
			r = g
		}
	}
	if r == nil {
		return nil, fmt.Errorf("the server doesn't have a resource type %q", name)
	}
	return r, nil
}

// notSimulated is the error for applying a kind that only the simulated
// controllers write.
func notSimulated(kind string) error {
	return fmt.Errorf("stsim does not simulate %s written by users: its controllers write them", kind)
}

// ref is the type as kubectl prints it before a name: "statefulset.apps".
func (r *resource) ref() string {
	if r.group == "" {
		return strings.ToLower(r.kind)
	}
	return strings.ToLower(r.kind) + "." + r.group
}

// target splits kubectl's `TYPE NAME...` or `TYPE/NAME` operands.
func target(args []string) (*resource, []string, error) {
	if len(args) == 0 {
		return nil, nil, kubectlError("Required resource not specified.")
	}
	kind, name, slash := strings.Cut(args[0], "/")
	r, err := lookup(kind)
	if err != nil {
		return nil, nil, err
	}
	if slash {
		if len(args) > 1 {
			return nil, nil, fmt.Errorf("there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'")
		}
		return r, []string{name}, nil
	}
	return r, args[1:], nil
}

// oneTarget is target for commands that act on exactly one named object.
func oneTarget(args []string) (*resource, string, error) {
	r, names, err := target(args)
	if err != nil {
		return nil, "", err
	}
	if len(names) != 1 {
		return nil, "", fmt.Errorf("exactly one NAME is required, got %d", len(names))
	}
	return r, names[0], nil
}

// targetAndRest splits `TYPE NAME REST...` or `TYPE/NAME REST...`.
func targetAndRest(args []string) (*resource, string, []string, error) {
	if len(args) > 0 && strings.Contains(args[0], "/") {
		r, name, err := oneTarget(args[:1])
		return r, name, args[1:], err
	}
	if len(args) < 2 {
		_, _, err := target(args)
		if err == nil {
			err = errNoName
		}
		return nil, "", nil, err
	}
	r, name, err := oneTarget(args[:2])
	return r, name, args[2:], err
}
