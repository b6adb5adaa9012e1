package sim

import (
	"testing"

	"github.com/stsim/stsim/api"
)

// A store slot holds one pod, UID and all: the slot of a removed pod
// gives nil (so a step scheduled for it finds nothing), a pod created again
// under the name gets a new slot, and a write of another pod under a name
// in use (a UID the slot does not hold) does too.
func TestPodSlotHoldsOnePod(t *testing.T) {
	c := NewCluster(Config{})
	mk := func(uid string) *api.Pod {
		return &api.Pod{ObjectMeta: api.ObjectMeta{Name: "web-0", Namespace: "default", UID: uid},
			Status: api.PodStatus{Phase: api.PodPending}}
	}
	k := key{"default", "web-0"}
	a := mk("uid-a")
	c.writePod(a, Event{Verb: VerbCreate})
	first := c.pods[k]
	if first == nil || first.cur != a {
		t.Fatalf("slot after create: %+v", first)
	}
	a2 := *a
	c.writePod(&a2, Event{Verb: VerbUpdate})
	if c.pods[k] != first || first.cur != &a2 {
		t.Fatalf("an update of the pod took another slot")
	}
	c.removePod(&a2, ActorUser, "test")
	if first.cur != nil || c.pod(k) != nil {
		t.Fatalf("the slot of a removed pod still holds %v", first.cur)
	}
	b := mk("uid-b")
	c.writePod(b, Event{Verb: VerbCreate})
	second := c.pods[k]
	if second == first || second.cur != b || first.cur != nil {
		t.Fatalf("a pod created again shares the old slot")
	}
	other := mk("uid-c")
	c.writePod(other, Event{Verb: VerbUpdate})
	if c.pods[k] == second || c.pods[k].cur != other || second.cur != nil {
		t.Fatalf("another pod's write went into the slot of %s, or that slot still holds it", b.UID)
	}
}
