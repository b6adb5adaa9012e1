package conformance

import (
	"slices"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"k8s.io/component-helpers/scheduling/corev1/nodeaffinity"
	"k8s.io/kubernetes/pkg/apis/core"
	corev1conv "k8s.io/kubernetes/pkg/apis/core/v1"
	corevalidation "k8s.io/kubernetes/pkg/apis/core/validation"
	"pgregory.net/rapid"

	"github.com/stsim/stsim/api"
)

// Required node affinity, checked against upstream's own code on random
// selectors: stsim's matcher (api.NodeSelector.Matches) against
// component-helpers' nodeaffinity.LazyErrorNodeSelector, the one
// kube-scheduler's NodeAffinity filter uses, and stsim's validation
// (api.ValidateNodeSelector) against the API server's
// validation.ValidateNodeSelector, message for message.

// casesPerCheck is how many selectors each rapid check draws: a case costs
// microseconds, a check's overhead more.
const casesPerCheck = 20

func drawNodeSelector(t *rapid.T) api.NodeSelector {
	req := func(keys []string, ops []string) *rapid.Generator[api.NodeSelectorRequirement] {
		return rapid.Custom(func(t *rapid.T) api.NodeSelectorRequirement {
			return api.NodeSelectorRequirement{
				Key:      rapid.SampledFrom(keys).Draw(t, "key"),
				Operator: rapid.SampledFrom(ops).Draw(t, "operator"),
				Values: rapid.OneOf( // mostly one value, the boundary of Gt and Lt included
					rapid.Map(rapid.SampledFrom([]string{"1", "2", "a", "node-1"}), func(v string) []string { return []string{v} }),
					rapid.SliceOfN(rapid.SampledFrom([]string{"a", "node-1", "node-2", "1", "2", "-3", "1.5", "x y", ""}), 0, 3),
				).Draw(t, "values"),
			}
		})
	}
	exprs := req([]string{"topology.kubernetes.io/zone", "disk", "topology.kubernetes.io/zone", "disk", "Bad Key!", ""},
		[]string{"In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt", "Bogus"})
	fields := req([]string{"metadata.name", "metadata.namespace"}, []string{"In", "NotIn", "Exists"})
	return api.NodeSelector{NodeSelectorTerms: rapid.SliceOfN(rapid.Custom(func(t *rapid.T) api.NodeSelectorTerm {
		return api.NodeSelectorTerm{
			MatchExpressions: rapid.SliceOfN(exprs, 0, 2).Draw(t, "matchExpressions"),
			MatchFields:      rapid.SliceOfN(fields, 0, 1).Draw(t, "matchFields"),
		}
	}), 0, 2).Draw(t, "terms")}
}

// toKube converts a node selector through the manifest edge (as the pod's
// required node affinity).
func toKube(t *rapid.T, s api.NodeSelector) *corev1.NodeSelector {
	p := &api.Pod{ObjectMeta: api.ObjectMeta{Name: "p", Namespace: "default"}}
	p.Spec.Affinity = &api.Affinity{NodeAffinity: &api.NodeAffinity{RequiredDuringSchedulingIgnoredDuringExecution: &s}}
	k, err := PodToKube(p)
	if err != nil {
		t.Fatal(err)
	}
	return k.Spec.Affinity.NodeAffinity.RequiredDuringSchedulingIgnoredDuringExecution
}

func TestNodeSelectorMatchesUpstream(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		for range casesPerCheck { // cheap cases: many per check
			sel := drawNodeSelector(t)
			name := rapid.SampledFrom([]string{"node-1", "node-2"}).Draw(t, "node")
			labels := rapid.MapOfN(rapid.SampledFrom([]string{"topology.kubernetes.io/zone", "disk"}),
				rapid.SampledFrom([]string{"a", "1", "2", "-3"}), 0, 2).Draw(t, "labels")
			node := &corev1.Node{ObjectMeta: metav1.ObjectMeta{Name: name, Labels: labels}}
			want, _ := nodeaffinity.NewLazyErrorNodeSelector(toKube(t, sel)).Match(node)
			if got := sel.Matches(name, labels); got != want {
				t.Fatalf("stsim matches %v, upstream %v: selector %+v, node %s %v", got, want, sel, name, labels)
			}
		}
	})
}

func TestNodeSelectorValidationMatchesUpstream(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		for range casesPerCheck {
			validationCase(t)
		}
	})
}

func validationCase(t *rapid.T) {
	sel := drawNodeSelector(t)
	var internal core.NodeSelector
	if err := corev1conv.Convert_v1_NodeSelector_To_core_NodeSelector(toKube(t, sel), &internal, nil); err != nil {
		t.Fatal(err)
	}
	var want, got []string
	for _, e := range corevalidation.ValidateNodeSelector(&internal, false, field.NewPath("spec")) {
		want = append(want, e.Error())
	}
	for _, e := range api.ValidateNodeSelector(&sel, api.NewPath("spec")) {
		got = append(got, e.Error())
	}
	if !slices.Equal(got, want) {
		t.Fatalf("selector %+v:\nstsim:    %q\nupstream: %q", sel, got, want)
	}
}
