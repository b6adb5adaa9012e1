package sim

import (
	"github.com/stsim/stsim/api"
)

// BehaveImage sets how containers of image behave from now on (for
// containers started from now on).
func (c *Cluster) BehaveImage(image string, b Behaviour) {
	c.kubelet.byImage[image] = b
	c.record(Event{Actor: ActorFault, Verb: VerbUpdate, Kind: "Image", Name: image, Reason: "behaviour " + b.String()})
}

// BehavePod sets how the containers of the pod with this name behave, for
// every incarnation of the pod.
func (c *Cluster) BehavePod(name string, b Behaviour) {
	k := splitName(name)
	c.kubelet.byPod[k] = b
	c.record(Event{Actor: ActorFault, Verb: VerbUpdate, Kind: "Pod", Name: k.name, Namespace: k.ns, Reason: "behaviour " + b.String()})
}

// SetReadiness makes the pod's readiness probe succeed or fail from now on
// (the Readiness fault).
func (c *Cluster) SetReadiness(name string, ready bool) error {
	return c.Inject(Readiness{Pod: name, Ready: ready})
}

// FailPod sets the pod's phase to Failed now, as an eviction does (the
// FailPod fault).
func (c *Cluster) FailPod(name string) error {
	return c.Inject(FailPod{Pod: name})
}

func (c *Cluster) failPod(name string) error {
	p, rt, err := c.runningPod(name)
	if err != nil {
		return err
	}
	rt.running = false
	if !rt.stopping {
		rt.gen++ // a pending stop of a deleted pod must still remove it
	}
	n := *p
	n.Status = c.kubelet.status(p, "terminated", "Evicted", false, rt.restarts)
	n.Status.Phase = api.PodFailed
	n.Status.Reason = "Evicted"
	n.Status.Message = "The node was low on resource: memory."
	c.event(p.Namespace, p.Name, evEvicted)
	c.writePod(&n, Event{Actor: ActorFault, Verb: VerbStatus, Reason: "pod failed (evicted)", Detail: c.podDetail(podDetail{Phase: "Failed"})})
	return nil
}

// KillPod kills the pod's containers now (SIGKILL, as an OOM kill or a
// crash); the kubelet restarts them under restartPolicy Always (the
// KillPod fault).
func (c *Cluster) KillPod(name string) error {
	return c.Inject(KillPod{Pod: name})
}

func (c *Cluster) runningPod(name string) (*api.Pod, *container, error) {
	k := splitName(name)
	p := c.pod(k)
	if p == nil {
		return nil, nil, api.NewNotFound("pods", "", k.name)
	}
	rt := c.kubelet.pods[p.UID]
	if rt == nil {
		rt = &container{key: k, uid: p.UID, pod: p, k: &c.kubelet}
	}
	return p, rt, nil
}
