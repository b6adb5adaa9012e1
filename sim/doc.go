// Package sim is stsim's simulated cluster: one deterministic event loop
// that runs the API server's object store, the StatefulSet controller (over
// sts.Reconcile), the scheduler, the kubelets, the garbage collector, the
// storage and DNS controllers and the workloads, in virtual time.
//
//	c := sim.NewCluster(sim.Config{Seed: 7})
//	_, err := c.ApplyStatefulSet(set)    // or script/manifest for YAML
//	err = c.RunUntilStable()             // every run call is bounded
//	for _, e := range c.Trace() { fmt.Println(e) }
//
// # Determinism
//
// Virtual time is a time.Duration since the start; nothing reads the wall
// clock and nothing runs in a goroutine. Every random draw comes from the
// simulation's seeded source (Config.Seed), and no decision depends on map
// iteration order. The same seed and the same inputs give the same trace,
// byte for byte.
//
// # The event loop
//
// Every piece of activity is an event at an instant; events at one instant
// run in the order they were scheduled. Simulated durations are whole
// milliseconds, so thousands of events share an instant: the queue is a
// min-heap of per-instant FIFO buckets (engine.go), which makes scheduling
// an append and running a pop of the earliest bucket. The steps every pod
// takes (scheduling, image pull, container start and stop) are typed events
// that carry their actor, pod and a number instead of a closure.
//
// # The store
//
// The store is copy-on-write: a write stores a new object and no stored
// object is ever changed in place. Watchers (the controller's index, the
// scheduler, the kubelet, DNS) keep pointers to the versions they saw, and
// read-only parts are shared between objects: the owner references of a
// set's pods, the condition lists the kubelet writes at one instant, the
// container status lists, and the pod of a create, which is stored as the
// plan made it. Any code that changes a field copies it first
// (slices.Clone, maps.Clone). Each pod has a slot in the store from its
// create to its removal; the actors that act on a pod later (the
// scheduler's binding, the kubelet's steps) keep the slot, which gives
// the current version without a lookup. A write reaches the StatefulSet
// controller after the watch latency, in write order; the writes due at
// one instant are delivered by one event, and what the controller's index
// needs of the pod (sts.PodFacts) is read at the write, while the pod is
// at hand.
//
// # The controller
//
// The controller keeps one sts.Index per set, fed from the watch, and at a
// sync hands sts.Reconcile what it observes (the set, the index, the
// revisions, the claims, the instant, the feature gates); apply makes the
// plan's writes in order and stops after a failure where upstream's pod
// control would (sts.Plan.Apply). Each sync is observable (Config.OnSync,
// Cluster.Observe), which is how the conformance module runs the real
// controller beside it.
//
// # Faults
//
// Faults are values (KillPod, FailPod, NodeDown, APIWriteFailure, …)
// injected now (Inject), at an instant (InjectAt) or drawn from the seed
// (RandomFaults); they act through the same actors a real failure does.
package sim
