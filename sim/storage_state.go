package sim

import (
	"maps"
	"slices"
	"time"

	"github.com/stsim/stsim/api"
	"github.com/stsim/stsim/storage"
)

// The storage model (storage_*.go): StorageClasses, PersistentVolumes, the
// PV controller, provisioners, protection finalizers, the garbage
// collector's part for claims, the scheduler's and the kubelet's volume
// steps, and the contents of volumes. Claims live in Cluster.claims with the
// other objects; everything else storage needs is here. The decisions are
// package storage's pure functions; these files run them as actors.
//
// Modelled: the default class `standard` (rancher.io/local-path,
// WaitForFirstConsumer, Delete) and the provisioners rancher.io/local-path
// and k8s-sigs.io/nfs-subdir-external-provisioner running at start
// (StopProvisioner/StartProvisioner for outages, RegisterProvisioner for
// more); claim admission (default class, pvc-protection, defaults); the
// persistentvolume-controller on every claim and volume change after the
// watch latency and every 15 s for Pending claims; provisioning after a
// delay with the lib's events, retries and give-up; reclaim Delete by the
// provisioner (directory removed or archived) and Retain (Released, kept);
// pvc-protection (a claim goes once no scheduled pod uses it) and
// pv-protection (a volume goes once it is not Bound); claims deleted by the
// garbage collector when their owners (the StatefulSet, a condemned pod)
// are gone; the scheduler's VolumeBinding PreFilter/Filter/PreBind
// (unbound Immediate claims, missing/deleting/lost claims, bound volumes'
// node affinity, WaitForFirstConsumer provisioning on the chosen node,
// static binding) and VolumeRestrictions (ReadWriteOncePod) with
// kube-scheduler's messages; the kubelet not starting containers until
// every claim is bound (FailedMount after 2m3s); volume contents
// (VolumeData) that outlive pods and claims as the backing directory does.
//
// Simplified: every storage actor runs at once after the watch latency (no
// work queues, no rate limits except the provisioners' back-off); the
// pvc-protection and pv-protection controllers act as the
// persistentvolume-controller in the trace; pods parked by the scheduler
// for a volume reason are retried when one of their claims changes or a pod
// using it goes, not on node events or the 5-minute flush; no volume
// source is attachable, so ReadWriteOnce is never enforced (no Multi-Attach
// error, as upstream for NFS and hostPath); volumes are not resized (an
// allowed expansion only records ExternalExpanding); the provisioners'
// event source names a fixed pod; the StatefulSet controller is synced when
// one of its claims is removed (see claimChanged).

// Actors of the storage model (the script contract's spellings; a
// provisioner acts as "provisioner/<name>").
const (
	ActorPVController = "persistentvolume-controller"
	actorProvisioner  = "provisioner/"
)

// Built-in provisioners and the default StorageClass of the default cluster
// (scripts.md: kind's `standard` class with rancher.io/local-path, plus
// nfs-subdir-external-provisioner as its deploy/ manifests name it).
const (
	LocalPathProvisioner = "rancher.io/local-path"
	NFSSubdirProvisioner = "k8s-sigs.io/nfs-subdir-external-provisioner"
	DefaultStorageClass  = "standard"
	// NFSServer and NFSExport are the built-in NFS server and export the
	// nfs-subdir provisioner provisions under (its deploy/ manifests'
	// NFS_SERVER and NFS_PATH).
	NFSServer = "10.3.243.101"
	NFSExport = "/ifs/kubernetes"
	// LocalPathDir is where local-path makes its directories on a node
	// (kind's local-path-config).
	LocalPathDir = "/var/local-path-provisioner"
)

// Durations of the storage model.
const (
	// pvResync is the PV controller's resync period
	// (--pvclaimbinder-sync-period).
	pvResync = 15 * time.Second
	// bindTimeout is the scheduler's wait for WaitForFirstConsumer claims
	// to be bound (bindTimeoutSeconds).
	bindTimeout = 600 * time.Second
	// mountTimeout is the kubelet's wait for a pod's volumes before it
	// reports FailedMount (podAttachAndMountTimeout).
	mountTimeout = 2*time.Minute + 3*time.Second
)

// storageState is the cluster's storage model.
type storageState struct {
	classes map[string]*storage.StorageClass
	volumes map[string]*storage.PersistentVolume
	// unclaimed holds the volumes without a claimRef, byRef those whose
	// claimRef names a claim: the binder's candidates.
	unclaimed map[string]bool
	byRef     map[key]map[string]bool
	// podsByClaim holds the names of the pods whose volumes use a claim.
	podsByClaim map[key]map[string]bool
	// ownedClaims holds the claims that have an owner reference to a UID
	// (entries may be stale; they are checked when used).
	ownedClaims map[string]map[key]bool

	provisioners map[string]*provisionerState
	data         map[string]*VolumeData // backing directory → contents

	pvc    pvController
	sched  volumeScheduling
	mounts map[string]*mountWait // pod UID → kubelet waiting for its claims
}

func (s *storageState) init(c *Cluster) {
	s.classes = map[string]*storage.StorageClass{}
	s.volumes = map[string]*storage.PersistentVolume{}
	s.unclaimed = map[string]bool{}
	s.byRef = map[key]map[string]bool{}
	s.podsByClaim = map[key]map[string]bool{}
	s.ownedClaims = map[string]map[key]bool{}
	s.provisioners = map[string]*provisionerState{}
	s.data = map[string]*VolumeData{}
	s.mounts = map[string]*mountWait{}
	s.pvc.c = c
	s.sched.init(c)
	c.registerProvisioner(storage.LocalPath{Provisioner: LocalPathProvisioner, Dir: LocalPathDir}, 2*time.Second, true)
	c.registerProvisioner(storage.NFSSubdir{Provisioner: NFSSubdirProvisioner, Server: NFSServer, Path: NFSExport}, 500*time.Millisecond, true)
	sc := &storage.StorageClass{
		ObjectMeta: api.ObjectMeta{Name: DefaultStorageClass, Annotations: map[string]string{storage.AnnDefaultClass: "true"},
			// Its own UID, so that the built-in class does not shift the
			// UIDs and resourceVersions of everything created later.
			UID: "8c6f6b0e-4a51-4c7d-9a43-5f2a0c1e7b11", ResourceVersion: 1},
		Provisioner:       LocalPathProvisioner,
		ReclaimPolicy:     new(storage.ReclaimDelete),
		VolumeBindingMode: new(storage.BindingWaitForFirstConsumer),
	}
	s.classes[sc.Name] = sc
}

// StorageClasses returns the StorageClasses sorted by name.
func (c *Cluster) StorageClasses() []*storage.StorageClass {
	return sortedByName(c.stor.classes)
}

// StorageClass returns the named StorageClass.
func (c *Cluster) StorageClass(name string) (*storage.StorageClass, bool) {
	sc, ok := c.stor.classes[name]
	return sc, ok
}

// Volumes returns the PersistentVolumes sorted by name.
func (c *Cluster) Volumes() []*storage.PersistentVolume {
	return sortedByName(c.stor.volumes)
}

// Volume returns the named PersistentVolume.
func (c *Cluster) Volume(name string) (*storage.PersistentVolume, bool) {
	v, ok := c.stor.volumes[name]
	return v, ok
}

// Claims returns the PersistentVolumeClaims of a namespace ("" for all)
// sorted by namespace and name.
func (c *Cluster) Claims(namespace string) []*storage.PersistentVolumeClaim {
	return sortedValues(c.claims, namespace)
}

// Claim returns the named claim ("NAME" or "NAMESPACE/NAME").
func (c *Cluster) Claim(name string) (*storage.PersistentVolumeClaim, bool) {
	pvc, ok := c.claims[splitName(name)]
	return pvc, ok
}

func sortedByName[T any](m map[string]*T) []*T {
	out := make([]*T, 0, len(m))
	for _, k := range slices.Sorted(maps.Keys(m)) {
		out = append(out, m[k])
	}
	return out
}

// claimKey is the store key of a pod volume's claim.
func claimKey(ns, claim string) key { return key{ns, claim} }

// podClaims yields the claim names of a pod's volumes.
func podClaims(p *api.Pod) func(yield func(string) bool) {
	return func(yield func(string) bool) {
		for _, v := range p.Spec.Volumes {
			if v.ClaimName != "" && !yield(v.ClaimName) {
				return
			}
		}
	}
}

// podTerminated is upstream's IsPodTerminated for our phases.
func podTerminated(p *api.Pod) bool {
	return p.Status.Phase == api.PodFailed || p.Status.Phase == api.PodSucceeded
}
