package sim

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/stsim/stsim/storage"
)

// provisionerState is one external provisioner: its driver and the loop of
// sig-storage-lib-external-provisioner around it (watch claims with its
// name, provision after a delay, create the volume; watch Released volumes
// it made, delete them). A stopped provisioner does nothing; started again
// it looks at every claim and volume.
type provisionerState struct {
	driver   storage.Provisioner
	delay    time.Duration
	running  bool
	source   string          // event source component
	busy     map[string]bool // claim UIDs and volume names in flight
	failures map[string]int
}

// failedThreshold is the lib's DefaultFailedProvisionThreshold and
// DefaultFailedDeleteThreshold: it stops retrying after that many failures.
const failedThreshold = 15

// RegisterProvisioner adds a running provisioner (replacing one of the same
// name) whose operations take delay (jittered).
func (c *Cluster) RegisterProvisioner(p storage.Provisioner, delay time.Duration) {
	c.registerProvisioner(p, delay, true)
	c.rescan(c.stor.provisioners[p.Name()])
}

func (c *Cluster) registerProvisioner(p storage.Provisioner, delay time.Duration, running bool) {
	c.stor.provisioners[p.Name()] = &provisionerState{driver: p, delay: delay, running: running,
		source: p.Name() + "_" + provisionerPod(p.Name()), busy: map[string]bool{}, failures: map[string]int{}}
}

// provisionerPod is the (made-up, fixed) pod name the lib puts in its event
// source component, "<provisioner>_<pod>_<uuid>" upstream.
func provisionerPod(name string) string {
	switch name {
	case LocalPathProvisioner:
		return "local-path-provisioner-7dc846544d-d8lhq"
	case NFSSubdirProvisioner:
		return "nfs-subdir-external-provisioner-5f8d6b8c9d-9xk2v"
	}
	return "provisioner"
}

// StopProvisioner stops the named provisioner (an outage): claims it should
// serve stay Pending and its Released volumes stay.
func (c *Cluster) StopProvisioner(name string) error { return c.setProvisioner(name, false) }

// StartProvisioner starts the named provisioner again; it catches up with
// every claim and volume.
func (c *Cluster) StartProvisioner(name string) error { return c.setProvisioner(name, true) }

func (c *Cluster) setProvisioner(name string, running bool) error {
	ps := c.stor.provisioners[name]
	if ps == nil {
		return fmt.Errorf("provisioner %q not found", name)
	}
	if ps.running == running {
		return nil
	}
	ps.running = running
	verb := "stopped"
	if running {
		verb = "started"
		clear(ps.failures)
	}
	c.record(Event{Actor: ActorFault, Verb: VerbUpdate, Kind: "Provisioner", Name: name, Reason: verb})
	if running {
		c.rescan(ps)
	}
	return nil
}

// ProvisionerRunning reports whether the named provisioner exists and runs.
func (c *Cluster) ProvisionerRunning(name string) bool {
	ps := c.stor.provisioners[name]
	return ps != nil && ps.running
}

// rescan is the lib's initial list: every claim and volume.
func (c *Cluster) rescan(ps *provisionerState) {
	for _, k := range slices.SortedFunc(maps.Keys(c.claims), keyLess) {
		c.maybeProvision(ps, k)
	}
	for _, n := range slices.Sorted(maps.Keys(c.stor.volumes)) {
		c.maybeDelete(ps, n)
	}
}

func (c *Cluster) runningProvisioners() []*provisionerState {
	var out []*provisionerState
	for _, n := range slices.Sorted(maps.Keys(c.stor.provisioners)) {
		if ps := c.stor.provisioners[n]; ps.running {
			out = append(out, ps)
		}
	}
	return out
}

// provisionersSeeClaim is the provisioners' claim watch.
func (c *Cluster) provisionersSeeClaim(k key) {
	for _, ps := range c.runningProvisioners() {
		c.maybeProvision(ps, k)
	}
}

// provisionersSeeVolume is the provisioners' volume watch.
func (c *Cluster) provisionersSeeVolume(name string) {
	for _, ps := range c.runningProvisioners() {
		c.maybeDelete(ps, name)
	}
}

// wantsVolume reports whether ps must provision for the claim now.
func (c *Cluster) wantsVolume(ps *provisionerState, pvc *storage.PersistentVolumeClaim) bool {
	if pvc == nil || !ps.running || !storage.ShouldProvision(pvc, ps.driver.Name(), c.stor.classes[storage.ClaimClass(pvc)]) {
		return false
	}
	return c.stor.volumes[storage.ProvisionedVolumeName(pvc)] == nil && ps.failures[pvc.UID] < failedThreshold
}

// maybeProvision starts provisioning for the claim if ps must.
func (c *Cluster) maybeProvision(ps *provisionerState, k key) {
	pvc := c.claims[k]
	if !c.wantsVolume(ps, pvc) || ps.busy[pvc.UID] {
		return
	}
	uid := pvc.UID
	ps.busy[uid] = true
	c.claimEvent(pvc, "Normal", storage.ReasonProvisioning, ps.source, storage.ProvisioningMessage(pvc))
	c.eng.after(c.jitter(ps.delay), actorProvisioner+ps.driver.Name(), "provision pvc/", k.name, func() {
		delete(ps.busy, uid)
		if cur := c.claims[k]; cur != nil && cur.UID == uid && c.wantsVolume(ps, cur) {
			c.provision(ps, cur)
		}
	})
}

// provision runs the driver and creates the volume, or reports the failure
// and retries with back-off (upstream lib: provisionClaimOperation).
func (c *Cluster) provision(ps *provisionerState, pvc *storage.PersistentVolumeClaim) {
	name := ps.driver.Name()
	className := storage.ClaimClass(pvc)
	class := c.stor.classes[className]
	req := storage.ProvisionRequest{Claim: pvc, Class: class, VolumeName: storage.ProvisionedVolumeName(pvc),
		SelectedNode: pvc.Annotations[storage.AnnSelectedNode]}
	var v *storage.PersistentVolume
	var err error
	switch {
	case class == nil:
		err = errors.New(storage.ClassNotFound(className))
	default:
		if err = storage.CheckProvisionable(pvc, name); err == nil {
			v, err = ps.driver.Provision(req)
		}
	}
	if err != nil {
		c.claimEvent(pvc, "Warning", storage.ReasonProvisioningFailed, ps.source, storage.ProvisioningFailedMessage(className, err))
		c.retryProvisioner(ps, pvc.UID, "retry provisioning pvc/", pvc.Name, func() { c.maybeProvision(ps, key{pvc.Namespace, pvc.Name}) })
		return
	}
	delete(ps.failures, pvc.UID)
	v = storage.NewProvisionedVolume(ps.driver, req, v)
	storage.DefaultVolume(v)
	c.stamp(&v.ObjectMeta)
	v.Finalizers = []string{storage.FinalizerPVProtection}
	v.Status = storage.VolumeStatus{Phase: storage.VolumePending}
	c.stor.dataFor(v) // the directory exists from now on
	c.writeVolume(v, Event{Actor: actorProvisioner + name, Verb: VerbCreate, Reason: "provisioned for claim " + pvc.Namespace + "/" + pvc.Name})
	c.claimEvent(pvc, "Normal", storage.ReasonProvisioningSucceeded, ps.source, "Successfully provisioned volume "+v.Name)
}

// retryProvisioner retries a failed operation with the lib's per-item
// exponential back-off (15 s doubling, at most 1000 s here), in the
// background, and gives up after failedThreshold failures.
func (c *Cluster) retryProvisioner(ps *provisionerState, item, what, name string, fn func()) {
	ps.failures[item]++
	n := ps.failures[item]
	if n >= failedThreshold {
		return
	}
	d := min(15*time.Second<<min(n-1, 10), 1000*time.Second)
	c.eng.backgroundAt(c.eng.now+d, actorProvisioner+ps.driver.Name(), what, name, fn)
}

// maybeDelete deletes a Released volume ps made, if its policy says so
// (upstream lib: shouldDelete, deleteVolumeOperation).
func (c *Cluster) maybeDelete(ps *provisionerState, name string) {
	v := c.stor.volumes[name]
	if v == nil || !ps.running || !storage.ShouldDelete(v, ps.driver.Name()) || ps.busy[name] || ps.failures[name] >= failedThreshold {
		return
	}
	ps.busy[name] = true
	uid := v.UID
	c.eng.after(c.jitter(ps.delay), actorProvisioner+ps.driver.Name(), "delete pv/", name, func() {
		delete(ps.busy, name)
		cur := c.stor.volumes[name]
		if cur == nil || cur.UID != uid || !ps.running || !storage.ShouldDelete(cur, ps.driver.Name()) {
			return
		}
		d, err := ps.driver.Delete(cur, c.stor.classes[storage.VolumeClass(cur)])
		if err != nil {
			c.volumeEvent(cur, "Warning", storage.ReasonVolumeFailedDelete, ps.source, err.Error())
			c.retryProvisioner(ps, name, "retry delete pv/", name, func() { c.maybeDelete(ps, name) })
			return
		}
		delete(ps.failures, name)
		why := c.stor.dispose(cur, d)
		c.deleteVolume(cur, actorProvisioner+ps.driver.Name(), "reclaim policy Delete: "+why)
	})
}

// deleteVolume deletes a volume object: at once unless pv-protection holds
// it (phase Bound), then it is Terminating until it is not Bound.
func (c *Cluster) deleteVolume(v *storage.PersistentVolume, actor, reason string) {
	if v.Terminating() {
		return
	}
	if slices.Contains(v.Finalizers, storage.FinalizerPVProtection) && v.Status.Phase == storage.VolumeBound {
		n := *v
		now := c.eng.now
		n.DeletionTimestamp = &now
		c.writeVolume(&n, Event{Actor: actor, Verb: VerbDelete, Reason: reason + " (Terminating: kubernetes.io/pv-protection holds it while Bound)"})
		return
	}
	c.removeVolume(v, actor, reason)
}

// protectVolume is the pv-protection controller: a Terminating volume goes
// once it is no longer Bound (upstream: pv_protection_controller.go
// isBeingUsed).
func (c *Cluster) protectVolume(name string) {
	v := c.stor.volumes[name]
	if v == nil || !v.Terminating() || v.Status.Phase == storage.VolumeBound {
		return
	}
	c.removeVolume(v, ActorPVController, "kubernetes.io/pv-protection: the volume is "+v.Status.Phase)
}
