package sim

import (
	"strings"
	"time"

	"github.com/stsim/stsim/api"
	"github.com/stsim/stsim/sts"
)

// controller is the StatefulSet controller actor: it keeps one Index per set
// from watch events, syncs a set when something about it changed, and
// applies the plan sts.Reconcile returns.
type controller struct {
	c       *Cluster
	byUID   map[string]*setState
	inbox   fifo[delivery] // pod changes not yet delivered, in write order
	drainAt time.Duration  // when the last scheduled delivery event runs
	drainFn func()
	// setInbox holds the set changes not yet delivered, one watch event
	// each (setWatchFn, made once): the watch latency is fixed, so the
	// events run in the order of the changes and each takes the oldest.
	setInbox   fifo[setDelivery]
	setWatchFn func()
}

// setDelivery is one set change on its way to the controller.
type setDelivery struct {
	set     *sts.StatefulSet
	removed bool
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
	// syncFn is the queued sync's event, made once; the set's claim and
	// revision listers are boxed once.
	syncFn    func()
	claimsIn  sts.Claims
	revsNamed sts.RevisionNames
}

// listers returns the claim and revision listers of the set's namespace.
func (st *setState) listers(c *Cluster, ns string) (sts.Claims, sts.RevisionNames) {
	if st.claimsIn == nil {
		st.claimsIn, st.revsNamed = claimsIn{c, ns}, revisionsIn{c, ns}
	}
	return st.claimsIn, st.revsNamed
}

func (ct *controller) init(c *Cluster) {
	ct.c = c
	ct.byUID = map[string]*setState{}
	ct.drainAt = -1
}

// setChanged is the set informer's handler (upstream: addStatefulset,
// updateStatefulset, deleteStatefulset all enqueue).
func (ct *controller) setChanged(set *sts.StatefulSet, removed bool) {
	c := ct.c
	ct.setInbox.push(setDelivery{set, removed})
	if ct.setWatchFn == nil {
		ct.setWatchFn = ct.setWatch // a method value allocates: made once
	}
	c.eng.after(c.timing.WatchLatency, ActorStatefulSet, "watch statefulset/", set.Name, ct.setWatchFn)
}

// setWatch delivers the oldest set change.
func (ct *controller) setWatch() {
	d := *ct.setInbox.front()
	ct.setInbox.pop()
	set := d.set
	st := ct.byUID[set.UID]
	if d.removed {
		delete(ct.byUID, set.UID)
		return
	}
	if st == nil {
		st = &setState{key: key{set.Namespace, set.Name}, uid: set.UID, idx: sts.NewIndex(set),
			adopt: map[string]bool{}, release: map[string]bool{}}
		ct.byUID[set.UID] = st
		ct.findOrphans(st, set)
	}
	st.seen = max(st.seen, set.ResourceVersion)
	ct.enqueue(st)
}

// podChanged is the pod informer: the change reaches the controller after
// the watch latency. Changes due at one instant are delivered by one event,
// in write order, so a burst of writes costs one event, not one per write.
// What the set's index needs of the pod is read now, while the pod is at
// hand (sts.PodFacts), so that delivering a burst of 100,000 pod changes
// reads none of the pods again; a create's labels are read now too, an
// update's at delivery, where the index mostly has them already.
func (ct *controller) podChanged(p *api.Pod, removed, created bool) {
	c := ct.c
	at := c.eng.now + c.timing.WatchLatency
	d := delivery{at: at, pod: p, removed: removed, rv: c.rv}
	if ref := p.ControllerRef(); ref != nil && ref.Kind == "StatefulSet" {
		d.owner = ref.UID
		if st := ct.byUID[ref.UID]; st != nil && !removed {
			d.st, d.facts = st, st.idx.Facts(p)
			if created {
				st.idx.ReadLabels(p, &d.facts)
			}
		}
	}
	ct.inbox.push(d)
	if ct.drainAt != at {
		ct.drainAt = at
		if ct.drainFn == nil {
			ct.drainFn = ct.drain // a method value allocates: made once
		}
		c.eng.at(at, ActorStatefulSet, "watch pod/", p.Name, ct.drainFn)
	}
}

// delivery is one pod change on its way to the controller: the pod, the
// UID of its controller if that is a StatefulSet, and the pod's facts for
// the index of st, when the controller knew the set at the write.
type delivery struct {
	at      time.Duration
	pod     *api.Pod
	removed bool
	rv      uint64
	owner   string
	st      *setState
	facts   sts.PodFacts
}

// drain delivers every pod change that is due.
func (ct *controller) drain() {
	now := ct.c.eng.now
	for ct.inbox.len() > 0 && ct.inbox.front().at <= now {
		d := ct.inbox.front()
		ct.deliver(d)
		ct.inbox.pop()
	}
}

// deliver is the pod event handler: the pod reaches the index of the set
// that controls it, or is offered for adoption to the sets that match it.
func (ct *controller) deliver(d *delivery) {
	p := d.pod
	if d.owner == "" {
		if !d.removed && p.ControllerRef() == nil {
			ct.offerOrphan(p)
		}
		return
	}
	st := ct.byUID[d.owner]
	if st == nil {
		return
	}
	if d.removed {
		st.idx.Remove(p.Name)
	} else {
		f := d.facts
		if d.st != st { // the set was not known at the write
			f = st.idx.Facts(p)
		}
		st.idx.ReadLabels(p, &f)
		if !f.Selected() && ct.c.sets[st.key] != nil {
			st.idx.Remove(p.Name)
			st.release[p.Name] = true
		} else {
			st.idx.PutFacts(p, f)
		}
	}
	st.seen = max(st.seen, d.rv)
	ct.enqueue(st)
}

// enqueue queues a sync of st unless one is queued (the work queue
// deduplicates keys).
func (ct *controller) enqueue(st *setState) {
	if st.queued {
		return
	}
	st.queued = true
	if st.syncFn == nil {
		st.syncFn = func() { ct.sync(st) }
	}
	ct.c.eng.after(0, ActorStatefulSet, "sync statefulset/", st.key.name, st.syncFn)
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
	if err := ct.adoptRevisions(set); err != nil {
		ct.traceWait(st, set, sts.Plan{Wait: err.Error()})
		ct.retry(st, []error{err})
		return
	}
	ct.claimPods(st, set)
	claims, revs := st.listers(c, set.Namespace)
	obs := sts.Observed{
		Set: set, Pods: st.idx, Revisions: c.listRevisions(set), RevisionNames: revs,
		Claims: claims, Now: c.eng.now, Gates: c.gates,
	}
	plan := sts.Reconcile(obs)
	plan = c.filterPlan(plan, obs)
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
		if a.Verb != sts.DeleteRevision && a.Verb != sts.FailPod {
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
	schedule := ct.c.eng.backgroundAt
	if transient(errs) {
		schedule = ct.c.eng.at // injected API failures end: the retry will progress (fault.go)
	}
	schedule(ct.c.eng.now+d, ActorStatefulSet, "retry statefulset/", st.key.name, func() { ct.enqueue(st) })
}

func keyLess(a, b key) int { return strings.Compare(a.ns+"/"+a.name, b.ns+"/"+b.name) }
