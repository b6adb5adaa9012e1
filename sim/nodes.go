package sim

import (
	"cmp"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"time"

	"github.com/stsim/stsim/api"
)

// Nodes and node loss (nodes.go, taint_eviction.go, podgc.go), as a
// v1.32+ cluster behaves with the controller-manager's defaults.
//
// A node goes down in one of two ways. Power loss (NodeDown): the kubelet
// stops and the node's containers die with their in-memory state; the
// kubelet's runtime bookkeeping is gone, and when the node comes back the
// kubelet starts the pods still bound to it again (restartCount + 1, new
// IP). A network partition (NodePartition): the kubelet can neither report
// nor see the API, but the containers keep running; a pod force-deleted in
// the meantime keeps running on the node (PodRuntime.Orphaned) until the
// kubelet reconnects and kills it. Either way the API does not notice at
// once: the node-lifecycle-controller marks the Node Ready=Unknown at its
// first 5 s monitor pass more than the 50 s grace period after the last
// lease renewal (every 10 s), marks the node's pods Ready=False, taints the
// node node.kubernetes.io/unreachable:NoSchedule and, at the eviction rate
// (one node per zone per 10 s), :NoExecute. The taint eviction controller
// then deletes each pod once its toleration (300 s by default, added at
// pod creation) runs out — but the pod never finishes terminating, since
// no kubelet confirms its containers stopped, so the StatefulSet does not
// replace it (at most one pod per identity, #74689, #54368). Three things
// end the wait: a force delete of the pod, deleting the Node object (pod
// GC removes the pods of a node that is gone, after a 40 s quarantine), or
// the node.kubernetes.io/out-of-service taint on the NotReady node (pod GC
// force-deletes its terminating pods at its next 20 s pass). When the node
// comes back (NodeUp), its kubelet reports Ready, finishes the deletions
// and restarts the rest; the controller lifts its taints.
//
// Zone disruption is modelled as upstream's handleDisruption does it for
// taint-based eviction: when every zone has all its nodes NotReady, the
// controller takes its NoExecute taints off and evicts nothing (a
// control-plane partition is likelier than every node dying); a zone with
// more than two NotReady nodes and at least 55 % of them NotReady stops
// NoExecute tainting (clusters of at most 50 nodes per zone).
//
// Simplified: the kubelet's boot takes no time; the Ready condition is the
// only node condition (Ready=False from a reporting kubelet is not
// modelled); taints carry no timeAdded; the node-lifecycle-controller and
// the taint eviction controller act as one actor in the trace; pod GC acts
// as the garbage-collector.

// ActorNodeLifecycle is the node-lifecycle-controller's trace actor; the
// taint eviction controller's actions are recorded under it too.
const ActorNodeLifecycle = "node-lifecycle-controller"

// Durations and thresholds of the node-lifecycle-controller
// (kube-controller-manager defaults) and the kubelet's node lease.
const (
	nodeMonitorPeriod      = 5 * time.Second
	nodeMonitorGracePeriod = 50 * time.Second
	leaseRenewInterval     = 10 * time.Second
	noExecuteTaintingPass  = 100 * time.Millisecond
	zoneEvictionInterval   = 10 * time.Second // 1 / --node-eviction-rate=0.1
	largeClusterThreshold  = 50
	unhealthyZoneThreshold = 0.55
	defaultNodePods        = 110
	labelExcludeDisruption = "node.kubernetes.io/exclude-disruption"
)

// The taints the node-lifecycle-controller manages.
var (
	taintUnreachableNoSchedule = api.Taint{Key: api.TaintNodeUnreachable, Effect: api.TaintEffectNoSchedule}
	taintUnreachableNoExecute  = api.Taint{Key: api.TaintNodeUnreachable, Effect: api.TaintEffectNoExecute}
	taintNotReadyNoExecute     = api.Taint{Key: api.TaintNodeNotReady, Effect: api.TaintEffectNoExecute}
)

// Kubernetes Events of nodes (node-controller, kubelet) and of pods on lost
// nodes. Events about a Node are in the default namespace, as the API
// server puts events about cluster-scoped objects.
var (
	evNodeNotReady     = &eventTemplate{"Node", "Normal", "NodeNotReady", "node-controller", "Node %s status is now: NodeNotReady"}
	evNodeReady        = &eventTemplate{"Node", "Normal", "NodeReady", ActorKubelet, "Node %s status is now: NodeReady"}
	evNodeRegistered   = &eventTemplate{"Node", "Normal", "RegisteredNode", "node-controller", "Node %s event: Registered Node %s in Controller"}
	evNodeRemoving     = &eventTemplate{"Node", "Normal", "RemovingNode", "node-controller", "Node %s event: Removing Node %s from Controller"}
	evKubeletStarting  = &eventTemplate{"Node", "Normal", "Starting", ActorKubelet, "Starting kubelet."}
	evNodeRebooted     = &eventTemplate{"Node", "Warning", "Rebooted", ActorKubelet, "Node %s has been rebooted, boot id: %s"}
	evPodNodeNotReady  = &eventTemplate{"Pod", "Warning", "NodeNotReady", "node-controller", "Node is not ready"}
	evTaintEviction    = &eventTemplate{"Pod", "Normal", "TaintManagerEviction", "taint-eviction-controller", "Marking for deletion Pod %s"}
	evTaintEvictCancel = &eventTemplate{"Pod", "Normal", "TaintManagerEviction", "taint-eviction-controller", "Cancelling deletion of Pod %s"}
)

// nodeLifecycle is the node side of the cluster: each node's health as the
// kubelet and the controllers see it, the taint eviction controller's
// queue and pod GC.
type nodeLifecycle struct {
	c        *Cluster
	health   map[string]*nodeHealth
	offlineN int                      // nodes whose kubelet is cut off
	zoneNext map[string]time.Duration // the eviction rate limiter per zone
	// allDisrupted: every zone has all its nodes NotReady.
	allDisrupted bool
	// orphans are containers of pods force-deleted while their node was
	// partitioned: still running, unknown to the API.
	orphans   []PodRuntime
	evictions map[string]*eviction // taint_eviction.go, by pod UID
	gc        podGC                // podgc.go
}

// nodeHealth is one machine: its power, its network and whether its Node
// object exists.
type nodeHealth struct {
	name        string
	index       int
	powerOff    bool
	partitioned bool
	deleted     bool // the Node object is gone
	offline     bool // the kubelet neither reports nor acts
	// heartbeat is when the kubelet started renewing its lease; it renews
	// every leaseRenewInterval while it reports.
	heartbeat time.Duration
	gen       int  // bumped when the kubelet goes or comes back
	tainting  bool // a NoExecute taint waits for the rate limiter
	// restarts are the restart counts of the pods whose containers a power
	// loss killed, by pod UID, for the reboot.
	restarts map[string]int32
}

func (l *nodeLifecycle) init(c *Cluster) {
	l.c = c
	l.health = map[string]*nodeHealth{}
	l.zoneNext = map[string]time.Duration{}
	l.evictions = map[string]*eviction{}
	l.gc.init()
}

// zoneOf is the zone of the i-th node: zone-a, zone-b, zone-c in turn.
func zoneOf(i int) string {
	return "zone-" + string(rune('a'+(i-1)%3))
}

// nodePods is the pod capacity of new nodes.
func (c *Cluster) nodePods() int32 {
	if c.cfg.NodePods > 0 {
		return c.cfg.NodePods
	}
	return defaultNodePods
}

// nodeIndex is the index (pod CIDR, IPs) of a node: its own if the kubelet
// knew it before, else the next unused one.
func (c *Cluster) nodeIndex(name string) int {
	if ns := c.kubelet.nodes[name]; ns != nil {
		return ns.index
	}
	i := 0
	for _, ns := range c.kubelet.nodes {
		i = max(i, ns.index)
	}
	return i + 1
}

// nodeAdded is Cluster.addNode's hook: the machine is known and its Node
// object exists.
func (l *nodeLifecycle) nodeAdded(name string) {
	h := l.health[name]
	if h == nil {
		h = &nodeHealth{name: name, index: l.c.kubelet.nodes[name].index}
		l.health[name] = h
	}
	h.deleted = false
	h.heartbeat = l.c.eng.now
	l.setOffline(h)
}

// offline reports whether the node's kubelet is cut off (powered off,
// partitioned, or its Node object deleted): it neither sees pod changes
// nor reports.
func (l *nodeLifecycle) offline(name string) bool {
	if l.offlineN == 0 {
		return false
	}
	h := l.health[name]
	return h != nil && h.offline
}

// orphaned is the kubelet's force-delete hook: the running containers of a
// pod force-deleted while its node is partitioned keep running.
func (l *nodeLifecycle) orphaned(rt *container) bool {
	if l.offlineN == 0 || !rt.running {
		return false
	}
	h := l.health[rt.node]
	if h == nil || !h.partitioned || h.powerOff {
		return false
	}
	l.orphans = append(l.orphans, PodRuntime{Namespace: rt.key.ns, Name: rt.key.name, UID: rt.uid, Node: rt.node, Running: true, Orphaned: true})
	return true
}

// setOffline brings h.offline in line with the machine's state; a kubelet
// cut off stops acting (its pending steps are dropped), one that comes
// back syncs its pods.
func (l *nodeLifecycle) setOffline(h *nodeHealth) {
	want := h.powerOff || h.partitioned || h.deleted
	if want == h.offline {
		return
	}
	h.offline = want
	c := l.c
	if want {
		l.offlineN++
		for _, rt := range l.runtimesOn(h.name) {
			rt.gen++
			delete(c.stor.mounts, rt.uid)
		}
		return
	}
	l.offlineN--
	gen := h.gen
	c.eng.after(c.timing.WatchLatency, ActorKubelet, "sync pods of node/", h.name, func() {
		if h.gen == gen && !h.offline {
			l.resync(h)
		}
	})
}

// runtimesOn returns the kubelet's runtimes on a node, by pod key.
func (l *nodeLifecycle) runtimesOn(node string) []*container {
	var out []*container
	for _, rt := range l.c.kubelet.pods {
		if rt.node == node {
			out = append(out, rt)
		}
	}
	slices.SortFunc(out, func(a, b *container) int {
		return cmp.Or(keyLess(a.key, b.key), cmp.Compare(a.uid, b.uid))
	})
	return out
}

// podsOn returns the pods bound to a node, by key.
func (c *Cluster) podsOn(node string) []*api.Pod {
	var out []*api.Pod
	for _, slot := range c.pods {
		p := slot.cur
		if p.Spec.NodeName == node {
			out = append(out, p)
		}
	}
	slices.SortFunc(out, func(a, b *api.Pod) int { return keyLess(key{a.Namespace, a.Name}, key{b.Namespace, b.Name}) })
	return out
}

// nodeDetail is the trace detail of a Node write.
type nodeDetail struct {
	Ready  string   `json:"ready"`
	Taints []string `json:"taints,omitempty"`
}

func (c *Cluster) nodeDetail(n *api.Node) any {
	if !c.tracing() {
		return nil
	}
	d := nodeDetail{Ready: "True"}
	if !n.Status.Ready {
		d.Ready = "Unknown"
	}
	for _, t := range n.Spec.Taints {
		d.Taints = append(d.Taints, t.String())
	}
	return d
}

// writeNode stores a Node and tells its watchers: the taint eviction
// controller, the scheduler's queue and pod GC.
func (c *Cluster) writeNode(n *api.Node, e Event) {
	n.ResourceVersion = c.nextRV()
	c.nodes[n.Name] = n
	e.Kind, e.Name, e.Namespace = "Node", n.Name, ""
	if e.Detail == nil {
		e.Detail = c.nodeDetail(n)
	}
	c.record(e)
	c.life.nodeChanged(n.Name)
}

// nodeChanged notifies the watchers of a node change.
func (l *nodeLifecycle) nodeChanged(name string) {
	c := l.c
	c.eng.after(c.timing.WatchLatency, ActorNodeLifecycle, "watch node/", name, func() { l.noExecuteChanged(name) })
	c.sched.retryParked()
	if n := c.nodes[name]; n != nil && outOfService(n) {
		l.gcTerminatingLater()
	}
}

// powerOff takes a node down: by power loss, or by a network partition.
func (c *Cluster) powerOff(name string, partition bool) error {
	l := &c.life
	h := l.health[name]
	if h == nil {
		return api.NewNotFound("nodes", "", name)
	}
	if h.powerOff || partition && h.partitioned {
		return nil
	}
	if partition {
		h.partitioned = true
	} else {
		h.powerOff = true
		h.restarts = map[string]int32{}
		for _, rt := range l.runtimesOn(name) {
			r := rt.restarts
			if rt.started > 0 {
				r++ // the reboot's start is a restart
			}
			h.restarts[rt.uid] = r
			p := c.pod(rt.key)
			if p == nil || p.UID != rt.uid {
				p = &api.Pod{ObjectMeta: api.ObjectMeta{Name: rt.key.name, Namespace: rt.key.ns, UID: rt.uid}}
			}
			delete(c.stor.mounts, rt.uid)
			c.kubelet.podRemoved(p)
			c.workloadsReap(p) // the processes die with the machine
		}
		l.orphans = slices.DeleteFunc(l.orphans, func(o PodRuntime) bool { return o.Node == name })
	}
	l.setOffline(h)
	h.gen++
	l.monitorLater(h)
	return nil
}

// monitorLater schedules the controller's monitor pass that finds the
// node's lease expired: the first 5 s pass more than the grace period after
// the last renewal.
func (l *nodeLifecycle) monitorLater(h *nodeHealth) {
	c := l.c
	now := c.eng.now
	last := h.heartbeat + (now-h.heartbeat)/leaseRenewInterval*leaseRenewInterval
	at := nextTick(last+nodeMonitorGracePeriod, nodeMonitorPeriod)
	gen := h.gen
	c.eng.at(at, ActorNodeLifecycle, "monitor node/", h.name, func() {
		if h.gen == gen && h.offline {
			l.markUnknown(h)
		}
	})
}

// nextTick is the first multiple of period strictly after t.
func nextTick(t, period time.Duration) time.Duration {
	return (t/period + 1) * period
}

// markUnknown is the monitor pass for a node whose lease expired
// (tryUpdateNodeHealth, MarkPodsNotReady, doNoScheduleTaintingPass,
// processTaintBaseEviction).
func (l *nodeLifecycle) markUnknown(h *nodeHealth) {
	c := l.c
	n := c.nodes[h.name]
	if n == nil || !n.Status.Ready {
		return
	}
	m := *n
	m.Status.Ready = false
	c.writeNode(&m, Event{Actor: ActorNodeLifecycle, Verb: VerbStatus, Reason: "Ready=Unknown (NodeStatusUnknown): Kubelet stopped posting node status."})
	c.event("default", h.name, evNodeNotReady, h.name)
	for _, p := range c.podsOn(h.name) {
		cond := p.Status.Condition(api.PodReady)
		if cond == nil || cond.Status == api.ConditionFalse {
			continue
		}
		np := *p
		np.Status.Conditions = slices.Clone(p.Status.Conditions)
		rc := np.Status.Condition(api.PodReady)
		rc.Status, rc.LastTransitionTime = api.ConditionFalse, c.eng.now
		c.writePod(&np, Event{Actor: ActorNodeLifecycle, Verb: VerbStatus, Reason: "Ready=False: node " + h.name + " is not ready",
			Detail: c.podDetail(podDetail{Phase: string(p.Status.Phase), Ready: false})})
		c.event(p.Namespace, p.Name, evPodNodeNotReady)
	}
	gen := h.gen
	c.eng.after(c.timing.WatchLatency, ActorNodeLifecycle, "taint node/", h.name, func() {
		if h.gen == gen {
			l.setTaint(h.name, taintUnreachableNoSchedule, true, "node is unreachable")
		}
	})
	l.reconcileZones()
}

// setTaint adds or removes one of the controller's taints.
func (l *nodeLifecycle) setTaint(name string, t api.Taint, add bool, why string) {
	c := l.c
	n := c.nodes[name]
	if n == nil || hasTaint(n, t) == add {
		return
	}
	m := *n
	if add {
		m.Spec.Taints = append(slices.Clone(n.Spec.Taints), t)
		c.writeNode(&m, Event{Actor: ActorNodeLifecycle, Verb: VerbUpdate, Reason: "taint " + t.String() + ": " + why})
		return
	}
	m.Spec.Taints = slices.DeleteFunc(slices.Clone(n.Spec.Taints), func(o api.Taint) bool { return o.Key == t.Key && o.Effect == t.Effect })
	c.writeNode(&m, Event{Actor: ActorNodeLifecycle, Verb: VerbUpdate, Reason: "remove taint " + t.String() + ": " + why})
}

// hasTaint reports whether the node has a taint with t's key and effect.
func hasTaint(n *api.Node, t api.Taint) bool {
	return slices.ContainsFunc(n.Spec.Taints, func(o api.Taint) bool { return o.Key == t.Key && o.Effect == t.Effect })
}

// zoneState counts the nodes of one zone.
type zoneState struct{ total, notReady int }

func (z *zoneState) full() bool { return z.notReady > 0 && z.notReady == z.total }

// partial is upstream's PartialDisruption: more than two NotReady nodes,
// at least 55 % of the zone.
func (z *zoneState) partial() bool {
	return !z.full() && z.notReady > 2 && float64(z.notReady)/float64(z.total) >= unhealthyZoneThreshold
}

// reconcileZones is the controller's handleDisruption and its NoExecute
// tainting: the taints go on the NotReady nodes at the zone's eviction rate
// unless the zone is partially disrupted, and come off every node when all
// zones are fully disrupted.
func (l *nodeLifecycle) reconcileZones() {
	c := l.c
	zones := map[string]*zoneState{}
	for _, name := range c.nodeNames {
		n := c.nodes[name]
		if _, ok := n.Labels[labelExcludeDisruption]; ok {
			continue
		}
		z := zones[n.Labels[api.LabelTopologyZone]]
		if z == nil {
			z = &zoneState{}
			zones[n.Labels[api.LabelTopologyZone]] = z
		}
		z.total++
		if !n.Status.Ready {
			z.notReady++
		}
	}
	all := len(zones) > 0
	for _, z := range zones {
		all = all && z.full()
	}
	l.allDisrupted = all
	if all {
		// markNodeAsReachable on every node, at the next monitor pass.
		c.eng.at(nextTick(c.eng.now, nodeMonitorPeriod), ActorNodeLifecycle, "monitor nodes", "", func() {
			if !l.allDisrupted {
				return
			}
			for _, name := range slices.Clone(c.nodeNames) {
				const why = "every zone is fully disrupted: evictions stop"
				l.setTaint(name, taintUnreachableNoExecute, false, why)
				l.setTaint(name, taintNotReadyNoExecute, false, why)
			}
		})
		return
	}
	for _, name := range c.nodeNames {
		n, h := c.nodes[name], l.health[name]
		if n.Status.Ready || h.tainting || hasTaint(n, taintUnreachableNoExecute) {
			continue
		}
		zone := n.Labels[api.LabelTopologyZone]
		if z := zones[zone]; z != nil && z.partial() && z.total <= largeClusterThreshold {
			continue // the zone's eviction rate is 0
		}
		at := max(nextTick(c.eng.now, noExecuteTaintingPass), l.zoneNext[zone])
		l.zoneNext[zone] = at + zoneEvictionInterval
		h.tainting = true
		c.eng.at(at, ActorNodeLifecycle, "taint node/", name, func() {
			h.tainting = false
			if n := c.nodes[name]; n != nil && !n.Status.Ready && !l.allDisrupted {
				l.setTaint(name, taintUnreachableNoExecute, true, "node is unreachable")
			}
		})
	}
}

// powerOn brings a node back: power restored or partition healed. The
// kubelet reports Ready (registering the Node again if it was deleted) and
// syncs its pods; the controller lifts its taints.
func (c *Cluster) powerOn(name string) error {
	l := &c.life
	h := l.health[name]
	if h == nil {
		return api.NewNotFound("nodes", "", name)
	}
	if !h.powerOff && !h.partitioned {
		if h.deleted {
			// the machine runs and its Node is gone: the kubelet restarts and
			// registers it again
			h.heartbeat = c.eng.now
			c.registerNode(name, h.index, "kubelet restarted and registered the node again")
		}
		return nil
	}
	rebooted := h.powerOff
	h.powerOff, h.partitioned = false, false
	h.gen++
	h.heartbeat = c.eng.now
	if h.deleted {
		c.registerNode(name, h.index, "kubelet registered the node again")
		return nil
	}
	l.setOffline(h)
	if rebooted {
		c.event("default", name, evKubeletStarting)
		c.event("default", name, evNodeRebooted, name, c.uid())
	}
	n := c.nodes[name]
	if n.Status.Ready {
		// Back before the controller noticed this outage. The taints of an
		// earlier one, whose lifting this outage cancelled, still come off:
		// the controller's passes are level-triggered (a Ready node loses
		// them whatever happened before).
		if hasTaint(n, taintUnreachableNoSchedule) || hasTaint(n, taintUnreachableNoExecute) || hasTaint(n, taintNotReadyNoExecute) {
			l.liftTaints(h)
		}
		return nil
	}
	m := *n
	m.Status.Ready = true
	c.writeNode(&m, Event{Actor: ActorKubelet, Verb: VerbStatus, Reason: "Ready=True (KubeletReady): kubelet is posting ready status"})
	c.event("default", name, evNodeReady, name)
	l.liftTaints(h)
	l.reconcileZones()
	return nil
}

// liftTaints takes the unreachable and not-ready taints off a Ready node:
// NoSchedule once the controller sees the node (doNoScheduleTaintingPass),
// NoExecute at its next monitor pass (doNoExecuteTaintingPass), unless the
// node goes down again first.
func (l *nodeLifecycle) liftTaints(h *nodeHealth) {
	c, name, gen := l.c, h.name, h.gen
	c.eng.after(c.timing.WatchLatency, ActorNodeLifecycle, "taint node/", name, func() {
		if h.gen == gen {
			l.setTaint(name, taintUnreachableNoSchedule, false, "node is Ready")
		}
	})
	c.eng.at(nextTick(c.eng.now, nodeMonitorPeriod), ActorNodeLifecycle, "monitor node/", name, func() {
		if h.gen == gen {
			l.setTaint(name, taintUnreachableNoExecute, false, "node is Ready")
			l.setTaint(name, taintNotReadyNoExecute, false, "node is Ready")
		}
	})
}

// registerNode creates a Node as a joining kubelet does.
func (c *Cluster) registerNode(name string, index int, reason string) {
	c.addNode(name, index)
	n := c.nodes[name]
	c.record(Event{Actor: ActorKubelet, Verb: VerbCreate, Kind: "Node", Name: name, Reason: reason, Detail: c.nodeDetail(n)})
	c.event("default", name, evNodeRegistered, name, name)
	c.life.nodeChanged(name)
	c.life.reconcileZones()
}

// deleteNode removes a Node object; the machine, if it runs, is left alone
// (its kubelet stops acting until it registers the node again, NodeUp),
// and pod GC removes its pods.
func (c *Cluster) deleteNode(name, actor, reason string) error {
	if c.nodes[name] == nil {
		return api.NewNotFound("nodes", "", name)
	}
	delete(c.nodes, name)
	c.nodeNames = slices.DeleteFunc(c.nodeNames, func(n string) bool { return n == name })
	c.nextRV()
	c.record(Event{Actor: actor, Verb: VerbRemove, Kind: "Node", Name: name, Reason: reason})
	c.event("default", name, evNodeRemoving, name, name)
	l := &c.life
	h := l.health[name]
	h.deleted = true
	l.setOffline(h)
	l.gcOrphansLater()
	l.reconcileZones()
	c.sched.retryParked()
	return nil
}

// resync is a kubelet coming back: it finishes the deletions of its pods,
// starts the pods bound to it meanwhile, restarts those a power loss
// killed, reports the ones still running, and kills the containers of pods
// that are gone.
func (l *nodeLifecycle) resync(h *nodeHealth) {
	c := l.c
	k := &c.kubelet
	kept := l.orphans[:0]
	for _, o := range l.orphans {
		if o.Node != h.name {
			kept = append(kept, o)
			continue
		}
		c.record(Event{Actor: ActorKubelet, Verb: VerbRemove, Kind: "Container", Name: o.Name, Namespace: o.Namespace,
			Reason: "killed the containers of pod uid " + o.UID + ": the pod was deleted while " + h.name + " was unreachable"})
	}
	l.orphans = kept
	for _, p := range c.podsOn(h.name) {
		rt := k.pods[p.UID]
		switch {
		case podTerminated(p):
		case p.Terminating():
			if rt == nil {
				c.removePod(p, ActorKubelet, "no containers left to stop")
				continue
			}
			rt.stopping = false
			k.podChanged(p)
		case rt == nil && p.Status.Phase == api.PodPending && h.restarts[p.UID] == 0:
			k.podChanged(p)
		case rt == nil:
			rt = &container{key: key{p.Namespace, p.Name}, uid: p.UID, node: h.name, restarts: h.restarts[p.UID], pod: p, k: k}
			k.pods[p.UID] = rt
			k.laterStep(rt, 0, "start containers of pod/", false, stepPull)
		case rt.running:
			l.reportRunning(p, rt)
		default:
			rt.gen++
			if rt.started > 0 {
				rt.restarts++ // it ran before: a restart
			}
			k.laterStep(rt, 0, "restart containers of pod/", false, stepPull)
		}
	}
	h.restarts = nil
}

// reportRunning is the kubelet's status sync for containers that kept
// running while the node was unreachable, with their timers re-armed.
func (l *nodeLifecycle) reportRunning(p *api.Pod, rt *container) {
	k := &l.c.kubelet
	b := k.behaviour(p)
	delay, ready := k.readinessDelay(p, b)
	since := l.c.eng.now - rt.started
	if !ready && delay >= 0 && since >= delay {
		ready = true
	}
	if v, ok := k.readyFor[rt.key]; ok {
		ready = v
	}
	n := *p
	n.Status = k.status(p, "running", "", ready, rt.restarts)
	n.Status.Phase = api.PodRunning
	reason := "node reachable again: containers running"
	if ready {
		reason += "; Ready"
	}
	l.c.writePod(&n, Event{Actor: ActorKubelet, Verb: VerbStatus, Reason: reason, Detail: l.c.podDetail(podDetail{Phase: "Running", Ready: ready})})
	if !ready && delay >= 0 {
		k.later(rt, delay-since, "readiness probe of pod/", false, func(p *api.Pod) { k.setReady(p, true, "readiness probe succeeded") })
	}
	if b.kind == crashAfter {
		k.later(rt, max(0, b.delay-since), "crash of pod/", false, func(p *api.Pod) { k.exit(p, 1, "Error") })
	}
}

// kubeletUnreachable is the API server's error for an exec or a logs
// request to a pod whose kubelet it cannot reach, or nil.
func (c *Cluster) kubeletUnreachable(node string) error {
	if !c.life.offline(node) {
		return nil
	}
	n := c.nodes[node]
	if n == nil {
		return api.NewNotFound("nodes", "", node)
	}
	return &api.StatusError{Code: http.StatusInternalServerError,
		Message: "error dialing backend: dial tcp " + n.Status.InternalIP + ":10250: i/o timeout"}
}

// PodRuntime is what a node actually runs for one pod incarnation. It is
// the kubelets' view, which differs from the API's while a node is
// unreachable: a powered-off node runs nothing, and a partitioned one
// keeps running the containers of pods deleted meanwhile.
type PodRuntime struct {
	Namespace, Name, UID, Node string
	// Running: the containers run (not crashed, not stopped).
	Running bool
	// Orphaned: the pod object is gone (force-deleted while the node was
	// partitioned); the kubelet kills the containers when it reconnects.
	Orphaned bool
}

// Runtime returns what every node runs, sorted by namespace, name and UID.
func (c *Cluster) Runtime() []PodRuntime {
	out := slices.Clone(c.life.orphans)
	for _, rt := range c.kubelet.pods {
		out = append(out, PodRuntime{Namespace: rt.key.ns, Name: rt.key.name, UID: rt.uid, Node: rt.node, Running: rt.running})
	}
	slices.SortFunc(out, func(a, b PodRuntime) int {
		return cmp.Or(cmp.Compare(a.Namespace, b.Namespace), cmp.Compare(a.Name, b.Name), cmp.Compare(a.UID, b.UID))
	})
	return out
}

// Node returns the named Node.
func (c *Cluster) Node(name string) (*api.Node, bool) {
	n, ok := c.nodes[name]
	return n, ok
}

// NodeOptions are the properties of a node AddNode registers.
type NodeOptions struct {
	// Pods is the node's pod capacity; 0 means Config.NodePods.
	Pods int32
	// Labels are added to the node's hostname, os and zone labels (a
	// topology.kubernetes.io/zone label here overrides the zone).
	Labels map[string]string
	// Taints the node registers with.
	Taints []api.Taint
}

// AddNode registers a new Ready node, as a kubelet joining the cluster
// does. Its zone is zone-a, zone-b or zone-c in turn with its index.
func (c *Cluster) AddNode(name string, opts NodeOptions) error {
	if errs := api.IsDNS1123Subdomain(name); len(errs) > 0 {
		return api.NewInvalid("Node", "", name, api.ErrorList{api.Invalid(api.NewPath("metadata", "name"), name, errs[0])})
	}
	if c.nodes[name] != nil {
		return api.NewAlreadyExists("nodes", "", name)
	}
	if h := c.life.health[name]; h != nil && (h.powerOff || h.partitioned) {
		return api.NewAlreadyExists("nodes", "", name) // the machine exists: bring it up instead
	}
	c.addNode(name, c.nodeIndex(name))
	n := c.nodes[name]
	maps.Copy(n.Labels, opts.Labels)
	n.Spec.Taints = slices.Clone(opts.Taints)
	if opts.Pods > 0 {
		n.Status.Pods = opts.Pods
	}
	c.record(Event{Actor: ActorKubelet, Verb: VerbCreate, Kind: "Node", Name: name, Reason: "kubelet registered the node", Detail: c.nodeDetail(n)})
	c.event("default", name, evNodeRegistered, name, name)
	c.life.nodeChanged(name)
	c.life.reconcileZones()
	return nil
}

// DeleteNode deletes the Node object, as `kubectl delete node` does: the
// machine is left alone, and pod GC deletes the node's pods after its
// quarantine. Deleting the Node of a lost machine is one of the ways to let
// its StatefulSet pods be replaced.
func (c *Cluster) DeleteNode(name string) error {
	return c.deleteNode(name, ActorUser, "deleted by user")
}

// TaintNode adds a taint to a node (`kubectl taint nodes NAME
// KEY[=VALUE]:EFFECT`); a taint with the same key and effect is replaced.
func (c *Cluster) TaintNode(name string, t api.Taint) error {
	return c.taintNode(name, t, false, ActorUser)
}

// UntaintNode removes the node's taint with t's key and effect (`kubectl
// taint nodes NAME KEY:EFFECT-`).
func (c *Cluster) UntaintNode(name string, t api.Taint) error {
	return c.taintNode(name, t, true, ActorUser)
}

func (c *Cluster) taintNode(name string, t api.Taint, remove bool, actor string) error {
	n := c.nodes[name]
	if n == nil {
		return api.NewNotFound("nodes", "", name)
	}
	if err := validateTaint(name, t, remove); err != nil {
		return err
	}
	m := *n
	match := func(o api.Taint) bool { return o.Key == t.Key && (o.Effect == t.Effect || remove && t.Effect == "") }
	if remove {
		if !slices.ContainsFunc(n.Spec.Taints, match) {
			return fmt.Errorf("taint %q not found", t.String())
		}
		m.Spec.Taints = slices.DeleteFunc(slices.Clone(n.Spec.Taints), match)
		c.writeNode(&m, Event{Actor: actor, Verb: VerbPatch, Reason: "remove taint " + t.String()})
		return nil
	}
	if i := slices.IndexFunc(n.Spec.Taints, match); i >= 0 && n.Spec.Taints[i] == t {
		return nil
	}
	m.Spec.Taints = append(slices.DeleteFunc(slices.Clone(n.Spec.Taints), match), t)
	c.writeNode(&m, Event{Actor: actor, Verb: VerbPatch, Reason: "taint " + t.String()})
	return nil
}

// validateTaint is the API server's taint validation.
func validateTaint(node string, t api.Taint, remove bool) error {
	var errs api.ErrorList
	p := api.NewPath("spec", "taints")
	for _, msg := range api.IsQualifiedName(t.Key) {
		errs = append(errs, api.Invalid(p.Child("key"), t.Key, msg))
	}
	if t.Value != "" {
		for _, msg := range api.IsValidLabelValue(t.Value) {
			errs = append(errs, api.Invalid(p.Child("value"), t.Value, msg))
		}
	}
	switch t.Effect {
	case api.TaintEffectNoSchedule, api.TaintEffectPreferNoSchedule, api.TaintEffectNoExecute:
	case "":
		if !remove {
			errs = append(errs, api.Required(p.Child("effect"), ""))
		}
	default:
		errs = append(errs, api.NotSupported(p.Child("effect"), t.Effect,
			[]string{api.TaintEffectNoExecute, api.TaintEffectNoSchedule, api.TaintEffectPreferNoSchedule}))
	}
	if len(errs) > 0 {
		return api.NewInvalid("Node", "", node, errs)
	}
	return nil
}

// outOfService reports whether the node is NotReady and tainted
// out-of-service (pod GC's gcTerminating condition).
func outOfService(n *api.Node) bool {
	return !n.Status.Ready && slices.ContainsFunc(n.Spec.Taints, func(t api.Taint) bool { return t.Key == api.TaintNodeOutOfService })
}
