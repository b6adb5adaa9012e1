// Package sts holds the StatefulSet and ControllerRevision types, their
// defaulting and validation (worded as the API server words them), the
// naming rules, and the StatefulSet controller as a pure function:
//
//	plan := sts.Reconcile(sts.Observed{Set: set, Pods: index, Revisions: revs, Claims: claims, Now: now})
//
// Reconcile reads what the controller observes and returns the writes it
// makes (Plan.Actions, each with the reason a person reads in the trace),
// the status it computes and why it waits. It follows upstream's
// stateful_set_control.go step by step (tests cite the function each rule
// comes from), reads no clock and changes none of its inputs; the caller
// makes the writes (sim's apply), following Plan.Apply for what a failed
// write skips.
//
// # Why an Index
//
// Upstream's controller lists every pod and rebuilds every missing one on
// every sync: O(N) a sync, O(N²) for an OrderedReady scale-up. The Index is
// the controller's view of a set's pods kept up to date one pod change at a
// time (Put, Remove, ClaimChanged): pods by ordinal with a summary of each,
// bit sets (present, live, unclean, unavailable, attention, …) and
// counters, so that a sync costs amortised O(pods that changed): the status
// counts are counters, "the first pod that is not Running, Ready and
// Available" is a bit-set search from a cursor, and a Parallel pass visits
// only the ordinals that need something. Reconcile refreshes the Index's
// time-dependent caches (availability under minReadySeconds) and its work
// list of claims to check against the retention policy; it never changes
// the pods the Index holds. A property test checks that an Index kept up
// to date and one rebuilt from scratch give the same plans.
//
// An Index reads what it needs of a pod version into PodFacts (Facts,
// ReadLabels), and reads the pod again only to reclassify it when time
// passes or its claims change: an owner that sees pods long before they
// reach the index, as a watch does, can take the facts while the pod is in
// cache and hand them over later (PutFacts). Put does both at once.
package sts
