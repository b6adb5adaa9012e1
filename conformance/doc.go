// Package conformance checks stsim's StatefulSet controller against the
// real one, sync by sync. At every controller sync of an stsim simulation
// (sim.Cluster.Observe) a Lockstep converts what stsim observed into
// Kubernetes objects, runs the v1.37.2 controller of k8s.io/kubernetes
// once on exactly that state (Upstream: its exported
// NewDefaultStatefulSetControl over a client-go fake clientset and
// hand-filled informer indexers), and compares both sides' writes,
// rendered one line each (canon.go), after the normalisations of
// nondeterminism that normalise.go lists. A difference fails with the
// script or seed, the sync, the observed state and a side-by-side diff.
//
// It is a module of its own so that the library keeps its small dependency
// set; README.md says how to run it and what it has found.
package conformance
