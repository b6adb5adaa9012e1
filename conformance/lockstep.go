package conformance

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	utilfeature "k8s.io/apiserver/pkg/util/feature"
	"k8s.io/kubernetes/pkg/features"

	"github.com/stsim/stsim/api"
	"github.com/stsim/stsim/script"
	"github.com/stsim/stsim/sim"
	"github.com/stsim/stsim/sim/invariants"
	"github.com/stsim/stsim/storage"
	"github.com/stsim/stsim/sts"
)

// Lockstep runs the real controller beside every StatefulSet controller
// sync of one simulation and compares the two.
type Lockstep struct {
	c   *sim.Cluster
	ctx context.Context

	// claims mirrors the cluster's claims as the controller saw them when
	// its current sync started: sim.Sync is delivered after the sync's
	// writes were applied, and the controller reads claims from the store,
	// so the claims the sync observed must be kept aside. Every claim
	// change makes a trace event; the mirror follows them until the
	// controller's first write of a sync, and is rebuilt after each sync.
	claims map[string]*storage.PersistentVolumeClaim
	frozen bool

	// Syncs counts the syncs seen.
	Syncs int
	// Truncated reports that syncs beyond MaxSyncs were not compared.
	Truncated bool
	// Failure is the first difference, or harness error.
	Failure *Mismatch
}

// Mismatch is the first sync on which the two controllers differ.
type Mismatch struct {
	Sync    int
	T       time.Duration
	Set     string
	Gate    bool
	Summary string
	Diff    string
	Err     error // the harness failed (conversion), not a difference
}

// Report renders the mismatch; source names the script or seed.
func (m *Mismatch) Report(source string) string {
	var b strings.Builder
	if m.Err != nil {
		fmt.Fprintf(&b, "%s: sync %d (t=%.3fs, statefulset %s): harness error: %v\n", source, m.Sync, m.T.Seconds(), m.Set, m.Err)
		return b.String()
	}
	fmt.Fprintf(&b, "%s: sync %d (t=%.3fs, statefulset %s, MaxUnavailableStatefulSet=%v): stsim and kubernetes %s differ\n",
		source, m.Sync, m.T.Seconds(), m.Set, m.Gate, KubernetesVersion)
	b.WriteString("observed state:\n")
	b.WriteString(m.Summary)
	b.WriteString("writes (! marks a difference):\n")
	b.WriteString(m.Diff)
	return b.String()
}

// Attach starts comparing every sync of c.
func Attach(ctx context.Context, c *sim.Cluster) *Lockstep {
	l := &Lockstep{c: c, ctx: ctx}
	l.rebuild()
	c.Observe(l.onEvent, l.onSync)
	return l
}

func (l *Lockstep) rebuild() {
	l.claims = map[string]*storage.PersistentVolumeClaim{}
	for _, c := range l.c.Claims("") {
		l.claims[c.Namespace+"/"+c.Name] = c
	}
	l.frozen = false
}

func (l *Lockstep) onEvent(e sim.Event) {
	if l.frozen {
		return
	}
	if e.Actor == sim.ActorStatefulSet && e.Verb != sim.VerbWait {
		l.frozen = true // the first write of a sync: keep the claims it saw
		return
	}
	if e.Kind == "PersistentVolumeClaim" {
		k := e.Namespace + "/" + e.Name
		if c, ok := l.c.Claim(k); ok {
			l.claims[k] = c
		} else {
			delete(l.claims, k)
		}
	}
}

// errTruncated stops a run that reached MaxSyncs: onSync panics with it
// from inside the simulation, and RunScript recovers it (the cluster is
// dropped), so that a history that never settles does not go on being
// simulated for the rest of its virtual hour.
var errTruncated = errors.New("conformance: MaxSyncs reached")

// MaxSyncs bounds the syncs one run compares; later syncs are not
// compared (Result.Truncated). Some histories do not settle for a long
// while, in stsim as upstream (Parallel with a rollingUpdate-less
// RollingUpdate and crashing pods recreates a pod at the current revision
// and deletes it as outdated in every sync), and each compared sync costs a
// run of the real controller.
const MaxSyncs = 2000

func (l *Lockstep) onSync(s sim.Sync) {
	defer l.rebuild()
	l.Syncs++
	if l.Failure != nil {
		return
	}
	if l.Syncs > MaxSyncs {
		l.Truncated = true
		panic(errTruncated) // RunScript recovers it: the rest of the run is not compared
	}
	if m := l.compare(s); m != nil {
		m.Sync, m.T, m.Set, m.Gate = l.Syncs, s.T, s.Observed.Set.Name, s.Observed.Gates.MaxUnavailableStatefulSet
		l.Failure = m
	}
}

// compare runs the real controller on what the sync observed.
func (l *Lockstep) compare(s sim.Sync) *Mismatch {
	set := s.Observed.Set
	if g := utilfeature.DefaultFeatureGate.Enabled(features.MaxUnavailableStatefulSet); g != s.Observed.Gates.MaxUnavailableStatefulSet {
		return &Mismatch{Err: fmt.Errorf("feature gate MaxUnavailableStatefulSet is %v in kubernetes, %v in stsim", g, s.Observed.Gates.MaxUnavailableStatefulSet)}
	}
	var claims []*storage.PersistentVolumeClaim
	for _, k := range slices.Sorted(maps.Keys(l.claims)) {
		if c := l.claims[k]; c.Namespace == set.Namespace {
			claims = append(claims, c)
		}
	}
	st, err := StateOf(s.Observed, claims)
	if err != nil {
		return &Mismatch{Err: err}
	}
	if err := st.translateCandidate(set); err != nil {
		return &Mismatch{Err: err}
	}
	acts, inject, status := attempted(s)
	up, err := RunUpstream(l.ctx, st, inject)
	if err != nil {
		return &Mismatch{Err: err}
	}
	names, err := upstreamRevisionNames(up, st, set, s.Plan)
	if err != nil {
		return &Mismatch{Err: err}
	}
	ours, err := StsimWrites(s, acts, status)
	if err != nil {
		return &Mismatch{Err: err}
	}
	theirs := UpstreamWrites(up, names, set.Spec.PodManagementPolicy == sts.Parallel)
	d := Diff(ours, theirs)
	if dump {
		fmt.Fprintf(os.Stderr, "=== sync %d t=%.3fs %s\n%s", l.Syncs, s.T.Seconds(), set.Name, sideBySide(ours, theirs))
	}
	if d == "" {
		return nil
	}
	return &Mismatch{Summary: summary(s, claims, up), Diff: d}
}

// summary renders what the sync observed.
func summary(s sim.Sync, claims []*storage.PersistentVolumeClaim, up *Upstream) string {
	o := s.Observed
	set := o.Set
	var b strings.Builder
	sp := set.Spec
	fmt.Fprintf(&b, "  now t=%.3fs\n", o.Now.Seconds())
	fmt.Fprintf(&b, "  statefulset %s generation=%d replicas=%d policy=%s strategy=%s", set.Name, set.Generation, *sp.Replicas, sp.PodManagementPolicy, sp.UpdateStrategy.Type)
	if ru := sp.UpdateStrategy.RollingUpdate; ru != nil {
		if ru.Partition != nil {
			fmt.Fprintf(&b, " partition=%d", *ru.Partition)
		}
		if mu := ru.MaxUnavailable; mu != nil {
			if mu.IsString {
				fmt.Fprintf(&b, " maxUnavailable=%s", mu.Str)
			} else {
				fmt.Fprintf(&b, " maxUnavailable=%d", mu.Int)
			}
		}
	}
	if sp.MinReadySeconds > 0 {
		fmt.Fprintf(&b, " minReadySeconds=%d", sp.MinReadySeconds)
	}
	if sp.Ordinals != nil {
		fmt.Fprintf(&b, " ordinals.start=%d", sp.Ordinals.Start)
	}
	if r := sp.PersistentVolumeClaimRetentionPolicy; r != nil {
		fmt.Fprintf(&b, " retention=%s/%s", r.WhenDeleted, r.WhenScaled)
	}
	if sp.RevisionHistoryLimit != nil {
		fmt.Fprintf(&b, " revisionHistoryLimit=%d", *sp.RevisionHistoryLimit)
	}
	if set.DeletionTimestamp != nil {
		b.WriteString(" DELETING")
	}
	st := set.Status
	fmt.Fprintf(&b, "\n  status observedGeneration=%d replicas=%d ready=%d available=%d current=%d updated=%d currentRevision=%s updateRevision=%s\n",
		st.ObservedGeneration, st.Replicas, st.ReadyReplicas, st.AvailableReplicas, st.CurrentReplicas, st.UpdatedReplicas, st.CurrentRevision, st.UpdateRevision)
	for _, r := range o.Revisions {
		fmt.Fprintf(&b, "  revision %s revision=%d image=%s\n", r.Name, r.Revision, images(r.Template))
	}
	for _, p := range o.Pods.Pods() {
		fmt.Fprintf(&b, "  pod %s uid=%s phase=%s", p.Name, shortUID(p.UID), p.Status.Phase)
		if c := p.Status.Condition(api.PodReady); c != nil {
			fmt.Fprintf(&b, " ready=%s since=%.3fs", c.Status, c.LastTransitionTime.Seconds())
		}
		if p.DeletionTimestamp != nil {
			b.WriteString(" terminating")
		}
		fmt.Fprintf(&b, " revision=%s\n", p.Labels[sts.RevisionLabel])
	}
	for _, c := range claims {
		k, err := ClaimToKube(c)
		if err != nil {
			continue
		}
		fmt.Fprintf(&b, "  claim %s owners=%s", c.Name, ownersLine(k.OwnerReferences))
		if c.DeletionTimestamp != nil {
			b.WriteString(" terminating")
		}
		b.WriteByte('\n')
	}
	for _, e := range s.Errors {
		fmt.Fprintf(&b, "  stsim write error: %v\n", e)
	}
	if up.Err != nil {
		fmt.Fprintf(&b, "  kubernetes sync error: %v\n", up.Err)
	}
	return b.String()
}

func images(t *api.PodTemplateSpec) string {
	if t == nil {
		return "?"
	}
	var out []string
	for _, c := range t.Spec.Containers {
		out = append(out, c.Image)
	}
	return strings.Join(out, ",")
}

// dump prints every sync's writes (CONFORMANCE_DUMP=1), to see what is
// compared.
var dump = os.Getenv("CONFORMANCE_DUMP") != ""

// Result is the outcome of one lockstep run of a script.
type Result struct {
	Syncs     int
	Truncated bool
	Failure   *Mismatch
	// Output is what the script printed.
	Output string
}

// RunScript runs a script (its commands, as script.Parse reads them) with
// the MaxUnavailableStatefulSet gate set as given, comparing every sync.
// dir is where `apply -f` paths are looked up; strict stops the script at
// its first failing command. The process's feature gate must already be
// set to gate.
func RunScript(ctx context.Context, name, dir, src string, gate, strict bool) (*Result, error) {
	return runScript(ctx, name, dir, src, gate, strict, nil)
}

// runScript is RunScript, with plant, when set, installed as the cluster's
// plan filter: a deliberately wrong stsim controller (tests show that the
// harness catches it).
func runScript(ctx context.Context, name, dir, src string, gate, strict bool, plant sim.PlanFilter) (*Result, error) {
	var out bytes.Buffer
	var l *Lockstep
	attach := func(c *sim.Cluster) []invariants.Violation {
		if l == nil {
			l = Attach(ctx, c)
			if plant != nil {
				c.SetPlanFilter(plant)
			}
		}
		return nil
	}
	r := script.New(&out, script.Options{Name: name, Dir: dir, Trace: script.TraceNone, Strict: strict, Checks: []script.Check{attach}})
	err := run(r, withAttach(src, gate))
	res := &Result{Output: out.String()}
	if l != nil {
		res.Syncs, res.Failure, res.Truncated = min(l.Syncs, MaxSyncs), l.Failure, l.Truncated
	}
	if res.Failure != nil {
		return res, nil
	}
	if err == nil && l == nil {
		err = fmt.Errorf("the script made no cluster")
	}
	return res, err
}

// run runs the commands, stopping quietly at errTruncated.
func run(r *script.Runner, cmds []script.Command) (err error) {
	defer func() {
		if v := recover(); v != nil {
			if v != errTruncated {
				panic(v)
			}
			err = nil
		}
	}()
	return r.Run(cmds)
}

// withAttach parses the script and puts in the commands that set the gate
// and attach the lockstep checker: the `check` command creates the cluster
// and runs the runner's extra checks (Options.Checks) on it, the first of
// which attaches. It goes after the leading commands that must come before
// the cluster exists. stsim's own invariants run only there (Options.Check
// is off): scripts may break what they check, e.g. a pod's identity labels,
// which the controller then repairs.
func withAttach(src string, gate bool) []script.Command {
	cmds := script.Parse("feature-gate MaxUnavailableStatefulSet=" + strconv.FormatBool(gate))
	rest := script.Parse(src)
	i := 0
	for i < len(rest) && len(rest[i].Args) > 0 && (rest[i].Args[0] == "seed" || rest[i].Args[0] == "echo" || rest[i].Args[0] == "feature-gate") {
		i++
	}
	cmds = append(cmds, rest[:i]...)
	cmds = append(cmds, script.Parse("check")...)
	return append(cmds, rest[i:]...)
}

// RunScriptFile runs the script at path with RunScript.
func RunScriptFile(ctx context.Context, path string, gate bool) (*Result, error) {
	return runScriptFile(ctx, path, gate, nil)
}

func runScriptFile(ctx context.Context, path string, gate bool, plant sim.PlanFilter) (*Result, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return runScript(ctx, path, filepath.Dir(path), string(src), gate, true, plant)
}
