package sim

import (
	"fmt"
	"slices"
	"strings"

	"github.com/stsim/stsim/api"
	"github.com/stsim/stsim/sts"
)

// The ControllerRevisions of the store are indexed as upstream's informer
// indexes them (history.ControllerRevisionControllerIndexKey): by the UID
// of their controller (revByOwner), and the orphans by namespace
// (revOrphans). An index entry is copied on write and a controller's list
// kept sorted (sts.SortRevisions), so that a sync lists its revisions
// without copying or sorting them.

// reindexRevision files r, which replaces old in the store (either may be
// nil: a create, a removal), under its controller or among the orphans.
func (c *Cluster) reindexRevision(old, r *sts.ControllerRevision) {
	if old != nil {
		m, k := c.revisionIndex(old)
		list := slices.DeleteFunc(slices.Clone(m[k]), func(o *sts.ControllerRevision) bool { return o.Name == old.Name })
		if len(list) == 0 {
			delete(m, k)
		} else {
			m[k] = list
		}
	}
	if r != nil {
		m, k := c.revisionIndex(r)
		list := append(slices.Clip(m[k]), r)
		if r.ControllerRef() != nil {
			sts.SortRevisions(list)
		}
		m[k] = list
	}
}

func (c *Cluster) revisionIndex(r *sts.ControllerRevision) (map[string][]*sts.ControllerRevision, string) {
	if ref := r.ControllerRef(); ref != nil {
		return c.revByOwner, ref.UID
	}
	return c.revOrphans, r.Namespace
}

// listRevisions lists the revisions the set controls and the orphans that
// match its selector, sorted (upstream: ListRevisions →
// history.ListControllerRevisions, then SortControllerRevisions). The
// orphans are listed whether or not they have been adopted yet; in sim's
// controller adoptRevisions has just adopted them.
func (c *Cluster) listRevisions(set *sts.StatefulSet) []*sts.ControllerRevision {
	owned := slices.Clip(c.revByOwner[set.UID]) // sorted, never written in place
	orphans := c.orphanRevisions(set)
	if len(orphans) == 0 {
		return owned
	}
	out := append(owned, orphans...)
	sts.SortRevisions(out)
	return out
}

// orphanRevisions returns the revisions of the set's namespace that have no
// controller and whose labels match its selector, by name. The name of a
// revision does not matter: upstream lists and adopts any revision the
// selector matches.
func (c *Cluster) orphanRevisions(set *sts.StatefulSet) []*sts.ControllerRevision {
	var out []*sts.ControllerRevision
	for _, r := range c.revOrphans[set.Namespace] {
		if set.Spec.Selector.Matches(r.Labels) {
			out = append(out, r)
		}
	}
	slices.SortFunc(out, func(a, b *sts.ControllerRevision) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// adoptRevisions adopts the orphaned revisions that match the set's
// selector: a patch adds the set's controller reference to each (upstream:
// sync → adoptOrphanRevisions → AdoptOrphanRevisions →
// history.AdoptControllerRevision). Before it adopts anything upstream
// reads the set again (canAdoptFunc, RecheckDeletionTimestamp): a set that
// is being deleted cannot adopt, and the whole sync fails with that error,
// before any pod is claimed, to be retried with back-off. The revision
// patches are not writes the read-your-own-writes check waits for (its
// consistency store tracks pods, claims and sets).
func (ct *controller) adoptRevisions(set *sts.StatefulSet) error {
	c := ct.c
	orphans := c.orphanRevisions(set)
	if len(orphans) == 0 {
		return nil
	}
	if set.DeletionTimestamp != nil {
		return fmt.Errorf("can't adopt ControllerRevisions: %s/%s has just been deleted at %v",
			set.Namespace, set.Name, api.Epoch.Add(*set.DeletionTimestamp).UTC())
	}
	for _, r := range orphans {
		n := *r
		n.OwnerReferences = append(slices.Clone(r.OwnerReferences), sts.ControllerRef(set))
		c.writeRevision(&n, Event{Actor: ActorStatefulSet, Verb: VerbPatch, Reason: "adopt orphan revision into StatefulSet " + set.Name})
	}
	return nil
}

// createRevision is the API server's create of a ControllerRevision: a name
// that is taken is answered AlreadyExists (sts.Reconcile plans around the
// revisions that exist, as upstream's history.CreateControllerRevision
// does after that answer, so a plan meets it only when the store changed
// under it).
func (c *Cluster) createRevision(rev *sts.ControllerRevision, e Event) error {
	if _, ok := c.revisions[key{rev.Namespace, rev.Name}]; ok {
		return api.NewAlreadyExists("controllerrevisions", "apps", rev.Name)
	}
	r := *rev
	c.stamp(&r.ObjectMeta)
	e.Verb = VerbCreate
	c.writeRevision(&r, e)
	return nil
}

// revisionsIn finds the revisions of one namespace by name, for the
// controller (upstream: the Get after a create answered AlreadyExists in
// history.CreateControllerRevision).
type revisionsIn struct {
	c  *Cluster
	ns string
}

func (l revisionsIn) Revision(name string) *sts.ControllerRevision {
	return l.c.revisions[key{l.ns, name}]
}
