package sim

import (
	"maps"
	"slices"
	"time"

	"github.com/stsim/stsim/api"
	"github.com/stsim/stsim/dns"
)

// sliceController is the endpointslice controller actor: it keeps, per
// service with a selector, the endpoint of every selected pod
// (dns.EndpointFor) in EndpointSlices of at most 100 endpoints grouped by
// port set, and writes only the slices a change touches (upstream:
// pkg/controller/endpointslice, k8s.io/endpointslice reconciler). It sees
// pods and services after the watch latency and syncs a service
// Timing.EndpointSlice later.
type sliceController struct {
	d       *dnsState
	states  map[key]*svcEndpoints
	inbox   fifo[podDelivery]
	drainAt time.Duration
}

// svcEndpoints is the controller's memory of one service.
type svcEndpoints struct {
	key    key
	uid    string
	queued bool
	full   bool            // resync every pod of the namespace
	dirty  map[string]bool // pods to resync, by name
	eps    map[string]*podEndpoint
	slices map[string]bool // names of the service's slices
}

// podEndpoint is a pod's endpoint, its resolved ports and its slice.
type podEndpoint struct {
	ep    dns.Endpoint
	ports []dns.EndpointPort
	slice string
}

// podDelivery is a pod change on its way to the controller.
type podDelivery struct {
	at time.Duration
	ns string
	// name is the pod's name.
	name string
}

func (ct *sliceController) init(d *dnsState) {
	ct.d = d
	ct.states = map[key]*svcEndpoints{}
	ct.drainAt = -1
}

// serviceChanged is the service informer: a new or changed service gets a
// full sync; a deleted one is forgotten (the garbage collector removes its
// slices).
func (ct *sliceController) serviceChanged(s *dns.Service, removed bool) {
	c := ct.d.c
	k := key{s.Namespace, s.Name}
	c.eng.after(c.timing.WatchLatency, ActorEndpointSlice, "watch service/", s.Name, func() {
		st := ct.states[k]
		if removed {
			if st != nil && st.uid == s.UID {
				delete(ct.states, k)
			}
			return
		}
		if st == nil || st.uid != s.UID {
			st = &svcEndpoints{key: k, uid: s.UID, dirty: map[string]bool{}, eps: map[string]*podEndpoint{}, slices: map[string]bool{}}
			ct.states[k] = st
		}
		st.full = true
		ct.enqueue(st)
	})
}

// podChanged is the pod informer. Namespaces without a service that has a
// selector are skipped at once.
func (ct *sliceController) podChanged(p *api.Pod) {
	c := ct.d.c
	if ct.d.selecting[p.Namespace] == 0 {
		return
	}
	at := c.eng.now + c.timing.WatchLatency
	ct.inbox.push(podDelivery{at: at, ns: p.Namespace, name: p.Name})
	if ct.drainAt != at {
		ct.drainAt = at
		c.eng.at(at, ActorEndpointSlice, "watch pod/", p.Name, ct.drain)
	}
}

// drain delivers the pod changes that are due: each marks the pod dirty in
// the services that select it or list it.
func (ct *sliceController) drain() {
	now := ct.d.c.eng.now
	for ct.inbox.len() > 0 && ct.inbox.front().at <= now {
		d := *ct.inbox.front()
		ct.inbox.pop()
		ct.deliver(d)
	}
}

func (ct *sliceController) deliver(pd podDelivery) {
	p := ct.d.c.pod(key{pd.ns, pd.name})
	for _, k := range slices.SortedFunc(maps.Keys(ct.states), keyLess) {
		st := ct.states[k]
		svc := ct.d.services[k]
		if k.ns != pd.ns || svc == nil {
			continue
		}
		if _, listed := st.eps[pd.name]; listed || p != nil && dns.Selects(svc, p) {
			st.dirty[pd.name] = true
			ct.enqueue(st)
		}
	}
}

// enqueue queues a sync of st unless one is queued.
func (ct *sliceController) enqueue(st *svcEndpoints) {
	if st.queued {
		return
	}
	st.queued = true
	delay, _ := ct.d.timing()
	ct.d.c.eng.after(delay, ActorEndpointSlice, "sync service/", st.key.name, func() { ct.sync(st) })
}

// sync reconciles the slices of one service with its pods. A service
// without a selector is left alone, its slices (if any) as they are, as
// upstream leaves them.
func (ct *sliceController) sync(st *svcEndpoints) {
	st.queued = false
	svc := ct.d.services[st.key]
	if svc == nil || svc.UID != st.uid || ct.states[st.key] != st || svc.Spec.Selector == nil {
		return
	}
	names := ct.podsToSync(st)
	b := newSliceBatch(ct.d, st, svc)
	for _, name := range names {
		b.reconcilePod(name)
	}
	b.finish()
}

// podsToSync returns the dirty pods, or every pod of the namespace and
// every listed pod on a full sync, sorted.
func (ct *sliceController) podsToSync(st *svcEndpoints) []string {
	if st.full {
		st.full = false
		for k := range ct.d.c.pods {
			if k.ns == st.key.ns {
				st.dirty[k.name] = true
			}
		}
		for name := range st.eps {
			st.dirty[name] = true
		}
	}
	names := slices.Sorted(maps.Keys(st.dirty))
	clear(st.dirty)
	return names
}
