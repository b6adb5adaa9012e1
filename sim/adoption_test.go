package sim_test

import (
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/stsim/stsim/sim"
	"github.com/stsim/stsim/sts"
)

// seenSync is a sync with the names of the pods its index held then (the
// index goes on changing after the sync).
type seenSync struct {
	sim.Sync
	pods []string
}

func seen(s sim.Sync) seenSync {
	var names []string
	for _, p := range s.Observed.Pods.Pods() {
		names = append(names, p.Name)
	}
	return seenSync{s, names}
}

// recreateOverOrphans runs set to stable, after each change in updates,
// deletes it with --cascade=orphan and applies again, to stable, what
// recreate returns; syncs are the syncs of the re-created set.
func recreateOverOrphans(t *testing.T, set *sts.StatefulSet, updates []func(*sts.StatefulSet), recreate *sts.StatefulSet) (c *sim.Cluster, syncs []seenSync, oldUID string) {
	t.Helper()
	c = sim.NewCluster(sim.Config{OnSync: func(s sim.Sync) {
		if oldUID != "" && s.Observed.Set.UID != oldUID {
			syncs = append(syncs, seen(s))
		}
	}})
	_, err := c.ApplyStatefulSet(set)
	require.NoError(t, err)
	require.NoError(t, c.RunUntilStable())
	for _, u := range updates {
		require.NoError(t, c.UpdateStatefulSet(set.Name, u))
		require.NoError(t, c.RunUntilStable())
	}
	old, _ := c.StatefulSet(set.Name)
	oldUID = old.UID
	require.NoError(t, c.DeleteStatefulSet(set.Name, sim.Orphan))
	require.NoError(t, c.RunUntilStable())
	_, err = c.ApplyStatefulSet(recreate)
	require.NoError(t, err)
	require.NoError(t, c.RunUntilStable())
	return c, syncs, oldUID
}

// TestRecreatedSetAdoptsOrphanedPodsInTheSameSync: a set re-created over
// the pods a --cascade=orphan deletion left adopts them and counts them in
// the same sync, so it creates none of them (upstream: stateful_set.go
// getPodsForStatefulSet → controller_ref_manager.go ClaimPods, which
// returns the orphans it adopts with the pods the set owned; statefulset.md
// §1.4). Before, the first sync did not see them: "pods "web-0" already
// exists", FailedCreate and a retry with back-off.
func TestRecreatedSetAdoptsOrphanedPodsInTheSameSync(t *testing.T) {
	for _, policy := range []string{sts.OrderedReady, sts.Parallel} {
		t.Run(policy, func(t *testing.T) {
			c, syncs, _ := recreateOverOrphans(t, benchSet("web", policy, 3), nil, benchSet("web", policy, 3))
			require.NotEmpty(t, syncs)
			first := syncs[0]
			assert.Equal(t, []string{"web-0", "web-1", "web-2"}, first.pods, "the adopted pods are in the first sync's index")
			for _, a := range first.Plan.Actions {
				assert.NotEqual(t, sts.CreatePod, a.Verb, "the first sync creates a pod: %s", a.Reason)
			}
			assert.Empty(t, first.Errors)
			assert.Equal(t, int32(3), first.Plan.Status.Replicas)
			for _, e := range c.KubeEvents() {
				assert.NotEqual(t, "FailedCreate", e.Reason, e.Message)
			}
			set, _ := c.StatefulSet("web")
			for _, p := range c.Pods("default") {
				require.NotNil(t, p.ControllerRef(), p.Name)
				assert.Equal(t, set.UID, p.ControllerRef().UID, p.Name)
			}
		})
	}
}

// TestRecreatedSetAdoptsOrphanedRevisions: the revisions a --cascade=orphan
// deletion left are adopted (a patch adds the controller reference) and
// listed with the set's own, so a set re-created with an older template
// rolls back to that revision (bumped to max+1, no new object), revision
// numbers go on from the orphans', and the history limit counts them
// (upstream: stateful_set.go sync → adoptOrphanRevisions,
// history.AdoptControllerRevision; stateful_set_control.go ListRevisions →
// history.ListControllerRevisions, which lists the orphans matching the
// selector; getStatefulSetRevisions; truncateHistory). Before, the set
// listed only its own revisions: it created a revision 1 under the orphan's
// name, overwriting it.
func TestRecreatedSetAdoptsOrphanedRevisions(t *testing.T) {
	image := func(img string) func(*sts.StatefulSet) {
		return func(s *sts.StatefulSet) { s.Spec.Template.Spec.Containers[0].Image = img }
	}
	again := benchSet("web", sts.OrderedReady, 2)
	image("nginx:1.28")(again) // the template of the second of three revisions
	limit := int32(1)
	again.Spec.RevisionHistoryLimit = &limit
	c, syncs, oldUID := recreateOverOrphans(t, benchSet("web", sts.OrderedReady, 2),
		[]func(*sts.StatefulSet){image("nginx:1.28"), image("nginx:1.29")}, again)

	byImage := map[string]*sts.ControllerRevision{}
	for _, r := range c.Revisions("default") {
		byImage[r.Template.Spec.Containers[0].Image] = r
	}
	set, _ := c.StatefulSet("web")
	require.NotEqual(t, oldUID, set.UID)
	for img, r := range byImage {
		require.NotNil(t, r.ControllerRef(), img)
		assert.Equal(t, set.UID, r.ControllerRef().UID, "%s is adopted", img)
	}
	// revision 1 (nginx:1.27) is beyond the limit of 1 non-live revision;
	// 1.29 (3) is the newest of them; 1.28 is rolled back to, bumped to 4
	assert.Nil(t, byImage["nginx:1.27"], "truncated: the history limit counts adopted revisions")
	require.NotNil(t, byImage["nginx:1.29"])
	require.NotNil(t, byImage["nginx:1.28"])
	assert.Equal(t, int64(3), byImage["nginx:1.29"].Revision)
	assert.Equal(t, int64(4), byImage["nginx:1.28"].Revision)
	assert.Equal(t, byImage["nginx:1.28"].Name, set.Status.UpdateRevision)
	assert.Equal(t, byImage["nginx:1.28"].Name, set.Status.CurrentRevision)
	assert.Equal(t, int32(0), *set.Status.CollisionCount)

	require.NotEmpty(t, syncs)
	assert.Len(t, syncs[0].Observed.Revisions, 3, "the first sync lists the adopted revisions")
	var verbs []string
	for _, e := range c.Trace() {
		if e.Kind == "ControllerRevision" && e.T >= syncs[0].T && e.Actor == sim.ActorStatefulSet {
			verbs = append(verbs, e.Verb+" "+e.Name)
		}
	}
	for _, v := range verbs {
		assert.False(t, strings.HasPrefix(v, sim.VerbCreate), "no revision is created after the re-creation: %v", verbs)
	}
	assert.Equal(t, 3, len(slices.DeleteFunc(verbs, func(v string) bool { return !strings.HasPrefix(v, sim.VerbPatch) })), "three adoption patches")

	// a new template goes on from the adopted numbers
	require.NoError(t, c.UpdateStatefulSet("web", image("nginx:1.30")))
	require.NoError(t, c.RunUntilStable())
	set, _ = c.StatefulSet("web")
	for _, r := range c.Revisions("default") {
		if r.Name == set.Status.UpdateRevision {
			assert.Equal(t, int64(5), r.Revision)
		}
	}
}

// TestDeletingSetCannotAdoptRevisions: a set being deleted that finds an
// orphaned revision matching its selector fails its syncs (upstream:
// stateful_set.go adoptOrphanRevisions checks canAdoptFunc, whose
// RecheckDeletionTimestamp refuses a set with a deletionTimestamp, before
// any pod is claimed or the status written). Here a second set with the
// same selector is deleted with --cascade=orphan while web is deleted in
// the foreground, its pods still terminating.
func TestDeletingSetCannotAdoptRevisions(t *testing.T) {
	c := sim.NewCluster(sim.Config{})
	web := benchSet("web", sts.Parallel, 2)
	old := benchSet("old", sts.Parallel, 1)
	old.Spec.Selector, old.Spec.Template.Labels = web.Spec.Selector, web.Spec.Template.Labels
	for _, s := range []*sts.StatefulSet{web, old} {
		_, err := c.ApplyStatefulSet(s)
		require.NoError(t, err)
	}
	require.NoError(t, c.RunUntilStable())
	require.NoError(t, c.DeleteStatefulSet("web", sim.Foreground))
	require.NoError(t, c.DeleteStatefulSet("old", sim.Orphan))
	require.NoError(t, c.RunUntilStable())

	orphaned := -1 * time.Second // when old's revision became an orphan
	var waits int
	var after []string
	for _, e := range c.Trace() {
		switch {
		case e.Kind == "ControllerRevision" && e.Actor == sim.ActorGarbageCollector && e.Verb == sim.VerbPatch:
			orphaned = e.T
		case orphaned < 0 || e.Actor != sim.ActorStatefulSet:
		case e.Verb == sim.VerbWait && strings.HasPrefix(e.Reason, "can't adopt ControllerRevisions: default/web has just been deleted at "):
			waits++
		case e.Name == "web" || e.Kind == "ControllerRevision":
			after = append(after, e.String())
		}
	}
	require.GreaterOrEqual(t, orphaned, time.Duration(0))
	assert.Equal(t, 1, waits, "web's syncs fail, traced once")
	assert.Empty(t, after, "no status write or adoption by web once the orphan exists")
	_, ok := c.StatefulSet("web")
	assert.False(t, ok, "the foreground deletion finishes")
	orphans := 0
	for _, r := range c.Revisions("default") {
		if r.ControllerRef() == nil {
			orphans++
		}
	}
	assert.Equal(t, 1, orphans, "old's revision stays an orphan")
}

// TestReleaseAndReadoptionInTheSameSync: a pod relabelled out of the
// selector is released, and the sync that releases it does not count it:
// it tries to create the ordinal and meets AlreadyExists, the released pod
// holding the name (statefulset.md §1.4); relabelled back, the orphan is
// adopted and counted in the sync that adopts it, which creates nothing
// (upstream: controller_ref_manager.go ClaimObject, ClaimPods returns the
// pods it adopts and leaves out those it releases).
func TestReleaseAndReadoptionInTheSameSync(t *testing.T) {
	var syncs []seenSync
	c := sim.NewCluster(sim.Config{OnSync: func(s sim.Sync) { syncs = append(syncs, seen(s)) }})
	_, err := c.ApplyStatefulSet(benchSet("web", sts.OrderedReady, 2))
	require.NoError(t, err)
	require.NoError(t, c.RunUntilStable())
	syncAfter := func(reason string) seenSync {
		t.Helper()
		var at time.Duration = -1
		for _, e := range c.Trace() {
			if e.Actor == sim.ActorStatefulSet && e.Verb == sim.VerbPatch && e.Name == "web-1" && strings.HasPrefix(e.Reason, reason) {
				at = e.T
			}
		}
		require.GreaterOrEqual(t, at, time.Duration(0), "no %q patch", reason)
		i := slices.IndexFunc(syncs, func(s seenSync) bool { return s.T == at })
		require.GreaterOrEqual(t, i, 0)
		return syncs[i]
	}
	relabel := func(app string) {
		p, _ := c.Pod("web-1")
		labels := maps.Clone(p.Labels)
		labels["app"] = app
		require.NoError(t, c.SetPodLabels("web-1", labels))
		require.NoError(t, c.RunFor(time.Second))
	}

	relabel("debug")
	s := syncAfter("release ")
	assert.Equal(t, []string{"web-0"}, s.pods, "the released pod is not in the sync's input")
	require.NotEmpty(t, s.Errors)
	assert.Equal(t, `pods "web-1" already exists`, s.Errors[0].Error())

	relabel("web")
	s = syncAfter("adopt ")
	assert.Equal(t, []string{"web-0", "web-1"}, s.pods, "the adopted pod is in the sync's input")
	assert.Empty(t, s.Errors)
	for _, a := range s.Plan.Actions {
		assert.NotEqual(t, sts.CreatePod, a.Verb, a.Reason)
	}
	set, _ := c.StatefulSet("web")
	p, _ := c.Pod("web-1")
	assert.Equal(t, set.UID, p.ControllerRef().UID)
}
