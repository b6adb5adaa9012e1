package sim

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/stsim/stsim/api"
	"github.com/stsim/stsim/storage"
	"github.com/stsim/stsim/sts"
)

// Timing holds the durations of real-world steps. Each is the mean; every
// draw is jittered by ±Jitter (a fraction) from the simulation's seeded
// source.
type Timing struct {
	// WatchLatency is how long a write takes to reach the controllers'
	// caches. It is not jittered, so that watch events stay in order.
	WatchLatency time.Duration
	// Scheduling is the scheduler's time to bind a pod.
	Scheduling time.Duration
	// ImagePull is the time to pull an image not yet on the node.
	ImagePull time.Duration
	// ContainerStart is the time from image present to container running.
	ContainerStart time.Duration
	// Stop is how long a container takes to exit after SIGTERM (capped by
	// the pod's grace period).
	Stop time.Duration
	// EndpointSlice is how long the endpointslice controller takes to write
	// a service's slices after it has seen a change (not jittered).
	EndpointSlice time.Duration
	// DNSPropagation is how long a Service or EndpointSlice write takes to
	// reach CoreDNS's cache, its watch (not jittered).
	DNSPropagation time.Duration
	// Jitter is the relative spread of every jittered duration.
	Jitter float64
}

// DefaultTiming returns realistic defaults for a small cluster.
func DefaultTiming() Timing {
	return Timing{
		WatchLatency:   5 * time.Millisecond,
		Scheduling:     20 * time.Millisecond,
		ImagePull:      2 * time.Second,
		ContainerStart: 500 * time.Millisecond,
		Stop:           300 * time.Millisecond,
		EndpointSlice:  5 * time.Millisecond,
		DNSPropagation: 5 * time.Millisecond,
		Jitter:         0.2,
	}
}

// Config configures a simulation. The zero value is the default cluster of
// the script contract: namespaces default and kube-system, nodes node-1..3,
// zone cluster.local, v1.37 feature gates, seed 1.
type Config struct {
	// Seed seeds every random choice; 0 means 1.
	Seed uint64
	// Nodes is the number of nodes; 0 means 3.
	Nodes int
	// NodePods is the pod capacity (allocatable pods) of every node the
	// cluster starts with or adds; 0 means the kubelet's default, 110.
	NodePods int32
	// Timing overrides DefaultTiming when non-nil.
	Timing *Timing
	// FeatureGates overrides Kubernetes feature gates by name
	// (e.g. "MaxUnavailableStatefulSet": false).
	FeatureGates map[string]bool
	// StableBound bounds RunUntilStable in virtual time; 0 means 1h.
	StableBound time.Duration
	// Workloads bind images to application logic (see WorkloadBinding),
	// after the built-in ones and before Cluster.RegisterWorkload's.
	Workloads []WorkloadBinding
	// OnEvent, when set, is called with every trace event as it happens.
	OnEvent func(Event)
	// OnSync, when set, is called after every StatefulSet controller sync
	// with what it observed and planned.
	OnSync func(Sync)
	// NoTrace keeps no trace in memory (OnEvent still sees every event).
	NoTrace bool
}

// Sync is what one StatefulSet controller sync observed and decided; it lets
// external checkers compare each sync with another implementation.
type Sync struct {
	T        time.Duration
	Observed sts.Observed
	Plan     sts.Plan
	// Errors are the API errors the plan's writes met, in order.
	Errors []error
}

type key struct{ ns, name string }

// Cluster is one simulated Kubernetes cluster. It is not safe for concurrent
// use: everything happens on its own event loop, driven by the Run calls.
type Cluster struct {
	cfg    Config
	timing Timing
	gates  sts.Gates
	eng    engine
	rng    *rand.Rand // timing jitter
	ids    *rand.Rand // UIDs
	trace  []Event
	rv     uint64

	namespaces map[string]*api.Namespace
	nodes      map[string]*api.Node
	nodeNames  []string
	pods       map[key]*podSlot
	sets       map[key]*sts.StatefulSet
	revisions  map[key]*sts.ControllerRevision
	revByOwner map[string][]*sts.ControllerRevision // by controller UID
	revOrphans map[string][]*sts.ControllerRevision // revisions with no controller, by namespace
	claims     map[key]*storage.PersistentVolumeClaim
	events     eventLog
	workloads  *workloadState // workload*.go, created on first use

	ctrl       controller
	kubelet    kubelet
	sched      scheduler
	opsState   *opsState    // container filesystems and logs (ops_*.go)
	planFilter PlanFilter   // test-only fault injection (simtest_support.go)
	stor       storageState // storage_*.go
	dns        dnsState
	life       nodeLifecycle // nodes.go: node health, taints, eviction, pod GC
	faults     faultState    // fault.go
}

// NewCluster returns the default cluster configured by cfg.
func NewCluster(cfg Config) *Cluster {
	if cfg.Seed == 0 {
		cfg.Seed = 1
	}
	if cfg.Nodes == 0 {
		cfg.Nodes = 3
	}
	if cfg.StableBound == 0 {
		cfg.StableBound = time.Hour
	}
	c := &Cluster{
		cfg:        cfg,
		timing:     DefaultTiming(),
		gates:      sts.DefaultGates(),
		rng:        rand.New(rand.NewPCG(cfg.Seed, 0x5157)),
		ids:        rand.New(rand.NewPCG(cfg.Seed, 0x1d5)),
		namespaces: map[string]*api.Namespace{},
		nodes:      map[string]*api.Node{},
		pods:       map[key]*podSlot{},
		sets:       map[key]*sts.StatefulSet{},
		revisions:  map[key]*sts.ControllerRevision{},
		revByOwner: map[string][]*sts.ControllerRevision{},
		revOrphans: map[string][]*sts.ControllerRevision{},
		claims:     map[key]*storage.PersistentVolumeClaim{},
	}
	if cfg.Timing != nil {
		c.timing = *cfg.Timing
	}
	if v, ok := cfg.FeatureGates["MaxUnavailableStatefulSet"]; ok {
		c.gates.MaxUnavailableStatefulSet = v
	}
	c.ctrl.init(c)
	c.kubelet.init(c)
	c.sched = scheduler{c: c, load: map[string]int{}}
	c.stor.init(c)
	c.life.init(c)
	for _, ns := range []string{"default", "kube-system"} {
		c.addNamespace(ns)
	}
	for i := 1; i <= cfg.Nodes; i++ {
		c.addNode(fmt.Sprintf("node-%d", i), i)
	}
	c.dns.init(c)
	return c
}

// Now returns the virtual time since the start.
func (c *Cluster) Now() time.Duration { return c.eng.now }

// Seed returns the seed of the simulation.
func (c *Cluster) Seed() uint64 { return c.cfg.Seed }

// Gates returns the StatefulSet feature gates in force.
func (c *Cluster) Gates() sts.Gates { return c.gates }

// Events returns the number of simulation events run so far.
func (c *Cluster) Events() uint64 { return c.eng.events }

// Trace returns the trace so far. The slice must not be modified.
func (c *Cluster) Trace() []Event { return c.trace }

// record appends a trace event.
func (c *Cluster) record(e Event) {
	e.T = c.eng.now
	if !c.cfg.NoTrace {
		c.trace = append(c.trace, e)
	}
	if c.cfg.OnEvent != nil {
		c.cfg.OnEvent(e)
	}
}

// jitter draws d ± Jitter.
func (c *Cluster) jitter(d time.Duration) time.Duration {
	if c.timing.Jitter == 0 || d == 0 {
		return d
	}
	f := 1 + c.timing.Jitter*(2*c.rng.Float64()-1)
	return time.Duration(float64(d) * f).Round(time.Millisecond)
}

// uid returns a fresh deterministic UUID (version 4 layout).
func (c *Cluster) uid() string {
	hi, lo := c.ids.Uint64(), c.ids.Uint64()
	hi = hi&^0xf000 | 0x4000
	lo = lo&^(3<<62) | 1<<63
	const hex = "0123456789abcdef"
	var b [36]byte
	j := 0
	for i := 0; i < 32; i++ {
		if i == 8 || i == 12 || i == 16 || i == 20 {
			b[j] = '-'
			j++
		}
		w, shift := hi, uint(60-4*i)
		if i >= 16 {
			w, shift = lo, uint(60-4*(i-16))
		}
		b[j] = hex[(w>>shift)&0xf]
		j++
	}
	return string(b[:])
}

// tracing reports whether anyone reads trace events; when nobody does,
// writers skip building reasons and details.
func (c *Cluster) tracing() bool { return !c.cfg.NoTrace || c.cfg.OnEvent != nil }

// podDetail boxes a pod trace detail only when the trace is read.
func (c *Cluster) podDetail(d podDetail) any {
	if !c.tracing() {
		return nil
	}
	return d
}

// nextRV returns the next resourceVersion.
func (c *Cluster) nextRV() uint64 {
	c.rv++
	return c.rv
}

// stamp gives a new object its identity fields.
func (c *Cluster) stamp(m *api.ObjectMeta) {
	m.UID = c.uid()
	m.ResourceVersion = c.nextRV()
	m.CreationTimestamp = c.eng.now
}

func (c *Cluster) addNamespace(name string) {
	ns := &api.Namespace{ObjectMeta: api.ObjectMeta{Name: name}, Phase: "Active"}
	c.stamp(&ns.ObjectMeta)
	c.namespaces[name] = ns
	c.dns.namespaceAdded(name)
}

func (c *Cluster) addNode(name string, i int) {
	n := &api.Node{
		ObjectMeta: api.ObjectMeta{Name: name, Labels: map[string]string{
			"kubernetes.io/hostname": name, "kubernetes.io/os": "linux", api.LabelTopologyZone: zoneOf(i),
		}},
		Spec:   api.NodeSpec{PodCIDR: fmt.Sprintf("10.244.%d.0/24", i)},
		Status: api.NodeStatus{Ready: true, InternalIP: fmt.Sprintf("172.18.0.%d", i+1), Pods: c.nodePods()},
	}
	c.stamp(&n.ObjectMeta)
	c.nodes[name] = n
	c.nodeNames = append(c.nodeNames, name)
	slices.Sort(c.nodeNames)
	c.kubelet.addNode(name, i)
	c.life.nodeAdded(name)
}
