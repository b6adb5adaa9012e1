package sim

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/stsim/stsim/api"
)

// kubelet models the kubelets of all nodes: it starts the containers of pods
// bound to its node (pulling images once per node), reports Running and
// Ready, restarts crashed containers with back-off, and stops containers of
// deleted pods before removing the pod object.
type kubelet struct {
	c        *Cluster
	nodes    map[string]*nodeState
	pods     map[string]*container // by pod UID
	byImage  map[string]Behaviour
	byPod    map[key]Behaviour
	readyFor map[key]bool // readiness overrides ("readiness pod NAME true|false")
	conds    condCache
	statuses statusCache
}

type nodeState struct {
	index  int
	next   int    // next never-used overflow address index (≥ 253)
	free   []int  // freed overflow address indexes
	over   []bool // which overflow addresses (index-253) are in use
	images map[string]bool
	slot   [253]bool // which addresses of the node's /24 are in use
	inSlot int       // how many of them
	cursor int       // the /24 index after the last one handed out
}

// inUse reports whether the node's address index i is held by a pod.
func (n *nodeState) inUse(i int) bool {
	if i < len(n.slot) {
		return n.slot[i]
	}
	return i-len(n.slot) < len(n.over) && n.over[i-len(n.slot)]
}

// container is the runtime state of one pod incarnation (all its containers
// move together).
type container struct {
	key      key
	uid      string
	node     string
	gen      int32 // bumped on every start and stop; stale steps check it
	ipIndex  int32 // ip's index in its node's addresses (podIP)
	running  bool
	stopping bool
	restarts int32 // restartCount: starts after the first
	crashes  int32 // exits since the crash back-off last reset
	pulls    int32 // failed image pulls (the pull back-off)
	started  time.Duration
	ip       string
	// pod is the stored object of this incarnation (every write reaches
	// podChanged), nil once removed: steps read it without a store lookup.
	pod *api.Pod
	// slot is the pod's store slot, for the kubelet's writes (nil: look
	// it up).
	slot *podSlot
	k    *kubelet
}

func (k *kubelet) init(c *Cluster) {
	k.c = c
	k.nodes = map[string]*nodeState{}
	k.pods = map[string]*container{}
	k.byImage = map[string]Behaviour{}
	k.byPod = map[key]Behaviour{}
	k.readyFor = map[key]bool{}
}

func (k *kubelet) addNode(name string, i int) {
	if k.nodes[name] != nil {
		return // registered again (nodes.go): the runtime state is the node's
	}
	k.nodes[name] = &nodeState{index: i, images: map[string]bool{}}
}

// behaviour returns how the pod's containers behave.
func (k *kubelet) behaviour(p *api.Pod) Behaviour {
	if len(k.byPod) == 0 && len(k.byImage) == 0 {
		return Healthy()
	}
	if b, ok := k.byPod[key{p.Namespace, p.Name}]; ok {
		return b
	}
	for _, ct := range p.Spec.Containers {
		if b, ok := k.byImage[ct.Image]; ok {
			return b
		}
	}
	return Healthy()
}

// The kubelet's steps every pod takes run without a closure: the event
// carries the container (a stepper) and the step with the generation it
// belongs to.
const (
	stepPull = iota
	stepRun
	stepStop
	stepKinds
)

// write stores a status the kubelet made for rt's pod.
func (k *kubelet) write(rt *container, p *api.Pod, e Event) {
	if s := rt.slot; s != nil && s.cur != nil {
		k.c.writePodIn(s, p, e)
		return
	}
	k.c.writePod(p, e)
}

// laterStep schedules step kind of rt's current generation.
func (k *kubelet) laterStep(rt *container, d time.Duration, what string, background bool, kind uint64) {
	arg := uint64(rt.gen)*stepKinds + kind
	k.c.eng.atStep(k.c.eng.now+d, background, ActorKubelet, what, rt.key.name, rt, nil, arg)
}

// runStep runs a step laterStep scheduled, unless the pod is gone or the
// container moved on to another generation.
func (rt *container) runStep(_ *podSlot, arg uint64) {
	p := rt.pod
	if p == nil || uint64(rt.gen) != arg/stepKinds {
		return
	}
	switch arg % stepKinds {
	case stepPull:
		rt.k.pull(rt, p)
	case stepRun:
		rt.k.run(rt, p)
	case stepStop:
		rt.k.stop(rt, p)
	}
}

// later schedules a step of rt's current generation.
func (k *kubelet) later(rt *container, d time.Duration, what string, background bool, fn func(p *api.Pod)) {
	gen := rt.gen
	step := func() {
		if p := rt.pod; p != nil && rt.gen == gen {
			fn(p)
		}
	}
	if background {
		k.c.eng.backgroundAt(k.c.eng.now+d, ActorKubelet, what, rt.key.name, step)
		return
	}
	k.c.eng.after(d, ActorKubelet, what, rt.key.name, step)
}

// podChanged is the kubelet's pod watch.
func (k *kubelet) podChanged(p *api.Pod) {
	s := k.c.pods[key{p.Namespace, p.Name}]
	if s != nil && s.uid != p.UID {
		s = nil
	}
	k.podChangedIn(s, p)
}

// podChangedIn is podChanged of p, stored in slot s (or nil).
func (k *kubelet) podChangedIn(s *podSlot, p *api.Pod) {
	if p.Spec.NodeName == "" {
		return
	}
	var rt *container
	if s != nil && s.rt != nil && s.rt.pod != nil {
		rt = s.rt
	} else if rt = k.pods[p.UID]; rt != nil && s != nil {
		s.rt, rt.slot = rt, s // a runtime made without the slot (nodes.go)
	}
	if rt != nil {
		rt.pod = p
	}
	if k.c.life.offline(p.Spec.NodeName) {
		return // an unreachable or powered-off node's kubelet sees nothing (nodes.go)
	}
	if rt == nil {
		if p.Terminating() || p.Status.Phase != api.PodPending {
			return
		}
		rt = &container{key: key{p.Namespace, p.Name}, uid: p.UID, node: p.Spec.NodeName, pod: p, slot: s, k: k}
		k.pods[p.UID] = rt
		if s != nil {
			s.rt = rt
		}
		k.laterStep(rt, k.c.timing.WatchLatency, "start containers of pod/", false, stepPull)
		return
	}
	if p.Terminating() && !rt.stopping {
		rt.stopping = true
		rt.gen++
		k.laterStep(rt, k.c.timing.WatchLatency, "stop containers of pod/", false, stepStop)
	}
}

// pull pulls the images the node does not have yet.
func (k *kubelet) pull(rt *container, p *api.Pod) {
	if !k.c.volumesMountable(p) {
		return // waits for its claims (storage_kubelet.go)
	}
	node := k.nodes[rt.node]
	if k.behaviour(p).kind == pullFails {
		k.pullFailed(rt, p)
		return
	}
	var d time.Duration
	for _, ct := range p.Spec.Containers {
		if node.images[ct.Image] {
			k.c.event(p.Namespace, p.Name, evPresent, ct.Image)
			continue
		}
		k.c.event(p.Namespace, p.Name, evPulling, ct.Image)
		pd := k.c.jitter(k.c.timing.ImagePull)
		d += pd
		node.images[ct.Image] = true
		k.c.event(p.Namespace, p.Name, evPulled, ct.Image, describeDuration(pd))
	}
	k.laterStep(rt, d+k.c.jitter(k.c.timing.ContainerStart), "run containers of pod/", false, stepRun)
}

// pullFailed reports ErrImagePull, then ImagePullBackOff, retrying with
// back-off in the background.
func (k *kubelet) pullFailed(rt *container, p *api.Pod) {
	img := p.Spec.Containers[0].Image
	reason := "ErrImagePull"
	if rt.pulls > 0 {
		reason = "ImagePullBackOff"
	}
	k.c.event(p.Namespace, p.Name, evPullFailed, img)
	n := *p
	n.Status = k.status(p, "waiting", reason, false, 0)
	k.write(rt, &n, Event{Actor: ActorKubelet, Verb: VerbStatus, Reason: reason + ": failed to pull image " + img})
	delay := backoff(rt.pulls + 1)
	rt.pulls++
	k.laterStep(rt, delay, "retry image pull of pod/", true, stepPull)
}

// run starts the containers: phase Running, pod IP, Ready unless a probe or
// behaviour delays it.
func (k *kubelet) run(rt *container, p *api.Pod) {
	b := k.behaviour(p)
	rt.running, rt.started = true, k.c.eng.now
	if rt.ip == "" {
		rt.ip, rt.ipIndex = k.allocIP(rt.node)
	}
	for _, ct := range p.Spec.Containers {
		k.c.event(p.Namespace, p.Name, evCreated, ct.Name)
		k.c.event(p.Namespace, p.Name, evStarted, ct.Name)
	}
	delay, ready := k.readinessDelay(p, b)
	delay, ready = k.c.workloadsStarting(p, rt, delay, ready) // workload_hooks.go
	if v, ok := k.readyFor[rt.key]; ok && !v {
		ready = false
	}
	n := *p
	n.Status = k.status(p, "running", "", ready, rt.restarts)
	n.Status.Phase = api.PodRunning
	n.Status.PodIP, n.Status.HostIP = rt.ip, k.c.nodes[rt.node].Status.InternalIP
	if n.Status.StartTime == nil {
		n.Status.StartTime = k.conds.startTime(k.c.eng.now)
	}
	reason := "containers started"
	if ready {
		reason = "containers started; Ready"
	}
	k.write(rt, &n, Event{Actor: ActorKubelet, Verb: VerbStatus, Reason: reason, Detail: k.c.podDetail(podDetail{Phase: "Running", Ready: ready, IP: rt.ip, Node: rt.node})})
	if !ready && delay >= 0 {
		k.later(rt, delay, "readiness probe of pod/", false, func(p *api.Pod) { k.setReady(p, true, "readiness probe succeeded") })
	}
	if b.kind == crashAfter {
		k.later(rt, b.delay, "crash of pod/", false, func(p *api.Pod) { k.exit(p, 1, "Error") })
	}
	k.c.workloadsStart(p) // workload_hooks.go
}

// podDetail is the trace detail of a kubelet status write.
type podDetail struct {
	Phase string `json:"phase"`
	Ready bool   `json:"ready"`
	IP    string `json:"podIP,omitempty"`
	Node  string `json:"node,omitempty"`
}

// readinessDelay returns how long after start the pod becomes Ready (-1:
// never) and whether it is Ready at once.
func (k *kubelet) readinessDelay(p *api.Pod, b Behaviour) (time.Duration, bool) {
	switch b.kind {
	case neverReady:
		return -1, false
	case readyAfter:
		return b.delay, b.delay == 0
	}
	var d time.Duration
	for _, ct := range p.Spec.Containers {
		if pr := ct.ReadinessProbe; pr != nil {
			d = max(d, time.Duration(pr.InitialDelaySeconds)*time.Second)
		}
	}
	return d, d == 0
}

// setReady flips the Ready condition.
func (k *kubelet) setReady(p *api.Pod, ready bool, reason string) {
	rt := k.pods[p.UID]
	if !rt.running || api.IsPodReady(p) == ready {
		return
	}
	if v, ok := k.readyFor[rt.key]; ok && v != ready {
		return
	}
	n := *p
	n.Status = k.status(p, "running", "", ready, rt.restarts)
	n.Status.Phase = p.Status.Phase
	k.write(rt, &n, Event{Actor: ActorKubelet, Verb: VerbStatus, Reason: reason, Detail: k.c.podDetail(podDetail{Phase: string(p.Status.Phase), Ready: ready})})
}

// exit handles a container exit (crash or SIGKILL): not Ready, restart
// with CrashLoopBackOff back-off.
func (k *kubelet) exit(p *api.Pod, code int32, why string) {
	rt := k.pods[p.UID]
	if !rt.running {
		return
	}
	rt.running = false
	if rt.stopping {
		// The pod is being deleted: a container that dies now is not
		// restarted, and the pending stop step still removes the pod.
		return
	}
	rt.gen++
	if k.c.eng.now-rt.started > 10*time.Minute {
		rt.crashes = 0 // the back-off (not restartCount) resets after 10 minutes of running
	}
	delay := backoff(rt.crashes)
	rt.crashes++
	n := *p
	n.Status = k.status(p, "waiting", "CrashLoopBackOff", false, rt.restarts)
	n.Status.Phase = p.Status.Phase
	k.c.event(p.Namespace, p.Name, evBackOff, p.Spec.Containers[0].Name, p.Name+"_"+p.Namespace+"("+p.UID+")")
	k.write(rt, &n, Event{Actor: ActorKubelet, Verb: VerbStatus, Reason: fmt.Sprintf("container exited with code %d (%s); restart in %s", code, why, delay),
		Detail: k.c.podDetail(podDetail{Phase: string(p.Status.Phase), Ready: false})})
	k.later(rt, delay, "restart containers of pod/", delay > 0, func(p *api.Pod) {
		rt.restarts++
		k.run(rt, p)
	})
}

// backoff is the kubelet's CrashLoopBackOff delay before restart n+1: the
// first restart is immediate, then 10s doubling up to 5m.
func backoff(restarts int32) time.Duration {
	if restarts == 0 {
		return 0
	}
	return min(10*time.Second<<min(restarts-1, 10), 5*time.Minute)
}

// stop stops the containers of a deleted pod and removes the object.
func (k *kubelet) stop(rt *container, p *api.Pod) {
	grace := time.Duration(0)
	if g := p.DeletionGracePeriodSeconds; g != nil {
		grace = time.Duration(*g) * time.Second
	}
	d := time.Duration(0)
	if rt.running {
		d = min(k.c.jitter(k.c.timing.Stop), grace)
		k.c.event(p.Namespace, p.Name, evKilling, p.Spec.Containers[0].Name)
	}
	k.c.workloadsTerminate(p, d) // workload_hooks.go: SIGTERM, SIGKILL after d
	rt.running = false
	k.later(rt, d, "remove pod/", false, func(p *api.Pod) {
		k.c.removePod(p, ActorKubelet, fmt.Sprintf("containers stopped (grace period %s)", grace))
	})
}

// forceDeleted stops the containers of a pod whose object was removed at once.
func (k *kubelet) forceDeleted(p *api.Pod) {
	if rt := k.pods[p.UID]; rt != nil && !k.c.life.orphaned(rt) {
		k.c.workloadsForceTerminate(p) // workload_hooks.go: SIGTERM, SIGKILL after 2s
		rt.running, rt.stopping = false, true
		rt.gen++
	}
}

// podRemoved frees the pod's runtime and IP.
func (k *kubelet) podRemoved(p *api.Pod) {
	rt := k.pods[p.UID]
	if rt == nil {
		return
	}
	rt.gen++
	rt.pod = nil
	if n := k.nodes[rt.node]; rt.ip != "" {
		if i := int(rt.ipIndex); i < len(n.slot) {
			n.slot[i] = false
			n.inSlot--
		} else {
			n.over[i-len(n.slot)] = false
			n.free = append(n.free, i)
		}
	}
	delete(k.pods, p.UID)
}

// allocIP returns a free pod address of the node. In the node's
// 10.244.N.0/24 it is the first free address after the last one handed
// out, wrapping around, as the host-local IPAM plugin does, so a recreated
// pod gets a new IP. Past 253 pods (no real node holds that many, a
// benchmark may) it is 10.(100+N).x.y, freed ones reused last-freed first.
func (k *kubelet) allocIP(node string) (string, int32) {
	n := k.nodes[node]
	i := -1
	if n.inSlot < len(n.slot) { // else the /24 is full: no need to look
		for j := range len(n.slot) {
			if c := (n.cursor + j) % len(n.slot); !n.slot[c] {
				i, n.slot[c], n.cursor = c, true, (c+1)%len(n.slot)
				n.inSlot++
				break
			}
		}
	}
	switch {
	case i >= 0:
	case len(n.free) > 0:
		i = n.free[len(n.free)-1]
		n.free = n.free[:len(n.free)-1]
	default:
		i = max(n.next, len(n.slot))
		n.next = i + 1
		n.over = append(n.over, false)
	}
	if i >= len(n.slot) {
		n.over[i-len(n.slot)] = true
	}
	return podIP(n.index, i), int32(i)
}

// podIP is the i-th pod address of node index n.
func podIP(n, i int) string {
	var buf [16]byte
	b := append(buf[:0], "10."...)
	if i < 253 {
		b = append(b, "244."...)
		b = strconv.AppendInt(b, int64(n), 10)
		b = append(b, '.')
		return string(strconv.AppendInt(b, int64(i+2), 10))
	}
	i -= 253
	b = strconv.AppendInt(b, int64(100+n), 10)
	b = append(b, '.')
	b = strconv.AppendInt(b, int64(i/254), 10)
	b = append(b, '.')
	return string(strconv.AppendInt(b, int64(i%254+1), 10))
}

// parsePodIP is the inverse of podIP: the node index and address index of
// a pod address, ok false for any other address.
func parsePodIP(ip string) (n, i int, ok bool) {
	var o [4]int
	parts := strings.Split(ip, ".")
	if len(parts) != 4 {
		return 0, 0, false
	}
	for j, p := range parts {
		v, err := strconv.Atoi(p)
		if err != nil || v < 0 || v > 255 || strconv.Itoa(v) != p {
			return 0, 0, false
		}
		o[j] = v
	}
	switch {
	case o[0] != 10:
		return 0, 0, false
	case o[1] == 244 && o[3] >= 2 && o[3] <= 254:
		return o[2], o[3] - 2, true
	case o[1] >= 100 && o[1] < 244 && o[3] >= 1 && o[3] <= 254:
		return o[1] - 100, 253 + o[2]*254 + o[3] - 1, true
	}
	return 0, 0, false
}

// status returns p's status with every container in one state.
func (k *kubelet) status(p *api.Pod, state, reason string, ready bool, restarts int32) api.PodStatus {
	st := p.Status
	st.ContainerStatuses = k.statuses.intern(p.Spec.Containers, api.ContainerStatus{Ready: ready,
		Started: state == "running", RestartCount: restarts, State: state, Reason: reason})
	st.Conditions = k.conds.intern(setConditions(p.Status.Conditions, k.c.eng.now, state != "waiting" || p.Status.Phase == api.PodRunning, ready), k.c.eng.now)
	return st
}

// statusCache shares container status lists: they carry no time, so the
// Running and Ready pods of a set have equal ones (stored objects are
// copied on write, never changed in place). It keeps the last few.
type statusCache struct {
	lists [8][]api.ContainerStatus
	next  int
}

// intern returns a list of containers' statuses, each container in the
// state st.
func (c *statusCache) intern(containers []api.Container, st api.ContainerStatus) []api.ContainerStatus {
	matches := func(l []api.ContainerStatus) bool {
		if len(l) != len(containers) {
			return false
		}
		for i, ct := range containers {
			want := st
			want.Name, want.Image = ct.Name, ct.Image
			if l[i] != want {
				return false
			}
		}
		return true
	}
	for _, l := range c.lists {
		if l != nil && matches(l) {
			return l
		}
	}
	l := make([]api.ContainerStatus, len(containers))
	for i, ct := range containers {
		l[i] = st
		l[i].Name, l[i].Image = ct.Name, ct.Image
	}
	c.lists[c.next] = l
	c.next = (c.next + 1) % len(c.lists)
	return l
}

// condCache shares the pod condition lists (and the start time) written at
// one instant: the pods of a burst started together get equal lists, and
// stored objects are copied on write, never changed in place. It holds a
// few lists of the current instant only.
type condCache struct {
	at    time.Duration
	lists [][]api.PodCondition
	start *time.Duration // a start time at `at`, or nil
}

// startTime returns a shared pointer to now.
func (c *condCache) startTime(now time.Duration) *time.Duration {
	if c.at != now {
		c.at, c.lists, c.start = now, c.lists[:0], nil
	}
	if c.start == nil {
		c.start = &now
	}
	return c.start
}

// intern returns a stored list equal to want, or a copy of want, kept.
func (c *condCache) intern(want [4]api.PodCondition, now time.Duration) []api.PodCondition {
	if c.at != now {
		c.at, c.lists, c.start = now, c.lists[:0], nil
	}
	for _, l := range c.lists {
		if [4]api.PodCondition(l) == want {
			return l
		}
	}
	l := make([]api.PodCondition, len(want))
	copy(l, want[:])
	if len(c.lists) < 16 {
		c.lists = append(c.lists, l)
	}
	return l
}

// setConditions returns conditions with Initialized, ContainersReady, Ready
// and PodScheduled set, keeping transition times of unchanged ones.
func setConditions(old []api.PodCondition, t time.Duration, initialized, ready bool) [4]api.PodCondition {
	want := [4]api.PodCondition{
		{Type: api.PodInitialized, Status: boolStatus(initialized)},
		{Type: api.PodReady, Status: boolStatus(ready)},
		{Type: api.ContainersReady, Status: boolStatus(ready)},
		{Type: api.PodScheduled, Status: api.ConditionTrue},
	}
	for i := range want {
		want[i].LastTransitionTime = t
		if j := slices.IndexFunc(old, func(c api.PodCondition) bool { return c.Type == want[i].Type }); j >= 0 && old[j].Status == want[i].Status {
			want[i].LastTransitionTime = old[j].LastTransitionTime
		}
	}
	return want
}

func boolStatus(b bool) string {
	if b {
		return api.ConditionTrue
	}
	return api.ConditionFalse
}
