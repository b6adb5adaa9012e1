package sim

import (
	"slices"
	"strings"
	"time"

	"github.com/stsim/stsim/api"
	"github.com/stsim/stsim/sts"
)

// controller is the StatefulSet controller actor: it keeps one Index per set
// from watch events, syncs a set when something about it changed, and
// applies the plan sts.Reconcile returns.
type controller struct {
	c     *Cluster
	byUID map[string]*setState
}

// setState is the controller's per-set memory.
type setState struct {
	key      key
	uid      string
	idx      *sts.Index
	queued   bool
	lastWait string
	// read-your-own-writes (upstream StaleControllerConsistencyStatefulSet,
	// beta in 1.36+): a sync is skipped while the cache has not seen the
	// controller's last write for this set.
	lastWrite, seen uint64
	failures        int
	adopt           map[string]bool // orphan pods to adopt, by name
	release         map[string]bool // owned pods that no longer match, by name
}

func (ct *controller) init(c *Cluster) {
	ct.c = c
	ct.byUID = map[string]*setState{}
}

// setChanged is the set informer's handler (upstream: addStatefulset,
// updateStatefulset, deleteStatefulset all enqueue).
func (ct *controller) setChanged(set *sts.StatefulSet, removed bool) {
	c := ct.c
	rv := set.ResourceVersion
	c.eng.after(c.timing.WatchLatency, ActorStatefulSet, "watch statefulset/", set.Name, func() {
		st := ct.byUID[set.UID]
		if removed {
			delete(ct.byUID, set.UID)
			return
		}
		if st == nil {
			st = &setState{key: key{set.Namespace, set.Name}, uid: set.UID, idx: sts.NewIndex(set), adopt: map[string]bool{}, release: map[string]bool{}}
			ct.byUID[set.UID] = st
			ct.findOrphans(st, set)
		}
		st.seen = max(st.seen, rv)
		ct.enqueue(st)
	})
}

// podChanged is the pod informer's handler: the pod reaches the index of the
// set that controls it, or is offered for adoption to the sets that match it.
func (ct *controller) podChanged(p *api.Pod, removed bool) {
	c := ct.c
	rv := c.rv
	c.eng.after(c.timing.WatchLatency, ActorStatefulSet, "watch pod/", p.Name, func() {
		ref := p.ControllerRef()
		if ref == nil {
			if !removed {
				ct.offerOrphan(p)
			}
			return
		}
		st := ct.byUID[ref.UID]
		if st == nil || ref.Kind != "StatefulSet" {
			return
		}
		switch set := c.sets[st.key]; {
		case removed:
			st.idx.Remove(p.Name)
		case set != nil && !matches(set, p):
			st.idx.Remove(p.Name)
			st.release[p.Name] = true
		default:
			st.idx.Put(p)
		}
		st.seen = max(st.seen, rv)
		ct.enqueue(st)
	})
}

// enqueue queues a sync of st unless one is queued (the work queue
// deduplicates keys).
func (ct *controller) enqueue(st *setState) {
	if st.queued {
		return
	}
	st.queued = true
	ct.c.eng.after(0, ActorStatefulSet, "sync statefulset/", st.key.name, func() { ct.sync(st) })
}

// sync is one run of the controller for a set (upstream: sync →
// syncStatefulSet → UpdateStatefulSet).
func (ct *controller) sync(st *setState) {
	c := ct.c
	st.queued = false
	set := c.sets[st.key]
	if set == nil || set.UID != st.uid || ct.byUID[st.uid] != st || st.seen < st.lastWrite {
		return
	}
	ct.claimPods(st, set)
	obs := sts.Observed{
		Set: set, Pods: st.idx, Revisions: c.ownedRevisions(set),
		Claims: claimsIn{c, set.Namespace}, Now: c.eng.now, Gates: c.gates,
	}
	plan := sts.Reconcile(obs)
	errs := ct.apply(st, set, plan)
	if c.cfg.OnSync != nil {
		c.cfg.OnSync(Sync{T: c.eng.now, Observed: obs, Plan: plan, Errors: errs})
	}
	ct.traceWait(st, set, plan)
	if plan.Wake > 0 {
		c.eng.at(plan.Wake, ActorStatefulSet, "requeue after minReadySeconds statefulset/", set.Name, func() { ct.enqueue(st) })
	}
	ct.retry(st, errs)
}

// traceWait records the controller's reason for waiting when it changes.
func (ct *controller) traceWait(st *setState, set *sts.StatefulSet, plan sts.Plan) {
	wait := plan.Wait
	for _, a := range plan.Actions {
		if a.Verb != sts.DeleteRevision {
			wait = "" // progress, not a wait
		}
	}
	if wait == "" || wait == st.lastWait {
		st.lastWait = wait
		return
	}
	st.lastWait = wait
	ct.c.record(Event{Actor: ActorStatefulSet, Verb: VerbWait, Kind: "StatefulSet", Name: set.Name, Namespace: set.Namespace, Reason: wait})
}

// retry requeues a failed sync with upstream's per-item exponential back-off
// (5ms doubling, capped at 1000s). Retries are background work: they do not
// keep the cluster from being stable.
func (ct *controller) retry(st *setState, errs []error) {
	if len(errs) == 0 {
		st.failures = 0
		return
	}
	d := 5 * time.Millisecond << min(st.failures, 20)
	d = min(d, 1000*time.Second)
	st.failures++
	ct.c.eng.backgroundAt(ct.c.eng.now+d, ActorStatefulSet, "retry statefulset/", st.key.name, func() { ct.enqueue(st) })
}

// ownedRevisions lists the set's ControllerRevisions sorted by revision.
func (c *Cluster) ownedRevisions(set *sts.StatefulSet) []*sts.ControllerRevision {
	out := slices.Clone(c.revByOwner[set.UID])
	sts.SortRevisions(out)
	return out
}

func keyLess(a, b key) int { return strings.Compare(a.ns+"/"+a.name, b.ns+"/"+b.name) }

// verbTitle is the title-cased verb of upstream's recordPodEvent messages
// ("Create Pod web-0 in StatefulSet web successful").
var verbTitle = map[string]string{"create": "Create", "update": "Update", "delete": "Delete"}
