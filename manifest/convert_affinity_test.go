package manifest

import (
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
