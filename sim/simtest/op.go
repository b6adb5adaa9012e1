package simtest

import "github.com/stsim/stsim/sim"

// Op is one operation of a scenario: a change a user makes to the cluster,
// a fault, or time passing. Every Op is also one line of the script grammar
// (shared/spec/scripts.md), so a scenario prints as a script that
// `stsim run --check` replays. Users may write their own Op types for
// commands the kit does not generate, as long as String is a script line
// with the same effect as Apply.
type Op interface {
	// String returns the op as one script line.
	String() string
	// Apply performs the op on c. An op that advances virtual time stops
	// as soon as stop reports true (a runner stops at the first
	// violation); stop may be nil. API errors (a pod that does not exist,
	// an invalid patch) are part of the game: runners ignore them, as a
	// script goes on past them.
	Apply(c *sim.Cluster, stop func(*sim.Cluster) bool) error
	// Disrupts reports whether the op, about to be applied to c, disrupts
	// pods as the script runner counts it: from then on the invariants
	// that hold only without disruption are off
	// (invariants.Checker.Disrupted).
	Disrupts(c *sim.Cluster) bool
}

// Kind names a family of generated operations.
type Kind string

// The kinds of operation the generators draw.
const (
	KindScale       Kind = "scale"        // scale sts/web --replicas=N
	KindDelete      Kind = "delete"       // delete pod web-1
	KindForceDelete Kind = "force-delete" // delete pod web-1 --force
	KindFail        Kind = "fail"         // fail pod web-1
	KindKill        Kind = "kill"         // kill pod web-1
	KindReadiness   Kind = "readiness"    // readiness pod web-1 true|false
	KindImage       Kind = "image"        // set image sts/web app=nginx:2 (a template change)
	KindPartition   Kind = "partition"    // patch sts/web --type=merge -p '{"spec":...}'
	KindBehave      Kind = "behave"       // behave image nginx:2 never-ready
	KindProvisioner Kind = "provisioner"  // provisioner rancher.io/local-path stop|start
	KindNode        Kind = "node"         // node node-2 down|up
	KindRun         Kind = "run"          // run 10s, or run (until stable)
)

// Calm are the kinds that neither kill, fail, delete nor unready a pod.
// The checks that hold only without disruption stay on under them until
// the first template or partition change, which the script runner counts
// as a disruption (a rolling update replaces pods out of ordinal order)
// and the kit, to replay alike, does too.
var Calm = []Kind{KindScale, KindImage, KindPartition, KindRun}
