package storage

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/stsim/stsim/api"
)

func errStrings(errs api.ErrorList) []string {
	var out []string
	for _, e := range errs {
		out = append(out, e.Error())
	}
	return out
}

// TestValidateClaim: the API server's messages for the claim fields we
// model (upstream: core validation ValidatePersistentVolumeClaimSpec,
// ValidatePositiveQuantityValue).
func TestValidateClaim(t *testing.T) {
	ok := func() *PersistentVolumeClaim {
		return &PersistentVolumeClaim{ObjectMeta: api.ObjectMeta{Name: "data"},
			Spec: ClaimSpec{AccessModes: []string{ReadWriteOnce}, Storage: "1Gi"}}
	}
	assert.Empty(t, ValidateClaim(ok()))
	for _, tc := range []struct {
		name   string
		change func(*PersistentVolumeClaim)
		want   []string
	}{
		{"no access mode", func(c *PersistentVolumeClaim) { c.Spec.AccessModes = nil },
			[]string{"spec.accessModes: Required value: at least 1 access mode is required"}},
		{"unknown mode", func(c *PersistentVolumeClaim) { c.Spec.AccessModes = []string{"ReadWriteSome"} },
			[]string{`spec.accessModes: Unsupported value: "ReadWriteSome": supported values: "ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"`}},
		{"RWOP with others", func(c *PersistentVolumeClaim) { c.Spec.AccessModes = []string{ReadWriteOncePod, ReadWriteOnce} },
			[]string{"spec.accessModes: Forbidden: may not use ReadWriteOncePod with other access modes"}},
		{"no storage", func(c *PersistentVolumeClaim) { c.Spec.Storage = "" },
			[]string{"spec.resources[storage]: Required value"}},
		{"zero storage", func(c *PersistentVolumeClaim) { c.Spec.Storage = "0Gi" },
			[]string{`spec.resources[storage]: Invalid value: "0": must be greater than zero`}},
		{"negative storage", func(c *PersistentVolumeClaim) { c.Spec.Storage = "-1Gi" },
			[]string{`spec.resources[storage]: Invalid value: "-1Gi": must be greater than zero`}},
		{"bad quantity", func(c *PersistentVolumeClaim) { c.Spec.Storage = "1GB" },
			[]string{`spec.resources[storage]: Invalid value: "1GB": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`}},
		{"bad class", func(c *PersistentVolumeClaim) { c.Spec.StorageClassName = new("NFS_client") },
			[]string{`spec.storageClassName: Invalid value: "NFS_client": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`}},
		{"bad volume mode", func(c *PersistentVolumeClaim) { c.Spec.VolumeMode = "Raw" },
			[]string{`spec.volumeMode: Unsupported value: "Raw": supported values: "Block", "Filesystem"`}},
		{"no name", func(c *PersistentVolumeClaim) { c.Name = "" },
			[]string{"metadata.name: Required value: name or generateName is required"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := ok()
			tc.change(c)
			assert.Equal(t, tc.want, errStrings(ValidateClaim(c)))
		})
	}
}

// TestValidateClaimUpdate: the spec is immutable except a Bound claim's
// request, which may only grow (upstream: ValidatePersistentVolumeClaimUpdate).
func TestValidateClaimUpdate(t *testing.T) {
	old := &PersistentVolumeClaim{ObjectMeta: api.ObjectMeta{Name: "data"},
		Spec:   ClaimSpec{AccessModes: []string{ReadWriteOnce}, Storage: "1Gi", StorageClassName: new("standard")},
		Status: ClaimStatus{Phase: ClaimBound}}
	grow := *old
	grow.Spec.Storage = "2Gi"
	assert.Empty(t, ValidateClaimUpdate(&grow, old))
	shrink := *old
	shrink.Spec.Storage = "512Mi"
	assert.Equal(t, []string{"spec.resources.requests.storage: Forbidden: field can not be less than previous value"}, errStrings(ValidateClaimUpdate(&shrink, old)))
	modes := *old
	modes.Spec.AccessModes = []string{ReadWriteMany}
	assert.Equal(t, []string{"spec: Forbidden: " + msgImmutable}, errStrings(ValidateClaimUpdate(&modes, old)))
	pending := *old
	pending.Status.Phase = ClaimPending
	pendingGrow := pending
	pendingGrow.Spec.Storage = "2Gi"
	assert.Equal(t, []string{"spec: Forbidden: " + msgImmutable}, errStrings(ValidateClaimUpdate(&pendingGrow, &pending)))
	same := *old
	same.Spec.Storage = "1024Mi"
	assert.Empty(t, ValidateClaimUpdate(&same, old), "quantities compare canonically")
}

// TestValidateVolume (upstream: ValidatePersistentVolumeSpec, NFS and
// hostPath sources).
func TestValidateVolume(t *testing.T) {
	ok := func() *PersistentVolume {
		return &PersistentVolume{ObjectMeta: api.ObjectMeta{Name: "pv1"}, Spec: VolumeSpec{
			Capacity: "1Gi", AccessModes: []string{ReadWriteOnce}, NFS: &NFSVolumeSource{Server: "nfs", Path: "/exports/a"}}}
	}
	assert.Empty(t, ValidateVolume(ok()))
	for _, tc := range []struct {
		name   string
		change func(*PersistentVolume)
		want   []string
	}{
		{"no source", func(v *PersistentVolume) { v.Spec.NFS = nil }, []string{"spec: Required value: must specify a volume type"}},
		{"two sources", func(v *PersistentVolume) { v.Spec.HostPath = &HostPathSource{Path: "/d"} },
			[]string{"spec.nfs: Forbidden: may not specify more than 1 volume type"}},
		{"relative nfs path", func(v *PersistentVolume) { v.Spec.NFS.Path = "exports" },
			[]string{`spec.nfs.path: Invalid value: "exports": must be an absolute path`}},
		{"no capacity", func(v *PersistentVolume) { v.Spec.Capacity = "" }, []string{"spec.capacity: Required value"}},
		{"no modes", func(v *PersistentVolume) { v.Spec.AccessModes = nil }, []string{"spec.accessModes: Required value"}},
		{"bad policy", func(v *PersistentVolume) { v.Spec.PersistentVolumeReclaimPolicy = "Keep" },
			[]string{`spec.persistentVolumeReclaimPolicy: Unsupported value: "Keep": supported values: "Delete", "Recycle", "Retain"`}},
		{"hostPath backsteps", func(v *PersistentVolume) { v.Spec.NFS = nil; v.Spec.HostPath = &HostPathSource{Path: "/a/../b"} },
			[]string{`spec.hostPath.path: Invalid value: "/a/../b": must not contain '..'`}},
		// upstream: validateVolumeNodeAffinity → ValidateNodeSelector
		{"affinity without terms", func(v *PersistentVolume) { v.Spec.NodeAffinity = &VolumeNodeAffinity{} },
			[]string{"spec.nodeAffinity.required.nodeSelectorTerms: Required value: must have at least one node selector term"}},
		{"affinity with a bad field requirement", func(v *PersistentVolume) {
			v.Spec.NodeAffinity = &VolumeNodeAffinity{Required: NodeSelector{NodeSelectorTerms: []NodeSelectorTerm{{
				MatchFields: []NodeSelectorRequirement{{Key: "metadata.name", Operator: "In"}}}}}}
		}, []string{"spec.nodeAffinity.required.nodeSelectorTerms[0].matchFields[0].values: Required value: must be only one value when `operator` is 'In' or 'NotIn' for node field selector"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := ok()
			tc.change(v)
			assert.Equal(t, tc.want, errStrings(ValidateVolume(v)))
		})
	}
}

// TestValidateStorageClass (upstream: storage validation
// ValidateStorageClass, ValidateStorageClassUpdate; defaults.go).
func TestValidateStorageClass(t *testing.T) {
	sc := &StorageClass{ObjectMeta: api.ObjectMeta{Name: "nfs-client"}, Provisioner: "k8s-sigs.io/nfs-subdir-external-provisioner",
		Parameters: map[string]string{"archiveOnDelete": "false"}}
	assert.Equal(t, []string{"volumeBindingMode: Required value"}, errStrings(ValidateStorageClass(sc)))
	DefaultStorageClass(sc)
	assert.Equal(t, ReclaimDelete, *sc.ReclaimPolicy)
	assert.Equal(t, BindingImmediate, *sc.VolumeBindingMode)
	assert.Empty(t, ValidateStorageClass(sc))

	bad := *sc
	bad.Provisioner = ""
	bad.ReclaimPolicy = new("Recycle")
	bad.VolumeBindingMode = new("Later")
	assert.Equal(t, []string{
		"provisioner: Required value",
		`reclaimPolicy: Unsupported value: "Recycle": supported values: "Delete", "Retain"`,
		`volumeBindingMode: Unsupported value: "Later": supported values: "Immediate", "WaitForFirstConsumer"`,
	}, errStrings(ValidateStorageClass(&bad)))

	upd := *sc
	upd.Parameters = map[string]string{"archiveOnDelete": "true"}
	upd.VolumeBindingMode = new(BindingWaitForFirstConsumer)
	assert.Equal(t, []string{
		`parameters: Invalid value: {"archiveOnDelete":"true"}: field is immutable`,
		`volumeBindingMode: Invalid value: "WaitForFirstConsumer": field is immutable`,
	}, errStrings(ValidateStorageClassUpdate(&upd, sc)))
}
