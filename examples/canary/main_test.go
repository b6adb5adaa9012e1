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

const golden = "testdata/canary.golden"

// section is the output from the narration line starting with prefix up to
// the next one.
func section(s, prefix string) string {
	s = s[strings.Index(s, prefix):]
	if end := strings.Index(s[1:], "\n--- "); end >= 0 {
		return s[:end+1]
	}
	return s
}

// TestCanaryGolden checks the partitioned rollout (statefulset.md §4:
// pods with an ordinal at or above the partition are updated, highest
// first; pods below it are recreated at the current revision) and the whole
// output against its golden file.
func TestCanaryGolden(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(&out))
	s := out.String()
	if *update {
		require.NoError(t, os.WriteFile(golden, out.Bytes(), 0o644))
	}
	revs := func(sec string) map[string]string {
		m := map[string]string{}
		for line := range strings.Lines(sec) {
			f := strings.Fields(line)
			if len(f) == 6 && strings.HasPrefix(f[0], "web-") {
				m[f[0]] = f[5] // the last table of the section wins
			}
		}
		return m
	}
	canary := revs(section(s, "--- 2."))
	require.Len(t, canary, 4)
	require.Equal(t, canary["web-0"], canary["web-1"])
	require.Equal(t, canary["web-2"], canary["web-3"])
	require.NotEqual(t, canary["web-0"], canary["web-2"])
	require.Contains(t, section(s, "--- 2."), "partitioned roll out complete: 2 new pods have been updated...")
	require.Contains(t, section(s, "--- 3."), "Image:         nginx:1.28")
	require.Equal(t, canary, revs(section(s, "--- 4.")), "web-0 is recreated at the old revision")
	done := revs(section(s, "--- 5."))
	for _, pod := range []string{"web-0", "web-1", "web-2", "web-3"} {
		require.Equal(t, canary["web-3"], done[pod], pod)
	}
	want, err := os.ReadFile(golden)
	require.NoError(t, err)
	require.Equal(t, string(want), s)
}

// TestCanaryScriptOnDisk runs canary.txt as `stsim run` does and gets the
// same output.
func TestCanaryScriptOnDisk(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, script.RunFile("canary.txt", &out, script.Options{Trace: script.TraceNone, Prompts: true, Strict: true}))
	want, err := os.ReadFile(golden)
	require.NoError(t, err)
	require.Equal(t, string(want), out.String())
}
