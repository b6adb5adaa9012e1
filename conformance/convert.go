package conformance

import (
	"encoding/json"
	"fmt"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/client-go/kubernetes/scheme"
	"k8s.io/kubernetes/pkg/controller/history"

	"github.com/stsim/stsim/api"
	"github.com/stsim/stsim/manifest"
	"github.com/stsim/stsim/storage"
	"github.com/stsim/stsim/sts"
)

// State is what one sync of the real controller is run on: the objects
// stsim's controller observed, as the API server would return them.
type State struct {
	Set       *appsv1.StatefulSet
	Pods      []*corev1.Pod
	Claims    []*corev1.PersistentVolumeClaim
	Revisions []*appsv1.ControllerRevision
	Now       time.Time
	// Names maps the revision names translated for upstream back to
	// stsim's (see translateCandidate).
	Names map[string]string
}

// exact renders virtual time with full precision. manifest.ToKube
// truncates timestamps to whole seconds, as the API server serialises them;
// in memory the controller compares full-precision times (the Ready
// condition against minReadySeconds, creation times when sorting
// revisions), so the harness puts them back.
func exact(d time.Duration) metav1.Time { return metav1.NewTime(api.Epoch.Add(d)) }

func exactPtr(d *time.Duration) *metav1.Time {
	if d == nil {
		return nil
	}
	t := exact(*d)
	return &t
}

func exactMeta(out *metav1.ObjectMeta, in *api.ObjectMeta) {
	out.CreationTimestamp = exact(in.CreationTimestamp)
	out.DeletionTimestamp = exactPtr(in.DeletionTimestamp)
}

// SetToKube converts a StatefulSet.
func SetToKube(s *sts.StatefulSet) (*appsv1.StatefulSet, error) {
	o, err := manifest.ToKube(s)
	if err != nil {
		return nil, err
	}
	out := o.(*appsv1.StatefulSet).DeepCopy() // ToKube shares maps and slices with s
	exactMeta(&out.ObjectMeta, &s.ObjectMeta)
	return out, nil
}

// PodToKube converts a pod.
func PodToKube(p *api.Pod) (*corev1.Pod, error) {
	o, err := manifest.ToKube(p)
	if err != nil {
		return nil, err
	}
	out := o.(*corev1.Pod).DeepCopy()
	exactMeta(&out.ObjectMeta, &p.ObjectMeta)
	for i := range out.Status.Conditions {
		out.Status.Conditions[i].LastTransitionTime = exact(p.Status.Conditions[i].LastTransitionTime)
	}
	return out, nil
}

// ClaimToKube converts a PersistentVolumeClaim.
func ClaimToKube(c *storage.PersistentVolumeClaim) (*corev1.PersistentVolumeClaim, error) {
	o, err := manifest.ToKube(c)
	if err != nil {
		return nil, err
	}
	out := o.(*corev1.PersistentVolumeClaim).DeepCopy()
	exactMeta(&out.ObjectMeta, &c.ObjectMeta)
	return out, nil
}

// RevisionToKube converts a ControllerRevision of set. Its data is what
// upstream's getPatch would store for the revision's template, so that
// upstream's byte comparison of revisions (history.EqualRevision) sees
// exactly the equalities stsim's comparison of its own encoding sees.
func RevisionToKube(set *sts.StatefulSet, r *sts.ControllerRevision) (*appsv1.ControllerRevision, error) {
	o, err := manifest.ToKube(r)
	if err != nil {
		return nil, err
	}
	out := o.(*appsv1.ControllerRevision).DeepCopy()
	exactMeta(&out.ObjectMeta, &r.ObjectMeta)
	if r.Template == nil {
		return nil, fmt.Errorf("revision %s has no decoded template", r.Name)
	}
	data, err := TemplatePatch(set, r.Template)
	if err != nil {
		return nil, err
	}
	out.Data = runtime.RawExtension{Raw: data}
	return out, nil
}

// TemplatePatch is upstream's getPatch (stateful_set_utils.go) for set
// with its pod template replaced by t: the legacy apps/v1 encoding of the
// set, reduced to {"spec":{"template":{…,"$patch":"replace"}}}.
func TemplatePatch(set *sts.StatefulSet, t *api.PodTemplateSpec) ([]byte, error) {
	s := *set
	s.Spec.Template = *t
	k, err := SetToKube(&s)
	if err != nil {
		return nil, err
	}
	return getPatch(k)
}

var patchCodec = scheme.Codecs.LegacyCodec(appsv1.SchemeGroupVersion)

// getPatch is a copy of upstream's unexported getPatch.
func getPatch(set *appsv1.StatefulSet) ([]byte, error) {
	data, err := runtime.Encode(patchCodec, set)
	if err != nil {
		return nil, err
	}
	var raw map[string]any
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, err
	}
	spec := raw["spec"].(map[string]any)
	template := spec["template"].(map[string]any)
	template["$patch"] = "replace"
	return json.Marshal(map[string]any{"spec": map[string]any{"template": template}})
}

// StateOf converts what one stsim sync observed. claims are the claims of
// the set's namespace as they were when the sync started. The caller then
// translates the name of the revision upstream may create
// (translateCandidate).
func StateOf(o sts.Observed, claims []*storage.PersistentVolumeClaim) (*State, error) {
	set, err := SetToKube(o.Set)
	if err != nil {
		return nil, err
	}
	st := &State{Set: set, Now: api.Epoch.Add(o.Now)}
	for _, p := range o.Pods.Pods() {
		k, err := PodToKube(p)
		if err != nil {
			return nil, err
		}
		st.Pods = append(st.Pods, k)
	}
	for _, c := range claims {
		k, err := ClaimToKube(c)
		if err != nil {
			return nil, err
		}
		st.Claims = append(st.Claims, k)
	}
	for _, r := range o.Revisions {
		k, err := RevisionToKube(o.Set, r)
		if err != nil {
			return nil, err
		}
		st.Revisions = append(st.Revisions, k)
	}
	return st, nil
}

// translateCandidate renames, in upstream's input, stsim's name for a
// revision of the set's current template that does not exist (yet, or any
// more: pods and the status can still name a deleted revision) to the name
// upstream gives the revision it creates for that template. Both name a
// revision by a hash of its content (and the collision count), each of its
// own encoding, so in a real cluster the pods' labels name the revision
// upstream recreates; this keeps that so across the two encodings.
func (st *State) translateCandidate(set *sts.StatefulSet) error {
	var cc int32
	if set.Status.CollisionCount != nil {
		cc = *set.Status.CollisionCount
	}
	ours := sts.RevisionName(set.Name, sts.RevisionHash(sts.TemplateData(&set.Spec.Template), cc))
	for _, r := range st.Revisions {
		if r.Name == ours {
			return nil // it exists: upstream reuses it under stsim's name
		}
	}
	patch, err := getPatch(st.Set)
	if err != nil {
		return err
	}
	cr := &appsv1.ControllerRevision{Data: runtime.RawExtension{Raw: patch}}
	theirs := history.ControllerRevisionName(set.Name, history.HashControllerRevision(cr, &cc))
	st.Names = map[string]string{theirs: ours}
	for _, p := range st.Pods {
		if p.Labels[appsv1.StatefulSetRevisionLabel] == ours {
			p.Labels[appsv1.StatefulSetRevisionLabel] = theirs
		}
	}
	if st.Set.Status.CurrentRevision == ours {
		st.Set.Status.CurrentRevision = theirs
	}
	if st.Set.Status.UpdateRevision == ours {
		st.Set.Status.UpdateRevision = theirs
	}
	return nil
}
