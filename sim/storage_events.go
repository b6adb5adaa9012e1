package sim

import (
	"sync"

	"github.com/stsim/stsim/storage"
)

// Kubernetes Events of the storage model. Their reasons and texts come from
// the storage package (upstream's wording); templates are made once per
// kind, type, reason and source, so that repeats fold like the event
// recorder folds them.

type eventKey struct{ kind, typ, reason, source string }

// storageTemplates is shared by every cluster (templates are immutable).
var (
	storageTemplates   = map[eventKey]*eventTemplate{}
	storageTemplatesMu sync.Mutex
)

// storageTemplate returns the template whose message is its one argument.
func storageTemplate(kind, typ, reason, source string) *eventTemplate {
	k := eventKey{kind, typ, reason, source}
	storageTemplatesMu.Lock()
	defer storageTemplatesMu.Unlock()
	t := storageTemplates[k]
	if t == nil {
		t = &eventTemplate{kind: kind, typ: typ, reason: reason, source: source, format: "%s"}
		storageTemplates[k] = t
	}
	return t
}

// storageEvent records a Kubernetes Event the binder or a provisioner
// planned.
func (c *Cluster) storageEvent(e *storage.Event, source string) {
	c.event(e.Namespace, e.Name, storageTemplate(e.Kind, e.Type, e.Reason, source), e.Message)
}

// claimEvent records an event about a claim.
func (c *Cluster) claimEvent(pvc *storage.PersistentVolumeClaim, typ, reason, source, msg string) {
	c.event(pvc.Namespace, pvc.Name, storageTemplate("PersistentVolumeClaim", typ, reason, source), msg)
}

// volumeEvent records an event about a volume.
func (c *Cluster) volumeEvent(v *storage.PersistentVolume, typ, reason, source, msg string) {
	c.event("", v.Name, storageTemplate("PersistentVolume", typ, reason, source), msg)
}

// podEventMsg records an event about a pod with a whole message.
func (c *Cluster) podEventMsg(ns, name, typ, reason, source, msg string) {
	c.event(ns, name, storageTemplate("Pod", typ, reason, source), msg)
}

// Events of the StatefulSet controller about claims
// (upstream: stateful_pod_control.go UpdatePodClaimForRetentionPolicy).
var evConflictingController = &eventTemplate{"StatefulSet", "Warning", "ConflictingController", ActorStatefulSet,
	"PersistentVolumeClaim %s has a conflicting OwnerReference that acts as a manging controller, the retention policy is ignored for this claim"}
