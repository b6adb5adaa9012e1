package sim

import (
	"strings"

	"github.com/stsim/stsim/api"
	"github.com/stsim/stsim/storage"
)

// mountWait is a pod whose kubelet waits for its claims before it starts
// the containers (upstream: volumemanager WaitForAttachAndMount, the
// desired-state-of-world populator refusing unbound claims).
type mountWait struct {
	key key
}

// volumesMountable reports whether every claim of the pod is bound; if not,
// the kubelet waits, reports FailedMount every mountTimeout, and starts
// over when one of the claims changes.
func (c *Cluster) volumesMountable(p *api.Pod) bool {
	if !hasClaims(p) {
		return true
	}
	var vols, causes []string
	for _, v := range p.Spec.Volumes {
		if v.ClaimName == "" {
			continue
		}
		pvc := c.claims[claimKey(p.Namespace, v.ClaimName)]
		ref := "error processing PVC " + p.Namespace + "/" + v.ClaimName + ": "
		switch {
		case pvc == nil:
			vols, causes = append(vols, v.Name), append(causes, ref+`failed to fetch PVC from API server: persistentvolumeclaims "`+v.ClaimName+`" not found`)
		case pvc.Status.Phase != storage.ClaimBound:
			vols, causes = append(vols, v.Name), append(causes, ref+"PVC is not bound")
		case pvc.Spec.VolumeName == "":
			vols, causes = append(vols, v.Name), append(causes, ref+"PVC has empty pvc.Spec.VolumeName")
		}
	}
	if len(vols) == 0 {
		delete(c.stor.mounts, p.UID)
		return true
	}
	if c.stor.mounts[p.UID] != nil {
		return false
	}
	w := &mountWait{key: key{p.Namespace, p.Name}}
	c.stor.mounts[p.UID] = w
	list := strings.Join(vols, " ")
	msg := "Unable to attach or mount volumes: unmounted volumes=[" + list + "], unattached volumes=[" + list +
		"], failed to process volumes=[" + list + "]: " + strings.Join(causes, ", ")
	uid := p.UID
	var report func()
	report = func() {
		if c.stor.mounts[uid] != w {
			return
		}
		c.podEventMsg(w.key.ns, w.key.name, "Warning", "FailedMount", ActorKubelet, msg)
		c.eng.backgroundAt(c.eng.now+mountTimeout, ActorKubelet, "mount volumes of pod/", w.key.name, report)
	}
	c.eng.backgroundAt(c.eng.now+mountTimeout, ActorKubelet, "mount volumes of pod/", w.key.name, report)
	return false
}

// mountsClaimChanged resumes the kubelets waiting for the claim.
func (c *Cluster) mountsClaimChanged(k key) {
	for _, p := range c.podsUsing(k) {
		rt := c.kubelet.pods[p.UID]
		if c.stor.mounts[p.UID] == nil || rt == nil || rt.stopping {
			continue
		}
		delete(c.stor.mounts, p.UID)
		c.kubelet.pull(rt, p)
	}
}
