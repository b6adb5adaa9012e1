package sts

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/stsim/stsim/api"
	"github.com/stsim/stsim/storage"
)

// w is a write of a Plan.Apply case: verb, object name, and where it stands.
type w struct {
	verb               Verb
	name               string
	batch, chain, call int
	decrements, always bool
}

func (x w) action() Action {
	a := Action{Verb: x.verb, Batch: x.batch, Chain: x.chain, Call: x.call, DecrementsCurrent: x.decrements, Always: x.always}
	switch x.verb {
	case CreateClaim, UpdateClaim, WarnClaim:
		a.Claim = &storage.PersistentVolumeClaim{ObjectMeta: api.ObjectMeta{Name: x.name}}
	case CreateRevision, UpdateRevision, DeleteRevision:
		a.Revision = &ControllerRevision{ObjectMeta: api.ObjectMeta{Name: x.name}}
	default:
		a.Pod = &api.Pod{ObjectMeta: api.ObjectMeta{Name: x.name}}
	}
	return a
}

func (a Action) name() string {
	switch {
	case a.Pod != nil:
		return a.Pod.Name
	case a.Claim != nil:
		return a.Claim.Name
	}
	return a.Revision.Name
}

var errInternal = api.NewInternalError(errors.New("etcdserver: request timed out"))

// Which writes a sync makes after a failure (Plan.Apply).
func TestPlanApply(t *testing.T) {
	for _, tc := range []struct {
		name   string // the upstream rule, with the function it is in
		writes []w
		fail   map[string]error // by "verb name"
		made   []string
		// status.currentReplicas of the plan, and as Apply returns it
		planned, current int32
	}{{
		name: "createPersistentVolumeClaims tries every claim and then returns their errors: CreateStatefulPod does not create the pod",
		writes: []w{
			{verb: CreateClaim, name: "data-web-0", batch: 1, chain: 1, call: 1},
			{verb: CreateClaim, name: "logs-web-0", batch: 1, chain: 1, call: 1},
			{verb: CreatePod, name: "web-0", batch: 1, chain: 1, call: 2},
		},
		fail:    map[string]error{"create claim data-web-0": errInternal},
		made:    []string{"create claim data-web-0", "create claim logs-web-0"},
		planned: 5, current: 5,
	}, {
		name: "CreateStatefulPod returns at once on AlreadyExists (\"sink already exists errors\"): no claim fix, no retention check",
		writes: []w{
			{verb: CreatePod, name: "web-0", batch: 1, chain: 1, call: 1},
			{verb: UpdateClaim, name: "data-web-0", batch: 1, chain: 1, call: 1},
			{verb: UpdateClaim, name: "data-web-0", batch: 1, chain: 1, call: 2},
			{verb: UpdatePod, name: "web-0", batch: 1, chain: 1, call: 2},
		},
		fail:    map[string]error{"create pod web-0": api.NewAlreadyExists("pods", "", "web-0")},
		made:    []string{"create pod web-0"},
		planned: 5, current: 5,
	}, {
		name: "CreateStatefulPod fixes the claims after any other create error (UpdatePodClaimForRetentionPolicy), then processReplica returns the error",
		writes: []w{
			{verb: CreatePod, name: "web-0", batch: 1, chain: 1, call: 1},
			{verb: WarnClaim, name: "data-web-0", batch: 1, chain: 1, call: 1},
			{verb: UpdateClaim, name: "data-web-0", batch: 1, chain: 1, call: 1},
			{verb: UpdateClaim, name: "data-web-0", batch: 1, chain: 1, call: 2},
			{verb: UpdatePod, name: "web-0", batch: 1, chain: 1, call: 2},
		},
		fail:    map[string]error{"create pod web-0": errInternal},
		made:    []string{"create pod web-0", "warn claim data-web-0", "update claim data-web-0"},
		planned: 5, current: 5,
	}, {
		name: "UpdatePodClaimForRetentionPolicy returns at the first claim update that fails, and UpdateStatefulPod with it: no later warning, claim or pod update",
		writes: []w{
			{verb: UpdateClaim, name: "data-web-1", batch: 1, chain: 1, call: 1},
			{verb: WarnClaim, name: "logs-web-1", batch: 1, chain: 1, call: 1},
			{verb: UpdateClaim, name: "logs-web-1", batch: 1, chain: 1, call: 1},
			{verb: UpdatePod, name: "web-1", batch: 1, chain: 1, call: 1},
		},
		fail:    map[string]error{"update claim data-web-1": api.NewNotFound("persistentvolumeclaims", "", "data-web-1")},
		made:    []string{"update claim data-web-1"},
		planned: 5, current: 5,
	}, {
		name: "slowStartBatch: the other pods of the failed batch are processed, later batches are not; history truncation runs anyway",
		writes: []w{
			{verb: CreatePod, name: "web-1", batch: 1, chain: 1, call: 1},
			{verb: CreatePod, name: "web-2", batch: 1, chain: 2, call: 2},
			{verb: UpdateClaim, name: "data-web-2", batch: 1, chain: 2, call: 2},
			{verb: CreatePod, name: "web-3", batch: 2, chain: 3, call: 3},
			{verb: DeleteRevision, name: "web-old", batch: 3, always: true},
		},
		fail:    map[string]error{"create pod web-1": api.NewAlreadyExists("pods", "", "web-1")},
		made:    []string{"create pod web-1", "create pod web-2", "update claim data-web-2", "delete revision web-old"},
		planned: 5, current: 5,
	}, {
		name: "updateStatefulSet decrements currentReplicas only for a rolling-update delete that succeeded",
		writes: []w{
			{verb: DeletePod, name: "web-4", batch: 1, chain: 1, call: 1, decrements: true},
			{verb: DeletePod, name: "web-3", batch: 2, chain: 2, call: 2, decrements: true},
			{verb: DeletePod, name: "web-2", batch: 3, chain: 3, call: 3, decrements: true},
		},
		fail:    map[string]error{"delete pod web-3": errInternal},
		made:    []string{"delete pod web-4", "delete pod web-3"},
		planned: 2, current: 4, // the plan counted 3 deletes; two did not happen
	}} {
		t.Run(tc.name, func(t *testing.T) {
			p := Plan{Status: Status{CurrentReplicas: tc.planned}}
			for _, x := range tc.writes {
				p.Actions = append(p.Actions, x.action())
			}
			var made []string
			st := p.Apply(func(a Action) error {
				k := a.Verb.String() + " " + a.name()
				made = append(made, k)
				return tc.fail[k]
			})
			if d := cmp.Diff(tc.made, made); d != "" {
				t.Errorf("writes made (-want +got):\n%s", d)
			}
			if st.CurrentReplicas != tc.current {
				t.Errorf("currentReplicas = %d, want %d", st.CurrentReplicas, tc.current)
			}
		})
	}
}

// TestPlanApplyAfterReconcile: the writes Reconcile plans for one pod are
// carried out as upstream's calls make them when a write fails (upstream:
// processReplica, CreateStatefulPod).
func TestPlanApplyAfterReconcile(t *testing.T) {
	s := newSet("web", 1, parallel(), claimTemplates("data"), policy(Retain, Delete))
	rev := revisionOf(s, 1)
	o := observe(s, []*ControllerRevision{rev})
	o.Claims = claims("data-web-0") // left without the set's reference
	p := Reconcile(o)
	for _, tc := range []struct {
		err  error
		made []string
	}{
		{nil, []string{"create pod web-0", "update claim data-web-0", "update claim data-web-0", "update pod web-0"}},
		{api.NewAlreadyExists("pods", "", "web-0"), []string{"create pod web-0"}},
		{errInternal, []string{"create pod web-0", "update claim data-web-0"}},
	} {
		var made []string
		p.Apply(func(a Action) error {
			made = append(made, a.Verb.String()+" "+a.name())
			if a.Verb == CreatePod {
				return tc.err
			}
			return nil
		})
		if d := cmp.Diff(tc.made, made); d != "" {
			t.Errorf("create answered %v: writes made (-want +got):\n%s\nplan:\n%s", tc.err, d, dump(p))
		}
	}
}
