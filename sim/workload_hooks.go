package sim

import (
	"slices"
	"time"

	"github.com/stsim/stsim/api"
)

// The kubelet's and the API server's calls into the workload model. Each
// is one line in kubelet.go or store.go.

// forcedGrace is the kubelet's minimum grace period: a container of a
// force-deleted pod still gets SIGTERM and 2s before SIGKILL (upstream:
// kuberuntime_container.go minimumGracePeriodInSeconds).
const forcedGrace = 2 * time.Second

// workloadsStarting is called by kubelet.run before it writes the Running
// status: it creates a process for each container whose image is bound to
// a workload, and returns the readiness to report (not Ready, and no probe
// timer, when a workload reports its own).
func (c *Cluster) workloadsStarting(p *api.Pod, rt *container, delay time.Duration, ready bool) (time.Duration, bool) {
	w := c.work()
	if len(w.procs) > 0 {
		for _, q := range slices.Clone(w.procs[p.UID]) {
			q.reap() // processes of an earlier start
		}
	}
	reporting := false
	for i := range p.Spec.Containers {
		ct := &p.Spec.Containers[i]
		f := w.workloadFor(ct.Image)
		if f == nil {
			continue
		}
		wl := f()
		if wl == nil {
			continue
		}
		w.serial++
		proc := &Process{c: c, w: wl, id: w.serial, key: key{p.Namespace, p.Name}, uid: p.UID, pod: p, ct: ct,
			rt: rt, start: rt.started, ip: rt.ip, rng: c.processRand(w.serial)}
		if r, ok := wl.(ReadinessReporter); ok && r.ReportsReadiness() {
			proc.reportsReady, reporting = true, true
		}
		w.procs[p.UID] = append(w.procs[p.UID], proc)
	}
	if reporting {
		return -1, false
	}
	return delay, ready
}

// workloadsStart is called by kubelet.run once the pod is Running: it
// calls Start of the processes workloadsStarting created.
func (c *Cluster) workloadsStart(p *api.Pod) {
	if c.workloads == nil {
		return
	}
	procs := c.workloads.procs[p.UID]
	if len(procs) == 0 {
		return
	}
	cur := c.pod(key{p.Namespace, p.Name})
	for _, q := range slices.Clone(procs) {
		if q.state != procCreated || !q.Alive() {
			continue
		}
		if cur != nil && cur.UID == q.uid {
			q.pod = cur
		}
		q.state = procRunning
		q.w.Start(q)
	}
}

// workloadsTerminate is called by kubelet.stop: SIGTERM now, SIGKILL after
// the container's stop time d.
func (c *Cluster) workloadsTerminate(p *api.Pod, d time.Duration) {
	if c.workloads == nil {
		return
	}
	for _, q := range slices.Clone(c.workloads.procs[p.UID]) {
		q.terminate(d, false)
	}
}

// workloadsForceTerminate is called by kubelet.forceDeleted: the pod
// object is gone, the containers still get SIGTERM and forcedGrace.
func (c *Cluster) workloadsForceTerminate(p *api.Pod) {
	if c.workloads == nil {
		return
	}
	for _, q := range slices.Clone(c.workloads.procs[p.UID]) {
		q.terminate(forcedGrace, true)
	}
}

// workloadsReap is called on every pod write and removal: processes whose
// container is no longer running (crash, kill, eviction, removal) are
// killed, and their peers see their connections close.
func (c *Cluster) workloadsReap(p *api.Pod) {
	if c.workloads == nil || len(c.workloads.procs) == 0 {
		return
	}
	procs := c.workloads.procs[p.UID]
	for i := 0; i < len(procs); i++ {
		if !procs[i].Alive() {
			for _, q := range slices.Clone(procs) {
				q.reap()
			}
			return
		}
	}
}

// Process returns the live process of a container of the named pod ("" for
// the default container), if its image runs a workload.
func (c *Cluster) Process(pod, container string) (*Process, bool) {
	k := splitName(pod)
	p := c.pod(k)
	if p == nil || c.workloads == nil {
		return nil, false
	}
	ct, err := findContainer(p, container)
	if err != nil {
		return nil, false
	}
	for _, q := range c.workloads.procs[p.UID] {
		if q.ct.Name == ct.Name && q.Alive() {
			return q, true
		}
	}
	return nil, false
}
