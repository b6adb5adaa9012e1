package conformance

import (
	"bytes"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	k8stesting "k8s.io/client-go/testing"

	"github.com/stsim/stsim/api"
	"github.com/stsim/stsim/sim"
	"github.com/stsim/stsim/sts"
)

// Writes is one sync's writes in a canonical text form that both sides are
// rendered to, one line per write.
type Writes struct {
	// Revisions are the revision creates and updates made before any pod
	// write (getStatefulSetRevisions).
	Revisions []string
	// Pods are the pod and claim writes, in order (OrderedReady) or sorted
	// (Parallel: upstream issues each burst from goroutines).
	Pods []string
	// History are the revision deletes of truncateHistory.
	History []string
	// Status is the status write, "" when the status is not written.
	Status string
	// Events are the events that are not implied by a write
	// (ConflictingController).
	Events []string
}

// lists returns the sections with their titles, for comparing and
// printing.
func (w *Writes) lists() []section {
	st := []string{}
	if w.Status != "" {
		st = []string{w.Status}
	}
	return []section{
		{"revisions", w.Revisions},
		{"pods and claims", w.Pods},
		{"status", st},
		{"history", w.History},
		{"events", w.Events},
	}
}

type section struct {
	title string
	lines []string
}

// revNames maps upstream's revision names (its hash of its own encoding)
// to stsim's for the same template.
type revNames map[string]string

func (m revNames) of(name string) string {
	if n, ok := m[name]; ok {
		return n
	}
	return name
}

// ---- rendering ----

func labelsLine(l map[string]string, names revNames) string {
	keys := slices.Sorted(maps.Keys(l))
	var b strings.Builder
	for i, k := range keys {
		if i > 0 {
			b.WriteByte(',')
		}
		v := l[k]
		if k == appsv1.StatefulSetRevisionLabel {
			v = names.of(v)
		}
		b.WriteString(shortLabel(k) + "=" + v)
	}
	return "{" + b.String() + "}"
}

// shortLabel abbreviates the well-known identity labels.
func shortLabel(k string) string {
	switch k {
	case appsv1.StatefulSetPodNameLabel:
		return "pod-name"
	case appsv1.PodIndexLabel:
		return "pod-index"
	case appsv1.StatefulSetRevisionLabel:
		return "revision"
	}
	return k
}

func shortUID(uid string) string {
	if len(uid) > 8 {
		return uid[:8]
	}
	return uid
}

func ownersLine(refs []metav1.OwnerReference) string {
	var parts []string
	for _, r := range refs {
		s := r.Kind + "/" + r.Name + "(" + shortUID(string(r.UID)) + ")"
		if r.Controller != nil && *r.Controller {
			s += "c"
		}
		if r.BlockOwnerDeletion != nil && *r.BlockOwnerDeletion {
			s += "b"
		}
		parts = append(parts, s)
	}
	return "[" + strings.Join(parts, " ") + "]"
}

func podLine(verb string, p *corev1.Pod, names revNames) string {
	var vols []string
	for _, v := range p.Spec.Volumes {
		s := v.Name
		if v.PersistentVolumeClaim != nil {
			s += ":" + v.PersistentVolumeClaim.ClaimName
		}
		vols = append(vols, s)
	}
	slices.Sort(vols)
	var images []string
	for _, c := range p.Spec.Containers {
		images = append(images, c.Name+"="+c.Image)
	}
	line := fmt.Sprintf("%s pod %s labels=%s owners=%s", verb, p.Name, labelsLine(p.Labels, names), ownersLine(p.OwnerReferences))
	if verb == "create" {
		line += fmt.Sprintf(" host=%s.%s images=%s", p.Spec.Hostname, p.Spec.Subdomain, strings.Join(images, ","))
	}
	return line + " volumes=[" + strings.Join(vols, " ") + "]"
}

func claimLine(verb string, c *corev1.PersistentVolumeClaim) string {
	line := fmt.Sprintf("%s claim %s owners=%s", verb, c.Name, ownersLine(c.OwnerReferences))
	if verb == "create" {
		size := c.Spec.Resources.Requests[corev1.ResourceStorage]
		line += fmt.Sprintf(" labels=%s size=%s", labelsLine(c.Labels, nil), size.String())
	}
	return line
}

func revisionLine(verb, name string, revision int64) string {
	if verb == "delete" {
		return "delete revision " + name
	}
	return fmt.Sprintf("%s revision %s revision=%d", verb, name, revision)
}

func statusLine(s *appsv1.StatefulSetStatus, names revNames) string {
	cc := "nil"
	if s.CollisionCount != nil {
		cc = fmt.Sprint(*s.CollisionCount)
	}
	line := fmt.Sprintf("status observedGeneration=%d replicas=%d ready=%d available=%d current=%d updated=%d currentRevision=%s updateRevision=%s collisionCount=%s",
		s.ObservedGeneration, s.Replicas, s.ReadyReplicas, s.AvailableReplicas, s.CurrentReplicas, s.UpdatedReplicas,
		names.of(s.CurrentRevision), names.of(s.UpdateRevision), cc)
	for _, c := range s.Conditions {
		line += fmt.Sprintf(" condition=%s/%s/%s", c.Type, c.Status, c.Reason)
	}
	return line
}

// ---- upstream ----

// upstreamRevisionNames maps the revisions upstream created to stsim's by
// content: a created revision is stsim's revision whose template upstream
// would encode to the same bytes (ours are named by our own hash bytes).
func upstreamRevisionNames(u *Upstream, st *State, set *sts.StatefulSet, plan sts.Plan) (revNames, error) {
	names := revNames{}
	maps.Copy(names, st.Names)
	var ours []*sts.ControllerRevision
	for _, a := range plan.Actions {
		if a.Verb == sts.CreateRevision {
			ours = append(ours, a.Revision)
		}
	}
	for _, w := range u.Writes {
		if w.GetVerb() != "create" || w.GetResource().Resource != "controllerrevisions" {
			continue
		}
		r := w.(k8stesting.CreateAction).GetObject().(*appsv1.ControllerRevision)
		for _, o := range ours {
			data, err := TemplatePatch(set, o.Template)
			if err != nil {
				return nil, err
			}
			if bytes.Equal(data, r.Data.Raw) {
				names[r.Name] = o.Name
			}
		}
	}
	return names, nil
}

// UpstreamWrites renders upstream's writes.
func UpstreamWrites(u *Upstream, names revNames, parallel bool) Writes {
	var w Writes
	for _, a := range u.Writes {
		res, verb := a.GetResource().Resource, a.GetVerb()
		var obj any
		if o, ok := a.(objectAction); ok {
			obj = o.GetObject()
		}
		switch res {
		case "controllerrevisions":
			switch verb {
			case "delete":
				w.History = append(w.History, revisionLine(verb, names.of(actionName(a)), 0))
			default:
				r := obj.(*appsv1.ControllerRevision)
				w.Revisions = append(w.Revisions, revisionLine(verb, names.of(r.Name), r.Revision))
			}
		case "pods":
			if verb == "delete" {
				w.Pods = append(w.Pods, "delete pod "+actionName(a))
			} else {
				w.Pods = append(w.Pods, podLine(verb, obj.(*corev1.Pod), names))
			}
		case "persistentvolumeclaims":
			w.Pods = append(w.Pods, claimLine(verb, obj.(*corev1.PersistentVolumeClaim)))
		case "statefulsets":
			if a.GetSubresource() == "status" {
				w.Status = statusLine(&obj.(*appsv1.StatefulSet).Status, names)
			} else {
				w.Pods = append(w.Pods, verb+" statefulset "+actionName(a))
			}
		default:
			w.Pods = append(w.Pods, verb+" "+res+" "+actionName(a))
		}
	}
	for _, e := range u.Events {
		if line, ok := eventLine(e); ok {
			w.Events = append(w.Events, line)
		}
	}
	w.canonical(parallel)
	return w
}

// ---- stsim ----

// attempted replays sim's apply (sim/apply.go) with sts.Plan.Apply, the
// rule apply follows: the actions whose writes were made (the rest of a
// pod's chain after a failed write, and later batches, are not), the
// injected errors that made them fail, and the status that was written,
// with its currentReplicas adjusted for the rolling-update deletes that did
// not happen.
func attempted(s sim.Sync) (acts []sts.Action, inject []Injected, status *sts.Status) {
	errs := s.Errors
	st := s.Plan.Apply(func(a sts.Action) error {
		acts = append(acts, a)
		if a.Verb == sts.FailPod {
			// no write: sim's apply fails it with its own error, which it
			// returned in the sync's errors (not an API status)
			if len(errs) > 0 {
				if _, ok := errs[0].(*api.StatusError); !ok {
					errs = errs[1:]
				}
			}
			return errFailPod
		}
		if len(errs) == 0 {
			return nil
		}
		verb, res, name := writeOf(a)
		e, ok := errs[0].(*api.StatusError)
		if !ok || res == "" || e.Name != name {
			return nil
		}
		errs = errs[1:]
		inject = append(inject, Injected{Verb: verb, Resource: res, Name: name,
			Err: kubeError(int32(e.Code), string(e.Reason), e.Kind, e.Name, e.Message)})
		if deleteNotFound(a, e) {
			return nil // known stsim bug 2 (normalise.go)
		}
		return e
	})
	if sts.StatusChanged(&s.Observed.Set.Status, &st) {
		status = &st // as sim's apply decides (formerly known bug 7, fixed)
	}
	return acts, inject, status
}

// errFailPod stands for the error of a FailPod action.
var errFailPod = errors.New("pod create or update failed before writing")

// writeOf names the API write an action makes (none for revisions, whose
// writes cannot fail in sim, and for events).
func writeOf(a sts.Action) (verb, resource, name string) {
	switch a.Verb {
	case sts.CreatePod:
		return "create", "pods", a.Pod.Name
	case sts.DeletePod:
		return "delete", "pods", a.Pod.Name
	case sts.UpdatePod:
		return "update", "pods", a.Pod.Name
	case sts.CreateClaim:
		return "create", "persistentvolumeclaims", a.Claim.Name
	case sts.UpdateClaim:
		return "update", "persistentvolumeclaims", a.Claim.Name
	}
	return "", "", ""
}

// StsimWrites renders the writes stsim's sync made.
func StsimWrites(s sim.Sync, acts []sts.Action, status *sts.Status) (Writes, error) {
	var w Writes
	for _, a := range acts {
		switch a.Verb {
		case sts.CreateRevision:
			w.Revisions = append(w.Revisions, revisionLine("create", a.Revision.Name, a.Revision.Revision))
		case sts.UpdateRevision:
			w.Revisions = append(w.Revisions, revisionLine("update", a.Revision.Name, a.Revision.Revision))
		case sts.DeleteRevision:
			w.History = append(w.History, revisionLine("delete", a.Revision.Name, 0))
		case sts.CreatePod, sts.UpdatePod:
			p, err := PodToKube(a.Pod)
			if err != nil {
				return w, err
			}
			verb, _, _ := writeOf(a)
			w.Pods = append(w.Pods, podLine(verb, p, nil))
		case sts.DeletePod:
			w.Pods = append(w.Pods, "delete pod "+a.Pod.Name)
		case sts.CreateClaim, sts.UpdateClaim:
			c, err := ClaimToKube(a.Claim)
			if err != nil {
				return w, err
			}
			verb, _, _ := writeOf(a)
			w.Pods = append(w.Pods, claimLine(verb, c))
		case sts.WarnClaim:
			w.Events = append(w.Events, "Warning ConflictingController "+a.Claim.Name)
		}
	}
	if status != nil {
		k, err := SetToKube(&sts.StatefulSet{Status: *status})
		if err != nil {
			return w, err
		}
		w.Status = statusLine(&k.Status, nil)
	}
	w.canonical(s.Observed.Set.Spec.PodManagementPolicy == sts.Parallel)
	return w, nil
}
