package conformance

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strings"
	"sync/atomic"
	"testing"

	utilfeature "k8s.io/apiserver/pkg/util/feature"
	featuregatetesting "k8s.io/component-base/featuregate/testing"
	"k8s.io/kubernetes/pkg/features"
	"pgregory.net/rapid"

	"github.com/stsim/stsim/sim/simtest"
)

// historiesPerGate is how many random histories TestRandom and
// TestRandomLifecycle each compare per gate setting unless -rapid.checks
// (or RAPID_CHECKS) says otherwise: 2 × 2 × 250 = 1000 in CI.
const historiesPerGate = 250

func TestMain(m *testing.M) {
	flag.Parse()
	set := map[string]bool{}
	flag.Visit(func(f *flag.Flag) { set[f.Name] = true })
	if !set["rapid.checks"] && os.Getenv("RAPID_CHECKS") == "" {
		_ = flag.Set("rapid.checks", fmt.Sprint(historiesPerGate))
	}
	if !set["rapid.nofailfile"] {
		_ = flag.Set("rapid.nofailfile", "true") // the failure report holds the script
	}
	os.Exit(m.Run())
}

// TestRandom compares random histories sync by sync: scenarios drawn by
// the property-testing kit (sim/simtest: a random StatefulSet, then user
// operations, faults and waits), rendered as scripts and run like the
// corpus.
func TestRandom(t *testing.T) {
	randomHistories(t, func(rt *rapid.T, gate bool) string {
		s := simtest.Scenarios(simtest.Options{Gate: &gate, MaxReplicas: 5, MinOps: 5, MaxOps: 25}).Draw(rt, "scenario")
		return s.Script()
	})
}

// TestRandomLifecycle compares random histories of this package's own
// generator (History), which draws what the kit does not: spec patches of
// ordinals, partition and retention, identity and selector labels of pods,
// deletion of the set with every cascade, and its re-creation over what
// an orphaning deletion left (adoption).
func TestRandomLifecycle(t *testing.T) {
	randomHistories(t, func(rt *rapid.T, _ bool) string { return History().Draw(rt, "history") })
}

// randomHistories runs rapid over the histories draw makes, with the gate
// on and off.
func randomHistories(t *testing.T, draw func(*rapid.T, bool) string) {
	for _, gate := range []bool{true, false} {
		t.Run(gateName(gate), func(t *testing.T) {
			featuregatetesting.SetFeatureGateDuringTest(t, utilfeature.DefaultFeatureGate, features.MaxUnavailableStatefulSet, gate)
			var histories, syncs, truncated atomic.Int64
			rapid.Check(t, func(rt *rapid.T) {
				src := draw(rt, gate)
				res, err := RunScript(context.Background(), "history", ".", src, gate, false)
				if err != nil {
					rt.Fatalf("history did not run: %v\n--- script:\n%s", err, src)
				}
				if res.Failure != nil {
					rt.Fatalf("%s--- script (replay it: save it as a file and run CONFORMANCE_REPLAY=FILE go test -run TestReplay):\n%s",
						res.Failure.Report("random history"), src)
				}
				histories.Add(1)
				syncs.Add(int64(res.Syncs))
				if res.Truncated {
					truncated.Add(1)
				}
			})
			t.Logf("%d random histories, %d syncs agree (%d histories compared up to %d syncs only)",
				histories.Load(), syncs.Load(), truncated.Load(), MaxSyncs)
		})
	}
}

// History generates a random history as a script.
func History() *rapid.Generator[string] {
	return rapid.Custom(func(t *rapid.T) string {
		var b strings.Builder
		behaviours, manifest := manifestGen(t)
		b.WriteString(behaviours)
		b.WriteString(manifest)
		n := rapid.IntRange(4, 24).Draw(t, "ops")
		for i := range n {
			if rapid.IntRange(0, 19).Draw(t, "reapply") == 0 {
				b.WriteString(manifest) // re-creates a deleted set, or reverts the spec
				continue
			}
			b.WriteString(opGen(t, i))
			b.WriteByte('\n')
		}
		// Bounded: some histories never settle (a crash loop), and a bare
		// run would simulate an hour of them.
		b.WriteString("run 3m\n")
		return b.String()
	})
}

var historyImages = []string{"nginx:1", "nginx:2", "nginx:3", "nginx:broken", "nginx:crashy", "nginx:slow"}

// manifestGen draws the behaviour of the images and the StatefulSet (an
// apply command).
func manifestGen(t *rapid.T) (string, string) {
	var pre strings.Builder
	if rapid.Bool().Draw(t, "seeded") {
		fmt.Fprintf(&pre, "seed %d\n", rapid.IntRange(1, 1000).Draw(t, "seed"))
	}
	pre.WriteString("behave image nginx:broken never-ready\n")
	pre.WriteString("behave image nginx:crashy crash-after 7s\n")
	pre.WriteString("behave image nginx:slow ready-after 9s\n")
	var b strings.Builder
	policy := rapid.SampledFrom([]string{"OrderedReady", "Parallel"}).Draw(t, "policy")
	b.WriteString("apply <<EOF\napiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: web\nspec:\n  serviceName: web\n")
	fmt.Fprintf(&b, "  replicas: %d\n  podManagementPolicy: %s\n", rapid.IntRange(0, 5).Draw(t, "replicas"), policy)
	b.WriteString("  selector:\n    matchLabels:\n      app: web\n")
	switch rapid.IntRange(0, 3).Draw(t, "strategy") {
	case 0: // defaulted: RollingUpdate with an empty rollingUpdate
	case 1:
		b.WriteString("  updateStrategy:\n    type: OnDelete\n")
	case 2:
		b.WriteString("  updateStrategy:\n    type: RollingUpdate\n")
	case 3:
		b.WriteString("  updateStrategy:\n    type: RollingUpdate\n    rollingUpdate:\n")
		fmt.Fprintf(&b, "      partition: %d\n", rapid.IntRange(0, 3).Draw(t, "partition"))
		switch rapid.IntRange(0, 2).Draw(t, "maxUnavailableKind") {
		case 1:
			fmt.Fprintf(&b, "      maxUnavailable: %d\n", rapid.IntRange(1, 3).Draw(t, "maxUnavailable"))
		case 2:
			fmt.Fprintf(&b, "      maxUnavailable: %d%%\n", rapid.SampledFrom([]int{10, 50, 100}).Draw(t, "maxUnavailablePct"))
		}
	}
	if rapid.Bool().Draw(t, "minReady") {
		fmt.Fprintf(&b, "  minReadySeconds: %d\n", rapid.IntRange(1, 8).Draw(t, "minReadySeconds"))
	}
	if rapid.Bool().Draw(t, "ordinals") {
		fmt.Fprintf(&b, "  ordinals:\n    start: %d\n", rapid.IntRange(0, 3).Draw(t, "start"))
	}
	if rapid.Bool().Draw(t, "historyLimit") {
		fmt.Fprintf(&b, "  revisionHistoryLimit: %d\n", rapid.IntRange(0, 3).Draw(t, "revisionHistoryLimit"))
	}
	if rapid.Bool().Draw(t, "retention") {
		fmt.Fprintf(&b, "  persistentVolumeClaimRetentionPolicy:\n    whenDeleted: %s\n    whenScaled: %s\n",
			rapid.SampledFrom([]string{"Retain", "Delete"}).Draw(t, "whenDeleted"),
			rapid.SampledFrom([]string{"Retain", "Delete"}).Draw(t, "whenScaled"))
	}
	fmt.Fprintf(&b, "  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - name: app\n        image: %s\n",
		rapid.SampledFrom(historyImages[:3]).Draw(t, "image"))
	claims := rapid.IntRange(0, 2).Draw(t, "claims")
	if claims > 0 {
		b.WriteString("  volumeClaimTemplates:\n")
	}
	for _, c := range []string{"data", "logs"}[:claims] {
		fmt.Fprintf(&b, "  - metadata:\n      name: %s\n    spec:\n      accessModes: [ReadWriteOnce]\n      resources:\n        requests:\n          storage: 1Gi\n", c)
	}
	b.WriteString("EOF\n")
	return pre.String(), b.String()
}

// opGen draws one operation: a user change, a fault, or time passing.
func opGen(t *rapid.T, i int) string {
	pod := func() string { return fmt.Sprintf("web-%d", rapid.IntRange(0, 7).Draw(t, "pod")) }
	switch rapid.IntRange(0, 13).Draw(t, "op") {
	case 0, 1:
		return fmt.Sprintf("scale sts/web --replicas=%d", rapid.IntRange(0, 6).Draw(t, "replicas"))
	case 2, 3:
		return "set image sts/web app=" + rapid.SampledFrom(historyImages).Draw(t, "image")
	case 4:
		return fmt.Sprintf(`patch sts/web --type=merge -p '{"spec":{"updateStrategy":{"type":"RollingUpdate","rollingUpdate":{"partition":%d}}}}'`, rapid.IntRange(0, 4).Draw(t, "partition"))
	case 5:
		return fmt.Sprintf(`patch sts/web --type=merge -p '{"spec":{"ordinals":{"start":%d}}}'`, rapid.IntRange(0, 4).Draw(t, "start"))
	case 6:
		return fmt.Sprintf(`patch sts/web --type=merge -p '{"spec":{"persistentVolumeClaimRetentionPolicy":{"whenDeleted":%q,"whenScaled":%q}}}'`,
			rapid.SampledFrom([]string{"Retain", "Delete"}).Draw(t, "whenDeleted"), rapid.SampledFrom([]string{"Retain", "Delete"}).Draw(t, "whenScaled"))
	case 7:
		return "delete pod " + pod() + rapid.SampledFrom([]string{"", " --force --grace-period=0", " --grace-period=20"}).Draw(t, "grace")
	case 8:
		return "fail pod " + pod()
	case 9:
		return fmt.Sprintf("readiness pod %s %v", pod(), rapid.Bool().Draw(t, "ready"))
	case 10:
		switch rapid.IntRange(0, 3).Draw(t, "podOp") {
		case 0: // break its identity: the controller repairs it
			return "label pod " + pod() + " statefulset.kubernetes.io/pod-name=x --overwrite"
		case 1: // out of the selector: released, and adopted back later
			return "label pod " + pod() + " app=" + rapid.SampledFrom([]string{"other", "web"}).Draw(t, "app") + " --overwrite"
		}
		return "kill pod " + pod()
	case 11:
		if i > 0 && rapid.IntRange(0, 9).Draw(t, "deleteSet") == 0 {
			return "delete sts web --cascade=" + rapid.SampledFrom([]string{"foreground", "orphan", "background"}).Draw(t, "cascade")
		}
		return "run 3m"
	}
	return fmt.Sprintf("run %ds", rapid.IntRange(1, 40).Draw(t, "seconds"))
}
