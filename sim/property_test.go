package sim_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/stsim/stsim/sim"
	"github.com/stsim/stsim/sim/invariants"
	"github.com/stsim/stsim/sts"
)

// op is one generated step of a scenario.
type op struct {
	kind    string
	ordinal int32
	n       int32
	d       time.Duration
}

func (o op) String() string {
	switch o.kind {
	case "scale":
		return fmt.Sprintf("scale sts/web --replicas=%d", o.n)
	case "run":
		return fmt.Sprintf("run %s", o.d)
	case "readiness-false", "readiness-true":
		return fmt.Sprintf("readiness pod web-%d %s", o.ordinal, strings.TrimPrefix(o.kind, "readiness-"))
	}
	return fmt.Sprintf("%s pod web-%d", o.kind, o.ordinal)
}

// genOp draws an operation; disruptive ones only when disrupt is set.
func genOp(disrupt bool) *rapid.Generator[op] {
	kinds := []string{"scale", "run", "run"}
	if disrupt {
		kinds = append(kinds, "delete", "force-delete", "fail", "kill", "readiness-false", "readiness-true")
	}
	return rapid.Custom(func(t *rapid.T) op {
		return op{
			kind:    rapid.SampledFrom(kinds).Draw(t, "kind"),
			ordinal: rapid.Int32Range(0, 5).Draw(t, "ordinal"),
			n:       rapid.Int32Range(0, 5).Draw(t, "replicas"),
			d:       time.Duration(rapid.IntRange(0, 20).Draw(t, "seconds")) * time.Second,
		}
	})
}

// apply performs o; errors such as "pod not found" are part of the game.
func apply(c *sim.Cluster, o op) {
	name := sts.PodName("web", o.ordinal)
	switch o.kind {
	case "scale":
		_ = c.Scale("web", o.n)
	case "run":
		_ = c.RunFor(o.d)
	case "delete":
		_ = c.DeletePod(name, sim.DeleteOptions{})
	case "force-delete":
		_ = c.DeletePod(name, sim.DeleteOptions{Force: true})
	case "fail":
		_ = c.FailPod(name)
	case "kill":
		_ = c.KillPod(name)
	case "readiness-false":
		_ = c.SetReadiness(name, false)
	case "readiness-true":
		_ = c.SetReadiness(name, true)
	}
}

// scenario runs ops on a fresh cluster, checking every invariant after every
// event, and fails with a reproduction recipe.
func scenario(t *rapid.T, policy string, disrupt bool) {
	seed := rapid.Uint64Range(1, 1<<20).Draw(t, "seed")
	ops := rapid.SliceOfN(genOp(disrupt), 1, 25).Draw(t, "ops")
	checker := invariants.New()
	checker.Disrupted = disrupt
	var c *sim.Cluster
	var violations []invariants.Violation
	cfg := sim.Config{Seed: seed, OnSync: checker.ObserveSync, OnEvent: func(sim.Event) {
		violations = append(violations, checker.Check(c)...)
	}}
	c = sim.NewCluster(cfg)
	_, err := c.ApplyStatefulSet(benchSet("web", policy, 3))
	require.NoError(t, err)
	var script []string
	for _, o := range ops {
		script = append(script, o.String())
		apply(c, o)
		violations = append(violations, checker.Violations()...)
		if len(violations) > 0 {
			t.Fatalf("seed %d, policy %s: %v\nscript:\n%s\nlast trace lines:\n%s", seed, policy, violations[0],
				strings.Join(script, "\n"), lastLines(c, 10))
		}
	}
}

func lastLines(c *sim.Cluster, n int) string {
	tr := c.Trace()
	var b strings.Builder
	for _, e := range tr[max(0, len(tr)-n):] {
		b.WriteString(e.String() + "\n")
	}
	return b.String()
}

// TestInvariantsUnderDisruption: random scale, delete, force delete, fail,
// kill and readiness changes never break the guarantees that hold under
// disruption (statefulset.md §8.6).
func TestInvariantsUnderDisruption(t *testing.T) {
	for _, policy := range []string{sts.OrderedReady, sts.Parallel} {
		t.Run(policy, func(t *testing.T) {
			rapid.Check(t, func(t *rapid.T) { scenario(t, policy, true) })
		})
	}
}

// TestReadinessPrefixWithoutDisruption: with only scaling and time, under
// OrderedReady readiness is a prefix of the ordinals at every event
// (statefulset.md §8.1; upstream assertMonotonicInvariants).
func TestReadinessPrefixWithoutDisruption(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) { scenario(t, sts.OrderedReady, false) })
}

// TestSameSeedSameTrace: the same seed and operations give a byte-identical
// JSON trace (DESIGN.md principle 1).
func TestSameSeedSameTrace(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		seed := rapid.Uint64().Draw(t, "seed")
		ops := rapid.SliceOfN(genOp(true), 1, 15).Draw(t, "ops")
		policy := rapid.SampledFrom([]string{sts.OrderedReady, sts.Parallel}).Draw(t, "policy")
		trace := func() string {
			c := sim.NewCluster(sim.Config{Seed: seed})
			_, err := c.ApplyStatefulSet(benchSet("web", policy, 3))
			require.NoError(t, err)
			for _, o := range ops {
				apply(c, o)
			}
			_ = c.RunUntilStable()
			var b strings.Builder
			for _, e := range c.Trace() {
				j, err := json.Marshal(e)
				require.NoError(t, err)
				b.Write(j)
				b.WriteByte('\n')
			}
			return b.String()
		}
		require.Equal(t, trace(), trace())
	})
}
