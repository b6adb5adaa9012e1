package sim_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/stsim/stsim/api"
	"github.com/stsim/stsim/sim"
)

// seedDataCluster is the seed's redis-pv-sts (2 replicas, claims on
// nfs-client, mounted at /data) behind redis-pv-svc, running.
func seedDataCluster(t *testing.T) *session {
	c := sim.NewCluster(sim.Config{Seed: 5})
	mustApply(t, c, nfsClient(nil), headless("redis-pv-svc", "redis-pv-sts"), redisSet("redis-pv-sts", "redis-pv-svc", "nfs-client", 2))
	s := newSession(t, c)
	s.run()
	return s
}

// TestRedisSeedDataSurvivesPodDeletion is the seed article's walkthrough
// (seed README §5): `redis-cli set a 111`, `set b 222` in redis-pv-sts-0,
// `kubectl delete pod redis-pv-sts-0`; the recreated pod remounts the same
// claim, Redis loads the dump.rdb it saved on SIGTERM (its final save on
// shutdown, server.c prepareForShutdown), and `get a` answers "111".
// Golden test.
func TestRedisSeedDataSurvivesPodDeletion(t *testing.T) {
	s := seedDataCluster(t)
	assert.Equal(t, "OK\n", s.exec("redis-pv-sts-0", "redis-cli", "set", "a", "111"))
	assert.Equal(t, "OK\n", s.exec("redis-pv-sts-0", "redis-cli", "set", "b", "222"))
	old, _ := s.c.Pod("redis-pv-sts-0")
	s.printf("$ kubectl delete pod redis-pv-sts-0\n")
	require.NoError(t, s.c.DeletePod("redis-pv-sts-0", sim.DeleteOptions{}))
	s.runFor(100 * time.Millisecond)
	assert.Contains(t, s.logs("redis-pv-sts-0", false), "Saving the final RDB snapshot before exiting.", "SIGTERM")
	s.run()
	p, _ := s.c.Pod("redis-pv-sts-0")
	require.NotEqual(t, old.UID, p.UID, "a new pod incarnation")
	assert.Equal(t, `"111"`+"\n", s.exec("redis-pv-sts-0", "redis-cli", "get", "a"))
	assert.Equal(t, `"222"`+"\n", s.exec("redis-pv-sts-0", "redis-cli", "get", "b"))
	s.exec("redis-pv-sts-0", "ls", "/data")
	assert.Contains(t, s.logs("redis-pv-sts-0", false), "DB loaded from disk")
	assert.Equal(t, "(nil)\n", s.exec("redis-pv-sts-1", "redis-cli", "get", "a"), "replicas' data are separate")
	s.golden("redis_data")
}

// TestRedisKillLosesUnsavedWrites: `kill pod` is SIGKILL (a crash, an OOM
// kill): no handler runs, so the writes since the last save are lost when
// the kubelet restarts the container; what was saved is reloaded.
func TestRedisKillLosesUnsavedWrites(t *testing.T) {
	s := seedDataCluster(t)
	s.exec("redis-pv-sts-0", "redis-cli", "set", "a", "111")
	s.exec("redis-pv-sts-0", "redis-cli", "save")
	s.exec("redis-pv-sts-0", "redis-cli", "set", "b", "222")
	s.printf("$ kill pod redis-pv-sts-0\n")
	require.NoError(t, s.c.KillPod("redis-pv-sts-0"))
	s.run()
	assert.Equal(t, `"111"`+"\n", s.exec("redis-pv-sts-0", "redis-cli", "get", "a"), "saved before the kill")
	assert.Equal(t, "(nil)\n", s.exec("redis-pv-sts-0", "redis-cli", "get", "b"), "written after the last save")
	prev := s.logs("redis-pv-sts-0", true)
	assert.NotContains(t, prev, "SIGTERM", "SIGKILL runs no handler")
	s.logs("redis-pv-sts-0", false)
	s.golden("redis_kill")
}

// TestRedisKillRightAfterWrite: with no save at all the restarted
// container has lost the key.
func TestRedisKillRightAfterWrite(t *testing.T) {
	s := seedDataCluster(t)
	s.exec("redis-pv-sts-0", "redis-cli", "set", "a", "111")
	require.NoError(t, s.c.KillPod("redis-pv-sts-0"))
	s.run()
	assert.Equal(t, "(nil)\n", s.exec("redis-pv-sts-0", "redis-cli", "get", "a"))
	assert.Equal(t, "(integer) 0\n", s.exec("redis-pv-sts-0", "redis-cli", "dbsize"))
}

// TestRedisForcedDeleteStillSaves: `delete --force --grace-period=0`
// removes the API object at once, but the kubelet still sends SIGTERM and
// waits its minimum 2s grace (kuberuntime_container.go
// minimumGracePeriodInSeconds): Redis's final save runs, the data is kept.
func TestRedisForcedDeleteStillSaves(t *testing.T) {
	s := seedDataCluster(t)
	s.exec("redis-pv-sts-0", "redis-cli", "set", "a", "111")
	require.NoError(t, s.c.DeletePod("redis-pv-sts-0", sim.DeleteOptions{Force: true}))
	s.run()
	assert.Equal(t, `"111"`+"\n", s.exec("redis-pv-sts-0", "redis-cli", "get", "a"))
}

// TestRedisSavePoints: the default save points `3600 1 300 100 60 10000`:
// one change is saved after an hour, a hundred after five minutes, each by
// a BGSAVE whose file a later crash reloads.
func TestRedisSavePoints(t *testing.T) {
	s := seedDataCluster(t)
	s.exec("redis-pv-sts-0", "redis-cli", "set", "a", "1")
	s.runFor(59 * time.Minute)
	assert.NotContains(t, s.logs("redis-pv-sts-0", false), "Saving...")
	s.b.Reset()
	s.runFor(2 * time.Minute)
	log := s.logs("redis-pv-sts-0", false)
	assert.Contains(t, log, "* 1 changes in 3600 seconds. Saving...")
	assert.Contains(t, log, "* Background saving terminated with success")
	for i := range 100 {
		s.c.Exec("redis-pv-sts-0", "", []string{"redis-cli", "set", "k" + string(rune('a'+i%26)) + strings.Repeat("x", i/26), "v"})
	}
	s.runFor(302 * time.Second)
	assert.Contains(t, s.logs("redis-pv-sts-0", false), "* 100 changes in 300 seconds. Saving...")
	require.NoError(t, s.c.KillPod("redis-pv-sts-0"))
	s.run()
	assert.Equal(t, "(integer) 101\n", s.exec("redis-pv-sts-0", "redis-cli", "dbsize"))
}

// TestRedisCorruptDumpCrashLoops: a dump.rdb Redis cannot read stops the
// server at start (exit 1), and the kubelet restarts it with back-off.
func TestRedisCorruptDumpCrashLoops(t *testing.T) {
	s := seedDataCluster(t)
	s.c.ClaimData("redis-100m-pvc-redis-pv-sts-0").Put("/dump.rdb", []byte("a=111 b=222"))
	require.NoError(t, s.c.KillPod("redis-pv-sts-0"))
	require.NoError(t, s.c.RunFor(30*time.Second))
	p, _ := s.c.Pod("redis-pv-sts-0")
	assert.Equal(t, "CrashLoopBackOff", p.Status.ContainerStatuses[0].Reason)
	assert.False(t, api.IsPodReady(p))
	assert.Positive(t, p.Status.ContainerStatuses[0].RestartCount)
	log, err := s.c.Logs("redis-pv-sts-0", "", true)
	require.NoError(t, err)
	assert.Contains(t, log, "# Wrong signature trying to load DB from file\n")
	assert.Contains(t, log, "# Fatal error loading the DB: Invalid argument. Exiting.\n")
}

// TestRedisNodePowerLossLosesUnsavedWrites: a power loss kills the
// containers with their memory; when the node is back the kubelet starts
// the pod again, and Redis reloads what it had saved on the node's
// local-path volume, without the writes since.
func TestRedisNodePowerLossLosesUnsavedWrites(t *testing.T) {
	c := sim.NewCluster(sim.Config{Seed: 5})
	mustApply(t, c, headless("redis-svc", "redis"), redisSet("redis", "redis-svc", "standard", 1))
	s := newSession(t, c)
	s.run()
	s.exec("redis-0", "redis-cli", "set", "a", "1")
	s.exec("redis-0", "redis-cli", "save")
	s.exec("redis-0", "redis-cli", "set", "b", "2")
	p, _ := c.Pod("redis-0")
	require.NoError(t, c.Inject(sim.NodeDown{Node: p.Spec.NodeName}))
	require.NoError(t, c.RunFor(30*time.Second))
	require.NoError(t, c.Inject(sim.NodeUp{Node: p.Spec.NodeName}))
	s.run()
	assert.Equal(t, `"1"`+"\n", s.exec("redis-0", "redis-cli", "get", "a"))
	assert.Equal(t, "(nil)\n", s.exec("redis-0", "redis-cli", "get", "b"))
	assert.NotContains(t, s.logs("redis-0", true), "SIGTERM")
}
