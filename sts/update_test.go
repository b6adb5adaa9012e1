package sts

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stsim/stsim/api"
)

// Table tests for issue #4 (updates), one row per rule of statefulset.md §4
// and §5 not already covered by reconcile_test.go. Each row cites the
// upstream function (pkg/controller/statefulset, v1.37.2) it reproduces.

// ---- machinery ----

// updateOnly runs revision selection and then only the rolling-update step
// of a sync, as upstream's tests call
// updateStatefulSetAfterInvariantEstablished directly (the replicas pass,
// which would block OrderedReady on any unhealthy pod, is skipped).
func updateOnly(o Observed) Plan {
	s := &sync{Observed: o, set: o.Set}
	s.start, s.end = s.set.startOrdinal(), s.set.endOrdinal()
	s.monotonic = s.set.monotonic()
	o.Pods.refresh(s.set, o.Now)
	s.revs = selectRevisions(s.set, o.Revisions, o.RevisionNames, o.Pods.templateData(s.set))
	s.updatePass()
	return s.plan
}

// updateCase is one row: a set mid-rollout (twoRevisions: revision 1 is
// current, the template is at revision 2) and its pods.
type updateCase struct {
	name     string
	replicas int32
	opts     []setOpt
	gates    Gates
	// pods builds the pods; r1 and r2 are the revision names.
	pods func(f fixture, r1, r2 string) []*api.Pod
	want []string // writes(plan)
	wait string   // substring of plan.Wait; "" = not checked
	// direct runs updateOnly instead of Reconcile.
	direct bool
}

func (c updateCase) run(t *testing.T) {
	t.Helper()
	t.Run(c.name, func(t *testing.T) {
		f, rev2 := twoRevisions(c.replicas, c.opts...)
		o := observe(f.set, f.revs, c.pods(f, f.rev.Name, rev2.Name)...)
		o.Gates = c.gates
		sync := Reconcile
		if c.direct {
			sync = updateOnly
		}
		p := sync(o)
		if d := cmp.Diff(c.want, writes(p)); d != "" {
			t.Fatalf("writes (-want +got):\n%s\n%s", d, dump(p))
		}
		if c.wait != "" && !strings.Contains(p.Wait, c.wait) {
			t.Errorf("wait = %q, want it to contain %q", p.Wait, c.wait)
		}
		batchesAscend(t, p)
	})
}

// allOld returns n healthy pods at r1 with the given options applied to
// the named ordinals.
func allOld(f fixture, n int32, opts map[int32][]podOpt) []*api.Pod {
	var out []*api.Pod
	for k := range n {
		out = append(out, f.pod(k, opts[k]...))
	}
	return out
}

var (
	gateOff = Gates{}
	gateOn  = DefaultGates()
)

func both(gates ...Gates) []Gates { return gates }

func gateName(g Gates) string {
	if g.MaxUnavailableStatefulSet {
		return "gate on"
	}
	return "gate off"
}

// ---- §4.4 the revision object ----

// §4.4 "labels = template labels + controller.kubernetes.io/hash=<hash>,
// annotations = set's annotations, one controller ownerRef to the set".
// upstream: stateful_set_utils.go newRevision; history.NewControllerRevision
func TestRevisionObjectMetadata(t *testing.T) {
	set := newSet("web", 1)
	set.Annotations = map[string]string{"team": "db"}
	p := Reconcile(observe(set, nil))
	r := p.Actions[0].Revision
	if p.Actions[0].Verb != CreateRevision || r.Revision != 1 {
		t.Fatalf("first action %s revision %d, want create revision 1", p.Actions[0].Verb, r.Revision)
	}
	want := []api.OwnerReference{{APIVersion: "apps/v1", Kind: "StatefulSet", Name: "web", UID: "uid-web", Controller: true, BlockOwnerDeletion: true}}
	if d := cmp.Diff(want, r.OwnerReferences); d != "" {
		t.Errorf("owner references (-want +got):\n%s", d)
	}
	if r.Namespace != "default" || r.Annotations["team"] != "db" || r.Labels["app"] != "web" || r.Labels[RevisionHashLabel] == "" {
		t.Errorf("namespace %q annotations %v labels %v", r.Namespace, r.Annotations, r.Labels)
	}
	if !strings.HasPrefix(r.Name, "web-") || strings.TrimPrefix(r.Name, "web-") != r.Labels[RevisionHashLabel] {
		t.Errorf("revision %s is not <set>-<hash>", r.Name)
	}
}

// §4.4 step 3: a rollback bumps the older revision "same name/hash, so pods
// already labelled with it count as updated and are not restarted"; §4.4
// "Intermediate templates: v2 pods count as neither current nor updated,
// and are replaced".
// upstream: stateful_set_control.go getStatefulSetRevisions,
// computeReplicaStatus; stateful_set_control_test.go TestStatefulSetControlRollback
func TestRollbackKeepsPodsOnTheBumpedRevision(t *testing.T) {
	var revs []*ControllerRevision
	for i, img := range []string{"nginx:1", "nginx:2", "nginx:3"} {
		revs = append(revs, revisionOf(newSet("web", 1, image(img)), int64(i+1)))
	}
	// current v1; pods: 0 at v1, 1 at v2, 2 at v3; the template goes back to v2
	set := newSet("web", 3, image("nginx:2"), currentRevision(revs[0].Name, 1))
	pods := []*api.Pod{podAt(set, revs[0].Name, 0), podAt(set, revs[1].Name, 1), podAt(set, revs[2].Name, 2)}
	for _, g := range both(gateOff, gateOn) {
		o := observe(set, revs, pods...)
		o.Gates = g
		p := Reconcile(o)
		if d := cmp.Diff([]string{"update revision " + revs[1].Name + "@4"}, revisionWrites(p)); d != "" {
			t.Fatalf("%s: revision writes (-want +got):\n%s", gateName(g), d)
		}
		// web-2 (v3) is outdated and replaced; web-1 (v2) is updated and kept
		if d := cmp.Diff([]string{"delete pod web-2"}, writes(p)); d != "" {
			t.Errorf("%s: writes (-want +got):\n%s", gateName(g), d)
		}
		// currentReplicas: 1 pod at v1, minus 1 for the update delete of the
		// v3 pod (§5.1: every rolling-update delete decrements it)
		st := p.Status
		if st.UpdateRevision != revs[1].Name || st.UpdatedReplicas != 1 || st.CurrentRevision != revs[0].Name || st.CurrentReplicas != 0 {
			t.Errorf("%s: status %+v: want update v2 with 1 pod, current v1 with 1 − 1 (the v3 pod counts as neither)", gateName(g), st)
		}
	}
}

// §4.5 "Test bound: total revisions ≤ limit + 2 when no pod references an
// extra revision", across more template changes than the limit.
// upstream: stateful_set_control_test.go TestStatefulSetHonorRevisionHistoryLimit, TestStatefulSetControlLimitsHistory
func TestHistoryStaysWithinLimitPlusTwo(t *testing.T) {
	for _, limit := range []int32{0, 2, 5} {
		set := newSet("web", 2, historyLimit(limit))
		var revs []*ControllerRevision
		apply := func(p Plan) {
			for _, a := range p.Actions {
				switch a.Verb {
				case CreateRevision:
					revs = append(revs, a.Revision)
				case UpdateRevision:
					revs = slices.DeleteFunc(revs, func(r *ControllerRevision) bool { return r.Name == a.Revision.Name })
					revs = append(revs, a.Revision)
				case DeleteRevision:
					revs = slices.DeleteFunc(revs, func(r *ControllerRevision) bool { return r.Name == a.Revision.Name })
				}
			}
			SortRevisions(revs)
			set.Status = p.Status
		}
		apply(Reconcile(observe(set, revs)))
		for i := range 15 {
			// mid-rollout: pod 0 at the current revision, pod 1 at the update one
			image(fmt.Sprintf("nginx:%d", i%(int(limit)+4)))(set)
			set.Generation++
			p := Reconcile(observe(set, revs))
			apply(p)
			pods := []*api.Pod{podAt(set, p.Status.CurrentRevision, 0), podAt(set, p.Status.UpdateRevision, 1)}
			apply(Reconcile(observe(set, revs, pods...)))
			if len(revs) > int(limit)+2 {
				t.Fatalf("limit %d, change %d: %d revisions", limit, i, len(revs))
			}
		}
	}
}

// ---- §4.1 which revision a new pod gets ----

// §4.1 rows not in TestRevisionOfNewPods: a partition at or beyond the
// replicas keeps every new pod at the current revision; after a rollback to
// the current revision every new pod is at it; OnDelete recreates a deleted
// pod at the update revision even below status.currentReplicas.
// upstream: stateful_set_utils.go newVersionedStatefulSetPod
func TestRevisionOfRecreatedPods(t *testing.T) {
	for _, c := range []struct {
		name string
		opts []setOpt
		have []int32 // ordinals present, at revision 1
		want map[string]string
	}{
		{"a partition equal to replicas: every new pod at the current revision",
			[]setOpt{partitionAt(3), parallel()}, nil, map[string]string{"web-0": "r1", "web-1": "r1", "web-2": "r1"}},
		{"a partition beyond replicas: every new pod at the current revision",
			[]setOpt{partitionAt(9), parallel()}, []int32{0}, map[string]string{"web-1": "r1", "web-2": "r1"}},
		{"partition 0: a recreated pod gets the update revision, whatever its ordinal",
			[]setOpt{parallel()}, []int32{1, 2}, map[string]string{"web-0": "r2"}},
		{"OnDelete: a recreated pod below status.currentReplicas gets the update revision",
			[]setOpt{onDelete(), parallel(), currentRevision("", 3)}, []int32{0, 2}, map[string]string{"web-1": "r2"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			f, rev2 := twoRevisions(3, c.opts...)
			var pods []*api.Pod
			for _, k := range c.have {
				pods = append(pods, f.pod(k))
			}
			p := Reconcile(observe(f.set, f.revs, pods...))
			got := map[string]string{}
			for _, a := range p.Actions {
				if a.Verb == CreatePod {
					got[a.Pod.Name] = map[string]string{f.rev.Name: "r1", rev2.Name: "r2"}[a.Pod.Labels[RevisionLabel]]
				}
			}
			if d := cmp.Diff(c.want, got); d != "" {
				t.Errorf("created pods → revision (-want +got):\n%s\n%s", d, dump(p))
			}
		})
	}
}

// ---- §4.2 RollingUpdate, gate off ----

// upstream: stateful_set_control.go updateStatefulSet (the loop after
// "we compute the minimum ordinal of the target sequence")
func TestRollingUpdateGateOff(t *testing.T) {
	for _, c := range []updateCase{{
		name: "an updated, available pod is skipped and the next outdated one below is deleted", replicas: 3,
		pods: func(f fixture, r1, r2 string) []*api.Pod { return []*api.Pod{f.pod(0), f.pod(1), podAt(f.set, r2, 2)} },
		want: []string{"delete pod web-1"},
	}, {
		name: "a terminating outdated pod is not deleted again: the update waits for it", replicas: 3, opts: []setOpt{parallel()},
		pods: func(f fixture, r1, r2 string) []*api.Pod {
			return []*api.Pod{f.pod(0), f.pod(1), f.pod(2, terminating())}
		},
		want: nil, wait: "web-2",
	}, {
		name: "an updated pod Ready for less than minReadySeconds is unavailable: the update waits", replicas: 3,
		opts: []setOpt{parallel(), minReady(30)},
		pods: func(f fixture, r1, r2 string) []*api.Pod {
			return []*api.Pod{f.pod(0), f.pod(1), podAt(f.set, r2, 2, readySince(testNow-10*time.Second))}
		},
		want: nil, wait: "web-2 to be available",
	}, {
		name: "pods below the partition are never deleted", replicas: 4, opts: []setOpt{partitionAt(2)},
		pods: func(f fixture, r1, r2 string) []*api.Pod {
			return []*api.Pod{f.pod(0), f.pod(1), podAt(f.set, r2, 2), podAt(f.set, r2, 3)}
		},
		want: nil,
	}, {
		name: "the partition counts from ordinals.start", replicas: 3, opts: []setOpt{startAt(5), partitionAt(2)},
		pods: func(f fixture, r1, r2 string) []*api.Pod { return []*api.Pod{f.pod(5), f.pod(6), f.pod(7)} },
		want: []string{"delete pod web-7"},
	}, {
		name: "a partition beyond the replicas updates nothing", replicas: 3, opts: []setOpt{partitionAt(5)},
		pods: func(f fixture, r1, r2 string) []*api.Pod { return allOld(f, 3, nil) },
		want: nil,
	}, {
		name: "a stored maxUnavailable is ignored: one pod per sync", replicas: 4, opts: []setOpt{maxUnavailable(3), parallel()},
		pods: func(f fixture, r1, r2 string) []*api.Pod { return allOld(f, 4, nil) },
		want: []string{"delete pod web-3"},
	}, {
		name: "rollingUpdate nil: updateMin is 0", replicas: 2, opts: []setOpt{rollingUpdateNil(), currentRevision("", 2)},
		pods: func(f fixture, r1, r2 string) []*api.Pod { return []*api.Pod{f.pod(0), podAt(f.set, r2, 1)} },
		want: []string{"delete pod web-0"},
	}} {
		c.gates = gateOff
		c.run(t)
	}
}

// ---- §4.3 RollingUpdate, gate on ----

// §4.3 examples asserted by upstream, ported row by row (rows already in
// TestRollingUpdate are left out). Pods are all outdated; the listed ones are
// made unready, terminating, or Ready within minReadySeconds. Like upstream,
// the rows call the update step directly.
// upstream: stateful_set_control_test.go TestStatefulSetControlRollingUpdateWithMaxUnavailableAndUnavailableStalePod
func TestMaxUnavailableStalePodRows(t *testing.T) {
	const unready, term, warm = "unready", "terminating", "warm"
	states := map[string][]podOpt{unready: {notReady()}, term: {terminating()}, warm: {readySince(testNow)}}
	for _, r := range []struct {
		name          string
		policy        string
		replicas      int32
		partition     int32
		maxU          int32
		minReady      int32
		bad           map[int32]string
		wantRemaining []int32 // ordinals not deleted
	}{
		{"Parallel/single replica: unavailable pod on old revision must be updated", Parallel, 1, 0, 1, 0, map[int32]string{0: unready}, nil},
		{"Parallel/3 replicas, highest-ordinal pod unavailable on old revision", Parallel, 3, 0, 1, 0, map[int32]string{2: unready}, []int32{0, 1}},
		{"Parallel/5 replicas, 2 pods unavailable on old revision", Parallel, 5, 0, 2, 0, map[int32]string{3: unready, 4: unready}, []int32{0, 1, 2}},
		{"OrderedReady/single replica: unavailable pod on old revision blocks update", OrderedReady, 1, 0, 1, 0, map[int32]string{0: unready}, []int32{0}},
		{"OrderedReady/3 replicas, highest-ordinal pod unavailable on old revision blocks update", OrderedReady, 3, 0, 1, 0, map[int32]string{2: unready}, []int32{0, 1, 2}},
		{"OrderedReady/5 replicas, 2 pods unavailable on old revision blocks update", OrderedReady, 5, 0, 2, 0, map[int32]string{4: unready}, []int32{0, 1, 2, 3}},
		{"Parallel/3 replicas, highest-ordinal pod terminating on old revision: budget consumed, next pod must NOT be deleted", Parallel, 3, 0, 1, 0, map[int32]string{2: term}, []int32{0, 1, 2}},
		{"OrderedReady/3 replicas, highest-ordinal pod terminating on old revision blocks update", OrderedReady, 3, 0, 1, 0, map[int32]string{2: term}, []int32{0, 1, 2}},
		{"Parallel/3 replicas, highest-ordinal pod ready but within minReadySeconds on old revision: pod gets deleted", Parallel, 3, 0, 1, 30, map[int32]string{2: warm}, []int32{0, 1}},
		{"OrderedReady/3 replicas, highest-ordinal pod ready but within minReadySeconds on old revision blocks update", OrderedReady, 3, 0, 1, 30, map[int32]string{2: warm}, []int32{0, 1, 2}},
		{"Parallel/5 replicas, pod-3 terminating + pod-4 unavailable on old revision, only 1 more pods should be deleted", Parallel, 5, 0, 3, 0, map[int32]string{3: term, 4: unready}, []int32{0, 1, 3}},
		{"OrderedReady/5 replicas, 1 pod unavailable(#3) + 1 pod terminating(#4) on old revision", OrderedReady, 5, 0, 3, 0, map[int32]string{3: unready, 4: term}, []int32{0, 1, 2, 4}},
		{"OrderedReady/5 replicas, 1 pod terminating(#3) + 1 pod unavailable(#4) on old revision", OrderedReady, 5, 0, 3, 0, map[int32]string{3: term, 4: unready}, []int32{0, 1, 2, 3}},
		{"Parallel/5 replicas partition=2: unavailable pod in update range (#4) gets deleted", Parallel, 5, 2, 1, 0, map[int32]string{4: unready}, []int32{0, 1, 2, 3}},
		{"Parallel/5 replicas partition=2: unavailable pod at partition boundary (#2) gets deleted, highest stale pod (#4) is unaffected", Parallel, 5, 2, 1, 0, map[int32]string{2: unready}, []int32{0, 1, 3, 4}},
		{"Parallel/5 replicas partition=2: unavailable pod below partition (#1) consumes budget, no update", Parallel, 5, 2, 1, 0, map[int32]string{1: unready}, []int32{0, 1, 2, 3, 4}},
		{"OrderedReady/5 replicas partition=2: unavailable pod in update range (#4) blocks update", OrderedReady, 5, 2, 1, 0, map[int32]string{4: unready}, []int32{0, 1, 2, 3, 4}},
		{"Parallel/5 replicas partition=3 maxUnavailable=2: both update-range pods unavailable, both get deleted", Parallel, 5, 3, 2, 0, map[int32]string{3: unready, 4: unready}, []int32{0, 1, 2}},
		{"Parallel/5 replicas partition=3 maxUnavailable=2: pod below partition (#1) + pod in range (#4) unavailable, one pod deleted", Parallel, 5, 3, 2, 0, map[int32]string{1: unready, 4: unready}, []int32{0, 1, 2, 3}},
		{"Parallel/4 replicas maxUnavailable=2: lower-ordinal unavailable pods get deleted, higher-ordinal good pods must stay", Parallel, 4, 0, 2, 0, map[int32]string{0: unready, 1: unready}, []int32{2, 3}},
		{"Parallel/5 replicas maxUnavailable=3: 2 lower-ordinal unavailable pods deleted first, 1 good pod from the top", Parallel, 5, 0, 3, 0, map[int32]string{0: unready, 1: unready}, []int32{2, 3}},
	} {
		opts := []setOpt{partitionAt(r.partition), maxUnavailable(r.maxU), minReady(r.minReady),
			func(s *StatefulSet) { s.Spec.PodManagementPolicy = r.policy }}
		podOpts := map[int32][]podOpt{}
		for k, st := range r.bad {
			podOpts[k] = states[st]
		}
		// upstream's Parallel branch deletes the unavailable pods (phase 1)
		// before the available ones (phase 2), each high → low; OrderedReady
		// is one high → low pass
		var phase1, phase2 []string
		for k := r.replicas - 1; k >= 0; k-- {
			if slices.Contains(r.wantRemaining, k) || r.bad[k] == term {
				continue
			}
			d := "delete pod " + PodName("web", k)
			if r.bad[k] != "" && r.policy == Parallel {
				phase1 = append(phase1, d)
			} else {
				phase2 = append(phase2, d)
			}
		}
		updateCase{name: r.name, replicas: r.replicas, opts: opts, gates: gateOn, direct: true,
			pods: func(f fixture, r1, r2 string) []*api.Pod { return allOld(f, r.replicas, podOpts) },
			want: append(phase1, phase2...),
		}.run(t)
	}
}

// §8.5 "with k pods already terminating in range, exactly max(0,
// maxUnavailable − k) more pods are deleted" (OrderedReady, 6 replicas,
// partition 3, maxUnavailable 2; terminating pods below the partition
// consume the budget too).
// upstream: stateful_set_control_test.go TestStatefulSetControlRollingUpdateWithMaxUnavailableInOrderedModeVerifyInvariant
func TestMaxUnavailableTerminatingPodsConsumeBudget(t *testing.T) {
	for _, terminatingOrds := range [][]int32{{}, {5}, {3}, {4}, {5, 4}, {5, 3}, {4, 3}, {5, 4, 3}, {2}, {1}} {
		opts := map[int32][]podOpt{}
		for _, k := range terminatingOrds {
			opts[k] = []podOpt{terminating()}
		}
		var want []string
		for k := int32(5); k >= 3 && len(want) < max(0, 2-len(terminatingOrds)); k-- {
			if opts[k] == nil {
				want = append(want, "delete pod "+PodName("web", k))
			}
		}
		updateCase{name: fmt.Sprintf("terminating pods at ordinals %v", terminatingOrds), replicas: 6,
			opts: []setOpt{partitionAt(3), maxUnavailable(2)}, gates: gateOn, direct: true,
			pods: func(f fixture, r1, r2 string) []*api.Pod { return allOld(f, 6, opts) },
			want: want,
		}.run(t)
	}
}

// §4.3 "maxUnavailable … (default 1 if nil or rollingUpdate nil);
// percentages are of spec.replicas rounded down, then clamped to ≥ 1".
// upstream: stateful_set_utils.go getStatefulSetMaxUnavailable; stateful_set_utils_test.go TestGetStatefulSetMaxUnavailable
func TestMaxUnavailableResolution(t *testing.T) {
	pct := func(s string) *RollingUpdateOptions {
		return &RollingUpdateOptions{MaxUnavailable: &IntOrString{IsString: true, Str: s}}
	}
	num := func(n int32) *RollingUpdateOptions {
		return &RollingUpdateOptions{MaxUnavailable: &IntOrString{Int: n}}
	}
	for _, c := range []struct {
		ru       *RollingUpdateOptions
		replicas int32
		want     int
	}{
		{nil, 10, 1}, {&RollingUpdateOptions{}, 10, 1},
		{num(3), 10, 3}, {num(3), 0, 3}, {num(0), 0, 1},
		{pct("10%"), 25, 2}, {pct("100%"), 5, 5}, {pct("50%"), 5, 2}, {pct("10%"), 5, 1},
		{pct("1%"), 0, 1}, {pct("0%"), 0, 1}, {pct("99%"), 10000, 9900},
	} {
		if got := MaxUnavailable(c.ru, c.replicas); got != c.want {
			v := "nil"
			if c.ru != nil && c.ru.MaxUnavailable != nil {
				v = fmt.Sprintf("%+v", *c.ru.MaxUnavailable)
			}
			t.Errorf("MaxUnavailable(%s, %d) = %d, want %d", v, c.replicas, got, c.want)
		}
	}
}

// §4.3 rows beyond upstream's tables: a percentage budget deletes that many
// at once; rollingUpdate nil means maxUnavailable 1 and partition 0; the
// budget never reaches below the partition; pods already updated are not
// counted against the budget unless unavailable.
// upstream: stateful_set_control.go updateStatefulSetAfterInvariantEstablished
func TestRollingUpdateGateOn(t *testing.T) {
	pctOpt := func(s string) setOpt {
		return func(set *StatefulSet) {
			set.Spec.UpdateStrategy.RollingUpdate.MaxUnavailable = &IntOrString{IsString: true, Str: s}
		}
	}
	for _, c := range []updateCase{{
		name: "OrderedReady, maxUnavailable 50% of 5 = 2: pods 4 and 3 deleted in one sync", replicas: 5,
		opts: []setOpt{pctOpt("50%")},
		pods: func(f fixture, r1, r2 string) []*api.Pod { return allOld(f, 5, nil) },
		want: []string{"delete pod web-4", "delete pod web-3"},
	}, {
		name: "OrderedReady, maxUnavailable 10% of 5 rounds down to 0 and is clamped to 1", replicas: 5,
		opts: []setOpt{pctOpt("10%")},
		pods: func(f fixture, r1, r2 string) []*api.Pod { return allOld(f, 5, nil) },
		want: []string{"delete pod web-4"},
	}, {
		name: "rollingUpdate nil: maxUnavailable 1, every ordinal may be updated", replicas: 2,
		opts: []setOpt{rollingUpdateNil(), currentRevision("", 2)},
		pods: func(f fixture, r1, r2 string) []*api.Pod { return []*api.Pod{f.pod(0), podAt(f.set, r2, 1)} },
		want: []string{"delete pod web-0"},
	}, {
		name: "OrderedReady: a budget larger than the outdated pods above the partition deletes only those", replicas: 5,
		opts: []setOpt{partitionAt(3), maxUnavailable(4)},
		pods: func(f fixture, r1, r2 string) []*api.Pod { return allOld(f, 5, nil) },
		want: []string{"delete pod web-4", "delete pod web-3"},
	}, {
		name: "OrderedReady: updated pods are skipped, the budget goes to the next outdated ones", replicas: 5,
		opts: []setOpt{maxUnavailable(2)},
		pods: func(f fixture, r1, r2 string) []*api.Pod {
			return []*api.Pod{f.pod(0), f.pod(1), f.pod(2), podAt(f.set, r2, 3), podAt(f.set, r2, 4)}
		},
		want: []string{"delete pod web-2", "delete pod web-1"},
	}, {
		name: "Parallel: an unavailable updated pod consumes budget", replicas: 4,
		opts: []setOpt{parallel(), maxUnavailable(2)},
		pods: func(f fixture, r1, r2 string) []*api.Pod {
			return []*api.Pod{f.pod(0), f.pod(1), f.pod(2), podAt(f.set, r2, 3, notReady())}
		},
		want: []string{"delete pod web-2"},
	}, {
		name: "Parallel: the budget is used up and no outdated pod is unavailable: nothing to do", replicas: 3,
		opts: []setOpt{parallel()},
		pods: func(f fixture, r1, r2 string) []*api.Pod {
			return []*api.Pod{f.pod(0), f.pod(1), podAt(f.set, r2, 2, notReady())}
		},
		want: nil, wait: "1 pods unavailable, maxUnavailable 1",
	}, {
		name: "a missing in-range pod counts as unavailable (Parallel: it is created, then the budget is spent)", replicas: 3,
		opts: []setOpt{parallel()},
		pods: func(f fixture, r1, r2 string) []*api.Pod { return []*api.Pod{f.pod(0), f.pod(1)} },
		want: []string{"create pod web-2"},
	}, {
		name: "the partition counts from ordinals.start", replicas: 4,
		opts: []setOpt{startAt(3), partitionAt(2), maxUnavailable(4)},
		pods: func(f fixture, r1, r2 string) []*api.Pod {
			return []*api.Pod{f.pod(3), f.pod(4), f.pod(5), f.pod(6)}
		},
		want: []string{"delete pod web-6", "delete pod web-5"},
	}} {
		c.gates = gateOn
		c.run(t)
	}
}

// ---- the stuck rollout (#67250) ----

// §2.6 "Broken update (the #67250 trap)": under OrderedReady an updated pod
// that never becomes Ready blocks the replicas pass, so the update step is
// never reached — not even after the template is reverted, and then the
// wait says why; with Parallel the update step is reached and replaces the
// broken pod.
// upstream: stateful_set_control.go updateStatefulSet (runForAll(replicas,
// processReplica) returns before the update step), processReplica
// (!isRunningAndReady && monotonic → block)
func TestStuckRollout(t *testing.T) {
	for _, g := range both(gateOff, gateOn) {
		for _, c := range []struct {
			name   string
			policy []setOpt
			revert bool
			want   []string
			wait   func(r1, r2 string) string // the whole wait; "" for Parallel
		}{
			{"OrderedReady: a pod starting at the update revision blocks the rollout, with no hint yet", nil, false,
				nil, func(r1, r2 string) string { return "waiting for web-3 to be Running and Ready" }},
			{"OrderedReady: after the template is reverted the broken pod still blocks it, and the wait says why", nil, true,
				nil, func(r1, r2 string) string {
					return "waiting for web-3 to be Running and Ready (it runs revision " + r2 + ", a new web-3 would run " + r1 +
						": a rolling update never replaces a pod that is not Ready; delete it, #67250)"
				}},
			{"Parallel: the reverted template replaces the broken pod", []setOpt{parallel()}, true,
				[]string{"delete pod web-3"}, nil},
		} {
			t.Run(gateName(g)+"/"+c.name, func(t *testing.T) {
				f, rev2 := twoRevisions(4, c.policy...)
				pods := []*api.Pod{f.pod(0), f.pod(1), f.pod(2), podAt(f.set, rev2.Name, 3, notReady())}
				if c.revert {
					f.set.Spec.Template = *f.rev.Template
				}
				o := observe(f.set, f.revs, pods...)
				o.Gates = g
				p := Reconcile(o)
				if d := cmp.Diff(c.want, writes(p)); d != "" {
					t.Fatalf("writes (-want +got):\n%s\n%s", d, dump(p))
				}
				if c.wait != nil && p.Wait != c.wait(f.rev.Name, rev2.Name) {
					t.Errorf("wait %q\nwant %q", p.Wait, c.wait(f.rev.Name, rev2.Name))
				}
				if c.revert && p.Status.UpdateRevision != f.rev.Name {
					t.Errorf("update revision %s, want the reverted revision %s", p.Status.UpdateRevision, f.rev.Name)
				}
			})
		}
	}
}

// The same trap with a broken old pod (#60164, #88896: template fixes are
// ignored until the pod is deleted) gets the explanation too; a pod that
// would be recreated at its own revision (below the partition, or a set not
// being updated) gets the plain wait.
// upstream: stateful_set_control.go processReplica, newVersionedStatefulSetPod
func TestStuckRolloutHintOnlyForPodsAtAnotherRevision(t *testing.T) {
	for _, c := range []struct {
		name   string
		opts   []setOpt
		update bool // the template is at revision 2
		hint   bool
	}{
		{"a broken current pod blocks the rollout that would replace it", nil, true, true},
		{"a broken pod below the partition is recreated at its own revision", []setOpt{partitionAt(2)}, true, false},
		{"a set that is not being updated", nil, false, false},
		{"OnDelete: nothing replaces pods anyway", []setOpt{onDelete()}, true, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := fix(3, c.opts...)
			if c.update {
				f, _ = twoRevisions(3, c.opts...)
			}
			p := Reconcile(observe(f.set, f.revs, f.pod(0), f.pod(1, notReady()), f.pod(2)))
			if hint := strings.Contains(p.Wait, "#67250"); hint != c.hint || !strings.HasPrefix(p.Wait, "waiting for web-1 to be Running and Ready") {
				t.Errorf("wait %q, want a hint: %v", p.Wait, c.hint)
			}
		})
	}
}

// ---- §4.6 OnDelete ----

// §4.6 "the controller never deletes pods because of a revision mismatch"
// — not even unhealthy outdated pods in Parallel, which RollingUpdate would
// replace; §4.4 promotion does not happen while some pods are outdated.
// upstream: stateful_set_control.go updateStatefulSet (OnDelete short
// circuit); stateful_set_utils.go completeUpdate; stateful_set_utils_test.go TestCompleteUpdate "OnDelete: partial update"
func TestOnDelete(t *testing.T) {
	for _, g := range both(gateOff, gateOn) {
		t.Run(gateName(g), func(t *testing.T) {
			f, rev2 := twoRevisions(3, onDelete(), parallel())
			o := observe(f.set, f.revs, f.pod(0, notReady()), f.pod(1), podAt(f.set, rev2.Name, 2))
			o.Gates = g
			p := Reconcile(o)
			if w := writes(p); len(w) != 0 {
				t.Errorf("writes %v, want none", w)
			}
			if p.Status.CurrentRevision != f.rev.Name || p.Status.UpdatedReplicas != 1 || p.Status.CurrentReplicas != 2 {
				t.Errorf("status %+v: want no promotion, current 2, updated 1", p.Status)
			}
		})
	}
}

// ---- §5.1 status ----

// §5.1 "each pod deleted by the rolling-update step decrements
// currentReplicas in that sync's status": with the gate on and OrderedReady
// a batch of two lowers it by two; an outdated pod that is neither current
// nor updated lowers it too, which may take it below the pods at the
// current revision.
// upstream: stateful_set_control.go updateStatefulSetAfterInvariantEstablished (status.CurrentReplicas--)
func TestStatusCurrentReplicasAfterBatchDelete(t *testing.T) {
	f, _ := twoRevisions(4, maxUnavailable(2))
	p := Reconcile(observe(f.set, f.revs, f.pod(0), f.pod(1), f.pod(2), f.pod(3)))
	if p.Status.CurrentReplicas != 2 || p.Status.UpdatedReplicas != 0 {
		t.Errorf("current %d updated %d, want 2 and 0\n%s", p.Status.CurrentReplicas, p.Status.UpdatedReplicas, dump(p))
	}
	// web-3 runs an intermediate revision: counted as neither, yet its delete
	// decrements currentReplicas
	mid := revisionOf(newSet("web", 1, image("nginx:mid")), 3)
	f.revs = append(f.revs, mid)
	image("nginx:3")(f.set)
	p = Reconcile(observe(f.set, f.revs, f.pod(0), f.pod(1), f.pod(2), podAt(f.set, mid.Name, 3)))
	if d := cmp.Diff([]string{"delete pod web-3", "delete pod web-2"}, writes(p)); d != "" {
		t.Fatalf("writes (-want +got):\n%s", d)
	}
	if p.Status.CurrentReplicas != 1 {
		t.Errorf("current %d, want 3 current pods − 2 deletes = 1", p.Status.CurrentReplicas)
	}
}

// §4.1 edge case: "a pod recreated below status.currentReplicas gets the
// *current* revision and is therefore immediately outdated; in Parallel mode
// the update step of the same sync may delete it again". Upstream's update
// step sees the pod it has just created (an in-memory pod with an empty
// phase: unavailable, not terminating) and deletes it as outdated.
// upstream: stateful_set_control.go updateStatefulSet (replicas[i] keeps the
// just-created pod), newVersionedStatefulSetPod; updateStatefulSetAfterInvariantEstablished (phase 1)
func TestParallelDeletesAPodItJustCreatedAtTheCurrentRevision(t *testing.T) {
	for _, g := range both(gateOff, gateOn) {
		t.Run(gateName(g), func(t *testing.T) {
			// web-0 was deleted by hand while status.currentReplicas was 1
			f, rev2 := twoRevisions(3, rollingUpdateNil(), parallel(), currentRevision("", 1))
			o := observe(f.set, f.revs, podAt(f.set, rev2.Name, 1), podAt(f.set, rev2.Name, 2))
			o.Gates = g
			p := Reconcile(o)
			if d := cmp.Diff([]string{"create pod web-0", "delete pod web-0"}, writes(p)); d != "" {
				t.Fatalf("writes (-want +got):\n%s\n%s", d, dump(p))
			}
			if c := action(t, p, CreatePod, "web-0"); c.Pod.Labels[RevisionLabel] != f.rev.Name {
				t.Errorf("web-0 created at %s, want the current revision %s", c.Pod.Labels[RevisionLabel], f.rev.Name)
			}
			// computeReplicaStatus does not count the just-created pod, yet
			// its delete decrements currentReplicas: 0 − 1
			if p.Status.CurrentReplicas != -1 {
				t.Errorf("currentReplicas %d, want -1", p.Status.CurrentReplicas)
			}
			batchesAscend(t, p)
		})
	}
}
