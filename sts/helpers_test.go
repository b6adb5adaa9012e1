package sts

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stsim/stsim/api"
	"github.com/stsim/stsim/storage"
)

// testNow is the instant of every sync in the table tests unless a case says
// otherwise; pods made Ready by the helpers became Ready at 0, long before.
const testNow = 1000 * time.Second

// ---- sets ----

type setOpt func(*StatefulSet)

// newSet returns a defaulted StatefulSet named name: OrderedReady,
// RollingUpdate{partition 0}, revisionHistoryLimit 10, image "nginx:1",
// generation 1, no claim templates.
func newSet(name string, replicas int32, opts ...setOpt) *StatefulSet {
	zero, limit := int32(0), int32(10)
	s := &StatefulSet{
		ObjectMeta: api.ObjectMeta{Name: name, Namespace: "default", UID: "uid-" + name, Generation: 1},
		Spec: Spec{
			Replicas: &replicas,
			Selector: &api.LabelSelector{MatchLabels: map[string]string{"app": name}},
			Template: api.PodTemplateSpec{
				Labels: map[string]string{"app": name},
				Spec: api.PodSpec{
					Containers:    []api.Container{{Name: "main", Image: "nginx:1"}},
					RestartPolicy: "Always",
				},
			},
			ServiceName:         name,
			PodManagementPolicy: OrderedReady,
			UpdateStrategy: UpdateStrategy{
				Type:          RollingUpdate,
				RollingUpdate: &RollingUpdateOptions{Partition: &zero},
			},
			RevisionHistoryLimit: &limit,
		},
	}
	for _, o := range opts {
		o(s)
	}
	return s
}

func parallel() setOpt { return func(s *StatefulSet) { s.Spec.PodManagementPolicy = Parallel } }

func startAt(n int32) setOpt {
	return func(s *StatefulSet) { s.Spec.Ordinals = &Ordinals{Start: n} }
}

func minReady(sec int32) setOpt { return func(s *StatefulSet) { s.Spec.MinReadySeconds = sec } }

// image sets the template's image. It replaces the containers slice rather
// than writing into it, because revisions and pods share it with the set
// (objects are values, never changed in place).
func image(img string) setOpt {
	return func(s *StatefulSet) {
		c := slices.Clone(s.Spec.Template.Spec.Containers)
		c[0].Image = img
		s.Spec.Template.Spec.Containers = c
	}
}

func claimTemplates(names ...string) setOpt {
	return func(s *StatefulSet) {
		for _, n := range names {
			s.Spec.VolumeClaimTemplates = append(s.Spec.VolumeClaimTemplates, storage.PersistentVolumeClaim{
				ObjectMeta: api.ObjectMeta{Name: n},
				Spec:       storage.ClaimSpec{AccessModes: []string{"ReadWriteOnce"}, Storage: "1Gi"},
			})
		}
	}
}

func onDelete() setOpt {
	return func(s *StatefulSet) { s.Spec.UpdateStrategy = UpdateStrategy{Type: OnDelete} }
}

// rollingUpdateNil is `type: RollingUpdate` with no rollingUpdate block, the
// shape of upstream's newStatefulSetWithVolumes fixture (§4.1).
func rollingUpdateNil() setOpt {
	return func(s *StatefulSet) { s.Spec.UpdateStrategy = UpdateStrategy{Type: RollingUpdate} }
}

func partitionAt(p int32) setOpt {
	return func(s *StatefulSet) { s.Spec.UpdateStrategy.RollingUpdate.Partition = &p }
}

func maxUnavailable(n int32) setOpt {
	return func(s *StatefulSet) { s.Spec.UpdateStrategy.RollingUpdate.MaxUnavailable = &IntOrString{Int: n} }
}

func historyLimit(n int32) setOpt {
	return func(s *StatefulSet) { s.Spec.RevisionHistoryLimit = &n }
}

func generation(g int64) setOpt { return func(s *StatefulSet) { s.Generation = g } }

func deleting() setOpt {
	return func(s *StatefulSet) { d := 5 * time.Second; s.DeletionTimestamp = &d }
}

// currentRevision sets status.currentRevision (and currentReplicas).
func currentRevision(name string, replicas int32) setOpt {
	return func(s *StatefulSet) {
		s.Status.CurrentRevision = name
		s.Status.CurrentReplicas = replicas
	}
}

// ---- revisions ----

// revisionOf returns the revision upstream would create for set's template.
func revisionOf(set *StatefulSet, revision int64) *ControllerRevision {
	return NewRevision(set, TemplateData(&set.Spec.Template), revision, 0)
}

// ---- pods ----

type podOpt func(*api.Pod)

// podAt returns a healthy pod of set at ordinal k and revision rev: Running,
// Ready since time 0, built exactly as the controller would build it.
func podAt(set *StatefulSet, rev string, k int32, opts ...podOpt) *api.Pod {
	p := newPod(set, &set.Spec.Template, rev, k, []api.OwnerReference{ControllerRef(set)})
	p.UID = fmt.Sprintf("pod-uid-%s-%d", set.Name, k)
	p.Status = api.PodStatus{
		Phase:      api.PodRunning,
		Conditions: []api.PodCondition{{Type: api.PodReady, Status: api.ConditionTrue}},
	}
	for _, o := range opts {
		o(p)
	}
	return p
}

func phase(ph api.PodPhase) podOpt { return func(p *api.Pod) { p.Status.Phase = ph } }

// notReady sets Ready=False.
func notReady() podOpt {
	return func(p *api.Pod) {
		p.Status.Conditions = []api.PodCondition{{Type: api.PodReady, Status: api.ConditionFalse}}
	}
}

// pending is phase Pending with Ready=False.
func pending() podOpt {
	return func(p *api.Pod) { phase(api.PodPending)(p); notReady()(p) }
}

// readySince makes the pod Ready=True with the given lastTransitionTime.
func readySince(t time.Duration) podOpt {
	return func(p *api.Pod) {
		p.Status.Conditions = []api.PodCondition{{Type: api.PodReady, Status: api.ConditionTrue, LastTransitionTime: t}}
	}
}

func terminating() podOpt {
	return func(p *api.Pod) { d := time.Second; p.DeletionTimestamp = &d }
}

func dropLabel(key string) podOpt {
	return func(p *api.Pod) { delete(p.Labels, key) }
}

func noVolumes() podOpt { return func(p *api.Pod) { p.Spec.Volumes = nil } }

// ---- claims ----

// claimMap is a Claims backed by a map.
type claimMap map[string]*storage.PersistentVolumeClaim

func (m claimMap) Claim(name string) *storage.PersistentVolumeClaim { return m[name] }

// claims returns a claimMap holding bound claims with the given names.
func claims(names ...string) claimMap {
	m := claimMap{}
	for _, n := range names {
		m[n] = &storage.PersistentVolumeClaim{ObjectMeta: api.ObjectMeta{Name: n, Namespace: "default"}}
	}
	return m
}

// terminatingClaims returns a claimMap holding claims being deleted.
func terminatingClaims(names ...string) claimMap {
	m := claims(names...)
	for _, c := range m {
		d := time.Second
		c.DeletionTimestamp = &d
	}
	return m
}

// ---- observing and reading plans ----

// observe builds the Observed of one sync at testNow with v1.37 gates.
func observe(set *StatefulSet, revs []*ControllerRevision, pods ...*api.Pod) Observed {
	revs = slices.Clone(revs)
	SortRevisions(revs)
	return Observed{Set: set, Pods: IndexOf(set, pods...), Revisions: revs, Now: testNow, Gates: DefaultGates()}
}

// revisionNames is a RevisionNames of the revisions a set does not list.
type revisionNames map[string]*ControllerRevision

func (m revisionNames) Revision(name string) *ControllerRevision { return m[name] }

// writes summarises the pod and claim writes of a plan in order, e.g.
// "create pod web-0", "create claim data-web-0".
func writes(p Plan) []string {
	var out []string
	for _, a := range p.Actions {
		switch a.Verb {
		case CreatePod, DeletePod, UpdatePod:
			out = append(out, a.Verb.String()+" "+a.Pod.Name)
		case CreateClaim:
			out = append(out, a.Verb.String()+" "+a.Claim.Name)
		}
	}
	return out
}

// revisionWrites summarises the revision writes of a plan in order.
func revisionWrites(p Plan) []string {
	var out []string
	for _, a := range p.Actions {
		switch a.Verb {
		case CreateRevision, UpdateRevision, DeleteRevision:
			out = append(out, fmt.Sprintf("%s %s@%d", a.Verb, a.Revision.Name, a.Revision.Revision))
		}
	}
	return out
}

// action returns the first action with verb on the named pod or claim.
func action(t *testing.T, p Plan, verb Verb, name string) Action {
	t.Helper()
	for _, a := range p.Actions {
		if a.Verb != verb {
			continue
		}
		if a.Pod != nil && a.Pod.Name == name || a.Claim != nil && a.Claim.Name == name ||
			a.Revision != nil && a.Revision.Name == name {
			return a
		}
	}
	t.Fatalf("no %s %s in plan:\n%s", verb, name, dump(p))
	return Action{}
}

// dump renders a plan for failure messages.
func dump(p Plan) string {
	var b strings.Builder
	for _, a := range p.Actions {
		name := ""
		switch {
		case a.Pod != nil:
			name = a.Pod.Name
		case a.Claim != nil:
			name = a.Claim.Name
		case a.Revision != nil:
			name = fmt.Sprintf("%s@%d", a.Revision.Name, a.Revision.Revision)
		}
		fmt.Fprintf(&b, "  [batch %d] %s %s (%s)\n", a.Batch, a.Verb, name, a.Reason)
	}
	fmt.Fprintf(&b, "  wait: %q wake: %v status: %+v changed: %v\n", p.Wait, p.Wake, p.Status, p.StatusChanged)
	return b.String()
}

// batchesAscend checks that batch numbers never decrease along the plan, which
// the executor relies on to stop after a failed batch.
func batchesAscend(t *testing.T, p Plan) {
	t.Helper()
	for i := 1; i < len(p.Actions); i++ {
		if !p.Actions[i].Always && p.Actions[i].Batch < p.Actions[i-1].Batch {
			t.Fatalf("batch numbers decrease at action %d:\n%s", i, dump(p))
		}
	}
}
