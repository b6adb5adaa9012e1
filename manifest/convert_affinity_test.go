package manifest

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/stsim/stsim/api"
	"github.com/stsim/stsim/sts"
)

// TestAffinityRequiredTerms: the required pod (anti-)affinity terms are
// converted and come back out; preferred terms are reported as not
// simulated.
func TestAffinityRequiredTerms(t *testing.T) {
	objs, warnings := decodeOK(t, `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  template:
    spec:
      affinity:
        podAntiAffinity:
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
      containers:
      - name: a
`)
	got := objs[0].(*sts.StatefulSet).Spec.Template.Spec.Affinity
	want := &api.Affinity{
		PodAffinity: &api.PodAffinity{RequiredDuringSchedulingIgnoredDuringExecution: []api.PodAffinityTerm{{
			LabelSelector: &api.LabelSelector{MatchLabels: map[string]string{"app": "cache"}},
			Namespaces:    []string{"cache"}, TopologyKey: api.LabelTopologyZone}}},
		PodAntiAffinity: &api.PodAntiAffinity{RequiredDuringSchedulingIgnoredDuringExecution: []api.PodAffinityTerm{{
			LabelSelector: &api.LabelSelector{MatchLabels: map[string]string{"app": "web"}},
			TopologyKey:   api.LabelHostname}}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("affinity (-want +got):\n%s", diff)
	}
	wantWarnings := []string{"spec.template.spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution: not simulated (ignored)"}
	if diff := cmp.Diff(wantWarnings, warnings); diff != "" {
		t.Errorf("warnings (-want +got):\n%s", diff)
	}
}

// TestNodeAffinityRequired: the required node affinity (expressions and
// fields) is converted and comes back out in -o yaml; its preferred terms
// are reported as not simulated.
func TestNodeAffinityRequired(t *testing.T) {
	objs, warnings := decodeOK(t, `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  template:
    spec:
      affinity:
        nodeAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            nodeSelectorTerms:
            - matchExpressions:
              - key: topology.kubernetes.io/zone
                operator: In
                values: [zone-a, zone-b]
              - key: disks
                operator: Gt
                values: ["2"]
            - matchFields:
              - key: metadata.name
                operator: In
                values: [node-3]
          preferredDuringSchedulingIgnoredDuringExecution:
          - weight: 1
            preference:
              matchExpressions:
              - key: ssd
                operator: Exists
      containers:
      - name: a
`)
	set := objs[0].(*sts.StatefulSet)
	want := &api.Affinity{NodeAffinity: &api.NodeAffinity{RequiredDuringSchedulingIgnoredDuringExecution: &api.NodeSelector{
		NodeSelectorTerms: []api.NodeSelectorTerm{
			{MatchExpressions: []api.NodeSelectorRequirement{
				{Key: api.LabelTopologyZone, Operator: api.NodeSelectorOpIn, Values: []string{"zone-a", "zone-b"}},
				{Key: "disks", Operator: api.NodeSelectorOpGt, Values: []string{"2"}},
			}},
			{MatchFields: []api.NodeSelectorRequirement{{Key: api.NodeFieldName, Operator: api.NodeSelectorOpIn, Values: []string{"node-3"}}}},
		},
	}}}
	if diff := cmp.Diff(want, set.Spec.Template.Spec.Affinity); diff != "" {
		t.Errorf("affinity (-want +got):\n%s", diff)
	}
	wantWarnings := []string{"spec.template.spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution: not simulated (ignored)"}
	if diff := cmp.Diff(wantWarnings, warnings); diff != "" {
		t.Errorf("warnings (-want +got):\n%s", diff)
	}

	out, err := YAML(set)
	if err != nil {
		t.Fatal(err)
	}
	const wantOut = `      affinity:
        nodeAffinity:
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
	if !strings.Contains(string(out), wantOut) {
		t.Errorf("-o yaml lacks the node affinity:\n%s", out)
	}
}

// TestNodeAffinityOnlyPreferred: node affinity with only preferred terms
// is dropped as a whole, with the warning.
func TestNodeAffinityOnlyPreferred(t *testing.T) {
	objs, warnings := decodeOK(t, `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  template:
    spec:
      affinity:
        nodeAffinity:
          preferredDuringSchedulingIgnoredDuringExecution:
          - weight: 1
            preference:
              matchExpressions:
              - key: ssd
                operator: Exists
      containers:
      - name: a
`)
	if a := objs[0].(*sts.StatefulSet).Spec.Template.Spec.Affinity; a != nil {
		t.Errorf("affinity = %+v, want nil", a)
	}
	wantWarnings := []string{"spec.template.spec.affinity: not simulated (ignored)"}
	if diff := cmp.Diff(wantWarnings, warnings); diff != "" {
		t.Errorf("warnings (-want +got):\n%s", diff)
	}
}
