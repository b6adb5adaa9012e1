package sim_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// replicaHistory runs a primary/replica scenario with writes, a primary
// deletion, a replica kill and save points, and returns the trace, every
// container log and the exec outputs.
func replicaHistory(t *testing.T, seed uint64) string {
	s := primaryReplicaCluster(t, seed, 3)
	ops := []replOp{{kind: "write", ordinal: 0}, {kind: "run", d: 3 * time.Second}, {kind: "delete", ordinal: 0},
		{kind: "write", ordinal: 1}, {kind: "kill", ordinal: 2}, {kind: "run", d: 2 * time.Minute}, {kind: "write", ordinal: 0},
		{kind: "force-delete", ordinal: 1}, {kind: "run", d: time.Hour}}
	for i, o := range ops {
		o.apply(s.c, i)
	}
	require.NoError(t, s.c.RunUntilStable())
	var b strings.Builder
	for _, e := range s.c.Trace() {
		b.WriteString(e.String() + "\n")
	}
	for i := range 3 {
		pod := fmt.Sprintf("redis-sts-%d", i)
		for _, prev := range []bool{false, true} {
			out, err := s.c.Logs(pod, "", prev)
			fmt.Fprintf(&b, "--- logs %s previous=%v err=%v\n%s", pod, prev, err, out)
		}
		r, err := s.c.Exec(pod, "", []string{"redis-cli", "info"})
		fmt.Fprintf(&b, "--- info %s err=%v\n%s", pod, err, r.Output)
	}
	return b.String()
}

// TestWorkloadDeterminism: the same seed gives the same trace, the same
// logs and the same replies, byte for byte, with workloads running
// (DESIGN.md principle 1); another seed gives another history.
func TestWorkloadDeterminism(t *testing.T) {
	a, b := replicaHistory(t, 11), replicaHistory(t, 11)
	require.Equal(t, a, b)
	assert.Contains(t, a, "Background saving terminated with success", "the save points ran")
	assert.NotEqual(t, a, replicaHistory(t, 12))
}
