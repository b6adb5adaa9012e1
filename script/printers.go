package script

import (
	"cmp"
	"slices"

	"github.com/stsim/stsim/api"
	"github.com/stsim/stsim/dns"
	"github.com/stsim/stsim/sim"
	"github.com/stsim/stsim/storage"
	"github.com/stsim/stsim/sts"
)

// printer lists the objects of one kind and prints them as kubectl's
// table does.
type printer struct {
	// list returns the objects of a namespace ("" for all), sorted.
	list func(c *sim.Cluster, ns string) []any
	// columns are the table's headers; wide adds those of -o wide.
	columns, wide []string
	// row returns an object's cells (the wide ones too when asked).
	row func(c *sim.Cluster, obj any, wide bool) []string
	// listRows, when set, returns the rows of a listed table, which may
	// depend on the whole list (kubectl's list printers).
	listRows func(c *sim.Cluster, objs []any, wide bool) [][]string
	// warning is the API server's warning for reading the kind.
	warning string
}

// printers are the table printers, by plural resource name.
var printers = map[string]*printer{
	"pods": {
		list:    func(c *sim.Cluster, ns string) []any { return anys(c.Pods(ns)) },
		columns: []string{"NAME", "READY", "STATUS", "RESTARTS", "AGE"},
		wide:    []string{"IP", "NODE", "NOMINATED NODE", "READINESS GATES"},
		row:     podRow,
	},
	"statefulsets": {
		list:    func(c *sim.Cluster, ns string) []any { return anys(c.StatefulSets(ns)) },
		columns: []string{"NAME", "READY", "AGE"},
		wide:    []string{"CONTAINERS", "IMAGES"},
		row:     setRow,
	},
	"controllerrevisions": {
		list:    func(c *sim.Cluster, ns string) []any { return anys(c.Revisions(ns)) },
		columns: []string{"NAME", "CONTROLLER", "REVISION", "AGE"},
		row:     revisionRow,
	},
	"events": {
		list:    listEvents,
		columns: []string{"LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"},
		row:     eventRow,
	},
	"nodes": {
		list:    func(c *sim.Cluster, _ string) []any { return anys(c.Nodes()) },
		columns: []string{"NAME", "STATUS", "ROLES", "AGE", "VERSION"},
		wide:    []string{"INTERNAL-IP", "EXTERNAL-IP", "OS-IMAGE", "KERNEL-VERSION", "CONTAINER-RUNTIME"},
		row:     nodeRow,
	},
	"namespaces": {
		list:    func(c *sim.Cluster, _ string) []any { return anys(c.Namespaces()) },
		columns: []string{"NAME", "STATUS", "AGE"},
		row:     namespaceRow,
	},
	"persistentvolumeclaims": {
		list:    func(c *sim.Cluster, ns string) []any { return anys(c.Claims(ns)) },
		columns: []string{"NAME", "STATUS", "VOLUME", "CAPACITY", "ACCESS MODES", "STORAGECLASS", "VOLUMEATTRIBUTESCLASS", "AGE"},
		wide:    []string{"VOLUMEMODE"},
		row:     claimRow,
	},
	"persistentvolumes": {
		list:    func(c *sim.Cluster, _ string) []any { return anys(c.Volumes()) },
		columns: []string{"NAME", "CAPACITY", "ACCESS MODES", "RECLAIM POLICY", "STATUS", "CLAIM", "STORAGECLASS", "VOLUMEATTRIBUTESCLASS", "REASON", "AGE"},
		wide:    []string{"VOLUMEMODE"},
		row:     volumeRow,
	},
	"storageclasses": {
		list:     func(c *sim.Cluster, _ string) []any { return anys(c.StorageClasses()) },
		columns:  []string{"NAME", "PROVISIONER", "RECLAIMPOLICY", "VOLUMEBINDINGMODE", "ALLOWVOLUMEEXPANSION", "AGE"},
		row:      func(c *sim.Cluster, obj any, _ bool) []string { return classRow(c, obj.(*storage.StorageClass), "") },
		listRows: classRows,
	},
	"services": {
		list:    func(c *sim.Cluster, ns string) []any { return anys(c.Services(ns)) },
		columns: []string{"NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE"},
		wide:    []string{"SELECTOR"},
		row:     serviceRow,
	},
	"endpoints": {
		list:    listEndpoints,
		columns: []string{"NAME", "ENDPOINTS", "AGE"},
		row:     endpointsRow,
		warning: "v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice",
	},
	"endpointslices": {
		list:    func(c *sim.Cluster, ns string) []any { return anys(c.EndpointSlices(ns)) },
		columns: []string{"NAME", "ADDRESSTYPE", "PORTS", "ENDPOINTS", "AGE"},
		row:     sliceRow,
	},
}

// listEndpoints lists the v1 Endpoints the endpoints controller keeps,
// one per service with a selector.
func listEndpoints(c *sim.Cluster, ns string) []any {
	var out []any
	for _, s := range c.Services(ns) {
		if ep := dns.EndpointsFor(s, c.EndpointSlices(s.Namespace)); ep != nil {
			out = append(out, ep)
		}
	}
	return out
}

func anys[T any](items []*T) []any {
	out := make([]any, len(items))
	for i, it := range items {
		out[i] = it
	}
	return out
}

// listEvents lists the Kubernetes Events in the order the API server lists
// them: by namespace and name, which is the involved object's name and a
// suffix growing with time.
func listEvents(c *sim.Cluster, ns string) []any {
	evs := c.KubeEvents()
	var out []*api.Event
	for i := range evs {
		if ns == "" || evs[i].Namespace == ns {
			out = append(out, &evs[i])
		}
	}
	slices.SortStableFunc(out, func(a, b *api.Event) int {
		return cmp.Or(cmp.Compare(a.Namespace, b.Namespace), cmp.Compare(a.Name+".", b.Name+"."), cmp.Compare(a.First, b.First))
	})
	return anys(out)
}

// metaOf returns an object's metadata (nil for an Event, which has none in
// the simulation).
func metaOf(obj any) *api.ObjectMeta {
	switch o := obj.(type) {
	case *api.Pod:
		return &o.ObjectMeta
	case *sts.StatefulSet:
		return &o.ObjectMeta
	case *sts.ControllerRevision:
		return &o.ObjectMeta
	case *api.Node:
		return &o.ObjectMeta
	case *api.Namespace:
		return &o.ObjectMeta
	case *storage.PersistentVolumeClaim:
		return &o.ObjectMeta
	case *storage.PersistentVolume:
		return &o.ObjectMeta
	case *storage.StorageClass:
		return &o.ObjectMeta
	case *dns.Service:
		return &o.ObjectMeta
	case *dns.Endpoints:
		return &o.ObjectMeta
	case *dns.EndpointSlice:
		return &o.ObjectMeta
	}
	return nil
}
