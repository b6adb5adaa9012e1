package sim

import (
	"cmp"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"time"

	"github.com/stsim/stsim/api"
	"github.com/stsim/stsim/sts"
)

// Fault is one thing going wrong, as a value: inject it now with
// Cluster.Inject or at a virtual time with Cluster.InjectAt; draw random
// ones from the simulation's seed with Cluster.RandomFaults. Every fault is
// a trace event with actor "fault". The faults are NodeDown,
// NodePartition, NodeUp, NodeDelete, Taint, KillPod, FailPod, Readiness,
// Behave, ProvisionerOutage, APIWriteFailure and PropagationDelay.
type Fault interface {
	// String renders the fault as the script command that injects it
	// (where there is one) or as a short description.
	String() string
	inject(c *Cluster) error
}

// NodeDown is a power loss: the node's kubelet stops reporting and its
// containers die with their in-memory state (nodes.go describes what the
// controllers do about it).
type NodeDown struct{ Node string }

// NodePartition cuts the node off the network: its kubelet neither reports
// nor sees the API, but its containers keep running.
type NodePartition struct{ Node string }

// NodeUp restores a node's power or network: its kubelet reports Ready
// again (registering the Node anew if it was deleted, restarting to do so
// if the machine was up) and syncs its pods.
type NodeUp struct{ Node string }

// NodeDelete is the Node object deleted by a controller (e.g. the cloud
// provider's, when the VM is gone); the machine itself is not touched.
type NodeDelete struct{ Node string }

// Taint adds a taint to a node, or removes the one with its key and effect.
type Taint struct {
	Node   string
	Taint  api.Taint
	Remove bool
}

// KillPod SIGKILLs the pod's containers (an OOM kill or a crash); the
// kubelet restarts them with back-off.
type KillPod struct{ Pod string }

// FailPod makes the pod Failed, as a kubelet's eviction does.
type FailPod struct{ Pod string }

// Readiness makes the pod's readiness probe succeed or fail from now on.
type Readiness struct {
	Pod   string
	Ready bool
}

// Behave sets how containers of an image (Image) or of a pod (Pod) behave
// from their next start on.
type Behave struct {
	Image, Pod string
	Behaviour  Behaviour
}

// ProvisionerOutage stops (On) or restarts (!On) a storage provisioner.
type ProvisionerOutage struct {
	Provisioner string
	On          bool
}

// APIWriteFailure makes the API server fail every write of one actor for a
// while with a 500 (statefulset-controller: the controller's writes fail
// and it retries with its rate-limited back-off; scheduler: bindings fail
// and the pod is retried after its back-off).
type APIWriteFailure struct {
	Actor string
	For   time.Duration
}

// PropagationDelay is a spike of the endpoint/DNS propagation delay: for
// the duration For, the endpointslice controller syncs a service up to
// Delay later than usual (a change made at t is synced at min(t+Delay, end
// of the spike) plus the usual delay), so EndpointSlices and the DNS
// records made from them lag; the backlog drains by the end of the spike.
type PropagationDelay struct {
	Delay, For time.Duration
}

// faultState is what faults change besides the objects.
type faultState struct {
	rng       *rand.Rand               // RandomFaults' stream
	writeFail map[string]time.Duration // actor → end of its write failures
	delayEnd  time.Duration            // end of the propagation delay spike
	delay     time.Duration            // its extra delay
}

// Inject injects a fault now.
func (c *Cluster) Inject(f Fault) error {
	return f.inject(c)
}

// InjectAt schedules a fault at virtual time t (not in the past). A fault
// that fails then (a pod not found, say) is a trace event saying so.
func (c *Cluster) InjectAt(t time.Duration, f Fault) error {
	if t < c.eng.now {
		return fmt.Errorf("inject at %s: that is before now (%s)", t, c.eng.now)
	}
	c.eng.at(t, ActorFault, "inject ", f.String(), func() {
		if err := f.inject(c); err != nil {
			c.record(Event{Actor: ActorFault, Verb: VerbUpdate, Kind: "Fault", Name: f.String(), Reason: "failed: " + err.Error()})
		}
	})
	return nil
}

// recordFault records a fault's trace event.
func (c *Cluster) recordFault(kind, ns, name, reason string) {
	c.record(Event{Actor: ActorFault, Verb: VerbUpdate, Kind: kind, Namespace: ns, Name: name, Reason: reason})
}

func (f NodeDown) String() string { return "node " + f.Node + " down" }
func (f NodeDown) inject(c *Cluster) error {
	if err := c.knownNode(f.Node); err != nil {
		return err
	}
	c.recordFault("Node", "", f.Node, "power loss: the kubelet stops reporting; containers die with their in-memory state")
	return c.powerOff(f.Node, false)
}

func (f NodePartition) String() string { return "node " + f.Node + " partition" }
func (f NodePartition) inject(c *Cluster) error {
	if err := c.knownNode(f.Node); err != nil {
		return err
	}
	c.recordFault("Node", "", f.Node, "network partition: the kubelet cannot reach the API; containers keep running")
	return c.powerOff(f.Node, true)
}

func (f NodeUp) String() string { return "node " + f.Node + " up" }
func (f NodeUp) inject(c *Cluster) error {
	if err := c.knownNode(f.Node); err != nil {
		return err
	}
	c.recordFault("Node", "", f.Node, "node back: power and network restored")
	return c.powerOn(f.Node)
}

func (f NodeDelete) String() string { return "node " + f.Node + " delete" }
func (f NodeDelete) inject(c *Cluster) error {
	return c.deleteNode(f.Node, ActorFault, "Node object deleted")
}

func (f Taint) String() string {
	s := "node " + f.Node + " taint " + f.Taint.String()
	if f.Remove {
		s += "-"
	}
	return s
}
func (f Taint) inject(c *Cluster) error { return c.taintNode(f.Node, f.Taint, f.Remove, ActorFault) }

func (f KillPod) String() string { return "kill pod " + f.Pod }
func (f KillPod) inject(c *Cluster) error {
	p, rt, err := c.runningPod(f.Pod)
	if err != nil {
		return err
	}
	c.recordFault("Pod", p.Namespace, p.Name, "SIGKILL the containers")
	if !rt.running {
		return nil
	}
	if c.life.offline(rt.node) {
		rt.running = false // the kubelet restarts it once it is back
		rt.gen++
		return nil
	}
	c.kubelet.exit(p, 137, "killed")
	return nil
}

func (f FailPod) String() string          { return "fail pod " + f.Pod }
func (f FailPod) inject(c *Cluster) error { return c.failPod(f.Pod) }

func (f Readiness) String() string {
	return "readiness pod " + f.Pod + " " + strconv.FormatBool(f.Ready)
}
func (f Readiness) inject(c *Cluster) error {
	p, rt, err := c.runningPod(f.Pod)
	if err != nil {
		return err
	}
	c.recordFault("Pod", p.Namespace, p.Name, "readiness probe "+map[bool]string{true: "succeeds", false: "fails"}[f.Ready])
	c.kubelet.readyFor[splitName(f.Pod)] = f.Ready
	if rt.running && !c.life.offline(rt.node) {
		reason := "readiness probe failed"
		if f.Ready {
			reason = "readiness probe succeeded"
		}
		c.kubelet.setReady(p, f.Ready, reason)
	}
	return nil
}

func (f Behave) String() string {
	if f.Image != "" {
		return "behave image " + f.Image + " " + f.Behaviour.String()
	}
	return "behave pod " + f.Pod + " " + f.Behaviour.String()
}
func (f Behave) inject(c *Cluster) error {
	switch {
	case f.Image != "" && f.Pod != "":
		return errors.New("behave: set Image or Pod, not both")
	case f.Image != "":
		c.BehaveImage(f.Image, f.Behaviour)
	case f.Pod != "":
		c.BehavePod(f.Pod, f.Behaviour)
	default:
		return errors.New("behave: set Image or Pod")
	}
	return nil
}

func (f ProvisionerOutage) String() string {
	if f.On {
		return "provisioner " + f.Provisioner + " stop"
	}
	return "provisioner " + f.Provisioner + " start"
}
func (f ProvisionerOutage) inject(c *Cluster) error { return c.setProvisioner(f.Provisioner, !f.On) }

// Actors whose API writes APIWriteFailure can fail.
var writeFailureActors = []string{ActorStatefulSet, ActorScheduler}

func (f APIWriteFailure) String() string {
	return "api write failure " + f.Actor + " " + f.For.String()
}
func (f APIWriteFailure) inject(c *Cluster) error {
	if !slices.Contains(writeFailureActors, f.Actor) {
		return fmt.Errorf("api write failure: actor %q is not simulated (want one of %v)", f.Actor, writeFailureActors)
	}
	if f.For <= 0 {
		return fmt.Errorf("api write failure: duration %s must be positive", f.For)
	}
	s := &c.faults
	if s.writeFail == nil {
		s.writeFail = map[string]time.Duration{}
	}
	end := c.eng.now + f.For
	s.writeFail[f.Actor] = max(s.writeFail[f.Actor], end)
	c.recordFault("Actor", "", f.Actor, "API writes fail with 500 Internal Server Error for "+f.For.String())
	c.eng.at(end, ActorFault, "end write failures of ", f.Actor, func() {
		if s.writeFail[f.Actor] == end {
			delete(s.writeFail, f.Actor)
			c.recordFault("Actor", "", f.Actor, "API writes succeed again")
		}
	})
	return nil
}

// writeFailure returns the error of a write by actor under an
// APIWriteFailure, or nil.
func (c *Cluster) writeFailure(actor string) error {
	if len(c.faults.writeFail) == 0 {
		return nil
	}
	if end, ok := c.faults.writeFail[actor]; !ok || c.eng.now >= end {
		return nil
	}
	return api.NewInternalError(errors.New("etcdserver: request timed out"))
}

// transient reports whether errs are all injected write failures: their
// retries are pending work, since the failures end.
func transient(errs []error) bool {
	for _, err := range errs {
		if api.ReasonForError(err) != api.ReasonInternalError {
			return false
		}
	}
	return len(errs) > 0
}

func (f PropagationDelay) String() string {
	return "propagation delay " + f.Delay.String() + " for " + f.For.String()
}
func (f PropagationDelay) inject(c *Cluster) error {
	if f.Delay <= 0 || f.For <= 0 {
		return fmt.Errorf("propagation delay: delay %s and duration %s must be positive", f.Delay, f.For)
	}
	s := &c.faults
	s.delay, s.delayEnd = f.Delay, c.eng.now+f.For
	c.recordFault("Actor", "", "endpointslice-controller", "endpoint and DNS propagation up to "+f.Delay.String()+" slower for "+f.For.String())
	return nil
}

// propagation returns the endpointslice and CoreDNS delays in force.
func (c *Cluster) propagation(sliceDelay, dnsDelay time.Duration) (time.Duration, time.Duration) {
	s := &c.faults
	if now := c.eng.now; now < s.delayEnd {
		return sliceDelay + min(s.delay, s.delayEnd-now), dnsDelay
	}
	return sliceDelay, dnsDelay
}

// knownNode returns NotFound for a machine the cluster never had.
func (c *Cluster) knownNode(name string) error {
	if c.life.health[name] == nil {
		return api.NewNotFound("nodes", "", name)
	}
	return nil
}

// TimedFault is a fault and the virtual time to inject it.
type TimedFault struct {
	At    time.Duration
	Fault Fault
}

// Kinds of random faults (RandomFaultOptions.Kinds).
const (
	RandomNodeDown      = "node-down"
	RandomNodePartition = "node-partition"
	RandomKill          = "kill"
	RandomFail          = "fail"
	RandomReadiness     = "readiness"
	RandomAPIFailure    = "api-failure"
	RandomDelay         = "propagation-delay"
)

// RandomFaultOptions shapes RandomFaults.
type RandomFaultOptions struct {
	// From and To bound the virtual times of the faults drawn; To 0 means
	// From + 30m.
	From, To time.Duration
	// Count is how many faults to draw; 0 means 10. A node fault or a
	// failing readiness comes with its recovery, which does not count.
	Count int
	// Nodes are the nodes node faults pick from; empty means every node.
	Nodes []string
	// Pods are the pods pod faults pick from ("NAME" or "NS/NAME"); empty
	// means no pod faults.
	Pods []string
	// Kinds are the kinds to draw from (the Random* constants); empty
	// means node-down, node-partition, and kill, fail and readiness when
	// Pods are given.
	Kinds []string
	// Outage is the mean time before a node fault, a failing readiness,
	// an API failure or a delay spike ends (±50 %); 0 means 2m.
	Outage time.Duration
}

// RandomFaults draws a fault plan from the simulation's seed (a stream of
// its own: drawing does not change the cluster's timing), sorted by time.
// Inject it with InjectAt; its String forms make a reproduction script.
func (c *Cluster) RandomFaults(opts RandomFaultOptions) []TimedFault {
	s := &c.faults
	if s.rng == nil {
		s.rng = rand.New(rand.NewPCG(c.cfg.Seed, 0xfa0175))
	}
	r := s.rng
	if opts.To <= opts.From {
		opts.To = opts.From + 30*time.Minute
	}
	if opts.Count == 0 {
		opts.Count = 10
	}
	if opts.Outage == 0 {
		opts.Outage = 2 * time.Minute
	}
	nodes := opts.Nodes
	if len(nodes) == 0 {
		nodes = slices.Clone(c.nodeNames)
	}
	kinds := opts.Kinds
	if len(kinds) == 0 {
		kinds = []string{RandomNodeDown, RandomNodePartition}
		if len(opts.Pods) > 0 {
			kinds = append(kinds, RandomKill, RandomFail, RandomReadiness)
		}
	}
	between := func(a, b time.Duration) time.Duration {
		return a + time.Duration(r.Int64N(int64(b-a)+1)).Round(time.Millisecond)
	}
	outage := func() time.Duration { return between(opts.Outage/2, opts.Outage*3/2) }
	var plan []TimedFault
	for range opts.Count {
		at := between(opts.From, opts.To)
		kind := kinds[r.IntN(len(kinds))]
		needPods := kind == RandomKill || kind == RandomFail || kind == RandomReadiness
		needNodes := kind == RandomNodeDown || kind == RandomNodePartition
		if needPods && len(opts.Pods) == 0 || needNodes && len(nodes) == 0 {
			continue
		}
		switch kind {
		case RandomNodeDown, RandomNodePartition:
			n := nodes[r.IntN(len(nodes))]
			var f Fault = NodeDown{n}
			if kind == RandomNodePartition {
				f = NodePartition{n}
			}
			plan = append(plan, TimedFault{at, f}, TimedFault{at + outage(), NodeUp{n}})
		case RandomKill:
			plan = append(plan, TimedFault{at, KillPod{opts.Pods[r.IntN(len(opts.Pods))]}})
		case RandomFail:
			plan = append(plan, TimedFault{at, FailPod{opts.Pods[r.IntN(len(opts.Pods))]}})
		case RandomReadiness:
			p := opts.Pods[r.IntN(len(opts.Pods))]
			plan = append(plan, TimedFault{at, Readiness{p, false}}, TimedFault{at + outage(), Readiness{p, true}})
		case RandomAPIFailure:
			plan = append(plan, TimedFault{at, APIWriteFailure{writeFailureActors[r.IntN(len(writeFailureActors))], outage()}})
		case RandomDelay:
			plan = append(plan, TimedFault{at, PropagationDelay{between(time.Second, 30*time.Second), outage()}})
		}
	}
	slices.SortStableFunc(plan, func(a, b TimedFault) int { return cmp.Compare(a.At, b.At) })
	return plan
}

// injectedFailure fails one of the StatefulSet controller's writes under an
// APIWriteFailure, with the events upstream's pod and claim control record.
func (ct *controller) injectedFailure(set *sts.StatefulSet, a sts.Action) error {
	if a.Verb == sts.WarnClaim || a.Verb == sts.FailPod {
		return nil // an event, not a write
	}
	err := ct.c.writeFailure(ActorStatefulSet)
	if err == nil {
		return nil
	}
	switch a.Verb {
	case sts.CreatePod:
		ct.podEvent(set, "create", a.Pod.Name, err)
	case sts.DeletePod:
		ct.podEvent(set, "delete", a.Pod.Name, err)
	case sts.UpdatePod:
		ct.podEvent(set, "update", a.Pod.Name, err)
	case sts.CreateClaim:
		_, ord := sts.ParseName(a.Claim.Name)
		ct.c.event(set.Namespace, set.Name, evCreateClaimFail, a.Claim.Name, sts.PodName(set.Name, ord), set.Name, err.Error())
	case sts.UpdateClaim:
		ct.claimUpdateFailed(set, a.Claim.Name, err)
	}
	return err
}
