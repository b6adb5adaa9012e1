package simtest_test

import (
	"slices"
	"testing"

	"github.com/stsim/stsim/sim"
	"github.com/stsim/stsim/sim/simtest"
)

// TestSelect: Select picks invariants of Default by name, in Default's
// order, and panics on a name it does not know.
func TestSelect(t *testing.T) {
	got := simtest.Select(simtest.NameDNSRecords, "ordered-create")
	if len(got) != 2 || got[0].Name != "ordered-create" || got[1].Name != simtest.NameDNSRecords {
		t.Fatalf("Select = %v", got)
	}
	for _, inv := range simtest.Default() {
		if inv.Name == "" || inv.Cite == "" {
			t.Errorf("invariant %q has no name or citation", inv.Name)
		}
	}
	defer func() {
		if recover() == nil {
			t.Error("Select of an unknown name did not panic")
		}
	}()
	simtest.Select("no-such-invariant")
}

// TestWithout: Without drops invariants by name.
func TestWithout(t *testing.T) {
	got := simtest.Without(simtest.Default(), simtest.NameNoDataLoss)
	if len(got) != len(simtest.Default())-1 || slices.ContainsFunc(got, func(i simtest.Invariant) bool { return i.Name == simtest.NameNoDataLoss }) {
		t.Fatalf("Without left %d invariants", len(got))
	}
}

// deleteClaim is a user's op beyond the kit's: `delete pvc NAME`.
type deleteClaim struct{ name string }

func (o deleteClaim) String() string { return "delete pvc " + o.name }
func (o deleteClaim) Apply(c *sim.Cluster, _ func(*sim.Cluster) bool) error {
	return c.DeleteClaim(o.name)
}
func (deleteClaim) Disrupts(*sim.Cluster) bool { return false }

// TestNoDataLossCatchesADeletedClaim: a user deleting a claim (and its
// pod, so that the claim can go) loses data under Retain/Retain, which
// NoDataLoss reports, with the op that did it.
func TestNoDataLossCatchesADeletedClaim(t *testing.T) {
	s := simtest.Scenario{Seed: 1, Set: simtest.WithClaims(simtest.NewSet("web", 1), nil)}
	s.Ops = []simtest.Op{simtest.Settle{}, deleteClaim{"data-web-0"}, simtest.DeletePod{Pod: "web-0"}, simtest.Settle{}}
	f := simtest.Play(s, simtest.Options{Invariants: simtest.Select(simtest.NameNoDataLoss)})
	if f == nil || f.Invariant != simtest.NameNoDataLoss || f.Step != 3 {
		t.Fatalf("got %v", f)
	}
}
