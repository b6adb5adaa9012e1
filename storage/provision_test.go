package storage

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/stsim/stsim/api"
)

// TestNFSSubdirProvision: directory <ns>-<pvc>-<pv> under the export,
// capacity and modes from the claim, pathPattern, no selector (storage.md
// §10; nfs-subdir provisioner.go Provision).
func TestNFSSubdirProvision(t *testing.T) {
	n := NFSSubdir{Provisioner: "k8s-sigs.io/nfs-subdir-external-provisioner", Server: "10.3.243.101", Path: "/ifs/kubernetes"}
	c := pvc("redis-100m-pvc-redis-pv-sts-0", "100Mi", new("nfs-client"), rwx)
	c.UID = "3f1c"
	c.Labels = map[string]string{"app": "redis"}
	sc := class("nfs-client", n.Provisioner, BindingImmediate, false)
	req := ProvisionRequest{Claim: c, Class: sc, VolumeName: ProvisionedVolumeName(c)}
	v, err := n.Provision(req)
	require.NoError(t, err)
	assert.Equal(t, &NFSVolumeSource{Server: "10.3.243.101", Path: "/ifs/kubernetes/default-redis-100m-pvc-redis-pv-sts-0-pvc-3f1c"}, v.Spec.NFS)
	assert.Equal(t, "100Mi", v.Spec.Capacity)
	assert.Equal(t, []string{rwx}, v.Spec.AccessModes)

	v = NewProvisionedVolume(n, req, v)
	assert.Equal(t, "pvc-3f1c", v.Name)
	assert.Equal(t, n.Provisioner, v.Annotations[AnnDynamicallyProvisioned])
	assert.Equal(t, "3f1c", v.Spec.ClaimRef.UID)
	assert.Equal(t, ReclaimDelete, v.Spec.PersistentVolumeReclaimPolicy)
	assert.Equal(t, "nfs-client", v.Spec.StorageClassName)

	sc.Parameters = map[string]string{"pathPattern": "${.PVC.namespace}/${.PVC.labels.app}/${.PVC.annotations.missing}x"}
	v, err = n.Provision(req)
	require.NoError(t, err)
	assert.Equal(t, "/ifs/kubernetes/default/redis/x", v.Spec.NFS.Path)
	sc.Parameters = map[string]string{"pathPattern": "${.PVC.annotations.none}"}
	v, _ = n.Provision(req)
	assert.Equal(t, "/ifs/kubernetes/default-redis-100m-pvc-redis-pv-sts-0-pvc-3f1c", v.Spec.NFS.Path, "an empty pattern falls back")

	c.Spec.Selector = &api.LabelSelector{MatchLabels: map[string]string{"a": "b"}}
	_, err = n.Provision(req)
	assert.EqualError(t, err, "claim Selector is not supported")
	assert.Equal(t, `failed to provision volume with StorageClass "nfs-client": claim Selector is not supported`,
		ProvisioningFailedMessage("nfs-client", err))
}

// TestNFSSubdirDelete: onDelete, then archiveOnDelete: false removes,
// absent or true archives to archived-<dir> at the export root (storage.md
// §10; provisioner.go Delete).
func TestNFSSubdirDelete(t *testing.T) {
	n := NFSSubdir{Provisioner: "p", Server: "s", Path: "/ifs/kubernetes"}
	v := &PersistentVolume{Spec: VolumeSpec{StorageClassName: "nfs-client", NFS: &NFSVolumeSource{Server: "s", Path: "/ifs/kubernetes/ns/app/dir"}}}
	mk := func(params map[string]string) *StorageClass {
		return &StorageClass{ObjectMeta: api.ObjectMeta{Name: "nfs-client"}, Provisioner: "p", Parameters: params}
	}
	for _, tc := range []struct {
		params map[string]string
		want   Disposal
		err    string
	}{
		{nil, Disposal{ArchiveTo: "/ifs/kubernetes/archived-dir"}, ""},
		{map[string]string{"archiveOnDelete": "true"}, Disposal{ArchiveTo: "/ifs/kubernetes/archived-dir"}, ""},
		{map[string]string{"archiveOnDelete": "false"}, Disposal{Remove: true}, ""},
		{map[string]string{"archiveOnDelete": "false", "onDelete": "retain"}, Disposal{}, ""},
		{map[string]string{"archiveOnDelete": "true", "onDelete": "delete"}, Disposal{Remove: true}, ""},
		{map[string]string{"archiveOnDelete": "maybe"}, Disposal{}, `strconv.ParseBool: parsing "maybe": invalid syntax`},
	} {
		d, err := n.Delete(v, mk(tc.params))
		if tc.err != "" {
			assert.EqualError(t, err, tc.err)
			continue
		}
		require.NoError(t, err)
		assert.Equal(t, tc.want, d, tc.params)
	}
	_, err := n.Delete(v, nil)
	assert.EqualError(t, err, `storageclass.storage.k8s.io "nfs-client" not found`)
	_, err = n.Delete(&PersistentVolume{}, nil)
	assert.EqualError(t, err, "volume has no storage class")
}

// TestLocalPath: ReadWriteOnce(Pod) only, a selected node, hostPath with
// node affinity (local-path-provisioner provisioner.go).
func TestLocalPath(t *testing.T) {
	l := LocalPath{Provisioner: "rancher.io/local-path", Dir: "/var/local-path-provisioner"}
	c := pvc("data-web-0", "1Gi", new("standard"), rwo)
	c.UID = "u1"
	req := ProvisionRequest{Claim: c, Class: class("standard", l.Provisioner, BindingWaitForFirstConsumer, true), VolumeName: "pvc-u1", SelectedNode: "node-2"}
	v, err := l.Provision(req)
	require.NoError(t, err)
	assert.Equal(t, "/var/local-path-provisioner/pvc-u1_default_data-web-0", v.Spec.HostPath.Path)
	assert.True(t, MatchesNode(v, map[string]string{"kubernetes.io/hostname": "node-2"}))
	assert.False(t, MatchesNode(v, map[string]string{"kubernetes.io/hostname": "node-1"}))
	req.SelectedNode = ""
	_, err = l.Provision(req)
	assert.EqualError(t, err, "configuration error, no node was specified")
	c.Spec.AccessModes = []string{rwx}
	_, err = l.Provision(req)
	assert.EqualError(t, err, "NodePath only supports ReadWriteOnce and ReadWriteOncePod (1.22+) access modes")
	d, _ := l.Delete(v, nil)
	assert.True(t, d.Remove)
}

// TestShouldProvisionAndDelete: the lib's triggers (storage.md §6 step 2,
// §9; lib controller.go shouldProvision, shouldDelete, canProvisionBlock).
func TestShouldProvisionAndDelete(t *testing.T) {
	imm := class("nfs-client", "p", BindingImmediate, false)
	wffc := class("standard", "p", BindingWaitForFirstConsumer, true)
	c := pvc("c", "1Gi", new("nfs-client"), rwo)
	assert.False(t, ShouldProvision(c, "p", imm), "not annotated yet")
	c.Annotations = map[string]string{AnnBetaStorageProvisioner: "p"}
	assert.True(t, ShouldProvision(c, "p", imm))
	assert.False(t, ShouldProvision(c, "q", imm), "another provisioner")
	assert.False(t, ShouldProvision(c, "p", wffc), "WaitForFirstConsumer needs a selected node")
	c.Annotations[AnnSelectedNode] = "node-1"
	assert.True(t, ShouldProvision(c, "p", wffc))
	c.Spec.VolumeName = "v"
	assert.False(t, ShouldProvision(c, "p", imm), "already bound")
	c.Spec.VolumeMode = Block
	assert.Equal(t, errors.New("p does not support block volume provisioning"), CheckProvisionable(c, "p"))

	v := pv("v", "1Gi", "nfs-client", rwo)
	v.Annotations = map[string]string{AnnDynamicallyProvisioned: "p"}
	v.Spec.PersistentVolumeReclaimPolicy = ReclaimDelete
	assert.False(t, ShouldDelete(v, "p"), "not Released")
	v.Status.Phase = VolumeReleased
	assert.True(t, ShouldDelete(v, "p"))
	assert.False(t, ShouldDelete(v, "q"))
	v.Spec.PersistentVolumeReclaimPolicy = ReclaimRetain
	assert.False(t, ShouldDelete(v, "p"))
	assert.Equal(t, `External provisioner is provisioning volume for claim "default/c"`, ProvisioningMessage(c))
}
