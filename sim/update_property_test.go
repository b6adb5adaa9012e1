package sim_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/stsim/stsim/sim"
	"github.com/stsim/stsim/sim/invariants"
	"github.com/stsim/stsim/sts"
)

// updateImages are the images the property tests switch between; the
// second one takes a while to become Ready.
var updateImages = []string{"nginx:a", "nginx:b", "nginx:c"}

// updOp is one generated step of an update scenario.
type updOp struct {
	kind    string
	ordinal int32
	n       int32
	image   string
	d       time.Duration
}

func (o updOp) String() string {
	switch o.kind {
	case "image":
		return "set image sts/web app=" + o.image
	case "partition":
		return fmt.Sprintf(`patch sts/web {"spec":{"updateStrategy":{"rollingUpdate":{"partition":%d}}}}`, o.n)
	case "scale":
		return fmt.Sprintf("scale sts/web --replicas=%d", o.n)
	case "run":
		return fmt.Sprintf("run %s", o.d)
	case "readiness-false", "readiness-true":
		return fmt.Sprintf("readiness pod web-%d %s", o.ordinal, strings.TrimPrefix(o.kind, "readiness-"))
	}
	return fmt.Sprintf("%s pod web-%d", o.kind, o.ordinal)
}

// genUpdOp draws a step; pod deletes and readiness loss only when disrupt.
func genUpdOp(disrupt bool) *rapid.Generator[updOp] {
	kinds := []string{"image", "image", "partition", "scale", "run", "run", "run"}
	if disrupt {
		kinds = append(kinds, "delete", "readiness-false", "readiness-true")
	}
	return rapid.Custom(func(t *rapid.T) updOp {
		return updOp{
			kind:    rapid.SampledFrom(kinds).Draw(t, "kind"),
			ordinal: rapid.Int32Range(0, 5).Draw(t, "ordinal"),
			n:       rapid.Int32Range(0, 5).Draw(t, "n"),
			image:   rapid.SampledFrom(updateImages).Draw(t, "image"),
			d:       time.Duration(rapid.IntRange(0, 20).Draw(t, "seconds")) * time.Second,
		}
	})
}

// applyUpd performs o; API errors (pod not found, a partition on an
// OnDelete set) are part of the game.
func applyUpd(c *sim.Cluster, o updOp) {
	name := sts.PodName("web", o.ordinal)
	switch o.kind {
	case "image":
		_ = c.UpdateStatefulSet("web", func(s *sts.StatefulSet) {
			cs := slices.Clone(s.Spec.Template.Spec.Containers)
			cs[0].Image = o.image
			s.Spec.Template.Spec.Containers = cs
		})
	case "partition":
		_ = c.UpdateStatefulSet("web", func(s *sts.StatefulSet) {
			ru := sts.RollingUpdateOptions{}
			if s.Spec.UpdateStrategy.RollingUpdate != nil {
				ru = *s.Spec.UpdateStrategy.RollingUpdate
			}
			ru.Partition = &o.n
			s.Spec.UpdateStrategy.RollingUpdate = &ru
		})
	case "scale":
		_ = c.Scale("web", o.n)
	case "run":
		_ = c.RunFor(o.d)
	case "delete":
		_ = c.DeletePod(name, sim.DeleteOptions{})
	case "readiness-false":
		_ = c.SetReadiness(name, false)
	case "readiness-true":
		_ = c.SetReadiness(name, true)
	}
}

// drawUpdateSet draws the set: policy as given; strategy RollingUpdate
// with a rollingUpdate block (partition, maxUnavailable), RollingUpdate
// without one, or OnDelete; a history limit.
func drawUpdateSet(t *rapid.T, policy string) *sts.StatefulSet {
	s := benchSet("web", policy, rapid.Int32Range(1, 5).Draw(t, "replicas"))
	s.Spec.Template.Spec.Containers[0].Image = updateImages[0]
	s.Spec.RevisionHistoryLimit = new(rapid.SampledFrom([]int32{0, 1, 2, 10}).Draw(t, "revisionHistoryLimit"))
	switch rapid.IntRange(0, 3).Draw(t, "strategy") {
	case 0:
		s.Spec.UpdateStrategy = sts.UpdateStrategy{Type: sts.OnDelete}
	case 1:
		s.Spec.UpdateStrategy = sts.UpdateStrategy{Type: sts.RollingUpdate}
	default:
		maxU := rapid.SampledFrom([]sts.IntOrString{{Int: 1}, {Int: 2}, {IsString: true, Str: "50%"}}).Draw(t, "maxUnavailable")
		s.Spec.UpdateStrategy = sts.UpdateStrategy{Type: sts.RollingUpdate, RollingUpdate: &sts.RollingUpdateOptions{
			Partition: new(rapid.Int32Range(0, 3).Draw(t, "partition")), MaxUnavailable: &maxU,
		}}
	}
	return s
}

// updateScenario runs random update steps on a fresh cluster, checking
// every invariant after every event and every sync, and fails with a
// reproduction recipe.
func updateScenario(t *rapid.T, policy string, gate, disrupt bool) {
	seed := rapid.Uint64Range(1, 1<<20).Draw(t, "seed")
	set := drawUpdateSet(t, policy)
	ops := rapid.SliceOfN(genUpdOp(disrupt), 1, 25).Draw(t, "ops")
	checker := invariants.New()
	checker.Disrupted = disrupt
	var c *sim.Cluster
	var violations []invariants.Violation
	c = sim.NewCluster(sim.Config{Seed: seed,
		// Parallel, gate on, a RollingUpdate without a rollingUpdate block:
		// a pod deleted below status.currentReplicas mid-rollout is
		// recreated at the current revision and deleted by the same sync,
		// every sync, as upstream's code does (newVersionedStatefulSetPod,
		// updateStatefulSetAfterInvariantEstablished phase 1); bound the
		// final run so such a run costs little.
		StableBound:  2 * time.Minute,
		FeatureGates: map[string]bool{"MaxUnavailableStatefulSet": gate},
		OnSync:       checker.ObserveSync,
		OnEvent:      func(sim.Event) { violations = append(violations, checker.Check(c)...) },
	})
	c.BehaveImage(updateImages[1], sim.ReadyAfter(3*time.Second))
	_, err := c.ApplyStatefulSet(set)
	require.NoError(t, err)
	script := []string{fmt.Sprintf("apply sts/web (%s, %s, %d replicas, strategy %+v)", policy, gateLabel(gate), *set.Spec.Replicas, set.Spec.UpdateStrategy)}
	fail := func(format string, args ...any) {
		t.Fatalf("seed %d, %s, %s: %s\nscript:\n%s\nlast trace lines:\n%s", seed, policy, gateLabel(gate),
			fmt.Sprintf(format, args...), strings.Join(script, "\n"), lastLines(c, 15))
	}
	for _, o := range ops {
		script = append(script, o.String())
		applyUpd(c, o)
		violations = append(violations, checker.Violations()...)
		if len(violations) > 0 {
			fail("%v", violations[0])
		}
	}
	script = append(script, "run until stable")
	_ = c.RunUntilStable()
	violations = append(violations, checker.Violations()...)
	if len(violations) > 0 {
		fail("%v", violations[0])
	}
	if msg := rolloutFinished(c); msg != "" {
		fail("%s", msg)
	}
}

// rolloutFinished checks the settled cluster: a finished rollout has
// currentRevision = updateRevision; the revisions are within
// revisionHistoryLimit + 2 when no pod carries a third one (§4.4, §4.5).
func rolloutFinished(c *sim.Cluster) string {
	s, ok := c.StatefulSet("web")
	if !ok {
		return "the set is gone"
	}
	st, want := s.Status, *s.Spec.Replicas
	if st.UpdatedReplicas == want && st.ReadyReplicas == want && st.Replicas == want && st.CurrentRevision != st.UpdateRevision {
		return fmt.Sprintf("rollout finished but currentRevision %s ≠ updateRevision %s", st.CurrentRevision, st.UpdateRevision)
	}
	extra := false
	for _, p := range c.Pods("default") {
		if r := p.Labels[sts.RevisionLabel]; r != st.CurrentRevision && r != st.UpdateRevision {
			extra = true
		}
	}
	if n := len(c.Revisions("default")); !extra && n > int(*s.Spec.RevisionHistoryLimit)+2 {
		return fmt.Sprintf("%d revisions, revisionHistoryLimit %d", n, *s.Spec.RevisionHistoryLimit)
	}
	return ""
}

func forUpdateConfigs(t *testing.T, disrupt bool) {
	for _, policy := range []string{sts.OrderedReady, sts.Parallel} {
		for _, gate := range gateConfigs() {
			t.Run(policy+"/"+gateLabel(gate), func(t *testing.T) {
				rapid.Check(t, func(t *rapid.T) { updateScenario(t, policy, gate, disrupt) })
			})
		}
	}
}

// TestUpdateInvariantsUnderDisruption: random template changes among three
// images, partition changes, scaling, pod deletes, readiness loss and time
// never break the update invariants — partition respected, the
// maxUnavailable budget, a new pod's revision (§4.1), no new revision for
// an old template, history within the limit, a finished rollout promoted —
// nor the others, checked after every event and every sync, for both pod
// management policies and both settings of MaxUnavailableStatefulSet.
func TestUpdateInvariantsUnderDisruption(t *testing.T) { forUpdateConfigs(t, true) }

// TestRevisionOrderWithoutDisruption: with only template, partition and
// scale changes and time, current-revision pods form a prefix and updated
// pods a suffix of the ordinals at every event (statefulset.md §8.3;
// upstream assertUpdateInvariants), besides every other invariant.
func TestRevisionOrderWithoutDisruption(t *testing.T) { forUpdateConfigs(t, false) }
