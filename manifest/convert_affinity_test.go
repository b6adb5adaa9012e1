package manifest

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/stsim/stsim/api"
	"github.com/stsim/stsim/sts"
)

// decodeAffinity decodes a StatefulSet whose template has this affinity
// (YAML indented for spec.template.spec.affinity), checks the converted
// affinity and the warnings, and returns the set.
func decodeAffinity(t *testing.T, affinity string, want *api.Affinity, wantWarnings ...string) *sts.StatefulSet {
	t.Helper()
	objs, warnings := decodeOK(t, `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  template:
    spec:
      affinity:
`+affinity+`      containers:
      - name: a
`)
	set := objs[0].(*sts.StatefulSet)
	if diff := cmp.Diff(want, set.Spec.Template.Spec.Affinity); diff != "" {
		t.Errorf("affinity (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(wantWarnings, warnings); diff != "" {
		t.Errorf("warnings (-want +got):\n%s", diff)
	}
	return set
}

// TestAffinityRequiredTerms: the required pod (anti-)affinity terms are
// converted and come back out; preferred terms are reported as not
// simulated.
func TestAffinityRequiredTerms(t *testing.T) {
	decodeAffinity(t, `        podAntiAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
          - labelSelector:
              matchLabels:
                app: web
            topologyKey: kubernetes.io/hostname
          preferredDuringSchedulingIgnoredDuringExecution:
          - weight: 10
            podAffinityTerm:
              labelSelector:
                matchLabels:
                  app: web
              topologyKey: topology.kubernetes.io/zone
        podAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
          - labelSelector:
              matchLabels:
                app: cache
            namespaces: [cache]
            topologyKey: topology.kubernetes.io/zone
`, &api.Affinity{
		PodAffinity: &api.PodAffinity{RequiredDuringSchedulingIgnoredDuringExecution: []api.PodAffinityTerm{{
			LabelSelector: &api.LabelSelector{MatchLabels: map[string]string{"app": "cache"}},
			Namespaces:    []string{"cache"}, TopologyKey: api.LabelTopologyZone}}},
		PodAntiAffinity: &api.PodAntiAffinity{RequiredDuringSchedulingIgnoredDuringExecution: []api.PodAffinityTerm{{
			LabelSelector: &api.LabelSelector{MatchLabels: map[string]string{"app": "web"}},
			TopologyKey:   api.LabelHostname}}},
	}, "spec.template.spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution: not simulated (ignored)")
}

// TestNodeAffinityRequired: the required node affinity (expressions and
// fields) is converted and comes back out in -o yaml; its preferred terms
// are reported as not simulated.
func TestNodeAffinityRequired(t *testing.T) {
	const required = `        nodeAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            nodeSelectorTerms:
            - matchExpressions:
              - key: topology.kubernetes.io/zone
                operator: In
                values:
                - zone-a
                - zone-b
              - key: disks
                operator: Gt
                values:
                - "2"
            - matchFields:
              - key: metadata.name
                operator: In
                values:
                - node-3
`
	set := decodeAffinity(t, required+`          preferredDuringSchedulingIgnoredDuringExecution:
          - weight: 1
            preference:
              matchExpressions:
              - key: ssd
                operator: Exists
`, &api.Affinity{NodeAffinity: &api.NodeAffinity{RequiredDuringSchedulingIgnoredDuringExecution: &api.NodeSelector{
		NodeSelectorTerms: []api.NodeSelectorTerm{
			{MatchExpressions: []api.NodeSelectorRequirement{
				{Key: api.LabelTopologyZone, Operator: api.NodeSelectorOpIn, Values: []string{"zone-a", "zone-b"}},
				{Key: "disks", Operator: api.NodeSelectorOpGt, Values: []string{"2"}},
			}},
			{MatchFields: []api.NodeSelectorRequirement{{Key: api.NodeFieldName, Operator: api.NodeSelectorOpIn, Values: []string{"node-3"}}}},
		},
	}}}, "spec.template.spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution: not simulated (ignored)")

	out, err := YAML(set)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(out), "      affinity:\n"+required) {
		t.Errorf("-o yaml lacks the node affinity:\n%s", out)
	}
}

// TestNodeAffinityOnlyPreferred: node affinity with only preferred terms
// is dropped as a whole, with the warning.
func TestNodeAffinityOnlyPreferred(t *testing.T) {
	decodeAffinity(t, `        nodeAffinity:
          preferredDuringSchedulingIgnoredDuringExecution:
          - weight: 1
            preference:
              matchExpressions:
              - key: ssd
                operator: Exists
`, nil, "spec.template.spec.affinity: not simulated (ignored)")
}
