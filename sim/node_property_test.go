package sim_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/stsim/stsim/api"
	"github.com/stsim/stsim/sim"
	"github.com/stsim/stsim/sim/invariants"
	"github.com/stsim/stsim/sts"
)

// nodeOp is one generated step of a node-fault scenario.
type nodeOp struct {
	kind    string
	node    int
	ordinal int32
	d       time.Duration
}

func (o nodeOp) String() string {
	node := fmt.Sprintf("node-%d", o.node)
	switch o.kind {
	case "run":
		return fmt.Sprintf("run %s", o.d)
	case "kill":
		return fmt.Sprintf("kill pod web-%d", o.ordinal)
	case "force-delete":
		return fmt.Sprintf("delete pod web-%d --force --grace-period=0", o.ordinal)
	case "out-of-service":
		return "node " + node + " taint node.kubernetes.io/out-of-service=nodeshutdown:NoExecute"
	}
	return "node " + node + " " + o.kind
}

func genNodeOp() *rapid.Generator[nodeOp] {
	kinds := []string{"run", "run", "run", "down", "partition", "up", "up", "kill", "force-delete", "delete", "add", "out-of-service"}
	return rapid.Custom(func(t *rapid.T) nodeOp {
		return nodeOp{
			kind:    rapid.SampledFrom(kinds).Draw(t, "kind"),
			node:    rapid.IntRange(1, 4).Draw(t, "node"),
			ordinal: rapid.Int32Range(0, 2).Draw(t, "ordinal"),
			d:       time.Duration(rapid.IntRange(1, 400).Draw(t, "seconds")) * time.Second,
		}
	})
}

func applyNodeOp(c *sim.Cluster, o nodeOp) {
	node := fmt.Sprintf("node-%d", o.node)
	pod := sts.PodName("web", o.ordinal)
	switch o.kind {
	case "run":
		_ = c.RunFor(o.d)
	case "down":
		_ = c.Inject(sim.NodeDown{Node: node})
	case "partition":
		_ = c.Inject(sim.NodePartition{Node: node})
	case "up":
		_ = c.Inject(sim.NodeUp{Node: node})
	case "kill":
		_ = c.Inject(sim.KillPod{Pod: pod})
	case "force-delete":
		_ = c.DeletePod(pod, sim.DeleteOptions{Force: true})
	case "delete":
		_ = c.DeleteNode(node)
	case "add":
		_ = c.AddNode(node, sim.NodeOptions{})
	case "out-of-service":
		_ = c.TaintNode(node, api.Taint{Key: api.TaintNodeOutOfService, Value: "nodeshutdown", Effect: api.TaintEffectNoExecute})
	}
}

// identityWatch checks, after every event, the at-most-one guarantee on
// what the nodes actually run, and that every claim stays with its ordinal.
type identityWatch struct {
	c *sim.Cluster
	// forced are the pods a user force-deleted, broken the nodes a user
	// deleted or declared out of service: the documented ways to break the
	// guarantee, as the trace shows them.
	forced, broken map[string]bool
	volumes        map[string]string // claim → the volume it was first bound to
	found          []string
}

func (w *identityWatch) event(e sim.Event) {
	switch {
	case e.Actor == sim.ActorUser && e.Kind == "Pod" && e.Verb == sim.VerbRemove && strings.Contains(e.Reason, "force"):
		w.forced[e.Name] = true
	case e.Actor == sim.ActorUser && e.Kind == "Node" && (e.Verb == sim.VerbRemove || strings.Contains(e.Reason, api.TaintNodeOutOfService)):
		w.broken[e.Name] = true
	}
	running := map[string][]sim.PodRuntime{}
	for _, r := range w.c.Runtime() {
		// An incarnation is counted once (mid-removal it is briefly both
		// the kubelet's and an orphan).
		if r.Running && !slices.ContainsFunc(running[r.Name], func(o sim.PodRuntime) bool { return o.UID == r.UID }) {
			running[r.Name] = append(running[r.Name], r)
		}
	}
	for name, rs := range running {
		if len(rs) < 2 || w.forced[name] {
			continue
		}
		allowed := false
		for _, r := range w.c.Runtime() {
			allowed = allowed || r.Name == name && r.Orphaned && w.broken[r.Node]
		}
		if !allowed {
			w.found = append(w.found, fmt.Sprintf("t=%s: %d incarnations of %s run (%+v) and no user force-deleted it", e.T, len(rs), name, rs))
		}
	}
	for _, pvc := range w.c.Claims("default") {
		v := pvc.Spec.VolumeName
		if v == "" {
			continue
		}
		if first, ok := w.volumes[pvc.Name]; ok && first != v {
			w.found = append(w.found, fmt.Sprintf("t=%s: claim %s moved from volume %s to %s", e.T, pvc.Name, first, v))
		}
		w.volumes[pvc.Name] = v
	}
	for _, p := range w.c.Pods("default") {
		_, ord := sts.ParseName(p.Name)
		if want := sts.ClaimName("data", "web", ord); !slices.Contains(claimNames(p), want) {
			w.found = append(w.found, fmt.Sprintf("t=%s: %s does not mount %s", e.T, p.Name, want))
		}
	}
}

// TestAtMostOneRunningUnderNodeFaults: under random power losses,
// partitions and recoveries, container kills, forced deletes, Node
// deletions, out-of-service taints and new nodes, no two incarnations of
// one pod identity ever run at the same time unless a user broke the
// guarantee the documented way (force-deleting the pod, or deleting or
// declaring out of service the node it still runs on), and every claim
// stays bound to its volume and mounted by its ordinal's pod
// (statefulset.md §2.5; #74689, #54368). With every node back, the set
// recovers.
func TestAtMostOneRunningUnderNodeFaults(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		seed := rapid.Uint64Range(1, 1<<20).Draw(t, "seed")
		policy := rapid.SampledFrom([]string{sts.OrderedReady, sts.Parallel}).Draw(t, "policy")
		ops := rapid.SliceOfN(genNodeOp(), 1, 30).Draw(t, "ops")
		checker := invariants.New()
		checker.Disrupted = true
		var c *sim.Cluster
		var violations []string
		w := &identityWatch{forced: map[string]bool{}, broken: map[string]bool{}, volumes: map[string]string{}}
		c = sim.NewCluster(sim.Config{Seed: seed, OnSync: checker.ObserveSync, OnEvent: func(e sim.Event) {
			w.event(e)
			for _, v := range checker.Check(c) {
				violations = append(violations, v.String())
			}
		}})
		w.c = c
		_, err := c.ApplyStorageClass(nfsClient(nil))
		require.NoError(t, err)
		s := webWithClaims(3)
		s.Spec.PodManagementPolicy = policy
		_, err = c.ApplyStatefulSet(s)
		require.NoError(t, err)
		script := []string{"seed " + fmt.Sprint(seed), "# policy " + policy}
		fail := func(what string) {
			t.Fatalf("%s\nscript:\n%s\nlast trace lines:\n%s", what, strings.Join(script, "\n"), lastLines(c, 15))
		}
		for _, o := range ops {
			script = append(script, o.String())
			applyNodeOp(c, o)
			for _, v := range checker.Violations() {
				violations = append(violations, v.String())
			}
			if len(violations)+len(w.found) > 0 {
				fail(strings.Join(append(violations, w.found...), "\n"))
			}
		}
		// Everything back: every machine up, no out-of-service taint, a
		// node if none is left.
		for i := 1; i <= 4; i++ {
			node := fmt.Sprintf("node-%d", i)
			_ = c.Inject(sim.NodeUp{Node: node})
			_ = c.UntaintNode(node, api.Taint{Key: api.TaintNodeOutOfService, Effect: api.TaintEffectNoExecute})
		}
		if len(c.Nodes()) == 0 {
			require.NoError(t, c.AddNode("node-5", sim.NodeOptions{}))
		}
		script = append(script, "# every node up", "run 30m")
		require.NoError(t, c.RunFor(30*time.Minute))
		if len(violations)+len(w.found) > 0 {
			fail(strings.Join(append(violations, w.found...), "\n"))
		}
		set, _ := c.StatefulSet("web")
		for _, r := range c.Runtime() {
			if r.Orphaned {
				fail(fmt.Sprintf("orphaned containers left after recovery: %+v", r))
			}
		}
		if set.Status.ReadyReplicas != 3 {
			fail(fmt.Sprintf("ready %d after recovery, want 3", set.Status.ReadyReplicas))
		}
	})
}
