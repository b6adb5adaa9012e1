package api

// Node selectors: matching (component-helpers
// scheduling/corev1/nodeaffinity) and validation (core validation
// ValidateNodeSelector and its helpers).

// Matches reports whether the node with this name and these labels
// satisfies s, as upstream's LazyErrorNodeSelector.Match does (parse errors
// ignored, as the NodeAffinity filter and CheckNodeAffinity ignore them):
//
//   - the terms are ORed; a nil selector or one without terms matches no
//     node, and so does a term with neither matchExpressions nor matchFields
//     (isEmptyNodeSelectorTerm);
//   - within a term every expression and every field requirement must hold;
//     a term with a requirement labels.NewRequirement or
//     nodeSelectorRequirementsAsFieldSelector would reject (unknown
//     operator, bad key or value, wrong number of values, a Gt/Lt value that
//     is not an integer) matches no node;
//   - expressions are label requirements: In, NotIn (true when the label is
//     unset), Exists, DoesNotExist, and Gt/Lt comparing the label's value and
//     the single value as 64-bit integers (a label that does not parse does
//     not match);
//   - field requirements are In or NotIn with exactly one value, on the
//     node's fields: only metadata.name has a value (any other key reads as
//     ""). An empty nodeName means "no fields", and then, as in upstream's
//     nodeSelectorTerm.match, field requirements are not checked at all:
//     that is how upstream's volume node affinity (CheckNodeAffinity, which
//     matches a node made of the labels alone) treats them.
func (s *NodeSelector) Matches(nodeName string, nodeLabels map[string]string) bool {
	if s == nil {
		return false
	}
	for i := range s.NodeSelectorTerms {
		if s.NodeSelectorTerms[i].matches(nodeName, nodeLabels) {
			return true
		}
	}
	return false
}

// matches is nodeSelectorTerm.match after newNodeSelectorTerm.
func (t *NodeSelectorTerm) matches(nodeName string, labels map[string]string) bool {
	if len(t.MatchExpressions) == 0 && len(t.MatchFields) == 0 {
		return false
	}
	ok := true
	for _, r := range t.MatchExpressions {
		req, valid := r.labelRequirement()
		if !valid {
			return false
		}
		ok = ok && req.matches(labels)
	}
	for _, r := range t.MatchFields {
		if (r.Operator != NodeSelectorOpIn && r.Operator != NodeSelectorOpNotIn) || len(r.Values) != 1 {
			return false
		}
		if nodeName == "" {
			continue
		}
		value := ""
		if r.Key == NodeFieldName {
			value = nodeName
		}
		ok = ok && (value == r.Values[0]) == (r.Operator == NodeSelectorOpIn)
	}
	return ok
}

// labelRequirement converts an expression as nodeSelectorRequirementsAsSelector
// does (through labels.NewRequirement); valid is false where that fails.
func (r NodeSelectorRequirement) labelRequirement() (req requirement, valid bool) {
	op, ok := exprOps[r.Operator]
	if !ok || checkValueCount(op, r.Values, nil) != nil {
		return requirement{}, false
	}
	if !PlainLabelKey(r.Key) && len(IsQualifiedName(r.Key)) > 0 {
		return requirement{}, false
	}
	for _, v := range r.Values {
		if !PlainLabelValue(v) {
			return requirement{}, false
		}
	}
	return requirement{key: r.Key, op: op, values: r.Values}, true
}

// ValidateNodeSelector checks a required node selector as the API server
// does (core validation ValidateNodeSelector with
// allowInvalidLabelValueInRequiredNodeAffinity false): at least one term,
// then each term (ValidateNodeSelectorTerm).
func ValidateNodeSelector(s *NodeSelector, path *Path) ErrorList {
	tp := path.Child("nodeSelectorTerms")
	if len(s.NodeSelectorTerms) == 0 {
		return ErrorList{Required(tp, "must have at least one node selector term")}
	}
	var errs ErrorList
	for i, t := range s.NodeSelectorTerms {
		errs = append(errs, ValidateNodeSelectorTerm(t, tp.Index(i))...)
	}
	return errs
}

// ValidateNodeSelectorTerm is core validation's ValidateNodeSelectorTerm:
// every expression (ValidateNodeSelectorRequirement), then every field
// requirement (ValidateNodeFieldSelectorRequirement). An empty term is
// valid (it matches nothing).
func ValidateNodeSelectorTerm(t NodeSelectorTerm, path *Path) ErrorList {
	var errs ErrorList
	for j, r := range t.MatchExpressions {
		errs = append(errs, ValidateNodeSelectorRequirement(r, path.Child("matchExpressions").Index(j))...)
	}
	for j, r := range t.MatchFields {
		errs = append(errs, ValidateNodeFieldSelectorRequirement(r, path.Child("matchFields").Index(j))...)
	}
	return errs
}

// ValidateNodeSelectorRequirement is core validation's
// ValidateNodeSelectorRequirement: the rules of a label selector's
// expression (ValidateLabelSelectorRequirement: values required for In and
// NotIn, forbidden for Exists and DoesNotExist, "not a valid selector
// operator", the key a label name, each value a label value), plus Gt and
// Lt, which need exactly one value. As upstream, the value of Gt and Lt is
// not checked to be an integer here (a value that is not never matches).
func ValidateNodeSelectorRequirement(r NodeSelectorRequirement, path *Path) ErrorList {
	if r.Operator != NodeSelectorOpGt && r.Operator != NodeSelectorOpLt {
		return ValidateLabelSelectorRequirement(LabelSelectorRequirement(r), path)
	}
	var errs ErrorList
	if len(r.Values) != 1 {
		errs = append(errs, Required(path.Child("values"), "must be specified single value when `operator` is 'Lt' or 'Gt'"))
	}
	return append(errs, validateKeyAndValues(r.Key, r.Values, path)...)
}

// ValidateNodeFieldSelectorRequirement is core validation's
// ValidateNodeFieldSelectorRequirement: In or NotIn with exactly one value,
// the key metadata.name, each value a node name (a DNS subdomain).
func ValidateNodeFieldSelectorRequirement(r NodeSelectorRequirement, path *Path) ErrorList {
	var errs ErrorList
	switch r.Operator {
	case NodeSelectorOpIn, NodeSelectorOpNotIn:
		if len(r.Values) != 1 {
			errs = append(errs, Required(path.Child("values"), "must be only one value when `operator` is 'In' or 'NotIn' for node field selector"))
		}
	default:
		errs = append(errs, Invalid(path.Child("operator"), r.Operator, "not a valid selector operator"))
	}
	if r.Key != NodeFieldName {
		return append(errs, Invalid(path.Child("key"), r.Key, "not a valid field selector key"))
	}
	for i, v := range r.Values {
		for _, msg := range NameIsDNSSubdomain(v, false) {
			errs = append(errs, Invalid(path.Child("values").Index(i), v, msg))
		}
	}
	return errs
}
