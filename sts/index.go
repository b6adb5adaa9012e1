package sts

import (
	"math/bits"
	"time"

	"github.com/stsim/stsim/api"
)

// Index is the controller's view of the pods a StatefulSet owns: the pods by
// ordinal plus the bit sets and counters a sync needs, kept up to date one
// pod change at a time. It is what makes a sync cost amortised O(pods that
// changed) instead of upstream's O(all pods): status counts are counters,
// "first pod that is not Running, Ready and Available" is a bit-set search
// that starts from a cursor, and the Parallel pass visits only the pods that
// need something.
//
// An Index belongs to one StatefulSet (its name, namespace and claim
// templates, which are immutable). Put, Remove and ClaimChanged are the only
// mutations the owner makes; Reconcile refreshes time-dependent caches
// (availability under minReadySeconds, the cursor) and consumes the work
// list of claims to check against the retention policy (retention.go), but
// never changes the pods the index holds.
type Index struct {
	name, namespace string
	claims          []string // claim template names, for storageMatches
	// selector is the set's (immutable); plainSelector its matchLabels
	// when that is all it says, plainly valid (PodFacts.Selected).
	selector      *api.LabelSelector
	plainSelector [][2]string

	base  int32      // ordinal of bit 0
	pods  []*api.Pod // by bit; nil where there is none
	sums  []podSum   // by bit: what count added for the pod held
	npods int

	present     bitset // a pod object exists
	live        bitset // exists and is not terminating
	unclean     bitset // not (Running ∧ Ready ∧ Available ∧ ¬terminating ∧ identity ok)
	unavailable bitset // not available, or terminating (upstream isUnavailable)
	attention   bitset // terminal phase, identity/storage mismatch, or Pending with claim templates
	avail       bitset // counted in available (upstream IsPodAvailable)
	claimCheck  bitset // claims to check against the retention policy (retention.go)
	retention   retentionMemo

	created, ready, available int32
	revisions                 revCounts // pods by revision label

	minReady int32
	warming  map[int32]time.Duration // Ready pods not yet available: when they will be
	now      time.Duration

	cursor     int32 // every ordinal in [cursorFrom, cursor) is present and clean
	cursorFrom int32

	memoGen  int64
	memoData []byte
	waits    waitMemo

	owners []api.OwnerReference // the set's controller reference, for new pods (sync.ownerRefs)
}

// NewIndex returns an empty index for set.
func NewIndex(set *StatefulSet) *Index {
	x := &Index{
		name:          set.Name,
		namespace:     set.Namespace,
		selector:      set.Spec.Selector,
		plainSelector: plainSelector(set.Spec.Selector),
		warming:       map[int32]time.Duration{},
		minReady:      set.Spec.MinReadySeconds,
		base:          set.startOrdinal() &^ 63,
		cursor:        set.startOrdinal(),
		cursorFrom:    set.startOrdinal(),
	}
	for _, t := range set.Spec.VolumeClaimTemplates {
		x.claims = append(x.claims, t.Name)
	}
	return x
}

// IndexOf builds an index holding pods (for tests and one-off syncs).
func IndexOf(set *StatefulSet, pods ...*api.Pod) *Index {
	x := NewIndex(set)
	for _, p := range pods {
		x.Put(p)
	}
	return x
}

// Len returns the number of pods held.
func (x *Index) Len() int { return x.npods }

// Get returns the pod with the ordinal, or nil.
func (x *Index) Get(ordinal int32) *api.Pod {
	if b := int(ordinal - x.base); ordinal >= x.base && b < len(x.pods) {
		return x.pods[b]
	}
	return nil
}

// Pods returns the pods in ascending ordinal order.
func (x *Index) Pods() []*api.Pod {
	out := make([]*api.Pod, 0, x.npods)
	for i := x.present.next(0); i >= 0; i = x.present.next(i + 1) {
		out = append(out, x.pods[i])
	}
	return out
}

// reserve makes room for n bits without growing the slices' lengths: at
// least doubling the capacity, so that pods put one by one cost amortised
// O(1) and about twice the final size in all (append's 1.25 growth of
// large slices allocated five times it).
func (x *Index) reserve(n int) {
	if n <= cap(x.pods) && n <= cap(x.sums) {
		return
	}
	n = max(n, 2*cap(x.pods), 64)
	pods, sums := make([]*api.Pod, len(x.pods), n), make([]podSum, len(x.sums), n)
	copy(pods, x.pods)
	copy(sums, x.sums)
	x.pods, x.sums = pods, sums
}

// reserveFor makes room for the pods of the set's ordinal range (at most
// 65,536 more than held, however large replicas is): a scale-up fills the
// index without growing it step by step.
func (x *Index) reserveFor(set *StatefulSet) {
	if end := int(set.endOrdinal() - x.base); end > cap(x.pods) {
		x.reserve(min(end, len(x.pods)+1<<16))
	}
}

func (x *Index) bit(ord int32) int     { return int(ord - x.base) }
func (x *Index) ord(bit int) int32     { return int32(bit) + x.base }
func (x *Index) fromBit(ord int32) int { return max(0, int(ord-x.base)) }

// Put adds or replaces a pod. Pods whose name has no valid ordinal are
// ignored, as upstream's sync ignores them.
func (x *Index) Put(p *api.Pod) {
	f := x.Facts(p)
	x.ReadLabels(p, &f)
	x.PutFacts(p, f)
}

// PutFacts is Put of a pod whose facts were taken before (Facts and
// ReadLabels, by this index): it reads nothing of p.
func (x *Index) PutFacts(p *api.Pod, f PodFacts) {
	ord := f.ord
	if ord < 0 {
		return
	}
	if ord < x.base {
		x.rebase(ord &^ 63)
	}
	b := x.bit(ord)
	if b >= len(x.pods) {
		x.reserve(b + 1)
		x.pods, x.sums = x.pods[:b+1], x.sums[:b+1]
	}
	if x.pods[b] != nil {
		x.count(x.sums[b], b, -1) // from the summary: the old version is not read
		if x.sums[b].uid != f.uid {
			x.markClaims(ord)
		}
	} else {
		x.markClaims(ord)
		x.npods++
	}
	x.pods[b], x.sums[b] = p, summarize(&f)
	x.count(x.sums[b], b, +1)
	x.classify(&f)
	if ord < x.cursor {
		x.cursor = max(ord, x.cursorFrom)
	}
}

// Remove deletes the pod with the given name, if held.
func (x *Index) Remove(name string) {
	_, ord := ParseName(name)
	p := x.Get(ord)
	if ord < 0 || p == nil || p.Name != name {
		return
	}
	b := x.bit(ord)
	x.count(x.sums[b], b, -1)
	x.pods[b], x.sums[b] = nil, podSum{}
	x.npods--
	delete(x.warming, ord)
	if x.avail.has(b) {
		x.available--
	}
	for _, s := range x.sets() {
		s.clear(b)
	}
	if ord < x.cursor {
		x.cursor = max(ord, x.cursorFrom)
	}
}

func (x *Index) sets() []*bitset {
	return []*bitset{&x.present, &x.live, &x.unclean, &x.unavailable, &x.attention, &x.avail, &x.claimCheck}
}

func (x *Index) rebase(base int32) {
	shift := int(x.base - base)
	pods, sums := make([]*api.Pod, shift+len(x.pods)), make([]podSum, shift+len(x.sums))
	copy(pods[shift:], x.pods)
	copy(sums[shift:], x.sums)
	x.pods, x.sums = pods, sums
	for _, s := range x.sets() {
		*s = bitset{}
	}
	x.base = base
	x.available = 0
	for i := range x.revisions {
		x.revisions[i].bits = bitset{}
	}
	for b, p := range x.pods {
		if p == nil {
			continue
		}
		x.markClaims(x.ord(b))
		x.classifyHeld(b)
		if sum := x.sums[b]; sum.live {
			x.revisions[x.revisions.find(sum.rev)].bits.set(b)
		}
	}
}

// podSum is what the counters that do not depend on time need of a pod,
// and its label facts: kept per ordinal, so that replacing a pod does not
// read the version it replaces.
type podSum struct {
	uid, rev             string
	labels               uintptr // PodFacts.labels
	created, live, ready bool
	labelNamed, selected bool
}

func summarize(f *PodFacts) podSum {
	return podSum{uid: f.uid, rev: f.rev, labels: f.labels, created: f.has(factCreated),
		live: f.has(factCreated) && !f.has(factTerminating), ready: f.has(factCreated) && f.has(factRunningReady),
		labelNamed: f.has(factLabelNamed), selected: f.has(factSelected)}
}

// count adds d to the counters for the pod at bit b summarised by sum.
func (x *Index) count(sum podSum, b int, d int32) {
	x.revisions.add(sum.rev, sum.live, d, b)
	if !sum.created {
		return
	}
	x.created += d
	if sum.ready {
		x.ready += d
	}
}

// classify sets the bits of the pod with facts f, its availability and its
// warming entry.
func (x *Index) classify(f *PodFacts) {
	ord := f.ord
	b := x.bit(ord)
	delete(x.warming, ord)
	// upstream IsPodAvailable
	podAvailable := f.has(factPodReady) && (x.minReady == 0 || f.readySince+time.Duration(x.minReady)*time.Second <= x.now)
	avail := f.has(factRunningReady) && podAvailable
	// Every Ready pod still inside minReadySeconds is warming, whatever its
	// phase: upstream's isUnavailable (IsPodAvailable) ignores the phase, so
	// the unavailable bit of a Ready pod that is not Running must be
	// refreshed when time passes too; and the requeue time is the minimum
	// over every Ready pod (upstream: controller_utils.go
	// findMinNextPodAvailabilitySimpleCheck uses IsPodReady).
	if f.has(factPodReady) && !podAvailable {
		x.warming[ord] = f.readySince + time.Duration(x.minReady)*time.Second
	}
	if was := x.avail.has(b); was != avail {
		x.avail.put(b, avail)
		if avail {
			x.available++
		} else {
			x.available--
		}
	}
	ok := f.has(factNamed) && f.has(factLabelNamed) && f.has(factStorageOK) // identityMatches && storageMatches
	term := f.has(factTerminating)
	x.present.set(b)
	x.live.put(b, !term)
	x.unavailable.put(b, !podAvailable || term)
	// A Pending pod needs a visit in a Parallel pass when the set has claim
	// templates: processReplica recreates its missing claims in both
	// policies (upstream: processReplica → createMissingPersistentVolumeClaims).
	check := x.claimCheck.has(b)
	x.attention.put(b, f.has(factTerminal) || !ok || f.has(factPending) && len(x.claims) > 0 || check)
	clean := f.has(factCreated) && !f.has(factTerminal) && !term && avail && ok && !check
	x.unclean.put(b, !clean)
}

// classifyHeld classifies the pod held at bit b again (time passed, or the
// claims or the policy changed): its label facts are the held ones.
func (x *Index) classifyHeld(b int) {
	p := x.pods[b]
	f := x.Facts(p)
	x.ReadLabels(p, &f)
	x.classify(&f)
}

// identityMatches is upstream's identityMatches (stateful_set_utils.go).
func (x *Index) identityMatches(p *api.Pod, ord int32) bool {
	return isPodName(p.Name, x.name, ord) && p.Namespace == x.namespace && p.Labels[PodNameLabel] == p.Name
}

// storageMatches is upstream's storageMatches (stateful_set_utils.go).
func (x *Index) storageMatches(p *api.Pod, ord int32) bool {
	for _, t := range x.claims {
		found := false
		for _, v := range p.Spec.Volumes {
			if v.Name == t {
				found = isClaimName(v.ClaimName, t, x.name, ord)
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// refresh brings time- and spec-dependent caches up to date for a sync of
// set at now: availability of warming pods, and everything when
// minReadySeconds or the ordinal start changed.
func (x *Index) refresh(set *StatefulSet, now time.Duration) {
	x.now = now
	x.reserveFor(set)
	if set.Spec.MinReadySeconds != x.minReady {
		x.minReady = set.Spec.MinReadySeconds
		x.reclassify()
	}
	if start := set.startOrdinal(); start != x.cursorFrom {
		x.cursorFrom, x.cursor = start, start
	}
	x.refreshRetention(set)
	for ord, at := range x.warming {
		if at <= now {
			// order-independent: each entry is handled on its own
			x.classifyHeld(x.bit(ord))
			if ord < x.cursor {
				x.cursor = max(ord, x.cursorFrom)
			}
		}
	}
}

func (x *Index) reclassify() {
	pods := x.Pods()
	x.pods, x.sums, x.npods = nil, nil, 0
	x.created, x.ready, x.available = 0, 0, 0
	x.revisions = nil
	x.warming = map[int32]time.Duration{}
	for _, s := range x.sets() {
		*s = bitset{}
	}
	x.cursor = x.cursorFrom
	for _, p := range pods {
		x.Put(p)
	}
}

// nextAvailable returns the earliest instant a warming pod becomes
// available, or 0 when none is warming.
func (x *Index) nextAvailable() time.Duration {
	var first time.Duration
	for _, at := range x.warming {
		if first == 0 || at < first {
			first = at
		}
	}
	return first
}

// firstUnclean returns the lowest ordinal in [from, end) that is missing or
// not clean, or end.
func (x *Index) firstUnclean(from, end int32) int32 {
	useCursor := from == x.cursorFrom
	if useCursor {
		from = max(from, x.cursor)
	}
	if from >= end {
		return end
	}
	b := x.fromBit(from)
	c := x.present.nextClear(b)
	if u := x.unclean.next(b); u >= 0 && u < c {
		c = u
	}
	ord := min(x.ord(c), end)
	if from < x.base {
		ord = from
	}
	if useCursor {
		x.cursor = ord
	}
	return ord
}

// liveCreated is the number of created, non-terminating pods.
func (x *Index) liveCreated() int32 { return x.revisions.liveTotal() }

// revCounts counts pods by revision label: all of them, and the created,
// non-terminating ones (what status counts). A set has only a few revisions
// in use at once, so a small slice beats a map.
type revCounts []revCount

type revCount struct {
	name      string
	live, all int32
	bits      bitset // the live pods at this revision
}

func (r *revCounts) add(name string, live bool, d int32, b int) {
	i := r.find(name)
	if i < 0 {
		*r = append(*r, revCount{name: name})
		i = len(*r) - 1
	}
	c := &(*r)[i]
	c.all += d
	if live {
		c.live += d
		c.bits.put(b, d > 0)
	}
	if c.all == 0 {
		*r = append((*r)[:i], (*r)[i+1:]...)
	}
}

func (r revCounts) find(name string) int {
	for i := range r {
		if r[i].name == name {
			return i
		}
	}
	return -1
}

// live returns the created, non-terminating pods at revision name.
func (r revCounts) live(name string) int32 {
	if i := r.find(name); i >= 0 {
		return r[i].live
	}
	return 0
}

// any reports whether some pod carries revision name.
func (r revCounts) any(name string) bool { return r.find(name) >= 0 }

func (r revCounts) liveTotal() int32 {
	var n int32
	for _, c := range r {
		n += c.live
	}
	return n
}

// missingIn returns how many ordinals in [start, end) have no pod. It is
// O(1) unless pods exist outside the range (then O(pods outside)).
func (x *Index) missingIn(start, end int32) int {
	inRange := x.npods
	if inRange > 0 {
		lo, hi := x.ord(x.present.next(0)), x.ord(x.present.prev(len(x.present.words)<<6-1))
		if lo < start || hi >= end {
			for range x.condemned(start, end, false) {
				inRange--
			}
		}
	}
	return int(end-start) - inRange
}

// condemned yields the ordinals of pods outside [start, end) in descending
// order (upstream sorts condemned pods by descendingOrdinal); liveOnly skips
// terminating pods.
func (x *Index) condemned(start, end int32, liveOnly bool) func(yield func(int32) bool) {
	s := &x.present
	if liveOnly {
		s = &x.live
	}
	return func(yield func(int32) bool) {
		top := len(s.words)<<6 - 1
		for b := s.prev(top); b >= 0 && x.ord(b) >= end; b = s.prev(b - 1) {
			if !yield(x.ord(b)) {
				return
			}
		}
		for b := s.prev(int(start-x.base) - 1); b >= 0; b = s.prev(b - 1) {
			if !yield(x.ord(b)) {
				return
			}
		}
	}
}

// firstUnavailableCondemned returns the lowest ordinal outside [start, end)
// whose pod is unavailable, or -1 (upstream: firstUnavailablePod once every
// in-range pod is available).
func (x *Index) firstUnavailableCondemned(start, end int32) int32 {
	if b := x.unavailable.next(0); b >= 0 && x.ord(b) < start {
		return x.ord(b)
	}
	if b := x.unavailable.next(x.fromBit(end)); b >= 0 {
		return x.ord(b)
	}
	return -1
}

// prevOutdated returns the highest ordinal in [lo, hi] of a created,
// non-terminating pod whose revision is not upd, or -1.
func (x *Index) prevOutdated(upd string, lo, hi int32) int32 {
	best := int32(-1)
	if hi < x.base {
		return best
	}
	for i := range x.revisions {
		r := &x.revisions[i]
		if r.name == upd || r.live == 0 {
			continue
		}
		if b := r.bits.prev(x.bit(hi)); b >= 0 && x.ord(b) >= lo && x.ord(b) > best {
			best = x.ord(b)
		}
	}
	return best
}

// prevUnavailable returns the highest ordinal in [lo, hi] of a pod that is
// unavailable (upstream isUnavailable), or -1.
func (x *Index) prevUnavailable(lo, hi int32) int32 {
	if hi < x.base {
		return -1
	}
	if b := x.unavailable.prev(x.bit(hi)); b >= 0 && x.ord(b) >= lo {
		return x.ord(b)
	}
	return -1
}

// prevMissing returns the highest ordinal in [lo, hi] with no pod, or -1.
func (x *Index) prevMissing(lo, hi int32) int32 {
	for ord := hi; ord >= lo; {
		if ord < x.base {
			return ord
		}
		b := x.bit(ord)
		if !x.present.has(b) {
			return ord
		}
		// skip the run of present pods below ord a word at a time
		w := b >> 6
		if m := ^x.present.words[w] << (63 - uint(b)&63); m != 0 {
			return x.ord(b - bits.LeadingZeros64(m))
		}
		ord = x.ord(w<<6) - 1
	}
	return -1
}
