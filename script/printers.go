package script

import (
	"cmp"
	"slices"

	"github.com/stsim/stsim/api"
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
		list:    func(c *sim.Cluster, ns string) []any { return anys(c.PersistentVolumeClaims(ns)) },
		columns: []string{"NAME", "STATUS", "VOLUME", "CAPACITY", "ACCESS MODES", "STORAGECLASS", "VOLUMEATTRIBUTESCLASS", "AGE"},
		wide:    []string{"VOLUMEMODE"},
		row:     claimRow,
	},
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
	}
	return nil
}
