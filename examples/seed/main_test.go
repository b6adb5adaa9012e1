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

const golden = "testdata/seed.golden"

// TestSeedGolden checks the whole walkthrough against its golden file and
// the article's milestones: pods created in order, the per-pod names, the
// clusterIP error, the Pending claim while the provisioner is down, the
// Bound claims, and the keys read back from the recreated pod at the end.
func TestSeedGolden(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(&out))
	s := out.String()
	if *update {
		require.NoError(t, os.WriteFile(golden, out.Bytes(), 0o644))
	}
	for _, want := range []string{
		"statefulset-controller  create  pod/redis-sts-1  redis-sts-0 is Running and Ready",
		"$ kubectl exec redis-sts-0 -- hostname\nredis-sts-0\n",
		"ping: bad address 'redis-sts-0.redis'\n",
		"Name:\tredis-sts-1.redis-svc.default.svc.cluster.local\n",
		`The Service "redis-svc" is invalid: spec.clusterIPs[0]: Invalid value: ["None"]: may not change once set`,
		"redis-svc   ClusterIP   None ",
		"Waiting for a volume to be created either by the external provisioner 'k8s-sigs.io/nfs-subdir-external-provisioner'",
		"nfs-client           k8s-sigs.io/nfs-subdir-external-provisioner",
	} {
		require.Contains(t, s, want)
	}
	last := s[strings.LastIndex(s, "--- 12."):]
	require.Regexp(t, `redis-100m-pvc-redis-pv-sts-0   Bound `, last)
	require.Regexp(t, `redis-100m-pvc-redis-pv-sts-1   Bound `, last)
	require.True(t, strings.HasSuffix(s,
		"$ kubectl exec redis-pv-sts-0 -- redis-cli get a\n\"111\"\n$ kubectl exec redis-pv-sts-0 -- redis-cli get b\n\"222\"\n"),
		"the walkthrough ends with a=111 and b=222 read back")
	want, err := os.ReadFile(golden)
	require.NoError(t, err)
	require.Equal(t, string(want), s)
}

// TestSeedScriptOnDisk runs seed.txt from the directory, as `stsim run`
// does, and gets the same output as the embedded copy.
func TestSeedScriptOnDisk(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, script.RunFile("seed.txt", &out, script.Options{Trace: script.TraceNone, Prompts: true}))
	want, err := os.ReadFile(golden)
	require.NoError(t, err)
	require.Equal(t, string(want), out.String())
}
