package sim_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/stsim/stsim/api"
	"github.com/stsim/stsim/sim"
	"github.com/stsim/stsim/sts"
)

// Golden scenarios of issue #4 (statefulset.md §2.6, §4, §9 #67250), each
// under both settings of the MaxUnavailableStatefulSet gate.

// ---- harness ----

// rolloutWrite is one pod create or delete by the controller, with the pods as
// they were at that instant.
type rolloutWrite struct {
	T        time.Duration
	Verb     string // create or delete
	Pod      string
	Reason   string
	Revision string                // of the created pod
	Pods     map[string]rolloutPod // every pod of the set at that instant
}

type rolloutPod struct {
	Revision           string
	Ready, Terminating bool // Running and Ready; being deleted
}

// rollout is a cluster with one StatefulSet "web" and a log of the
// controller's pod writes.
type rollout struct {
	t      *testing.T
	c      *sim.Cluster
	writes []rolloutWrite
	waits  []string
	// batches are the rolling-update deletes of each sync that made any
	batches [][]string
}

func gateConfigs() []bool { return []bool{false, true} }

func gateLabel(on bool) string { return fmt.Sprintf("MaxUnavailableStatefulSet=%v", on) }

// newRollout starts a cluster with the gate set and applies set, running
// until stable.
func newRollout(t *testing.T, gate bool, set *sts.StatefulSet) *rollout {
	t.Helper()
	r := &rollout{t: t}
	r.c = sim.NewCluster(sim.Config{
		FeatureGates: map[string]bool{"MaxUnavailableStatefulSet": gate},
		OnEvent:      r.observe,
		OnSync:       r.sync,
	})
	_, err := r.c.ApplyStatefulSet(set)
	require.NoError(t, err)
	require.NoError(t, r.c.RunUntilStable())
	r.writes, r.waits, r.batches = nil, nil, nil
	return r
}

func (r *rollout) sync(s sim.Sync) {
	var deleted []string
	for _, a := range s.Plan.Actions {
		if a.Verb == sts.DeletePod && a.DecrementsCurrent {
			deleted = append(deleted, a.Pod.Name)
		}
	}
	if len(deleted) > 0 {
		r.batches = append(r.batches, deleted)
	}
}

func (r *rollout) observe(e sim.Event) {
	if e.Actor != sim.ActorStatefulSet {
		return
	}
	switch {
	case e.Verb == sim.VerbWait:
		r.waits = append(r.waits, e.Reason)
	case e.Kind == "Pod" && (e.Verb == sim.VerbCreate || e.Verb == sim.VerbDelete):
		w := rolloutWrite{T: e.T, Verb: e.Verb, Pod: e.Name, Reason: e.Reason, Revision: e.Revision, Pods: map[string]rolloutPod{}}
		for _, p := range r.c.Pods("default") {
			w.Pods[p.Name] = rolloutPod{
				Revision:    p.Labels[sts.RevisionLabel],
				Ready:       p.Status.Phase == api.PodRunning && api.IsPodReady(p),
				Terminating: p.Terminating(),
			}
		}
		r.writes = append(r.writes, w)
	}
}

// setImage changes the template's image.
func (r *rollout) setImage(img string) {
	r.t.Helper()
	require.NoError(r.t, r.c.UpdateStatefulSet("web", func(s *sts.StatefulSet) {
		cs := slices.Clone(s.Spec.Template.Spec.Containers)
		cs[0].Image = img
		s.Spec.Template.Spec.Containers = cs
	}))
}

func (r *rollout) setPartition(p int32) {
	r.t.Helper()
	require.NoError(r.t, r.c.UpdateStatefulSet("web", func(s *sts.StatefulSet) {
		s.Spec.UpdateStrategy.RollingUpdate.Partition = &p
	}))
}

func (r *rollout) stable() {
	r.t.Helper()
	require.NoError(r.t, r.c.RunUntilStable())
}

func (r *rollout) set() *sts.StatefulSet {
	s, ok := r.c.StatefulSet("web")
	require.True(r.t, ok)
	return s
}

// deletes returns the pods the controller deleted for the rolling update,
// in order.
func (r *rollout) deletes() []string {
	var out []string
	for _, w := range r.writes {
		if w.Verb == sim.VerbDelete && strings.HasPrefix(w.Reason, "rolling update") {
			out = append(out, w.Pod)
		}
	}
	return out
}

// revisions returns each pod's revision, by name.
func (r *rollout) revisions() map[string]string {
	out := map[string]string{}
	for _, p := range r.c.Pods("default") {
		out[p.Name] = p.Labels[sts.RevisionLabel]
	}
	return out
}

// images returns the image each pod runs, by name.
func (r *rollout) images() map[string]string {
	out := map[string]string{}
	for _, p := range r.c.Pods("default") {
		out[p.Name] = p.Spec.Containers[0].Image
	}
	return out
}

func (r *rollout) lastWait() string {
	if len(r.waits) == 0 {
		return ""
	}
	return r.waits[len(r.waits)-1]
}

// complete asserts every pod runs img and the rollout is complete.
func (r *rollout) complete(img string, replicas int32) {
	r.t.Helper()
	st := r.set().Status
	assert.Equal(r.t, st.UpdateRevision, st.CurrentRevision, "a finished rollout has currentRevision = updateRevision")
	assert.Equal(r.t, replicas, st.CurrentReplicas)
	assert.Equal(r.t, replicas, st.UpdatedReplicas)
	assert.Equal(r.t, replicas, st.ReadyReplicas)
	for name, got := range r.images() {
		assert.Equal(r.t, img, got, name)
	}
}

func withUpdateStrategy(s sts.UpdateStrategy) func(*sts.StatefulSet) {
	return func(set *sts.StatefulSet) { set.Spec.UpdateStrategy = s }
}

func rolloutSet(policy string, replicas int32, opts ...func(*sts.StatefulSet)) *sts.StatefulSet {
	s := benchSet("web", policy, replicas)
	for _, o := range opts {
		o(s)
	}
	return s
}

// ---- scenarios ----

// §2.6 "Template change": 4 replicas, image change → pods replaced 3, 2, 1,
// 0, one at a time, each deletion only once the previous replacement is
// Running and Ready at the new revision; then currentRevision is promoted.
// upstream: stateful_set_control.go updateStatefulSet (gate off loop),
// updateStatefulSetAfterInvariantEstablished (gate on, maxUnavailable 1);
// stateful_set_control_test.go TestStatefulSetControlRollingUpdate "monotonic image update"
func TestRollingUpdateReplacesPodsHighestFirstOneAtATime(t *testing.T) {
	for _, gate := range gateConfigs() {
		t.Run(gateLabel(gate), func(t *testing.T) {
			r := newRollout(t, gate, rolloutSet(sts.OrderedReady, 4))
			old := r.set().Status.CurrentRevision
			r.setImage("nginx:1.28")
			r.stable()
			assert.Equal(t, []string{"web-3", "web-2", "web-1", "web-0"}, r.deletes())
			assert.Equal(t, [][]string{{"web-3"}, {"web-2"}, {"web-1"}, {"web-0"}}, r.batches, "one pod per sync")
			upd := r.set().Status.UpdateRevision
			require.NotEqual(t, old, upd)
			for _, w := range r.writes {
				if w.Verb != sim.VerbDelete {
					assert.Equal(t, upd, w.Revision, "%s recreated at the update revision", w.Pod)
					continue
				}
				// every other pod is Running and Ready at that instant:
				// the previous replacement has finished
				_, k := sts.ParseName(w.Pod)
				for name, st := range w.Pods {
					if name == w.Pod {
						continue
					}
					assert.True(t, st.Ready && !st.Terminating, "at t=%v %s is deleted while %s is not Ready", w.T, w.Pod, name)
					_, o := sts.ParseName(name)
					want := old
					if o > k {
						want = upd
					}
					assert.Equal(t, want, st.Revision, "at t=%v %s is deleted: %s", w.T, w.Pod, name)
				}
			}
			r.complete("nginx:1.28", 4)
		})
	}
}

// §4.2/§4.3 partition: "Pods below the partition are never deleted for
// update"; lowering the partition to 0 completes the rollout.
// upstream: stateful_set_control_test.go TestStatefulSetControlRollingUpdateWithPartition
func TestRollingUpdateWithPartition(t *testing.T) {
	for _, gate := range gateConfigs() {
		t.Run(gateLabel(gate), func(t *testing.T) {
			r := newRollout(t, gate, rolloutSet(sts.OrderedReady, 4))
			old := r.set().Status.CurrentRevision
			r.setPartition(2)
			r.setImage("nginx:1.28")
			r.stable()
			assert.Equal(t, []string{"web-3", "web-2"}, r.deletes())
			st := r.set().Status
			upd := st.UpdateRevision
			assert.Equal(t, map[string]string{"web-0": old, "web-1": old, "web-2": upd, "web-3": upd}, r.revisions())
			assert.Equal(t, old, st.CurrentRevision, "a partitioned rollout is not complete")
			assert.Equal(t, int32(2), st.CurrentReplicas)
			assert.Equal(t, int32(2), st.UpdatedReplicas)

			r.writes = nil
			r.setPartition(0)
			r.stable()
			assert.Equal(t, []string{"web-1", "web-0"}, r.deletes())
			r.complete("nginx:1.28", 4)
		})
	}
}

// §4.3 "6 replicas, maxUnavailable 2 → pods 5 and 4 deleted in one sync.
// Re-creation is still strictly ordered (lowest missing first, one per sync,
// waiting for readiness), so the next batch starts only when the whole batch
// is back and available." With the gate off the API server drops
// maxUnavailable and the update goes one pod at a time.
// upstream: updateStatefulSetAfterInvariantEstablished (OrderedReady branch);
// stateful_set_control_test.go TestStatefulSetControlRollingUpdateWithMaxUnavailable;
// pkg/registry/apps/statefulset/strategy.go dropStatefulSetDisabledFields
func TestMaxUnavailableTwoOrderedReady(t *testing.T) {
	two := withUpdateStrategy(sts.UpdateStrategy{Type: sts.RollingUpdate,
		RollingUpdate: &sts.RollingUpdateOptions{MaxUnavailable: &sts.IntOrString{Int: 2}}})
	for _, gate := range gateConfigs() {
		t.Run(gateLabel(gate), func(t *testing.T) {
			r := newRollout(t, gate, rolloutSet(sts.OrderedReady, 6, two))
			r.setImage("nginx:1.28")
			r.stable()
			batches := r.batches
			if gate {
				assert.Equal(t, [][]string{{"web-5", "web-4"}, {"web-3", "web-2"}, {"web-1", "web-0"}}, batches)
			} else {
				assert.Nil(t, r.set().Spec.UpdateStrategy.RollingUpdate.MaxUnavailable, "dropped while the gate is off")
				assert.Equal(t, [][]string{{"web-5"}, {"web-4"}, {"web-3"}, {"web-2"}, {"web-1"}, {"web-0"}}, batches)
			}
			// recreation: in ascending order within a batch, each create only
			// once every lower pod is Running and Ready
			var creates []string
			for _, w := range r.writes {
				if w.Verb != sim.VerbCreate {
					continue
				}
				creates = append(creates, w.Pod)
				_, k := sts.ParseName(w.Pod)
				for name, st := range w.Pods {
					if _, o := sts.ParseName(name); o < k {
						assert.True(t, st.Ready, "%s created at t=%v while %s is not Ready", w.Pod, w.T, name)
					}
				}
			}
			if gate {
				assert.Equal(t, []string{"web-4", "web-5", "web-2", "web-3", "web-0", "web-1"}, creates)
			}
			r.complete("nginx:1.28", 6)
		})
	}
}

// §2.6 / §9 #67250: under OrderedReady an update to an image that never
// becomes Ready blocks; reverting the template does not unblock it (the
// update revision goes back, but the update step is never reached) and the
// wait reason says why; deleting the stuck pod does (it comes back at the
// reverted revision). With Parallel the revert alone is enough.
// upstream: stateful_set_control.go updateStatefulSet (the replicas pass
// returns before the update step), processReplica
func TestStuckRolloutTrap(t *testing.T) {
	for _, gate := range gateConfigs() {
		for _, policy := range []string{sts.OrderedReady, sts.Parallel} {
			t.Run(gateLabel(gate)+"/"+policy, func(t *testing.T) {
				r := newRollout(t, gate, rolloutSet(policy, 4))
				good := r.set().Status.CurrentRevision
				r.c.BehaveImage("nginx:broken", sim.NeverReady())
				r.setImage("nginx:broken")
				require.NoError(t, r.c.RunFor(10*time.Minute))
				broken := r.set().Status.UpdateRevision
				assert.Equal(t, []string{"web-3"}, r.deletes(), "only the highest pod is replaced")
				assert.Equal(t, map[string]string{"web-0": good, "web-1": good, "web-2": good, "web-3": broken}, r.revisions())
				if policy == sts.OrderedReady {
					assert.Equal(t, "waiting for web-3 to be Running and Ready", r.lastWait(), "it may still become Ready")
				}

				// revert the template: the good revision is bumped, none created
				revs := len(r.c.Revisions("default"))
				r.setImage("nginx:1.27")
				require.NoError(t, r.c.RunFor(10*time.Minute))
				st := r.set().Status
				assert.Equal(t, good, st.UpdateRevision)
				assert.Len(t, r.c.Revisions("default"), revs, "a rollback creates no revision object")
				if policy == sts.Parallel {
					assert.Equal(t, []string{"web-3", "web-3"}, r.deletes(), "Parallel replaces the broken pod itself")
					r.complete("nginx:1.27", 4)
					return
				}
				assert.Equal(t, []string{"web-3"}, r.deletes(), "the broken pod is not replaced")
				assert.Equal(t, broken, r.revisions()["web-3"])
				assert.Equal(t, "waiting for web-3 to be Running and Ready (it runs revision "+broken+", a new web-3 would run "+good+
					": a rolling update never replaces a pod that is not Ready; delete it, #67250)", r.lastWait())

				// the way out: delete the stuck pod
				require.NoError(t, r.c.DeletePod("web-3", sim.DeleteOptions{}))
				r.stable()
				assert.Equal(t, good, r.revisions()["web-3"])
				r.complete("nginx:1.27", 4)
			})
		}
	}
}

// §4.6 OnDelete: "the controller never deletes pods because of a revision
// mismatch. Creation … always uses the update revision"; 1.37 promotes
// currentRevision once every pod is updated.
// upstream: stateful_set_control.go updateStatefulSet (OnDelete short
// circuit); newVersionedStatefulSetPod; completeUpdate;
// stateful_set_control_test.go TestStatefulSetControlOnDeleteUpdate
func TestOnDeleteReplacesNothingUntilDeleted(t *testing.T) {
	for _, gate := range gateConfigs() {
		t.Run(gateLabel(gate), func(t *testing.T) {
			r := newRollout(t, gate, rolloutSet(sts.OrderedReady, 3, withUpdateStrategy(sts.UpdateStrategy{Type: sts.OnDelete})))
			old := r.set().Status.CurrentRevision
			r.setImage("nginx:1.28")
			require.NoError(t, r.c.RunFor(10*time.Minute))
			assert.Empty(t, r.writes, "no pod replaced for a revision change")
			st := r.set().Status
			upd := st.UpdateRevision
			assert.NotEqual(t, old, upd)
			assert.Equal(t, old, st.CurrentRevision)
			assert.Equal(t, int32(3), st.CurrentReplicas)
			assert.Equal(t, int32(0), st.UpdatedReplicas)

			require.NoError(t, r.c.Scale("web", 4))
			r.stable()
			assert.Equal(t, upd, r.revisions()["web-3"], "a new pod gets the update revision")
			require.NoError(t, r.c.DeletePod("web-0", sim.DeleteOptions{}))
			r.stable()
			assert.Equal(t, map[string]string{"web-0": upd, "web-1": old, "web-2": old, "web-3": upd}, r.revisions(),
				"a recreated pod gets the update revision")
			assert.Equal(t, old, r.set().Status.CurrentRevision)

			for _, name := range []string{"web-1", "web-2"} {
				require.NoError(t, r.c.DeletePod(name, sim.DeleteOptions{}))
				r.stable()
			}
			r.complete("nginx:1.28", 4)
		})
	}
}

// §4.4 rollback: "setting the template back to an older revision reuses
// that revision object with .revision bumped to max+1 and no new object",
// and the pods converge back to the original image.
// upstream: stateful_set_control.go getStatefulSetRevisions;
// stateful_set_control_test.go TestStatefulSetControlRollback
func TestRollbackBumpsTheOldRevision(t *testing.T) {
	for _, gate := range gateConfigs() {
		for _, policy := range []string{sts.OrderedReady, sts.Parallel} {
			t.Run(gateLabel(gate)+"/"+policy, func(t *testing.T) {
				r := newRollout(t, gate, rolloutSet(policy, 3))
				first := r.set().Status.CurrentRevision
				r.setImage("nginx:1.28")
				r.stable()
				r.complete("nginx:1.28", 3)
				second := r.set().Status.CurrentRevision

				created := 0
				for _, e := range r.c.Trace() {
					if e.Kind == "ControllerRevision" && e.Verb == sim.VerbCreate {
						created++
					}
				}
				r.setImage("nginx:1.27")
				r.stable()
				r.complete("nginx:1.27", 3)
				st := r.set().Status
				assert.Equal(t, first, st.CurrentRevision, "the old revision is current again, by name")
				n := 0
				var bumped []string
				for _, e := range r.c.Trace() {
					if e.Kind == "ControllerRevision" && e.Verb == sim.VerbCreate {
						n++
					}
					if e.Kind == "ControllerRevision" && e.Verb == sim.VerbUpdate {
						bumped = append(bumped, e.Name)
					}
				}
				assert.Equal(t, created, n, "a rollback creates no revision object")
				assert.Equal(t, []string{first}, bumped)
				revs := map[string]int64{}
				for _, rev := range r.c.Revisions("default") {
					revs[rev.Name] = rev.Revision
				}
				assert.Equal(t, map[string]int64{first: 3, second: 2}, revs)
			})
		}
	}
}

// §4.5 "total revisions ≤ limit + 2 when no pod references an extra
// revision", at every event across more template changes than the limit.
// upstream: stateful_set_control.go truncateHistory;
// stateful_set_control_test.go TestStatefulSetHonorRevisionHistoryLimit
func TestHistoryIsTruncated(t *testing.T) {
	for _, gate := range gateConfigs() {
		t.Run(gateLabel(gate), func(t *testing.T) {
			limit := int32(2)
			var c *sim.Cluster
			most := 0
			c = sim.NewCluster(sim.Config{
				FeatureGates: map[string]bool{"MaxUnavailableStatefulSet": gate},
				OnEvent:      func(sim.Event) { most = max(most, len(c.Revisions("default"))) },
			})
			_, err := c.ApplyStatefulSet(rolloutSet(sts.OrderedReady, 2, func(s *sts.StatefulSet) { s.Spec.RevisionHistoryLimit = &limit }))
			require.NoError(t, err)
			require.NoError(t, c.RunUntilStable())
			r := &rollout{t: t, c: c}
			for i := range 8 {
				r.setImage(fmt.Sprintf("nginx:1.%d", 30+i))
				r.stable()
			}
			assert.LessOrEqual(t, most, int(limit)+2)
			// once complete, only the current revision is live
			assert.Len(t, c.Revisions("default"), int(limit)+1)
			r.complete("nginx:1.37", 2)
		})
	}
}

// §4.2 "Parallel: … An outdated pod that is itself unhealthy is deleted":
// Parallel never gets stuck on a broken old pod (gate on: phase 1 of the
// two-phase loop, #137409).
// upstream: updateStatefulSetAfterInvariantEstablished (Parallel phase 1),
// updateStatefulSet (gate off loop checks the revision first)
func TestParallelReplacesABrokenOldPod(t *testing.T) {
	for _, gate := range gateConfigs() {
		t.Run(gateLabel(gate), func(t *testing.T) {
			r := newRollout(t, gate, rolloutSet(sts.Parallel, 3))
			require.NoError(t, r.c.SetReadiness("web-2", false))
			require.NoError(t, r.c.RunFor(time.Minute))
			r.setImage("nginx:1.28")
			require.NoError(t, r.c.RunFor(time.Minute))
			assert.Contains(t, r.deletes(), "web-2")
			assert.Equal(t, r.set().Status.UpdateRevision, r.revisions()["web-2"])
		})
	}
}

// §5.1 "each pod deleted by the rolling-update step decrements
// currentReplicas … (can make it smaller than the pod count)" — and below
// zero when the deleted pods run an intermediate revision. The API server
// rejects such a status ("must be greater than or equal to 0"), so the sync
// fails and is retried; the stored status never goes negative.
// upstream: updateStatefulSetAfterInvariantEstablished (status.CurrentReplicas--);
// stateful_set_status_updater.go UpdateStatefulSetStatus;
// pkg/apis/apps/validation ValidateStatefulSetStatus
func TestNegativeCurrentReplicasIsRejected(t *testing.T) {
	three := withUpdateStrategy(sts.UpdateStrategy{Type: sts.RollingUpdate,
		RollingUpdate: &sts.RollingUpdateOptions{MaxUnavailable: &sts.IntOrString{Int: 3}}})
	var errs []string
	negative := false
	var c *sim.Cluster
	c = sim.NewCluster(sim.Config{
		OnSync: func(s sim.Sync) {
			for _, err := range s.Errors {
				errs = append(errs, err.Error())
			}
		},
		OnEvent: func(sim.Event) {
			if s, ok := c.StatefulSet("web"); ok && s.Status.CurrentReplicas < 0 {
				negative = true
			}
		},
	})
	r := &rollout{t: t, c: c}
	_, err := c.ApplyStatefulSet(rolloutSet(sts.OrderedReady, 3, three))
	require.NoError(t, err)
	r.stable()
	// web-2 and web-1 move to an intermediate revision; web-0 stays current
	r.setPartition(1)
	r.setImage("nginx:1.28")
	r.stable()
	// then one sync deletes all three: currentReplicas 1 − 3
	require.NoError(t, c.UpdateStatefulSet("web", func(s *sts.StatefulSet) {
		s.Spec.UpdateStrategy.RollingUpdate.Partition = new(int32(0))
		s.Spec.Template.Spec.Containers = []api.Container{{Name: "app", Image: "nginx:1.29"}}
	}))
	r.stable()
	assert.False(t, negative, "the stored status.currentReplicas went below 0")
	assert.Contains(t, errs, `StatefulSet.apps "web" is invalid: status.currentReplicas: Invalid value: -2: must be greater than or equal to 0`)
	r.complete("nginx:1.29", 3)
}

// BenchmarkRollingUpdate10k measures a template change on 10,000 Running
// and Ready replicas, from the change until every pod runs the new image
// and currentRevision is promoted (the scale-up before it is not timed).
// Both policies run with the v1.37 gates and maxUnavailable 10% (1,000
// pods): OrderedReady deletes 1,000 pods in one sync and recreates them one
// at a time, in order; Parallel (two-phase loop) deletes 1,000 and
// recreates them at once. Reported: virtual time of the rollout and
// simulation events per second.
func BenchmarkRollingUpdate10k(b *testing.B) {
	const n = 10000
	pct := withUpdateStrategy(sts.UpdateStrategy{Type: sts.RollingUpdate,
		RollingUpdate: &sts.RollingUpdateOptions{MaxUnavailable: &sts.IntOrString{IsString: true, Str: "10%"}}})
	for _, policy := range []string{sts.OrderedReady, sts.Parallel} {
		b.Run(policy, func(b *testing.B) {
			var events uint64
			var virtual time.Duration
			for b.Loop() {
				b.StopTimer()
				c := sim.NewCluster(sim.Config{Seed: 1, NoTrace: true, StableBound: 1000 * time.Hour, NodePods: n})
				if _, err := c.ApplyStatefulSet(rolloutSet(policy, n, pct)); err != nil {
					b.Fatal(err)
				}
				if err := c.RunUntilStable(); err != nil {
					b.Fatal(err)
				}
				start, before := c.Now(), c.Events()
				b.StartTimer()
				if err := c.UpdateStatefulSet("web", func(s *sts.StatefulSet) {
					s.Spec.Template.Spec.Containers = []api.Container{{Name: "app", Image: "nginx:1.28"}}
				}); err != nil {
					b.Fatal(err)
				}
				if err := c.RunUntilStable(); err != nil {
					b.Fatal(err)
				}
				b.StopTimer()
				st := func() sts.Status { s, _ := c.StatefulSet("web"); return s.Status }()
				if st.UpdatedReplicas != n || st.ReadyReplicas != n || st.CurrentRevision != st.UpdateRevision {
					b.Fatalf("rollout not finished: %+v", st)
				}
				events += c.Events() - before
				virtual = c.Now() - start
				b.StartTimer()
			}
			b.ReportMetric(float64(events)/b.Elapsed().Seconds(), "events/s")
			b.ReportMetric(virtual.Seconds(), "virtual-s")
		})
	}
}
