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

const golden = "testdata/stuck-rollout.golden"

// section is the output from the narration line starting with prefix up to
// the next one.
func section(s, prefix string) string {
	s = s[strings.Index(s, prefix):]
	if end := strings.Index(s[1:], "\n--- "); end >= 0 {
		return s[:end+1]
	}
	return s
}

// revisions reads the pods' controller-revision-hash from the last
// `get pods -L controller-revision-hash` table of a section.
func revisions(sec string) map[string]string {
	m := map[string]string{}
	for line := range strings.Lines(sec) {
		f := strings.Fields(line)
		if len(f) == 6 && strings.HasPrefix(f[0], "web") && f[0] != "NAME" {
			m[f[0]] = f[5]
		}
	}
	return m
}

// TestStuckRolloutGolden checks the #67250 trap (statefulset.md §2.6): the
// update to a never-ready image stops at web-2; the revert leaves web-2 at
// the broken revision, and the controller's wait says why; deleting web-2
// brings it back at the reverted revision; with Parallel the controller
// replaces the broken pod itself. The whole output is compared with its
// golden file.
func TestStuckRolloutGolden(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(&out))
	s := out.String()
	if *update {
		require.NoError(t, os.WriteFile(golden, out.Bytes(), 0o644))
	}
	good := revisions(section(s, "--- 2."))["web-0"]
	broken := revisions(section(s, "--- 2."))["web-2"]
	require.NotEmpty(t, good)
	require.NotEqual(t, good, broken)
	require.Equal(t, good, revisions(section(s, "--- 2."))["web-1"], "only web-2 is replaced")

	stuck := section(s, "--- 3.")
	require.Equal(t, broken, revisions(stuck)["web-2"], "the revert does not replace web-2")
	require.Contains(t, stuck, "a rolling update never replaces a pod that is not Ready; delete it, #67250)")
	require.Contains(t, stuck, "error: timed out waiting for the condition")
	require.NotContains(t, stuck, "statefulset-controller  delete  pod/web-2")

	out4 := section(s, "--- 4.")
	require.Contains(t, out4, "statefulset-controller  create  pod/web-2")
	for _, pod := range []string{"web-0", "web-1", "web-2"} {
		require.Equal(t, good, revisions(out4)[pod], pod)
	}

	par := section(s, "--- 5.")
	require.NotContains(t, par, "user  delete")
	require.Contains(t, par[strings.LastIndex(par, "nginx=nginx:1.27"):], "statefulset-controller  delete  pod/web-parallel-2")
	final := revisions(par)
	require.Len(t, final, 3)
	require.Equal(t, final["web-parallel-0"], final["web-parallel-2"])
	require.True(t, strings.HasSuffix(strings.TrimRight(par, "\n"), final["web-parallel-2"]))

	want, err := os.ReadFile(golden)
	require.NoError(t, err)
	require.Equal(t, string(want), s)
}

// TestStuckRolloutScriptOnDisk runs stuck-rollout.txt as `stsim run` does
// and gets the same output.
func TestStuckRolloutScriptOnDisk(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, script.RunFile("stuck-rollout.txt", &out, script.Options{Prompts: true}))
	want, err := os.ReadFile(golden)
	require.NoError(t, err)
	require.Equal(t, string(want), out.String())
}
