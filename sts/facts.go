package sts

import (
	"reflect"
	"time"

	"github.com/stsim/stsim/api"
)

// PodFacts is what an Index reads of one version of a pod. Put reads them
// itself; an owner that sees a pod long before it reaches the index (a
// watch delivers writes after a latency) can take them when the pod is
// written, with Facts and ReadLabels, and hand them to PutFacts then, which
// reads nothing of the pod. At 100,000 pods that turns three cold reads of
// every pod (its object, its labels map, its conditions) per watch event
// into none: the simulation's controller does this.
//
// The label facts (the revision label, the pod-name label, the selector)
// come from the pod's labels map; stored objects are copied on write, so a
// new version that keeps the map of the version held (the scheduler's and
// the kubelet's writes do) has the same label facts, and ReadLabels takes
// them from the index instead of reading the map again.
type PodFacts struct {
	uid, rev   string
	labels     uintptr       // the identity of the labels map
	readySince time.Duration // when the Ready condition last turned True
	ord        int32         // -1: the name has no ordinal
	is         fact
}

type fact uint16

const (
	factCreated      fact = 1 << iota // phase set
	factPending                       // phase Pending
	factTerminal                      // phase Failed or Succeeded
	factPodReady                      // condition Ready=True
	factRunningReady                  // phase Running and Ready
	factTerminating                   // deletion started
	factNamed                         // name and namespace are the set's for the ordinal
	factStorageOK                     // storageMatches
	factLabelsRead                    // the label facts below are set
	factLabelNamed                    // the pod-name label is the pod's name
	factSelected                      // the set's selector matches and the name's parent is the set
)

// Facts returns the facts of p that do not come from its labels (and the
// identity of its labels map, for ReadLabels).
func (x *Index) Facts(p *api.Pod) PodFacts {
	_, ord := ParseName(p.Name)
	f := PodFacts{uid: p.UID, labels: mapIdentity(p.Labels), ord: ord}
	f.set(factCreated, isCreated(p))
	f.set(factPending, isPending(p))
	f.set(factTerminal, isTerminal(p))
	if c := p.Status.Condition(api.PodReady); c != nil && c.Status == api.ConditionTrue {
		f.is |= factPodReady
		f.readySince = c.LastTransitionTime
		f.set(factRunningReady, p.Status.Phase == api.PodRunning)
	}
	f.set(factTerminating, p.Terminating())
	f.set(factNamed, ord >= 0 && isPodName(p.Name, x.name, ord) && p.Namespace == x.namespace)
	f.set(factStorageOK, ord >= 0 && x.storageMatches(p, ord))
	return f
}

// ReadLabels adds the facts that come from p's labels to f (Facts of p):
// those of the version the index holds when p keeps its labels map, else
// read from the map.
func (x *Index) ReadLabels(p *api.Pod, f *PodFacts) {
	if f.is&factLabelsRead != 0 {
		return
	}
	f.is |= factLabelsRead
	if b := x.bit(f.ord); f.ord >= x.base && b < len(x.pods) && x.pods[b] != nil {
		if held := x.sums[b]; held.labels == f.labels && held.uid == f.uid {
			f.rev = held.rev
			f.set(factLabelNamed, held.labelNamed)
			f.set(factSelected, held.selected)
			return
		}
	}
	f.rev = p.Labels[RevisionLabel]
	f.set(factLabelNamed, p.Labels[PodNameLabel] == p.Name)
	parent, _ := ParseName(p.Name)
	f.set(factSelected, parent == x.name && x.selects(p.Labels))
}

// Selected reports whether the set claims the pod: its selector matches
// and the pod's name is the set's (upstream: ClaimPods with isMemberOf).
// f must have its label facts (ReadLabels).
func (f *PodFacts) Selected() bool { return f.is&factSelected != 0 }

func (f *PodFacts) set(k fact, on bool) {
	if on {
		f.is |= k
	} else {
		f.is &^= k
	}
}

func (f *PodFacts) has(k fact) bool { return f.is&k != 0 }

// mapIdentity returns the identity of a map (0 for nil): two stored
// objects with the same one share the map, which nothing changes in place.
// An identity is only compared while the index holds a pod with that map,
// so its memory cannot have been reused by another map.
func mapIdentity(m map[string]string) uintptr {
	if m == nil {
		return 0
	}
	return uintptr(reflect.ValueOf(m).UnsafePointer())
}

// selects is the set's selector over a pod's labels, with the common
// selector (plain matchLabels) checked without api's general matcher.
func (x *Index) selects(labels map[string]string) bool {
	if x.plainSelector == nil {
		return x.selector.Matches(labels)
	}
	for _, l := range x.plainSelector {
		if got, ok := labels[l[0]]; !ok || got != l[1] {
			return false
		}
	}
	return true
}

// plainSelector returns sel's matchLabels as pairs if the selector is just
// that and plainly valid, else nil.
func plainSelector(sel *api.LabelSelector) [][2]string {
	if sel == nil || len(sel.MatchExpressions) > 0 || len(sel.MatchLabels) == 0 {
		return nil
	}
	out := make([][2]string, 0, len(sel.MatchLabels))
	for k, v := range sel.MatchLabels {
		if !api.PlainLabelKey(k) || !api.PlainLabelValue(v) {
			return nil
		}
		out = append(out, [2]string{k, v})
	}
	return out
}
