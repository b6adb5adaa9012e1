package sim_test

import (
	"strings"
	"testing"

	"github.com/stsim/stsim/api"
	"github.com/stsim/stsim/sim"
	"github.com/stsim/stsim/storage"
)

func barePod(name string, labels map[string]string) *api.Pod {
	return &api.Pod{ObjectMeta: api.ObjectMeta{Name: name, Labels: labels},
		Spec: api.PodSpec{Containers: []api.Container{{Name: "c", Image: "busybox"}}}}
}

// TestApplyPod: a bare pod is created, scheduled and started; applying it
// again is unchanged, new labels configure it, a spec change is refused.
func TestApplyPod(t *testing.T) {
	c := sim.NewCluster(sim.Config{})
	for i, want := range []string{sim.Created, sim.Unchanged} {
		if got, err := c.ApplyPod(barePod("p", nil)); err != nil || got != want {
			t.Fatalf("apply %d: %q, %v; want %q", i, got, err, want)
		}
	}
	if err := c.RunUntilStable(); err != nil {
		t.Fatal(err)
	}
	if p, _ := c.Pod("p"); p.Status.Phase != api.PodRunning || p.Spec.NodeName == "" {
		t.Errorf("the pod did not start: %+v", p.Status)
	}
	if got, err := c.ApplyPod(barePod("p", map[string]string{"a": "b"})); err != nil || got != sim.Configured {
		t.Errorf("relabel: %q, %v", got, err)
	}
	changed := barePod("p", map[string]string{"a": "b"})
	changed.Spec.Containers[0].Image = "other"
	if _, err := c.ApplyPod(changed); !api.IsInvalid(err) {
		t.Errorf("a spec change was not refused: %v", err)
	}
	if _, err := c.ApplyPod(barePod("Bad_Name", nil)); !api.IsInvalid(err) {
		t.Errorf("a bad name was not refused: %v", err)
	}
	// The label key's prefix is not a subdomain ('_'): the fast label
	// check once let it through.
	if _, err := c.ApplyPod(barePod("r", map[string]string{"a_b.io/x": "y"})); !api.IsInvalid(err) ||
		!strings.Contains(err.Error(), `metadata.labels: Invalid value: "a_b.io/x": prefix part a lowercase RFC 1123 subdomain`) {
		t.Errorf("a bad label key was not refused: %v", err)
	}
	orphan := barePod("q", nil)
	orphan.Namespace = "nowhere"
	if _, err := c.ApplyPod(orphan); !api.IsNotFound(err) {
		t.Errorf("a missing namespace was not refused: %v", err)
	}
}

// TestApplyPodAdoptedBySet: a bare pod that matches a set's selector and
// name is adopted by it.
func TestApplyPodAdoptedBySet(t *testing.T) {
	c := sim.NewCluster(sim.Config{})
	if _, err := c.ApplyPod(barePod("web-0", map[string]string{"app": "web"})); err != nil {
		t.Fatal(err)
	}
	if _, err := c.ApplyStatefulSet(opsSet()); err != nil {
		t.Fatal(err)
	}
	if err := c.RunUntilStable(); err != nil {
		t.Fatal(err)
	}
	if p, _ := c.Pod("web-0"); p.ControllerRef() == nil || p.ControllerRef().Name != "web" {
		t.Errorf("web-0 was not adopted: %+v", p.OwnerReferences)
	}
}

// TestApplyNode adds a node that the scheduler can use.
func TestApplyNode(t *testing.T) {
	c := sim.NewCluster(sim.Config{})
	n := &api.Node{ObjectMeta: api.ObjectMeta{Name: "node-4", Labels: map[string]string{"zone": "b"}}}
	for _, want := range []string{sim.Created, sim.Unchanged} {
		if got, err := c.ApplyNode(n); err != nil || got != want {
			t.Fatalf("%q, %v; want %q", got, err, want)
		}
	}
	nodes := c.Nodes()
	if len(nodes) != 4 || nodes[3].Name != "node-4" || !nodes[3].Status.Ready || nodes[3].Labels["zone"] != "b" {
		t.Errorf("nodes: %+v", nodes)
	}
	n.Spec.Unschedulable = true
	if got, err := c.ApplyNode(n); err != nil || got != sim.Configured {
		t.Errorf("cordon: %q, %v", got, err)
	}
}

// TestApplyClaimUnchanged: a claim applied again as it was is Unchanged,
// before and after it is bound, and its spec is immutable.
func TestApplyClaimUnchanged(t *testing.T) {
	c := sim.NewCluster(sim.Config{})
	class := "nfs-client"
	if _, err := c.ApplyStorageClass(&storage.StorageClass{ObjectMeta: api.ObjectMeta{Name: class}, Provisioner: sim.NFSSubdirProvisioner}); err != nil {
		t.Fatal(err)
	}
	pvc := func() *storage.PersistentVolumeClaim {
		return &storage.PersistentVolumeClaim{ObjectMeta: api.ObjectMeta{Name: "data"},
			Spec: storage.ClaimSpec{AccessModes: []string{"ReadWriteMany"}, StorageClassName: &class, Storage: "1Gi"}}
	}
	for _, want := range []string{sim.Created, sim.Unchanged} {
		if got, err := c.ApplyClaim(pvc()); err != nil || got != want {
			t.Fatalf("%q, %v; want %q", got, err, want)
		}
	}
	if err := c.RunUntilStable(); err != nil {
		t.Fatal(err)
	}
	got, ok := c.Claim("default/data")
	if !ok || got.Status.Phase != storage.ClaimBound || len(c.Claims("")) != 1 {
		t.Fatalf("claim %+v", got)
	}
	if res, err := c.ApplyClaim(pvc()); err != nil || res != sim.Unchanged {
		t.Errorf("applied again once bound: %q, %v; want unchanged", res, err)
	}
	if got, _ := c.Claim("default/data"); got.Annotations[storage.AnnBindCompleted] != "yes" {
		t.Errorf("the binder's annotations were dropped: %v", got.Annotations)
	}
	changed := pvc()
	changed.Spec.AccessModes = []string{"ReadWriteOnce"}
	if _, err := c.ApplyClaim(changed); !api.IsInvalid(err) {
		t.Errorf("a spec change was not refused: %v", err)
	}
}
