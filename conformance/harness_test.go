package conformance

import (
	"context"
	"slices"
	"strings"
	"testing"

	utilfeature "k8s.io/apiserver/pkg/util/feature"
	featuregatetesting "k8s.io/component-base/featuregate/testing"
	"k8s.io/kubernetes/pkg/features"

	"github.com/stsim/stsim/sts"
)

// TestHarnessCatchesWrongController plants deliberately wrong stsim
// controllers (a plan filter between sts.Reconcile and the simulator) and
// checks that the lockstep comparison fails on them, at the sync where the
// plan goes wrong, with the difference marked.
func TestHarnessCatchesWrongController(t *testing.T) {
	featuregatetesting.SetFeatureGateDuringTest(t, utilfeature.DefaultFeatureGate, features.MaxUnavailableStatefulSet, true)
	cases := []struct {
		name, script, want string
		plant              func(sts.Plan, sts.Observed) sts.Plan
	}{
		{
			// The rolling update forgets to decrement currentReplicas.
			name: "status", script: "testdata/rolling-update-ordered.txt", want: "! status",
			plant: func(p sts.Plan, _ sts.Observed) sts.Plan {
				p.Actions = slices.Clone(p.Actions)
				for i := range p.Actions {
					if p.Actions[i].DecrementsCurrent {
						p.Actions[i].DecrementsCurrent = false
						p.Status.CurrentReplicas++
					}
				}
				return p
			},
		},
		{
			// OrderedReady scale-down deletes nothing.
			name: "scale-down", script: "testdata/scale-ordered.txt", want: "delete pod web-5",
			plant: func(p sts.Plan, o sts.Observed) sts.Plan {
				p.Actions = slices.DeleteFunc(slices.Clone(p.Actions), func(a sts.Action) bool {
					_, ord := sts.ParseName(podName(a))
					return a.Verb == sts.DeletePod && ord >= *o.Set.Spec.Replicas
				})
				return p
			},
		},
		{
			// Claims are created without the selector's labels.
			name: "claim", script: "testdata/scale-parallel.txt", want: "! create claim data-web-0",
			plant: func(p sts.Plan, _ sts.Observed) sts.Plan {
				p.Actions = slices.Clone(p.Actions)
				for i, a := range p.Actions {
					if a.Verb == sts.CreateClaim {
						c := *a.Claim
						c.Labels = nil
						p.Actions[i].Claim = &c
					}
				}
				return p
			},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res, err := runScriptFile(context.Background(), c.script, true, c.plant)
			if err != nil {
				t.Fatal(err)
			}
			if res.Failure == nil {
				t.Fatalf("%s: the wrong controller agrees with kubernetes over %d syncs", c.script, res.Syncs)
			}
			report := res.Failure.Report(c.script)
			if !strings.Contains(report, c.want) {
				t.Fatalf("the report does not show %q:\n%s", c.want, report)
			}
		})
	}
}

func podName(a sts.Action) string {
	if a.Pod == nil {
		return ""
	}
	return a.Pod.Name
}
