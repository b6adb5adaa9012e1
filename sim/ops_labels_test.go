package sim_test

import (
	"maps"
	"testing"

	"github.com/stsim/stsim/api"
	"github.com/stsim/stsim/sim"
)

// TestSetPodLabelsReleasesPod: a pod relabelled out of its set's selector
// is released (its controller reference removed) and keeps running.
func TestSetPodLabelsReleasesPod(t *testing.T) {
	c := stableCluster(t)
	p, _ := c.Pod("web-1")
	labels := maps.Clone(p.Labels)
	labels["app"] = "debug"
	if err := c.SetPodLabels("web-1", labels); err != nil {
		t.Fatal(err)
	}
	if err := c.RunUntilStable(); err != nil {
		t.Fatal(err)
	}
	p, _ = c.Pod("web-1")
	if p.ControllerRef() != nil || p.Labels["app"] != "debug" || p.Status.Phase != api.PodRunning {
		t.Errorf("web-1 was not released: owner %+v, labels %v, phase %s", p.ControllerRef(), p.Labels, p.Status.Phase)
	}
	tr := c.Trace()
	found := false
	for _, e := range tr {
		found = found || e.Actor == sim.ActorUser && e.Verb == sim.VerbPatch && e.Name == "web-1" && e.Reason == "labels app=debug"
	}
	if !found {
		t.Error("no trace event for the user's label change")
	}
}

// TestSetLabelsValidation: invalid labels are refused as the API server
// refuses them; unknown objects are NotFound.
func TestSetLabelsValidation(t *testing.T) {
	c := stableCluster(t)
	if err := c.SetPodLabels("web-0", map[string]string{"bad key": "x"}); !api.IsInvalid(err) {
		t.Errorf("pod: %v", err)
	}
	if err := c.SetStatefulSetLabels("web", map[string]string{"x": "bad value!"}); !api.IsInvalid(err) {
		t.Errorf("set: %v", err)
	}
	if err := c.SetPodLabels("nope", nil); !api.IsNotFound(err) {
		t.Errorf("missing pod: %v", err)
	}
	if err := c.SetStatefulSetLabels("nope", nil); !api.IsNotFound(err) {
		t.Errorf("missing set: %v", err)
	}
}

// TestSetStatefulSetLabels changes metadata only: the generation stays.
func TestSetStatefulSetLabels(t *testing.T) {
	c := stableCluster(t)
	before, _ := c.StatefulSet("web")
	if err := c.SetStatefulSetLabels("web", map[string]string{"team": "a"}); err != nil {
		t.Fatal(err)
	}
	after, _ := c.StatefulSet("web")
	if after.Generation != before.Generation || after.Labels["team"] != "a" || len(after.Labels) != 1 {
		t.Errorf("generation %d → %d, labels %v", before.Generation, after.Generation, after.Labels)
	}
}
