// Package simtest is stsim's property-testing kit: rapid generators for
// StatefulSets, Services, operations and whole scenarios; named invariants
// with citations, selectable and extendable; a runner that checks them as
// a scenario plays and, on a failure, hands back a shrunk scenario printed
// as a script that `stsim run --check` replays to the same failure; a
// determinism check, a metamorphic check, and seed sweeps across cores.
//
// # Writing a property
//
// A property is an Invariant: a name, a citation of the guarantee, when to
// check it, and a check function over the cluster.
//
//	oldest := simtest.Invariant{
//		Name: "web-0-oldest", Cite: "my app: the primary is web-0", When: simtest.OnceStable,
//		Check: func(c *sim.Cluster) error { ... },
//	}
//	simtest.Check(t, simtest.Options{Invariants: append(simtest.Default(), oldest)})
//
// Check draws scenarios (Scenarios), plays each (Play) with the invariants,
// and reports the first failure, shrunk by rapid, as a reproduction recipe
// (Failure.Report): the seed, the failing invariant, the virtual time, the
// op during which it broke, the last trace lines and the script. Find does
// the same without failing a test and returns the *Failure.
//
// # Invariants
//
// Builtin are package invariants' guarantees, checked by its Checker
// after every event and every controller sync, exactly as the script
// runner's --check does; Default adds the kit's own: ClaimStickiness,
// NoDataLoss and DNSRecords. Select and Without pick among them. A user's
// invariant runs after every event (EveryEvent), every op (EveryStep) or
// every op that leaves the cluster stable (OnceStable); one that must
// remember what it saw sets New instead of Check, so that every run starts
// afresh.
//
// # Scenarios and operations
//
// A Scenario is a seed, feature gates, a StatefulSet and Services, and a
// list of Ops. Every Op is one line of the script grammar
// (shared/spec/scripts.md) — `scale sts/web --replicas=3`,
// `delete pod web-1 --force`, `set image sts/web app=nginx:1.28`,
// `patch sts/web --type=merge -p '{"spec":...}'`, `behave image nginx:1.28
// never-ready`, `node node-2 down`, `run 10s` — and Scenario.Script prints
// the whole scenario, manifests in a heredoc, so that the printed script
// is the scenario: CheckScript plays both and compares their traces event
// by event. Ops are generated only for the commands this build of the
// script grammar and of package sim can replay (Kinds).
//
// The ops of a scenario are one drawn list rather than rapid's
// state-machine Repeat. Both shrink the same way, since rapid deletes
// whole ops and then simplifies each; but a drawn list has a length the
// caller chooses (Repeat's comes from the -rapid.steps flag), prints as a
// script, and its ops are drawn without looking at the cluster, so that
// removing one op while shrinking never changes what the others mean. A run
// stops at the first violation; the failure keeps the ops up to it.
//
// # Replaying a failure
//
// Failure.Script is a script; `stsim run --check FILE` replays a failure
// of a Builtin invariant. Replay runs a script through the same runner
// (package script) with the kit's other invariants and a planted filter
// added, and returns the replayed failure.
//
// # Beyond single runs
//
// CheckDeterminism plays a scenario twice and compares the traces byte for
// byte. CheckConvergence plays it under both pod management policies and
// both settings of MaxUnavailableStatefulSet and compares the pods, claims
// and DNS records they settle on. Explore plays the scenario of one seed
// deterministically and shrinks its failure without rapid (Shrink); Sweep
// runs many seeds on all cores, results in seed order.
//
// # Checking the checkers
//
// Options.Plant installs a sim.PlanFilter on every cluster
// (sim.Cluster.SetPlanFilter): a controller with a deliberately wrong rule,
// to show that the invariants catch a bug of its kind, and how short the
// shrunk script is.
package simtest
