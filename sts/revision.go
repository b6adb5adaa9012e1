package sts

import (
	"bytes"
	"encoding/json"
	"maps"
	"slices"

	"github.com/stsim/stsim/api"
)

// TemplateData is the canonical encoding of a pod template that revisions
// store and compare (upstream: getPatch, which stores only spec.template).
func TemplateData(t *api.PodTemplateSpec) []byte {
	b, err := json.Marshal(t)
	if err != nil { // our types always marshal
		panic(err)
	}
	return b
}

// templateData returns TemplateData of set's template, memoised per
// generation (the API server bumps generation on every spec change).
func (x *Index) templateData(set *StatefulSet) []byte {
	if set.Generation != 0 && set.Generation == x.memoGen {
		return x.memoData
	}
	d := TemplateData(&set.Spec.Template)
	x.memoGen, x.memoData = set.Generation, d
	return d
}

// NewRevision builds the ControllerRevision for set's template
// (upstream: newRevision, history.NewControllerRevision).
func NewRevision(set *StatefulSet, data []byte, revision int64, collisionCount int32) *ControllerRevision {
	hash := RevisionHash(data, collisionCount)
	labels := maps.Clone(set.Spec.Template.Labels)
	if labels == nil {
		labels = map[string]string{}
	}
	labels[RevisionHashLabel] = hash
	tmpl := set.Spec.Template
	return &ControllerRevision{
		ObjectMeta: api.ObjectMeta{
			Name:            RevisionName(set.Name, hash),
			Namespace:       set.Namespace,
			Labels:          labels,
			Annotations:     maps.Clone(set.Annotations),
			OwnerReferences: []api.OwnerReference{ControllerRef(set)},
		},
		Revision: revision,
		Data:     data,
		Template: &tmpl,
	}
}

// SortRevisions orders revisions by .revision, then creation time, then name
// (upstream: history.SortControllerRevisions).
func SortRevisions(revs []*ControllerRevision) {
	slices.SortStableFunc(revs, func(a, b *ControllerRevision) int {
		switch {
		case a.Revision != b.Revision:
			return cmpInt(a.Revision, b.Revision)
		case a.CreationTimestamp != b.CreationTimestamp:
			return cmpInt(int64(a.CreationTimestamp), int64(b.CreationTimestamp))
		}
		return bytes.Compare([]byte(a.Name), []byte(b.Name))
	})
}

func cmpInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// revisions is the outcome of revision selection for one sync.
type revisions struct {
	current, update *ControllerRevision
	collisionCount  int32
	actions         []Action
}

// selectRevisions chooses the current and update revisions, creating or
// bumping one when the template changed (upstream: getStatefulSetRevisions).
// revs must be sorted (SortRevisions); names finds the revisions that are
// not listed (nil: none).
func selectRevisions(set *StatefulSet, revs []*ControllerRevision, names RevisionNames, data []byte) revisions {
	var r revisions
	if set.Status.CollisionCount != nil {
		r.collisionCount = *set.Status.CollisionCount
	}
	next := int64(1)
	if n := len(revs); n > 0 {
		next = revs[n-1].Revision + 1
	}
	var equal []*ControllerRevision
	for _, rev := range revs {
		if bytes.Equal(rev.Data, data) {
			equal = append(equal, rev)
		}
	}
	switch {
	case len(equal) > 0 && equal[len(equal)-1] == revs[len(revs)-1]:
		r.update = revs[len(revs)-1]
	case len(equal) > 0:
		bumped := *equal[len(equal)-1]
		bumped.Revision = next
		r.update = &bumped
		r.actions = append(r.actions, Action{Verb: UpdateRevision, Revision: &bumped,
			Reason: "template matches an older revision (rollback): revision bumped to " + itoa(next)})
	default:
		var create bool
		r.update, create = newRevisionAvoidingCollisions(set, revs, names, data, next, &r.collisionCount)
		if create {
			reason := "first revision of the pod template"
			if len(revs) > 0 {
				reason = "pod template changed"
			}
			r.actions = append(r.actions, Action{Verb: CreateRevision, Revision: r.update, Reason: reason})
		}
	}
	r.current = r.update
	for _, rev := range revs {
		if rev.Name == set.Status.CurrentRevision {
			r.current = rev
		}
	}
	return r
}

// newRevisionAvoidingCollisions returns the revision to create for data
// (create true), or the revision that already exists under its name with
// the same data, which is used as it is (create false). The collision count
// is bumped while the name is taken by a revision with other data, listed or
// not (upstream: history.CreateControllerRevision, whose create is answered
// AlreadyExists under a taken name; it then gets the revision of that name,
// returns it when its data is byte-equal, else bumps collisionCount and
// tries the next name). A listed revision with the same data never gets
// here (getStatefulSetRevisions reuses it first), but one the set does not
// list does: one still controlled by a deleted set of the same name that
// the garbage collector has not removed yet, say.
func newRevisionAvoidingCollisions(set *StatefulSet, revs []*ControllerRevision, names RevisionNames, data []byte, next int64, cc *int32) (*ControllerRevision, bool) {
	for {
		rev := NewRevision(set, data, next, *cc)
		taken := revisionNamed(revs, names, rev.Name)
		if taken == nil {
			return rev, true
		}
		if bytes.Equal(taken.Data, data) {
			return taken, false
		}
		*cc++
	}
}

// revisionNamed returns the revision called name: a listed one, else
// whatever names finds.
func revisionNamed(revs []*ControllerRevision, names RevisionNames, name string) *ControllerRevision {
	if i := slices.IndexFunc(revs, func(o *ControllerRevision) bool { return o.Name == name }); i >= 0 {
		return revs[i]
	}
	if names == nil {
		return nil
	}
	return names.Revision(name)
}

// truncateHistory deletes the oldest revisions that no pod, and neither the
// current nor the update revision, uses, beyond revisionHistoryLimit
// (upstream: truncateHistory).
func truncateHistory(set *StatefulSet, revs []*ControllerRevision, live func(string) bool, r revisions) []Action {
	limit := int32(10)
	if set.Spec.RevisionHistoryLimit != nil {
		limit = *set.Spec.RevisionHistoryLimit
	}
	if limit < 0 {
		return nil
	}
	var old []*ControllerRevision
	for _, rev := range revs {
		if rev.Name != r.current.Name && rev.Name != r.update.Name && !live(rev.Name) {
			old = append(old, rev)
		}
	}
	var out []Action
	for i := 0; i < len(old)-int(limit); i++ {
		out = append(out, Action{Verb: DeleteRevision, Revision: old[i], Always: true,
			Reason: "beyond revisionHistoryLimit " + itoa(int64(limit))})
	}
	return out
}
