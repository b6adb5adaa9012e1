package api

// Affinity is the subset of v1.Affinity that the scheduler simulates: the
// required node affinity and the required pod affinity and anti-affinity
// terms. Preferred terms (of node and pod affinity alike) are not simulated
// (a manifest that sets them gets a warning).
type Affinity struct {
	NodeAffinity    *NodeAffinity    `json:"nodeAffinity,omitempty"`
	PodAffinity     *PodAffinity     `json:"podAffinity,omitempty"`
	PodAntiAffinity *PodAntiAffinity `json:"podAntiAffinity,omitempty"`
}

// NodeAffinity is v1.NodeAffinity's required node selector: the pod fits
// only the nodes it matches (on top of its nodeSelector).
type NodeAffinity struct {
	RequiredDuringSchedulingIgnoredDuringExecution *NodeSelector `json:"requiredDuringSchedulingIgnoredDuringExecution,omitempty"`
}

// NodeSelector is v1.NodeSelector: the terms are ORed (see Matches).
type NodeSelector struct {
	NodeSelectorTerms []NodeSelectorTerm `json:"nodeSelectorTerms"`
}

// NodeSelectorTerm is v1.NodeSelectorTerm: the expressions (on node labels)
// and fields (only metadata.name) are ANDed; a term with neither matches no
// node.
type NodeSelectorTerm struct {
	MatchExpressions []NodeSelectorRequirement `json:"matchExpressions,omitempty"`
	MatchFields      []NodeSelectorRequirement `json:"matchFields,omitempty"`
}

// NodeSelectorRequirement is v1.NodeSelectorRequirement: Operator is one of
// the NodeSelectorOp constants.
type NodeSelectorRequirement struct {
	Key      string   `json:"key"`
	Operator string   `json:"operator"`
	Values   []string `json:"values,omitempty"`
}

// The operators of a NodeSelectorRequirement (v1.NodeSelectorOperator), and
// the one node field a matchFields requirement may name
// (metav1.ObjectNameField).
const (
	NodeSelectorOpIn           = "In"
	NodeSelectorOpNotIn        = "NotIn"
	NodeSelectorOpExists       = "Exists"
	NodeSelectorOpDoesNotExist = "DoesNotExist"
	NodeSelectorOpGt           = "Gt"
	NodeSelectorOpLt           = "Lt"
	NodeFieldName              = "metadata.name"
)

// RequiredNodeSelector returns the pod's required node affinity, nil when it
// has none.
func (s *PodSpec) RequiredNodeSelector() *NodeSelector {
	if s.Affinity == nil || s.Affinity.NodeAffinity == nil {
		return nil
	}
	return s.Affinity.NodeAffinity.RequiredDuringSchedulingIgnoredDuringExecution
}

// PodAffinity is v1.PodAffinity's required terms.
type PodAffinity struct {
	RequiredDuringSchedulingIgnoredDuringExecution []PodAffinityTerm `json:"requiredDuringSchedulingIgnoredDuringExecution,omitempty"`
}

// PodAntiAffinity is v1.PodAntiAffinity's required terms.
type PodAntiAffinity struct {
	RequiredDuringSchedulingIgnoredDuringExecution []PodAffinityTerm `json:"requiredDuringSchedulingIgnoredDuringExecution,omitempty"`
}

// PodAffinityTerm is v1.PodAffinityTerm without namespaceSelector and the
// match-label-keys fields: the pods matched by LabelSelector in Namespaces
// (the pod's own namespace when empty), co-located (or not) on nodes with
// the same value of the TopologyKey label.
type PodAffinityTerm struct {
	LabelSelector *LabelSelector `json:"labelSelector,omitempty"`
	Namespaces    []string       `json:"namespaces,omitempty"`
	TopologyKey   string         `json:"topologyKey"`
}

// RequiredAffinityTerms returns the pod's required pod affinity terms.
func (s *PodSpec) RequiredAffinityTerms() []PodAffinityTerm {
	if s.Affinity == nil || s.Affinity.PodAffinity == nil {
		return nil
	}
	return s.Affinity.PodAffinity.RequiredDuringSchedulingIgnoredDuringExecution
}

// RequiredAntiAffinityTerms returns the pod's required pod anti-affinity
// terms.
func (s *PodSpec) RequiredAntiAffinityTerms() []PodAffinityTerm {
	if s.Affinity == nil || s.Affinity.PodAntiAffinity == nil {
		return nil
	}
	return s.Affinity.PodAntiAffinity.RequiredDuringSchedulingIgnoredDuringExecution
}

// Taint effects and the operators of tolerations (v1.TaintEffect,
// v1.TolerationOperator).
const (
	TaintEffectNoSchedule       = "NoSchedule"
	TaintEffectPreferNoSchedule = "PreferNoSchedule"
	TaintEffectNoExecute        = "NoExecute"
	TolerationOpExists          = "Exists"
	TolerationOpEqual           = "Equal"
)

// Well-known node taint keys and labels (k8s.io/api/core/v1
// well_known_taints.go, well_known_labels.go).
const (
	TaintNodeNotReady      = "node.kubernetes.io/not-ready"
	TaintNodeUnreachable   = "node.kubernetes.io/unreachable"
	TaintNodeUnschedulable = "node.kubernetes.io/unschedulable"
	TaintNodeOutOfService  = "node.kubernetes.io/out-of-service"
	LabelHostname          = "kubernetes.io/hostname"
	LabelTopologyZone      = "topology.kubernetes.io/zone"
)

// ToleratesTaint reports whether the toleration tolerates the taint
// (upstream: v1.Toleration.ToleratesTaint): the effects match or the
// toleration's is empty; the keys match or the toleration's is empty;
// Exists matches any value, Equal (the default) the same value.
func (t *Toleration) ToleratesTaint(taint *Taint) bool {
	if t.Effect != "" && t.Effect != taint.Effect {
		return false
	}
	if t.Key != "" && t.Key != taint.Key {
		return false
	}
	switch t.Operator {
	case "", TolerationOpEqual:
		return t.Value == taint.Value
	case TolerationOpExists:
		return true
	}
	return false
}

// TolerationsTolerateTaint reports whether any toleration tolerates the
// taint.
func TolerationsTolerateTaint(tols []Toleration, taint *Taint) bool {
	for i := range tols {
		if tols[i].ToleratesTaint(taint) {
			return true
		}
	}
	return false
}

// String renders the taint as kubectl does: key[=value][:effect].
func (t Taint) String() string {
	s := t.Key
	if t.Value != "" {
		s += "=" + t.Value
	}
	if t.Effect != "" {
		s += ":" + t.Effect
	}
	return s
}
