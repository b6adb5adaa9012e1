package simtest_test

import (
	"context"
	"fmt"
	"time"

	"github.com/stsim/stsim/sim"
	"github.com/stsim/stsim/sim/simtest"
)

// A user's property: "pod web-0 is the oldest pod once the cluster is
// stable". It holds while the set is only scaled; a sweep over seeds with
// pod deletes in the mix finds where it breaks, and shrinks the scenario to
// the ops that break it.
func Example() {
	oldest := simtest.Invariant{
		Name: "web-0-oldest",
		Cite: "my app: web-0 is the primary and has been up the longest",
		When: simtest.OnceStable,
		Check: func(c *sim.Cluster) error {
			first, ok := c.Pod("web-0")
			for _, p := range c.Pods("default") {
				if ok && p.CreationTimestamp < first.CreationTimestamp {
					return fmt.Errorf("%s is older than web-0", p.Name)
				}
			}
			return nil
		},
	}
	o := simtest.Options{Kinds: []simtest.Kind{simtest.KindScale, simtest.KindRun}, Invariants: []simtest.Invariant{oldest}}
	fmt.Println("scaling only:", failures(o, 200), "failures in 200 seeds")

	o.Kinds = append(o.Kinds, simtest.KindDelete)
	f := firstFailure(o, 200)
	fmt.Println("with deletes:", f.Error())
	for _, op := range f.Scenario.Ops {
		fmt.Println("  ", op)
	}
	// Output:
	// scaling only: 0 failures in 200 seeds
	// with deletes: web-0-oldest at t=7.000s: web-1 is older than web-0
	//    scale sts/web --replicas=2
	//    run 1s
	//    delete pod web-0
	//    run 6s
}

// failures counts the seeds whose scenario breaks an invariant.
func failures(o simtest.Options, n int) int {
	rs, _ := simtest.Sweep(context.Background(), simtest.SeedRange(1, n), 0, func(seed uint64) simtest.Result {
		return simtest.Explore(o, seed)
	})
	bad := 0
	for _, r := range rs {
		if r.Failure != nil {
			bad++
		}
	}
	return bad
}

// firstFailure returns the shrunk failure of the first failing seed.
func firstFailure(o simtest.Options, n int) *simtest.Failure {
	rs, _ := simtest.Sweep(context.Background(), simtest.SeedRange(1, n), 0, func(seed uint64) simtest.Result {
		return simtest.Explore(o, seed)
	})
	for _, r := range rs {
		if r.Failure != nil {
			return r.Failure
		}
	}
	return nil
}

// A custom invariant, checked after every event, on a scenario written by
// hand: the failure names the op during which it broke.
func ExampleInvariant() {
	quota := simtest.Invariant{
		Name: "at-most-3-pods",
		Cite: "my namespace's pod quota",
		Check: func(c *sim.Cluster) error {
			if n := len(c.Pods("default")); n > 3 {
				return fmt.Errorf("%d pods", n)
			}
			return nil
		},
	}
	s := simtest.Scenario{Seed: 1, Set: simtest.NewSet("web", 2), Ops: []simtest.Op{
		simtest.Settle{}, simtest.Scale{Set: "web", Replicas: 5}, simtest.Settle{},
	}}
	f := simtest.Play(s, simtest.Options{Invariants: append(simtest.Default(), quota)})
	fmt.Println(f.Error())
	fmt.Println("during:", f.Scenario.Ops[f.Step])
	// Output:
	// at-most-3-pods at t=7.397s: 4 pods
	// during: run
}

// Replaying a failure: its script runs through the script runner with
// --check, plus the invariants stsim's command line does not know.
func ExampleReplay() {
	quota := simtest.Invariant{
		Name: "at-most-3-pods",
		Check: func(c *sim.Cluster) error {
			if n := len(c.Pods("default")); n > 3 {
				return fmt.Errorf("%d pods", n)
			}
			return nil
		},
	}
	o := simtest.Options{Invariants: append(simtest.Default(), quota)}
	s := simtest.Scenario{Seed: 1, Set: simtest.NewSet("web", 2), Ops: []simtest.Op{
		simtest.Settle{}, simtest.Scale{Set: "web", Replicas: 5}, simtest.Settle{},
	}}
	found := simtest.Play(s, o)
	replayed := simtest.Replay(found.Script(), o)
	fmt.Println("found:   ", found)
	fmt.Println("replayed:", replayed)
	// Output:
	// found:    at-most-3-pods at t=7.397s: 4 pods
	// replayed: at-most-3-pods at t=7.397s: 4 pods
}

// A planted bug — the controller creates ordinal k+1 in the same sync as k
// under OrderedReady — is caught by the invariant that states the rule,
// and shrunk to a few operations.
func ExampleFind() {
	f := simtest.Find(simtest.Options{Plant: createAhead})
	fmt.Println("caught by", f.Invariant)
	fmt.Println("at most 5 ops:", len(f.Scenario.Ops) <= 5)
	// Output:
	// caught by ordered-create
	// at most 5 ops: true
}

// A scenario prints as a script in the grammar of `stsim run`.
func ExampleScenario_Script() {
	s := simtest.Scenario{Seed: 7, Set: simtest.NewSet("web", 2), Ops: []simtest.Op{
		simtest.Run{For: 10 * time.Second},
		simtest.Scale{Set: "web", Replicas: 3},
		simtest.DeletePod{Pod: "web-1", Force: true},
		simtest.SetImage{Set: "web", Container: "app", Image: "nginx:1.28"},
		simtest.SetPartition{Set: "web", Partition: 1},
		simtest.BehaveImage{Image: "nginx:1.28", Behaviour: sim.NeverReady()},
		simtest.Settle{},
	}}
	fmt.Print(s.Script())
	// Output:
	// # simtest scenario: replay with stsim run --check FILE
	// seed 7
	// apply <<EOF
	// apiVersion: apps/v1
	// kind: StatefulSet
	// metadata:
	//   name: web
	// spec:
	//   replicas: 2
	//   selector:
	//     matchLabels:
	//       app: web
	//   serviceName: web
	//   template:
	//     metadata:
	//       labels:
	//         app: web
	//     spec:
	//       containers:
	//       - image: nginx:1.27
	//         name: app
	//         resources: {}
	//   updateStrategy: {}
	// EOF
	// run 10s
	// scale sts/web --replicas=3
	// delete pod web-1 --force
	// set image sts/web app=nginx:1.28
	// patch sts/web --type=merge -p '{"spec":{"updateStrategy":{"rollingUpdate":{"partition":1}}}}'
	// behave image nginx:1.28 never-ready
	// run
}

// A nightly sweep: the scenarios of many seeds on all cores, results in
// seed order; shard it across CI jobs by giving each a range of seeds.
func ExampleSweep() {
	o := simtest.Options{MaxOps: 30}
	rs, err := simtest.Sweep(context.Background(), simtest.SeedRange(1, 50), 0, func(seed uint64) simtest.Result {
		return simtest.Explore(o, seed)
	})
	bad := 0
	for _, r := range rs {
		if r.Failure != nil {
			bad++
			fmt.Println(r.Failure.Report())
		}
	}
	fmt.Println(len(rs), "seeds,", bad, "failures, error:", err)
	// Output:
	// 50 seeds, 0 failures, error: <nil>
}
