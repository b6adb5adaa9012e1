package main

import (
	"bytes"
	"flag"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// TestPrimaryReplicaGolden checks the walkthrough's output: the replicas
// report redis-sts-0.redis-svc as their primary and serve its keys
// read-only; after the primary pod is deleted it comes back with a new IP
// and its data, and the replicas are connected to it again.
func TestPrimaryReplicaGolden(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(&out))
	got := out.String()
	assert.Contains(t, got, "2) \"redis-sts-0.redis-svc\"\n3) (integer) 6379\n4) \"connected\"")
	assert.Contains(t, got, "(error) READONLY You can't write against a read only replica.")
	assert.Equal(t, 2, strings.Count(got, "4) \"connected\""), "before and after the primary's deletion")
	assert.Contains(t, got, "1) \"111\"\n2) \"222\"\n")
	const golden = "testdata/primary-replica.golden"
	if *update {
		require.NoError(t, os.WriteFile(golden, out.Bytes(), 0o644))
	}
	want, err := os.ReadFile(golden)
	require.NoError(t, err)
	require.Equal(t, string(want), got)
}
