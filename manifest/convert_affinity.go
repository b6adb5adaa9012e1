package manifest

import (
	corev1 "k8s.io/api/core/v1"

	"github.com/stsim/stsim/api"
)

// affinityIn keeps the required node affinity and the required pod
// (anti-)affinity terms, the part of affinity the scheduler simulates; the
// rest (preferred terms of either, namespaceSelector, matchLabelKeys) does
// not survive the round trip and so gets its "not simulated" warning.
func affinityIn(a *corev1.Affinity) *api.Affinity {
	if a == nil {
		return nil
	}
	out := &api.Affinity{}
	if na := a.NodeAffinity; na != nil && na.RequiredDuringSchedulingIgnoredDuringExecution != nil {
		sel := nodeSelectorIn(na.RequiredDuringSchedulingIgnoredDuringExecution)
		out.NodeAffinity = &api.NodeAffinity{RequiredDuringSchedulingIgnoredDuringExecution: &sel}
	}
	if pa := a.PodAffinity; pa != nil && len(pa.RequiredDuringSchedulingIgnoredDuringExecution) > 0 {
		out.PodAffinity = &api.PodAffinity{RequiredDuringSchedulingIgnoredDuringExecution: termsIn(pa.RequiredDuringSchedulingIgnoredDuringExecution)}
	}
	if pa := a.PodAntiAffinity; pa != nil && len(pa.RequiredDuringSchedulingIgnoredDuringExecution) > 0 {
		out.PodAntiAffinity = &api.PodAntiAffinity{RequiredDuringSchedulingIgnoredDuringExecution: termsIn(pa.RequiredDuringSchedulingIgnoredDuringExecution)}
	}
	if out.NodeAffinity == nil && out.PodAffinity == nil && out.PodAntiAffinity == nil {
		return nil
	}
	return out
}

// nodeSelectorIn converts a node selector: a pod's required node affinity
// or a PersistentVolume's.
func nodeSelectorIn(s *corev1.NodeSelector) api.NodeSelector {
	var out api.NodeSelector
	for _, t := range s.NodeSelectorTerms {
		out.NodeSelectorTerms = append(out.NodeSelectorTerms, api.NodeSelectorTerm{
			MatchExpressions: nodeRequirementsIn(t.MatchExpressions),
			MatchFields:      nodeRequirementsIn(t.MatchFields),
		})
	}
	return out
}

func nodeRequirementsIn(rs []corev1.NodeSelectorRequirement) []api.NodeSelectorRequirement {
	var out []api.NodeSelectorRequirement
	for _, r := range rs {
		out = append(out, api.NodeSelectorRequirement{Key: r.Key, Operator: string(r.Operator), Values: r.Values})
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
	if a == nil || a.NodeAffinity == nil && a.PodAffinity == nil && a.PodAntiAffinity == nil {
		return nil
	}
	out := &corev1.Affinity{}
	if na := a.NodeAffinity; na != nil {
		out.NodeAffinity = &corev1.NodeAffinity{}
		if na.RequiredDuringSchedulingIgnoredDuringExecution != nil {
			out.NodeAffinity.RequiredDuringSchedulingIgnoredDuringExecution = nodeSelectorOut(*na.RequiredDuringSchedulingIgnoredDuringExecution)
		}
	}
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

// nodeSelectorOut renders a node selector; the terms are never null.
func nodeSelectorOut(s api.NodeSelector) *corev1.NodeSelector {
	out := &corev1.NodeSelector{NodeSelectorTerms: make([]corev1.NodeSelectorTerm, 0, len(s.NodeSelectorTerms))}
	for _, t := range s.NodeSelectorTerms {
		out.NodeSelectorTerms = append(out.NodeSelectorTerms, corev1.NodeSelectorTerm{
			MatchExpressions: nodeRequirementsOut(t.MatchExpressions),
			MatchFields:      nodeRequirementsOut(t.MatchFields),
		})
	}
	return out
}

func nodeRequirementsOut(rs []api.NodeSelectorRequirement) []corev1.NodeSelectorRequirement {
	var out []corev1.NodeSelectorRequirement
	for _, r := range rs {
		out = append(out, corev1.NodeSelectorRequirement{Key: r.Key, Operator: corev1.NodeSelectorOperator(r.Operator), Values: r.Values})
	}
	return out
}
