package manifest

import (
	corev1 "k8s.io/api/core/v1"

	"github.com/stsim/stsim/api"
)

// affinityIn keeps the required pod (anti-)affinity terms, the part of
// affinity the scheduler simulates; the rest (node affinity, preferred
// terms, namespaceSelector, matchLabelKeys) does not survive the round trip
// and so gets its "not simulated" warning.
func affinityIn(a *corev1.Affinity) *api.Affinity {
	if a == nil {
		return nil
	}
	out := &api.Affinity{}
	if pa := a.PodAffinity; pa != nil && len(pa.RequiredDuringSchedulingIgnoredDuringExecution) > 0 {
		out.PodAffinity = &api.PodAffinity{RequiredDuringSchedulingIgnoredDuringExecution: termsIn(pa.RequiredDuringSchedulingIgnoredDuringExecution)}
	}
	if pa := a.PodAntiAffinity; pa != nil && len(pa.RequiredDuringSchedulingIgnoredDuringExecution) > 0 {
		out.PodAntiAffinity = &api.PodAntiAffinity{RequiredDuringSchedulingIgnoredDuringExecution: termsIn(pa.RequiredDuringSchedulingIgnoredDuringExecution)}
	}
	if out.PodAffinity == nil && out.PodAntiAffinity == nil {
		return nil
	}
	return out
}

func termsIn(terms []corev1.PodAffinityTerm) []api.PodAffinityTerm {
	out := make([]api.PodAffinityTerm, 0, len(terms))
	for _, t := range terms {
		out = append(out, api.PodAffinityTerm{LabelSelector: selectorIn(t.LabelSelector), Namespaces: t.Namespaces, TopologyKey: t.TopologyKey})
	}
	return out
}

// affinityOut renders the simulated affinity terms.
func affinityOut(a *api.Affinity) *corev1.Affinity {
	if a == nil || a.PodAffinity == nil && a.PodAntiAffinity == nil {
		return nil
	}
	out := &corev1.Affinity{}
	if a.PodAffinity != nil {
		out.PodAffinity = &corev1.PodAffinity{RequiredDuringSchedulingIgnoredDuringExecution: termsOut(a.PodAffinity.RequiredDuringSchedulingIgnoredDuringExecution)}
	}
	if a.PodAntiAffinity != nil {
		out.PodAntiAffinity = &corev1.PodAntiAffinity{RequiredDuringSchedulingIgnoredDuringExecution: termsOut(a.PodAntiAffinity.RequiredDuringSchedulingIgnoredDuringExecution)}
	}
	return out
}

func termsOut(terms []api.PodAffinityTerm) []corev1.PodAffinityTerm {
	out := make([]corev1.PodAffinityTerm, 0, len(terms))
	for _, t := range terms {
		out = append(out, corev1.PodAffinityTerm{LabelSelector: selectorOut(t.LabelSelector), Namespaces: t.Namespaces, TopologyKey: t.TopologyKey})
	}
	return out
}
