package main

import (
	"bytes"
	"flag"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/stsim/stsim/script"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func checkGolden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err)
	require.Equal(t, string(want), got)
}

// TestNodeFailureGolden checks the walkthrough: web-1 stays Terminating on
// the lost node and is not replaced, not even after an hour; the
// out-of-service taint lets pod GC remove it and it comes back on another
// node with the same claim (statefulset.md §2.5; kubernetes#74689).
func TestNodeFailureGolden(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(&out))
	s := out.String()
	hour := s[strings.Index(s, "# 3."):strings.Index(s, "# 4-5.")]
	require.Contains(t, hour, "web-1   Terminating")
	require.NotContains(t, hour, "statefulset-controller  create  pod/web-1")
	require.Contains(t, s[strings.Index(s, "# 4-5."):], "statefulset-controller  create  pod/web-1")
	checkGolden(t, "testdata/node-failure.golden", s)
}

// TestNodeFailureScript runs the same scenario as a script.
func TestNodeFailureScript(t *testing.T) {
	src, err := os.ReadFile("node-failure.txt")
	require.NoError(t, err)
	var out bytes.Buffer
	require.NoError(t, script.New(&out, script.Options{Dir: ".", Name: "node-failure.txt", Strict: true}).Run(script.Parse(string(src))))
	checkGolden(t, "testdata/node-failure-script.golden", out.String())
}
