package api

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"pgregory.net/rapid"
)

func expr(key, op string, values ...string) NodeSelectorRequirement {
	return NodeSelectorRequirement{Key: key, Operator: op, Values: values}
}

// upstream: component-helpers scheduling/corev1/nodeaffinity/nodeaffinity.go
// LazyErrorNodeSelector.Match, nodeSelectorTerm.match,
// nodeSelectorRequirementsAsSelector, nodeSelectorRequirementsAsFieldSelector
// (and its TestNodeSelectorMatch cases).
func TestNodeSelectorMatches(t *testing.T) {
	labels := map[string]string{"zone": "a", "cpus": "8", "gen": "v2"}
	tests := []struct {
		name  string
		terms []NodeSelectorTerm
		node  string
		want  bool
	}{
		{"no terms", nil, "n1", false},
		{"empty term matches nothing", []NodeSelectorTerm{{}}, "n1", false},
		{"In", []NodeSelectorTerm{{MatchExpressions: []NodeSelectorRequirement{expr("zone", "In", "a", "b")}}}, "n1", true},
		{"In other value", []NodeSelectorTerm{{MatchExpressions: []NodeSelectorRequirement{expr("zone", "In", "b")}}}, "n1", false},
		{"In unset label", []NodeSelectorTerm{{MatchExpressions: []NodeSelectorRequirement{expr("rack", "In", "a")}}}, "n1", false},
		{"NotIn", []NodeSelectorTerm{{MatchExpressions: []NodeSelectorRequirement{expr("zone", "NotIn", "a")}}}, "n1", false},
		{"NotIn unset label", []NodeSelectorTerm{{MatchExpressions: []NodeSelectorRequirement{expr("rack", "NotIn", "a")}}}, "n1", true},
		{"Exists", []NodeSelectorTerm{{MatchExpressions: []NodeSelectorRequirement{expr("gen", "Exists")}}}, "n1", true},
		{"DoesNotExist", []NodeSelectorTerm{{MatchExpressions: []NodeSelectorRequirement{expr("gen", "DoesNotExist")}}}, "n1", false},
		{"Gt", []NodeSelectorTerm{{MatchExpressions: []NodeSelectorRequirement{expr("cpus", "Gt", "4")}}}, "n1", true},
		{"Gt equal", []NodeSelectorTerm{{MatchExpressions: []NodeSelectorRequirement{expr("cpus", "Gt", "8")}}}, "n1", false},
		{"Lt", []NodeSelectorTerm{{MatchExpressions: []NodeSelectorRequirement{expr("cpus", "Lt", "10")}}}, "n1", true},
		{"Gt on a label that is no integer", []NodeSelectorTerm{{MatchExpressions: []NodeSelectorRequirement{expr("gen", "Gt", "1")}}}, "n1", false},
		{"Gt with a quantity is a parse error", []NodeSelectorTerm{{MatchExpressions: []NodeSelectorRequirement{expr("cpus", "Gt", "1k")}}}, "n1", false},
		{"Gt with two values is a parse error", []NodeSelectorTerm{{MatchExpressions: []NodeSelectorRequirement{expr("cpus", "Gt", "1", "2")}}}, "n1", false},
		{"NotIn without values is a parse error", []NodeSelectorTerm{{MatchExpressions: []NodeSelectorRequirement{expr("rack", "NotIn")}}}, "n1", false},
		{"Exists with values is a parse error", []NodeSelectorTerm{{MatchExpressions: []NodeSelectorRequirement{expr("zone", "Exists", "a")}}}, "n1", false},
		{"unknown operator", []NodeSelectorTerm{{MatchExpressions: []NodeSelectorRequirement{expr("zone", "Equals", "a")}}}, "n1", false},
		{"bad key", []NodeSelectorTerm{{MatchExpressions: []NodeSelectorRequirement{expr("-zone", "DoesNotExist")}}}, "n1", false},
		{"bad value", []NodeSelectorTerm{{MatchExpressions: []NodeSelectorRequirement{expr("rack", "NotIn", "a b")}}}, "n1", false},
		{"expressions ANDed", []NodeSelectorTerm{{MatchExpressions: []NodeSelectorRequirement{expr("zone", "In", "a"), expr("gen", "In", "v1")}}}, "n1", false},
		{"terms ORed", []NodeSelectorTerm{
			{MatchExpressions: []NodeSelectorRequirement{expr("zone", "In", "b")}},
			{MatchExpressions: []NodeSelectorRequirement{expr("gen", "In", "v2")}},
		}, "n1", true},
		{"a bad term does not spoil a good one", []NodeSelectorTerm{
			{MatchExpressions: []NodeSelectorRequirement{expr("zone", "Bogus")}},
			{MatchExpressions: []NodeSelectorRequirement{expr("zone", "In", "a")}},
		}, "n1", true},
		{"field In", []NodeSelectorTerm{{MatchFields: []NodeSelectorRequirement{expr("metadata.name", "In", "n1")}}}, "n1", true},
		{"field In other node", []NodeSelectorTerm{{MatchFields: []NodeSelectorRequirement{expr("metadata.name", "In", "n2")}}}, "n1", false},
		{"field NotIn", []NodeSelectorTerm{{MatchFields: []NodeSelectorRequirement{expr("metadata.name", "NotIn", "n2")}}}, "n1", true},
		{"field with two values is a parse error", []NodeSelectorTerm{{MatchFields: []NodeSelectorRequirement{expr("metadata.name", "In", "n1", "n2")}}}, "n1", false},
		{"field Exists is a parse error", []NodeSelectorTerm{{MatchFields: []NodeSelectorRequirement{expr("metadata.name", "Exists")}}}, "n1", false},
		{"unknown field reads as empty", []NodeSelectorTerm{{MatchFields: []NodeSelectorRequirement{expr("metadata.uid", "NotIn", "x")}}}, "n1", true},
		{"fields and expressions ANDed", []NodeSelectorTerm{{
			MatchExpressions: []NodeSelectorRequirement{expr("zone", "In", "a")},
			MatchFields:      []NodeSelectorRequirement{expr("metadata.name", "In", "n2")},
		}}, "n1", false},
		{"no node name: fields not checked", []NodeSelectorTerm{{MatchFields: []NodeSelectorRequirement{expr("metadata.name", "In", "n2")}}}, "", true},
		{"no node name: field parse errors still count", []NodeSelectorTerm{{MatchFields: []NodeSelectorRequirement{expr("metadata.name", "Gt", "1")}}}, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &NodeSelector{NodeSelectorTerms: tt.terms}
			assert.Equal(t, tt.want, s.Matches(tt.node, labels))
		})
	}
	var nilSel *NodeSelector
	assert.False(t, nilSel.Matches("n1", labels), "a nil selector matches nothing")
}

// A one-term selector of In/NotIn/Exists/DoesNotExist expressions is the
// label selector with the same expressions (both are labels.NewRequirement
// and Requirement.Matches upstream).
func TestNodeSelectorAgreesWithLabelSelector(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		keys := rapid.SampledFrom([]string{"a", "b", "-c"})
		vals := rapid.SampledFrom([]string{"x", "y", "z!"})
		ops := rapid.SampledFrom([]string{"In", "NotIn", "Exists", "DoesNotExist", "Bogus"})
		labels := rapid.MapOf(rapid.SampledFrom([]string{"a", "b"}), vals).Draw(t, "labels")
		var exprs []LabelSelectorRequirement
		var reqs []NodeSelectorRequirement
		for range rapid.IntRange(1, 3).Draw(t, "n") {
			r := NodeSelectorRequirement{Key: keys.Draw(t, "key"), Operator: ops.Draw(t, "op"), Values: rapid.SliceOfN(vals, 0, 2).Draw(t, "values")}
			reqs = append(reqs, r)
			exprs = append(exprs, LabelSelectorRequirement(r))
		}
		ns := &NodeSelector{NodeSelectorTerms: []NodeSelectorTerm{{MatchExpressions: reqs}}}
		ls := &LabelSelector{MatchExpressions: exprs}
		if got, want := ns.Matches("n", labels), ls.Matches(labels); got != want {
			t.Fatalf("node selector %v, label selector %v", got, want)
		}
	})
}

// upstream: kubernetes pkg/apis/core/validation/validation.go
// ValidateNodeSelector, ValidateNodeSelectorTerm,
// ValidateNodeSelectorRequirement, ValidateNodeFieldSelectorRequirement.
func TestValidateNodeSelector(t *testing.T) {
	p := NewPath("spec", "affinity")
	tests := []struct {
		name  string
		terms []NodeSelectorTerm
		want  []string
	}{
		{"no terms", nil, []string{"spec.affinity.nodeSelectorTerms: Required value: must have at least one node selector term"}},
		{"empty term is valid", []NodeSelectorTerm{{}}, nil},
		{"valid", []NodeSelectorTerm{{
			MatchExpressions: []NodeSelectorRequirement{expr("zone", "In", "a"), expr("cpus", "Gt", "2"), expr("x", "DoesNotExist")},
			MatchFields:      []NodeSelectorRequirement{expr("metadata.name", "NotIn", "node-1")},
		}}, nil},
		{"In without values", []NodeSelectorTerm{{MatchExpressions: []NodeSelectorRequirement{expr("zone", "In")}}},
			[]string{"spec.affinity.nodeSelectorTerms[0].matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'"}},
		{"Exists with values", []NodeSelectorTerm{{}, {MatchExpressions: []NodeSelectorRequirement{expr("zone", "Exists", "a")}}},
			[]string{"spec.affinity.nodeSelectorTerms[1].matchExpressions[0].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'"}},
		{"Gt with two values", []NodeSelectorTerm{{MatchExpressions: []NodeSelectorRequirement{expr("cpus", "Gt", "1", "2")}}},
			[]string{"spec.affinity.nodeSelectorTerms[0].matchExpressions[0].values: Required value: must be specified single value when `operator` is 'Lt' or 'Gt'"}},
		{"Lt with a value that is no integer is valid", []NodeSelectorTerm{{MatchExpressions: []NodeSelectorRequirement{expr("cpus", "Lt", "x")}}}, nil},
		{"bad operator, key and value", []NodeSelectorTerm{{MatchExpressions: []NodeSelectorRequirement{expr("-k", "Equals", "-v")}}},
			[]string{
				`spec.affinity.nodeSelectorTerms[0].matchExpressions[0].operator: Invalid value: "Equals": not a valid selector operator`,
				`spec.affinity.nodeSelectorTerms[0].matchExpressions[0].key: Invalid value: "-k": ` + keyNameRegexMsg,
				`spec.affinity.nodeSelectorTerms[0].matchExpressions[0].values[0]: Invalid value: "-v": ` + labelValueRegexMsg,
			}},
		{"field with two values", []NodeSelectorTerm{{MatchFields: []NodeSelectorRequirement{expr("metadata.name", "In", "a", "b")}}},
			[]string{"spec.affinity.nodeSelectorTerms[0].matchFields[0].values: Required value: must be only one value when `operator` is 'In' or 'NotIn' for node field selector"}},
		{"field operator and key", []NodeSelectorTerm{{MatchFields: []NodeSelectorRequirement{expr("metadata.uid", "Exists")}}},
			[]string{
				`spec.affinity.nodeSelectorTerms[0].matchFields[0].operator: Invalid value: "Exists": not a valid selector operator`,
				`spec.affinity.nodeSelectorTerms[0].matchFields[0].key: Invalid value: "metadata.uid": not a valid field selector key`,
			}},
		{"field value not a node name", []NodeSelectorTerm{{MatchFields: []NodeSelectorRequirement{expr("metadata.name", "In", "Node_1")}}},
			[]string{`spec.affinity.nodeSelectorTerms[0].matchFields[0].values[0]: Invalid value: "Node_1": ` + subdomainRegexMsg}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, e := range ValidateNodeSelector(&NodeSelector{NodeSelectorTerms: tt.terms}, p) {
				got = append(got, e.Error())
			}
			assert.Equal(t, tt.want, got)
		})
	}
}
