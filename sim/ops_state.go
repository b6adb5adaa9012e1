package sim

// opsState is the state of the user operations of the ops_*.go files:
// container filesystems and logs.
type opsState struct {
	// rootfs is the writable layer of each container start.
	rootfs map[containerKey]*fsStore
	// volumes are the pod-level volumes of each pod incarnation.
	volumes map[volumeKey]*fsStore
	// logs are the log lines of each container start.
	logs map[containerKey]string
}

// containerKey names one start of one container of one pod incarnation:
// a restarted container gets a fresh root filesystem and a fresh log.
type containerKey struct {
	uid, container string
	started        int64 // virtual nanoseconds of the start
}

// volumeKey names one volume of one pod incarnation.
type volumeKey struct{ uid, volume string }

// ops returns the cluster's opsState, creating it on first use.
func (c *Cluster) ops() *opsState {
	if c.opsState == nil {
		c.opsState = &opsState{rootfs: map[containerKey]*fsStore{}, volumes: map[volumeKey]*fsStore{}, logs: map[containerKey]string{}}
	}
	return c.opsState
}

// prune forgets the filesystems and logs of pod incarnations that are gone
// and the root filesystems of container starts that are over.
func (c *Cluster) prune(s *opsState) {
	for k := range s.rootfs {
		if rt := c.kubelet.pods[k.uid]; rt == nil || int64(rt.started) != k.started {
			delete(s.rootfs, k)
		}
	}
	for k := range s.volumes {
		if c.kubelet.pods[k.uid] == nil {
			delete(s.volumes, k)
		}
	}
	for k := range s.logs {
		if c.kubelet.pods[k.uid] == nil {
			delete(s.logs, k)
		}
	}
}
