package sim

import (
	"fmt"

	"github.com/stsim/stsim/api"
)

// appendLog adds text to the log of a container start.
func (c *Cluster) appendLog(k containerKey, text string) {
	s := c.ops()
	s.logs[k] += text
}

// Logs returns the log of a container of the named pod ("" container: the
// default one): of its current start, or with previous of the start
// before. The simulated containers log only what is written to their
// standard output through Exec (e.g. `sh -c 'echo hi > /proc/1/fd/1'`).
func (c *Cluster) Logs(pod, container string, previous bool) (string, error) {
	k := splitName(pod)
	p := c.pod(k)
	if p == nil {
		return "", api.NewNotFound("pods", "", k.name)
	}
	ct, err := findContainer(p, container)
	if err != nil {
		return "", api.NewBadRequest(fmt.Sprintf("container %s is not valid for pod %s", container, p.Name))
	}
	if err := c.kubeletUnreachable(p.Spec.NodeName); err != nil {
		return "", err // nodes.go: a node that is down or gone
	}
	rt := c.kubelet.pods[p.UID]
	if previous {
		return c.previousLog(p, ct.Name, rt)
	}
	if !everStarted(rt) {
		return "", api.NewBadRequest(fmt.Sprintf("container %q in pod %q is waiting to start: %s", ct.Name, p.Name, waitingReason(p)))
	}
	s := c.ops()
	c.prune(s)
	return s.logs[containerKey{uid: p.UID, container: ct.Name, started: int64(rt.started)}], nil
}

// previousLog returns the log of the start before the current one.
func (c *Cluster) previousLog(p *api.Pod, name string, rt *container) (string, error) {
	if !everStarted(rt) || rt.restarts == 0 {
		return "", api.NewBadRequest(fmt.Sprintf("previous terminated container %q in pod %q not found", name, p.Name))
	}
	s := c.ops()
	c.prune(s)
	var best containerKey
	for k := range s.logs {
		if k.uid == p.UID && k.container == name && k.started < int64(rt.started) && k.started >= best.started {
			best = k
		}
	}
	return s.logs[best], nil
}

// waitingReason is the reason a container has not started, as the kubelet
// reports it.
func waitingReason(p *api.Pod) string {
	for _, st := range p.Status.ContainerStatuses {
		if st.State == "waiting" && st.Reason != "" {
			if st.Reason == "ImagePullBackOff" || st.Reason == "ErrImagePull" {
				return "trying and failing to pull image"
			}
			return st.Reason
		}
	}
	return "ContainerCreating"
}

// everStarted reports whether the pod's containers ran at least once (the
// kubelet gives a pod its address on the first start).
func everStarted(rt *container) bool { return rt != nil && rt.ip != "" }
