package sim_test

import (
	"fmt"

	"github.com/stsim/stsim/api"
	"github.com/stsim/stsim/sim"
	"github.com/stsim/stsim/storage"
)

// ExampleCluster_VolumeForMount replays the seed's redis-pv-sts: each
// replica gets a claim bound to a volume the nfs-subdir provisioner made;
// a file written under /data in redis-pv-sts-0 is still there after the pod
// is deleted and recreated.
func ExampleCluster_VolumeForMount() {
	c := sim.NewCluster(sim.Config{Seed: 7})
	_, _ = c.ApplyStorageClass(&storage.StorageClass{ObjectMeta: api.ObjectMeta{Name: "nfs-client"},
		Provisioner: sim.NFSSubdirProvisioner, Parameters: map[string]string{"archiveOnDelete": "false"}})
	if _, err := c.ApplyStatefulSet(redisPVSet(2)); err != nil {
		panic(err)
	}
	_ = c.RunUntilStable()
	for _, pvc := range c.Claims("default") {
		fmt.Println(pvc.Name, pvc.Status.Phase, pvc.Status.Capacity, storage.AccessModesString(pvc.Status.AccessModes))
	}
	data, path, _ := c.VolumeForMount("redis-pv-sts-0", "/data/appendonly.aof")
	data.Put(path, []byte("SET a 111\nSET b 222\n"))

	_ = c.DeletePod("redis-pv-sts-0", sim.DeleteOptions{})
	_ = c.RunUntilStable()
	data, path, _ = c.VolumeForMount("redis-pv-sts-0", "/data/appendonly.aof")
	b, _ := data.Get(path)
	fmt.Printf("after the pod was recreated, %s holds %q\n", path, b)
	// Output:
	// redis-100m-pvc-redis-pv-sts-0 Bound 100Mi RWX
	// redis-100m-pvc-redis-pv-sts-1 Bound 100Mi RWX
	// after the pod was recreated, /appendonly.aof holds "SET a 111\nSET b 222\n"
}
