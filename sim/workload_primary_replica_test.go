package sim_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/stsim/stsim/sim"
)

// primaryReplicaCluster is redis-sts behind the headless redis-svc, each
// pod with a claim on the default class, running the primary/replica
// workload: ordinal 0 primary, the others `--replicaof
// redis-sts-0.redis-svc 6379`.
func primaryReplicaCluster(t *testing.T, seed uint64, replicas int32) *session {
	c := sim.NewCluster(sim.Config{Seed: seed})
	sim.UsePrimaryReplica(c, "redis:*")
	mustApply(t, c, headless("redis-svc", "redis-sts"), redisSet("redis-sts", "redis-svc", "standard", replicas))
	s := newSession(t, c)
	s.run()
	return s
}

// role returns ROLE's first lines as one string ("slave
// redis-sts-0.redis-svc 6379 connected").
func role(c *sim.Cluster, pod string) string {
	r, err := c.Exec(pod, "", []string{"redis-cli", "--raw", "role"})
	if err != nil {
		return err.Error()
	}
	lines := strings.Split(strings.TrimSpace(r.Output), "\n")
	if lines[0] == "slave" && len(lines) >= 4 {
		return strings.Join(lines[:4], " ")
	}
	return lines[0]
}

// TestPrimaryReplicaScaleUpAndPrimaryLoss: after scale-up to 3 the
// replicas report the primary through ROLE and serve its data, read-only;
// after `delete pod redis-sts-0` the primary comes back under the same
// name with a new IP, reloads its data, and the replicas reconnect through
// DNS and resync (seed README: "redis-cli replicaof
// redis-pv-sts-0.redis-svc 6379"). Golden test.
func TestPrimaryReplicaScaleUpAndPrimaryLoss(t *testing.T) {
	s := primaryReplicaCluster(t, 7, 1)
	s.exec("redis-sts-0", "redis-cli", "set", "a", "111")
	s.printf("$ kubectl scale sts/redis-sts --replicas=3\n")
	require.NoError(t, s.c.Scale("redis-sts", 3))
	s.run()
	s.runFor(2 * time.Second) // the replicas' first acknowledgements
	for _, pod := range []string{"redis-sts-1", "redis-sts-2"} {
		s.exec(pod, "redis-cli", "role")
		assert.Equal(t, "slave redis-sts-0.redis-svc 6379 connected", role(s.c, pod))
		assert.Equal(t, `"111"`+"\n", s.exec(pod, "redis-cli", "get", "a"))
	}
	s.exec("redis-sts-0", "redis-cli", "role")
	assert.Equal(t, "(error) READONLY You can't write against a read only replica.\n", s.exec("redis-sts-2", "redis-cli", "set", "x", "1"))
	old, _ := s.c.Pod("redis-sts-0")

	s.printf("$ kubectl delete pod redis-sts-0\n")
	require.NoError(t, s.c.DeletePod("redis-sts-0", sim.DeleteOptions{}))
	s.run()
	cur, _ := s.c.Pod("redis-sts-0")
	assert.NotEqual(t, old.Status.PodIP, cur.Status.PodIP, "the primary has a new IP")
	s.printf("# redis-sts-0 was %s, is %s\n", old.Status.PodIP, cur.Status.PodIP)
	for _, pod := range []string{"redis-sts-1", "redis-sts-2"} {
		assert.Equal(t, "slave redis-sts-0.redis-svc 6379 connected", role(s.c, pod))
		assert.Equal(t, `"111"`+"\n", s.exec(pod, "redis-cli", "get", "a"))
	}
	s.exec("redis-sts-1", "redis-cli", "info", "replication")
	log := s.logs("redis-sts-1", false)
	assert.Contains(t, log, "# Connection with master lost.")
	assert.Contains(t, log, "MASTER <-> REPLICA sync: Finished with success")
	s.logs("redis-sts-0", false)
	s.golden("primary_replica")
}

// TestPrimaryReplicaWithoutPersistence: a primary that restarts empty
// (no volume: /data is in the container's filesystem) resyncs its
// replicas to the empty dataset, the hazard Redis's replication docs warn
// of for masters with persistence off and automatic restarts.
func TestPrimaryReplicaWithoutPersistence(t *testing.T) {
	c := sim.NewCluster(sim.Config{Seed: 2})
	sim.UsePrimaryReplica(c, "redis:*")
	mustApply(t, c, headless("redis-svc", "redis-sts"), redisSet("redis-sts", "redis-svc", "", 2))
	require.NoError(t, c.RunUntilStable())
	_, err := c.Exec("redis-sts-0", "", []string{"redis-cli", "set", "a", "111"})
	require.NoError(t, err)
	require.NoError(t, c.RunUntilStable())
	r, _ := c.Exec("redis-sts-1", "", []string{"redis-cli", "get", "a"})
	require.Equal(t, `"111"`+"\n", r.Output)
	require.NoError(t, c.DeletePod("redis-sts-0", sim.DeleteOptions{}))
	require.NoError(t, c.RunUntilStable())
	assert.Equal(t, "slave redis-sts-0.redis-svc 6379 connected", role(c, "redis-sts-1"))
	r, _ = c.Exec("redis-sts-1", "", []string{"redis-cli", "get", "a"})
	assert.Equal(t, "(nil)\n", r.Output, "the replica followed the empty primary")
}

// checkOnePrimary is the replication invariant once the cluster has
// settled: pod 0 is the only master, every other pod of the set is its
// connected replica, the master lists exactly them, and a write on the
// master reaches every replica.
func checkOnePrimary(t require.TestingT, c *sim.Cluster, key string) {
	set, ok := c.StatefulSet("redis-sts")
	require.True(t, ok)
	n := int(*set.Spec.Replicas)
	require.Equal(t, "master", role(c, "redis-sts-0"), "seed %d", c.Seed())
	var want []string
	for i := 1; i < n; i++ {
		pod := fmt.Sprintf("redis-sts-%d", i)
		require.Equal(t, "slave redis-sts-0.redis-svc 6379 connected", role(c, pod), "%s, seed %d", pod, c.Seed())
		p, _ := c.Pod(pod)
		want = append(want, p.Status.PodIP)
	}
	r, err := c.Exec("redis-sts-0", "", []string{"redis-cli", "--raw", "role"})
	require.NoError(t, err)
	lines := strings.Split(strings.TrimSpace(r.Output), "\n")
	var got []string
	for i := 2; i+2 < len(lines); i += 3 {
		got = append(got, lines[i])
	}
	slices.Sort(got)
	slices.Sort(want)
	require.Equal(t, want, got, "the master's replicas, seed %d", c.Seed())
	_, err = c.Exec("redis-sts-0", "", []string{"redis-cli", "set", key, "v"})
	require.NoError(t, err)
	require.NoError(t, c.RunFor(time.Second))
	for i := 1; i < n; i++ {
		r, err := c.Exec(fmt.Sprintf("redis-sts-%d", i), "", []string{"redis-cli", "get", key})
		require.NoError(t, err)
		require.Equal(t, `"v"`+"\n", r.Output, "replica %d, seed %d", i, c.Seed())
	}
}

// TestRedisReplicaofByHand is the seed's manual recipe: plain Redis pods,
// `redis-cli replicaof redis-pv-sts-0.redis-pv-svc 6379` in the others;
// then a failover by hand: REPLICAOF NO ONE promotes redis-pv-sts-1 (a new
// replication ID, the old one kept as the secondary), and redis-pv-sts-2,
// pointed at it, continues with a partial resynchronization (PSYNC2).
// Golden test.
func TestRedisReplicaofByHand(t *testing.T) {
	c := sim.NewCluster(sim.Config{Seed: 8})
	mustApply(t, c, nfsClient(nil), headless("redis-pv-svc", "redis-pv-sts"), redisSet("redis-pv-sts", "redis-pv-svc", "nfs-client", 3))
	s := newSession(t, c)
	s.run()
	s.exec("redis-pv-sts-0", "redis-cli", "set", "a", "111")
	for _, pod := range []string{"redis-pv-sts-1", "redis-pv-sts-2"} {
		assert.Equal(t, "OK\n", s.exec(pod, "redis-cli", "replicaof", "redis-pv-sts-0.redis-pv-svc", "6379"))
	}
	s.exec("redis-pv-sts-1", "redis-cli", "replicaof", "redis-pv-sts-0.redis-pv-svc", "6379")
	s.run()
	assert.Equal(t, "slave redis-pv-sts-0.redis-pv-svc 6379 connected", role(c, "redis-pv-sts-2"))
	assert.Equal(t, `"111"`+"\n", s.exec("redis-pv-sts-2", "redis-cli", "get", "a"))
	s.exec("redis-pv-sts-0", "redis-cli", "set", "b", "222")
	s.run()

	s.printf("# failover by hand\n")
	assert.Equal(t, "OK\n", s.exec("redis-pv-sts-1", "redis-cli", "replicaof", "no", "one"))
	s.exec("redis-pv-sts-2", "redis-cli", "replicaof", "redis-pv-sts-1.redis-pv-svc", "6379")
	s.exec("redis-pv-sts-0", "redis-cli", "replicaof", "redis-pv-sts-1.redis-pv-svc", "6379")
	s.run()
	s.exec("redis-pv-sts-1", "redis-cli", "set", "c", "333")
	s.run()
	assert.Equal(t, "master", role(c, "redis-pv-sts-1"))
	for _, pod := range []string{"redis-pv-sts-0", "redis-pv-sts-2"} {
		assert.Equal(t, "slave redis-pv-sts-1.redis-pv-svc 6379 connected", role(c, pod))
		assert.Equal(t, "1) \"111\"\n2) \"222\"\n3) \"333\"\n", s.exec(pod, "redis-cli", "mget", "a", "b", "c"))
	}
	log := s.logs("redis-pv-sts-1", false)
	assert.Contains(t, log, "Partial resynchronization request from")
	s.logs("redis-pv-sts-2", false)
	s.golden("redis_replicaof")
}

// TestPrimaryReplicaPartition: a partition of the primary's node silences
// the link; both ends time out after repl-timeout; when the partition
// heals the replica continues where it stopped (partial resync).
func TestPrimaryReplicaPartition(t *testing.T) {
	s := primaryReplicaCluster(t, 3, 2)
	s.exec("redis-sts-0", "redis-cli", "set", "a", "111")
	s.run()
	p, _ := s.c.Pod("redis-sts-0")
	require.NoError(t, s.c.Inject(sim.NodePartition{Node: p.Spec.NodeName}))
	require.NoError(t, s.c.RunFor(3*time.Minute))
	assert.Equal(t, "slave redis-sts-0.redis-svc 6379 connect", role(s.c, "redis-sts-1"))
	require.NoError(t, s.c.Inject(sim.NodeUp{Node: p.Spec.NodeName}))
	require.NoError(t, s.c.RunUntilStable())
	require.NoError(t, s.c.RunFor(5*time.Second))
	checkOnePrimary(t, s.c, "after")
	log, _ := s.c.Logs("redis-sts-1", "", false)
	assert.Contains(t, log, "# MASTER timeout: no data nor PING received...")
	assert.Contains(t, log, "* Successful partial resynchronization with master.")
	assert.Equal(t, `"111"`+"\n", s.exec("redis-sts-1", "redis-cli", "get", "a"))
}
