package storage_test

import (
	"fmt"

	"github.com/stsim/stsim/api"
	"github.com/stsim/stsim/storage"
)

// cluster is a storage.Cluster with one class and a few volumes.
type cluster struct {
	classes []*storage.StorageClass
	volumes []*storage.PersistentVolume
}

func (c cluster) Class(name string) *storage.StorageClass {
	for _, sc := range c.classes {
		if sc.Name == name {
			return sc
		}
	}
	return nil
}
func (c cluster) DefaultClass() *storage.StorageClass { return storage.DefaultClass(c.classes) }
func (c cluster) Volume(string) *storage.PersistentVolume {
	return nil
}
func (c cluster) Candidates(*storage.PersistentVolumeClaim) []*storage.PersistentVolume {
	return c.volumes
}
func (c cluster) Claim(string, string) *storage.PersistentVolumeClaim {
	return nil
}
func (c cluster) UnscheduledPods(*storage.PersistentVolumeClaim) []string { return nil }

// ExampleSyncClaimPlan runs the PV controller for two claims: one with a
// class whose external provisioner must create the volume, and one without
// a class that binds the smallest fitting static volume.
func ExampleSyncClaimPlan() {
	nfs := &storage.StorageClass{ObjectMeta: api.ObjectMeta{Name: "nfs-client"}, Provisioner: "k8s-sigs.io/nfs-subdir-external-provisioner"}
	storage.DefaultStorageClass(nfs)
	vol := func(name, size string) *storage.PersistentVolume {
		return &storage.PersistentVolume{ObjectMeta: api.ObjectMeta{Name: name},
			Spec:   storage.VolumeSpec{Capacity: size, AccessModes: []string{storage.ReadWriteOnce}, NFS: &storage.NFSVolumeSource{Server: "nfs", Path: "/" + name}},
			Status: storage.VolumeStatus{Phase: storage.VolumeAvailable}}
	}
	w := cluster{classes: []*storage.StorageClass{nfs}, volumes: []*storage.PersistentVolume{vol("pv-5g", "5Gi"), vol("pv-1g", "1Gi"), vol("pv-512m", "512Mi")}}

	redis := &storage.PersistentVolumeClaim{ObjectMeta: api.ObjectMeta{Name: "redis-100m-pvc-redis-pv-sts-0", Namespace: "default"},
		Spec: storage.ClaimSpec{AccessModes: []string{storage.ReadWriteMany}, Storage: "100Mi", StorageClassName: new("nfs-client")}}
	plain := &storage.PersistentVolumeClaim{ObjectMeta: api.ObjectMeta{Name: "data", Namespace: "default"},
		Spec: storage.ClaimSpec{AccessModes: []string{storage.ReadWriteOnce}, Storage: "600Mi", StorageClassName: new("")}}
	for _, c := range []*storage.PersistentVolumeClaim{redis, plain} {
		for _, a := range storage.SyncClaimPlan(c, w).Actions {
			switch a.Op {
			case storage.RecordEvent:
				fmt.Println("event", a.Event.Reason+":", a.Event.Message)
			default:
				fmt.Println("write", a.Reason)
			}
		}
	}
	// Output:
	// write ask provisioner k8s-sigs.io/nfs-subdir-external-provisioner for a volume
	// event ExternalProvisioning: Waiting for a volume to be created either by the external provisioner 'k8s-sigs.io/nfs-subdir-external-provisioner' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.
	// write bind to claim default/data
	// write Bound to default/data
	// write matched volume pv-1g
	// write Bound to volume pv-1g
}
