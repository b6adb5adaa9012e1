package sim_test

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/stsim/stsim/api"
	"github.com/stsim/stsim/sim"
	"github.com/stsim/stsim/sts"
)

// plantedUnderNewName applies web and, before its first sync, stores under
// the name of its first revision (collisionCount 0) a revision with data
// that a set web the garbage collector has not caught up with controls:
// the new set does not list it, so only the API server's AlreadyExists
// tells it that the name is taken.
func plantedUnderNewName(t *testing.T, data func(template []byte) []byte, filter sim.PlanFilter) (*sim.Cluster, *sts.ControllerRevision, []byte, []sim.Sync) {
	t.Helper()
	var syncs []sim.Sync
	c := sim.NewCluster(sim.Config{OnSync: func(s sim.Sync) { syncs = append(syncs, s) }})
	c.SetPlanFilter(filter)
	_, err := c.ApplyStatefulSet(benchSet("web", sts.OrderedReady, 2))
	require.NoError(t, err)
	set, _ := c.StatefulSet("web")
	tmpl := sts.TemplateData(&set.Spec.Template)
	gone := *set
	gone.UID = "uid-of-a-deleted-web"
	planted := sts.NewRevision(&gone, data(tmpl), 7, 0)
	planted.Name = sts.RevisionName("web", sts.RevisionHash(tmpl, 0))
	c.PlantRevision(planted)
	require.NoError(t, c.RunUntilStable())
	return c, planted, tmpl, syncs
}

func revisionCreates(c *sim.Cluster) []string {
	var out []string
	for _, e := range c.Trace() {
		if e.Kind == "ControllerRevision" && e.Actor == sim.ActorStatefulSet && e.Verb == sim.VerbCreate {
			out = append(out, e.Name)
		}
	}
	return out
}

// TestRevisionCreateAnsweredAlreadyExists: the API server answers a
// ControllerRevision create under a taken name with AlreadyExists, and the
// controller goes on as upstream's history.CreateControllerRevision does
// after that answer: it gets the revision of that name and uses it when its
// data is the same, else bumps collisionCount and tries the next name
// (statefulset.md §4.4 step 5). Before, sim's API server let the create
// overwrite the other revision.
func TestRevisionCreateAnsweredAlreadyExists(t *testing.T) {
	t.Run("the same data: the existing revision is used", func(t *testing.T) {
		c, planted, _, _ := plantedUnderNewName(t, func(tmpl []byte) []byte { return tmpl }, nil)
		assert.Empty(t, revisionCreates(c))
		set, _ := c.StatefulSet("web")
		assert.Equal(t, planted.Name, set.Status.UpdateRevision)
		assert.Equal(t, planted.Name, set.Status.CurrentRevision)
		assert.Equal(t, int32(0), *set.Status.CollisionCount)
		for _, p := range c.Pods("default") {
			assert.Equal(t, planted.Name, p.Labels[sts.RevisionLabel], p.Name)
		}
		revs := c.Revisions("default")
		require.Len(t, revs, 1)
		assert.Equal(t, "uid-of-a-deleted-web", revs[0].ControllerRef().UID, "the existing revision is not taken over")
		assert.Equal(t, int64(7), revs[0].Revision)
	})
	t.Run("other data: collisionCount is bumped", func(t *testing.T) {
		c, planted, tmpl, _ := plantedUnderNewName(t, func([]byte) []byte { return []byte(`{"other":true}`) }, nil)
		want := sts.RevisionName("web", sts.RevisionHash(tmpl, 1))
		assert.Equal(t, []string{want}, revisionCreates(c))
		set, _ := c.StatefulSet("web")
		assert.Equal(t, want, set.Status.UpdateRevision)
		assert.Equal(t, int32(1), *set.Status.CollisionCount)
		for _, r := range c.Revisions("default") {
			if r.Name == planted.Name {
				assert.Equal(t, "uid-of-a-deleted-web", r.ControllerRef().UID, "the other revision is left alone")
				assert.Equal(t, []byte(`{"other":true}`), r.Data)
			} else {
				assert.Equal(t, set.UID, r.ControllerRef().UID)
				assert.Equal(t, int64(1), r.Revision)
			}
		}
	})
	t.Run("a create under the taken name is refused", func(t *testing.T) {
		// a controller blind to revisions it does not list creates under
		// the taken name
		blind := func(p sts.Plan, o sts.Observed) sts.Plan {
			p.Actions = slices.Clone(p.Actions)
			for i, a := range p.Actions {
				if a.Verb == sts.CreateRevision {
					r := *a.Revision
					r.Name = sts.RevisionName("web", sts.RevisionHash(sts.TemplateData(&o.Set.Spec.Template), 0))
					p.Actions[i].Revision = &r
				}
			}
			return p
		}
		c, planted, _, syncs := plantedUnderNewName(t, func([]byte) []byte { return []byte(`{"other":true}`) }, blind)
		require.NotEmpty(t, syncs)
		require.NotEmpty(t, syncs[0].Errors)
		err := syncs[0].Errors[0]
		assert.True(t, api.IsAlreadyExists(err), "%v", err)
		assert.Equal(t, `controllerrevisions.apps "`+planted.Name+`" already exists`, err.Error())
		for _, r := range c.Revisions("default") {
			if r.Name == planted.Name {
				assert.Equal(t, []byte(`{"other":true}`), r.Data, "not overwritten")
			}
		}
	})
}
