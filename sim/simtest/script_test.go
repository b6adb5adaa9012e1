package simtest_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/stsim/stsim/manifest"
	"github.com/stsim/stsim/script"
	"github.com/stsim/stsim/sim"
	"github.com/stsim/stsim/sim/simtest"
)

// TestScriptIsTheScenario: the kit playing a scenario and the script
// runner playing its printed script make the same trace, event for event
// (spec/scripts.md: the same seed and script give the same output).
func TestScriptIsTheScenario(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := simtest.Scenarios(simtest.Options{}).Draw(t, "scenario")
		if err := simtest.CheckScript(s); err != nil {
			t.Fatalf("%v\nscript:\n%s", err, s.Script())
		}
	})
}

// TestManifestsDecodeToTheScenario: the heredoc of a scenario's script
// decodes, as `apply` decodes it, to exactly the scenario's objects; so
// the kit may apply the objects themselves.
func TestManifestsDecodeToTheScenario(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := simtest.Scenarios(simtest.Options{}).Draw(t, "scenario")
		var body string
		for _, cmd := range script.Parse(s.Script()) {
			if cmd.Args[0] == "apply" {
				body = cmd.Body
			}
		}
		objs, _, err := manifest.Decode([]byte(body))
		if err != nil {
			t.Fatal(err)
		}
		var want []any
		for _, svc := range s.Services {
			want = append(want, svc)
		}
		want = append(want, s.Set)
		if diff := cmp.Diff(want, toAny(objs)); diff != "" {
			t.Fatalf("decoded manifests differ (-scenario +decoded):\n%s", diff)
		}
	})
}

func toAny(objs []manifest.Object) []any {
	out := make([]any, len(objs))
	for i, o := range objs {
		out[i] = o
	}
	return out
}

// TestGeneratedObjectsAreValid: every generated set and service passes
// the API server's defaulting and validation.
func TestGeneratedObjectsAreValid(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := simtest.Scenarios(simtest.Options{}).Draw(t, "scenario")
		c := sim.NewCluster(sim.Config{Seed: s.Seed, FeatureGates: s.Gates})
		for _, svc := range s.Services {
			if _, err := c.ApplyService(svc); err != nil {
				t.Fatalf("%v\nscript:\n%s", err, s.Script())
			}
		}
		if _, err := c.ApplyStatefulSet(s.Set); err != nil {
			t.Fatalf("%v\nscript:\n%s", err, s.Script())
		}
	})
}
