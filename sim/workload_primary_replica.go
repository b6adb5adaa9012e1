package sim

import (
	"strconv"
	"strings"
)

// PrimaryReplicaRedis is the primary/replica example workload, the
// seed article's homework in code: Redis whose role comes from the
// hostname's ordinal, as a StatefulSet's start script would pick it.
// Ordinal 0 is the primary; every other pod starts as
// `redis-server --replicaof <set>-0.<service> 6379`, naming the primary by
// its stable DNS name (the pod's subdomain is the StatefulSet's
// serviceName), so that a replica finds the primary again after it is
// recreated with a new IP.
func PrimaryReplicaRedis() Workload {
	return &redisServer{setup: primaryReplicaSetup}
}

// primaryReplicaSetup configures a replica from the hostname.
func primaryReplicaSetup(p *Process, conf *redisConfig) {
	host := p.Hostname()
	i := strings.LastIndexByte(host, '-')
	if i < 0 || p.Subdomain() == "" {
		return // not a StatefulSet pod: a standalone server
	}
	ordinal, err := strconv.Atoi(host[i+1:])
	if err != nil || ordinal == 0 {
		return
	}
	conf.replicaOf = host[:i] + "-0." + p.Subdomain() + " " + strconv.Itoa(conf.port)
	conf.args = true
}

// UsePrimaryReplica binds the images matching pattern (e.g. "redis:*") to
// PrimaryReplicaRedis on c, for containers started from now on.
func UsePrimaryReplica(c *Cluster, pattern string) {
	c.RegisterWorkload(pattern, PrimaryReplicaRedis)
}
