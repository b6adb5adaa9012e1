package main

import (
	"bytes"
	"flag"
	"os"
	"testing"

	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// TestQuickstartGolden checks the seed's redis-sts walkthrough: redis-sts-0
// is created, becomes Ready, and only then is redis-sts-1 created
// (statefulset.md §2.3: OrderedReady blocks on a pod that is not Running and
// Ready; upstream stateful_set_control.go processReplica).
func TestQuickstartGolden(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(&out))
	const golden = "testdata/quickstart.golden"
	if *update {
		require.NoError(t, os.WriteFile(golden, out.Bytes(), 0o644))
	}
	want, err := os.ReadFile(golden)
	require.NoError(t, err)
	require.Equal(t, string(want), out.String())
}
