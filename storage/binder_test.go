package storage

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/stsim/stsim/api"
)

// fakeCluster is a storage.Cluster over plain lists.
type fakeCluster struct {
	classes     []*StorageClass
	volumes     []*PersistentVolume
	claims      []*PersistentVolumeClaim
	unscheduled []string
}

func (f *fakeCluster) Class(name string) *StorageClass {
	for _, c := range f.classes {
		if c.Name == name {
			return c
		}
	}
	return nil
}
func (f *fakeCluster) DefaultClass() *StorageClass { return DefaultClass(f.classes) }
func (f *fakeCluster) Volume(name string) *PersistentVolume {
	for _, v := range f.volumes {
		if v.Name == name {
			return v
		}
	}
	return nil
}
func (f *fakeCluster) Candidates(*PersistentVolumeClaim) []*PersistentVolume { return f.volumes }
func (f *fakeCluster) Claim(ns, name string) *PersistentVolumeClaim {
	for _, c := range f.claims {
		if c.Namespace == ns && c.Name == name {
			return c
		}
	}
	return nil
}
func (f *fakeCluster) UnscheduledPods(*PersistentVolumeClaim) []string { return f.unscheduled }

func pv(name, capacity, class string, modes ...string) *PersistentVolume {
	return &PersistentVolume{ObjectMeta: api.ObjectMeta{Name: name, UID: "uid-" + name},
		Spec: VolumeSpec{Capacity: capacity, AccessModes: modes, StorageClassName: class,
			PersistentVolumeReclaimPolicy: ReclaimRetain, NFS: &NFSVolumeSource{Server: "nfs", Path: "/" + name}},
		Status: VolumeStatus{Phase: VolumeAvailable}}
}

func pvc(name, storage string, class *string, modes ...string) *PersistentVolumeClaim {
	return &PersistentVolumeClaim{ObjectMeta: api.ObjectMeta{Name: name, Namespace: "default", UID: "uid-" + name},
		Spec:   ClaimSpec{AccessModes: modes, Storage: storage, StorageClassName: class},
		Status: ClaimStatus{Phase: ClaimPending}}
}

func class(name, provisioner, mode string, isDefault bool) *StorageClass {
	sc := &StorageClass{ObjectMeta: api.ObjectMeta{Name: name}, Provisioner: provisioner, VolumeBindingMode: new(mode)}
	if isDefault {
		sc.Annotations = map[string]string{AnnDefaultClass: "true"}
	}
	DefaultStorageClass(sc)
	return sc
}

var (
	noClass = new("")
	rwo     = ReadWriteOnce
	rwx     = ReadWriteMany
	rox     = ReadOnlyMany
)

// TestFindBestMatch: upstream's matching order (storage.md §3.2; upstream
// index.go findBestMatchForClaim, allPossibleMatchingAccessModes;
// pv_helpers.go FindMatchingVolume).
func TestFindBestMatch(t *testing.T) {
	claimedBy := func(v *PersistentVolume, ns, name, uid string) *PersistentVolume {
		v.Spec.ClaimRef = &ClaimRef{Namespace: ns, Name: name, UID: uid}
		return v
	}
	phase := func(v *PersistentVolume, p string) *PersistentVolume { v.Status.Phase = p; return v }
	labelled := func(v *PersistentVolume) *PersistentVolume { v.Labels = map[string]string{"tier": "fast"}; return v }
	deleting := func(v *PersistentVolume) *PersistentVolume { v.DeletionTimestamp = new(testNowPtr()); return v }
	block := func(v *PersistentVolume) *PersistentVolume { v.Spec.VolumeMode = Block; return v }
	for _, tc := range []struct {
		name    string
		claim   *PersistentVolumeClaim
		volumes []*PersistentVolume
		delay   bool
		want    string
	}{
		{"smallest fitting volume wins", pvc("c", "1Gi", noClass, rwo),
			[]*PersistentVolume{pv("big", "10Gi", "", rwo), pv("small", "1Gi", "", rwo), pv("tiny", "500Mi", "", rwo)}, false, "small"},
		{"exact capacity compare: 1G does not hold 1Gi", pvc("c", "1Gi", noClass, rwo),
			[]*PersistentVolume{pv("g", "1G", "", rwo)}, false, ""},
		{"1Gi holds 1G", pvc("c", "1G", noClass, rwo),
			[]*PersistentVolume{pv("gi", "1Gi", "", rwo)}, false, "gi"},
		{"fewest access modes first beats smaller", pvc("c", "1Gi", noClass, rwo),
			[]*PersistentVolume{pv("multi-small", "1Gi", "", rwo, rox), pv("exact-big", "5Gi", "", rwo)}, false, "exact-big"},
		{"volume must offer every mode", pvc("c", "1Gi", noClass, rwo, rwx),
			[]*PersistentVolume{pv("rwo", "1Gi", "", rwo), pv("both", "9Gi", "", rwx, rwo)}, false, "both"},
		{"ties go to the first name", pvc("c", "1Gi", noClass, rwo),
			[]*PersistentVolume{pv("b", "2Gi", "", rwo), pv("a", "2Gi", "", rwo)}, false, "a"},
		{"class must match", pvc("c", "1Gi", new("fast"), rwo),
			[]*PersistentVolume{pv("none", "1Gi", "", rwo), pv("fast", "2Gi", "fast", rwo)}, false, "fast"},
		{"no class binds only class-less volumes", pvc("c", "1Gi", noClass, rwo),
			[]*PersistentVolume{pv("fast", "1Gi", "fast", rwo)}, false, ""},
		{"claimed by another claim is skipped", pvc("c", "1Gi", noClass, rwo),
			[]*PersistentVolume{claimedBy(pv("taken", "1Gi", "", rwo), "default", "other", "x"), pv("free", "2Gi", "", rwo)}, false, "free"},
		{"pre-bound volume wins at once, class and phase unchecked", pvc("c", "1Gi", noClass, rwo),
			[]*PersistentVolume{pv("free", "1Gi", "", rwo), phase(claimedBy(pv("mine", "5Gi", "other", rwo), "default", "c", ""), VolumePending)}, false, "mine"},
		{"pre-bound with another UID is not ours", pvc("c", "1Gi", noClass, rwo),
			[]*PersistentVolume{claimedBy(pv("old", "1Gi", "", rwo), "default", "c", "uid-old")}, false, ""},
		{"Released volume is not Available", pvc("c", "1Gi", noClass, rwo),
			[]*PersistentVolume{phase(pv("rel", "1Gi", "", rwo), VolumeReleased)}, false, ""},
		{"selector on volume labels", &PersistentVolumeClaim{ObjectMeta: api.ObjectMeta{Name: "c", Namespace: "default"},
			Spec: ClaimSpec{AccessModes: []string{rwo}, Storage: "1Gi", StorageClassName: noClass,
				Selector: &api.LabelSelector{MatchLabels: map[string]string{"tier": "fast"}}}},
			[]*PersistentVolume{pv("plain", "1Gi", "", rwo), labelled(pv("fast", "8Gi", "", rwo))}, false, "fast"},
		{"volume being deleted is skipped", pvc("c", "1Gi", noClass, rwo),
			[]*PersistentVolume{deleting(pv("going", "1Gi", "", rwo))}, false, ""},
		{"volumeMode must match", pvc("c", "1Gi", noClass, rwo),
			[]*PersistentVolume{block(pv("raw", "1Gi", "", rwo)), pv("fs", "3Gi", "", rwo)}, false, "fs"},
		{"delay binding: the controller skips unbound volumes", pvc("c", "1Gi", noClass, rwo),
			[]*PersistentVolume{pv("free", "1Gi", "", rwo)}, true, ""},
		{"delay binding: pre-bound still matches", pvc("c", "1Gi", noClass, rwo),
			[]*PersistentVolume{claimedBy(pv("mine", "1Gi", "", rwo), "default", "c", "")}, true, "mine"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := FindBestMatch(tc.claim, tc.volumes, tc.delay)
			name := ""
			if got != nil {
				name = got.Name
			}
			assert.Equal(t, tc.want, name)
		})
	}
}

func testNowPtr() time.Duration { return 5 }

// TestFindMatchingVolumeOnNode: the scheduler's path checks node affinity
// and access modes (upstream: FindMatchingVolume with a node).
func TestFindMatchingVolumeOnNode(t *testing.T) {
	onNode := func(v *PersistentVolume, n string) *PersistentVolume {
		v.Spec.NodeAffinity = HostnameAffinity(n)
		return v
	}
	vols := []*PersistentVolume{onNode(pv("a", "1Gi", "local", rwo), "node-1"), onNode(pv("b", "1Gi", "local", rwo), "node-2")}
	c := pvc("c", "1Gi", new("local"), rwo)
	got := FindMatchingVolume(c, vols, map[string]string{"kubernetes.io/hostname": "node-2"}, true)
	require.NotNil(t, got)
	assert.Equal(t, "b", got.Name)
	assert.Nil(t, FindMatchingVolume(c, vols, map[string]string{"kubernetes.io/hostname": "node-3"}, true))
	assert.True(t, MatchesNode(pv("x", "1Gi", "", rwo), nil), "no affinity fits every node")
}

// TestMatchesNode: a volume's affinity is matched as upstream's
// CheckNodeAffinity does, on the node's labels alone: Gt and Lt compare
// integers (not quantities), and matchFields are not checked.
func TestMatchesNode(t *testing.T) {
	with := func(term NodeSelectorTerm) *PersistentVolume {
		v := pv("x", "1Gi", "", rwo)
		v.Spec.NodeAffinity = &VolumeNodeAffinity{Required: NodeSelector{NodeSelectorTerms: []NodeSelectorTerm{term}}}
		return v
	}
	labels := map[string]string{"disks": "4"}
	gt := func(v string) NodeSelectorTerm {
		return NodeSelectorTerm{MatchExpressions: []NodeSelectorRequirement{{Key: "disks", Operator: "Gt", Values: []string{v}}}}
	}
	assert.True(t, MatchesNode(with(gt("3")), labels))
	assert.False(t, MatchesNode(with(gt("4")), labels))
	assert.False(t, MatchesNode(with(gt("1k")), labels), "a quantity is no integer")
	fields := NodeSelectorTerm{MatchFields: []NodeSelectorRequirement{{Key: "metadata.name", Operator: "In", Values: []string{"node-9"}}}}
	assert.True(t, MatchesNode(with(fields), labels), "matchFields are not checked")
	assert.False(t, MatchesNode(with(NodeSelectorTerm{}), labels), "an empty term matches nothing")
}

// events returns "Type Reason: message" of every RecordEvent in a plan.
func events(p Plan) []string {
	var out []string
	for _, a := range p.Actions {
		if a.Op == RecordEvent {
			out = append(out, a.Event.Type+" "+a.Event.Reason+": "+a.Event.Message)
		}
	}
	return out
}

func ops(p Plan) []string {
	var out []string
	for _, a := range p.Actions {
		switch a.Op {
		case WriteVolume:
			out = append(out, "volume "+a.Volume.Name)
		case WriteVolumeStatus:
			out = append(out, "volume status "+a.Volume.Status.Phase)
		case WriteClaim:
			out = append(out, "claim "+a.Claim.Name)
		case WriteClaimStatus:
			out = append(out, "claim status "+a.Claim.Status.Phase)
		case SyncClaim:
			out = append(out, "sync claim "+a.Claim.Name)
		}
	}
	return out
}

// TestSyncClaimEvents: every waiting branch of syncUnboundClaim with its
// upstream event text (storage.md §4; pv_controller.go syncUnboundClaim,
// provisionClaimOperationExternal, emitEventForUnboundDelayBindingClaim,
// findProvisionablePlugin).
func TestSyncClaimEvents(t *testing.T) {
	nfs := class("nfs-client", "k8s-sigs.io/nfs-subdir-external-provisioner", BindingImmediate, false)
	local := class("standard", "rancher.io/local-path", BindingWaitForFirstConsumer, true)
	noProv := class("manual", NoProvisioner, BindingImmediate, false)
	for _, tc := range []struct {
		name        string
		claim       *PersistentVolumeClaim
		classes     []*StorageClass
		unscheduled []string
		want        []string
		writes      []string
	}{
		{"no class, no volume", pvc("c", "1Gi", noClass, rwo), nil, nil,
			[]string{"Normal FailedBinding: no persistent volumes available for this claim and no storage class is set"}, nil},
		{"external provisioner", pvc("c", "100Mi", new("nfs-client"), rwx), []*StorageClass{nfs}, nil,
			[]string{"Normal ExternalProvisioning: Waiting for a volume to be created either by the external provisioner 'k8s-sigs.io/nfs-subdir-external-provisioner' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered."},
			[]string{"claim c"}},
		{"missing class", pvc("c", "1Gi", new("gold"), rwo), nil, nil,
			[]string{`Warning ProvisioningFailed: storageclass.storage.k8s.io "gold" not found`}, nil},
		{"in-tree provisioner without plugin", pvc("c", "1Gi", new("manual"), rwo), []*StorageClass{noProv}, nil,
			[]string{"Warning ProvisioningFailed: no volume plugin matched name: kubernetes.io/no-provisioner"}, nil},
		{"WaitForFirstConsumer, no pod", pvc("c", "1Gi", new("standard"), rwo), []*StorageClass{local}, nil,
			[]string{"Normal WaitForFirstConsumer: waiting for first consumer to be created before binding"}, nil},
		{"WaitForFirstConsumer, one pod", pvc("c", "1Gi", new("standard"), rwo), []*StorageClass{local}, []string{"web-0"},
			[]string{"Normal WaitForPodScheduled: waiting for pod web-0 to be scheduled"}, nil},
		{"WaitForFirstConsumer, two pods", pvc("c", "1Gi", new("standard"), rwo), []*StorageClass{local}, []string{"a-0", "b-0"},
			[]string{"Normal WaitForPodScheduled: waiting for pods a-0,b-0 to be scheduled"}, nil},
		{"no class field: the default class is assigned", pvc("c", "1Gi", nil, rwo), []*StorageClass{local, nfs}, nil,
			nil, []string{"claim c"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := SyncClaimPlan(tc.claim, &fakeCluster{classes: tc.classes, unscheduled: tc.unscheduled})
			assert.Equal(t, tc.want, events(p))
			assert.Equal(t, tc.writes, ops(p))
			assert.NotEmpty(t, p.Wait)
		})
	}
	// The provisioner annotation, both keys (upstream: setClaimProvisioner).
	p := SyncClaimPlan(pvc("c", "100Mi", new("nfs-client"), rwx), &fakeCluster{classes: []*StorageClass{nfs}})
	ann := p.Actions[0].Claim.Annotations
	assert.Equal(t, nfs.Provisioner, ann[AnnStorageProvisioner])
	assert.Equal(t, nfs.Provisioner, ann[AnnBetaStorageProvisioner])
	// A default-class assignment names the default.
	p = SyncClaimPlan(pvc("c", "1Gi", nil, rwo), &fakeCluster{classes: []*StorageClass{local}})
	assert.Equal(t, "standard", *p.Actions[0].Claim.Spec.StorageClassName)
	// With a selected node the WaitForFirstConsumer claim is provisioned.
	sel := pvc("c", "1Gi", new("standard"), rwo)
	sel.Annotations = map[string]string{AnnSelectedNode: "node-1"}
	p = SyncClaimPlan(sel, &fakeCluster{classes: []*StorageClass{local}})
	assert.Equal(t, []string{"Normal ExternalProvisioning: " + ExternalProvisioningMessage("rancher.io/local-path")}, events(p))
}

// TestBind: the four writes of bind() in order, with upstream's
// annotations and the volume's capacity on the claim (storage.md §3.2 step
// 4; pv_controller.go bind, GetBindVolumeToClaim, bindClaimToVolume,
// updateClaimStatus).
func TestBind(t *testing.T) {
	v := pv("pv-1", "2Gi", "", rwo, rox)
	c := pvc("data", "1Gi", noClass, rwo)
	p := SyncClaimPlan(c, &fakeCluster{volumes: []*PersistentVolume{v}})
	assert.Equal(t, []string{"volume pv-1", "volume status Bound", "claim data", "claim status Bound"}, ops(p))
	bv := p.Actions[0].Volume
	assert.Equal(t, "yes", bv.Annotations[AnnBoundByController])
	assert.Equal(t, &ClaimRef{Kind: "PersistentVolumeClaim", Namespace: "default", Name: "data", UID: "uid-data", APIVersion: "v1"}, bv.Spec.ClaimRef)
	bc := p.Actions[2].Claim
	assert.Equal(t, "pv-1", bc.Spec.VolumeName)
	assert.Equal(t, "yes", bc.Annotations[AnnBoundByController])
	assert.Equal(t, "yes", bc.Annotations[AnnBindCompleted])
	st := p.Actions[3].Claim.Status
	assert.Equal(t, ClaimStatus{Phase: ClaimBound, Capacity: "2Gi", AccessModes: []string{rwo, rox}}, st)
	assert.Nil(t, v.Annotations, "the observed volume is not modified")

	// A provisioned volume already points at the claim: no
	// bound-by-controller on the volume, but on the claim.
	prov := pv("pvc-uid-data", "1Gi", "nfs-client", rwx)
	prov.Spec.ClaimRef = &ClaimRef{Namespace: "default", Name: "data2", UID: "uid-data2"}
	prov.Status.Phase = VolumePending
	c2 := pvc("data2", "1Gi", new("nfs-client"), rwx)
	p = SyncClaimPlan(c2, &fakeCluster{volumes: []*PersistentVolume{prov}, classes: []*StorageClass{class("nfs-client", "x.io/p", BindingImmediate, false)}})
	assert.Equal(t, []string{"volume status Bound", "claim data2", "claim status Bound"}, ops(p), "the claimRef is complete: no volume write")
	assert.NotContains(t, p.Actions[0].Volume.Annotations, AnnBoundByController)
	assert.Equal(t, "yes", p.Actions[1].Claim.Annotations[AnnBoundByController])
}

// TestPreBoundClaim: a claim naming its volume (storage.md §3.1;
// checkVolumeSatisfyClaim and the VolumeMismatch / FailedBinding events).
func TestPreBoundClaim(t *testing.T) {
	mk := func(vol string) *PersistentVolumeClaim {
		c := pvc("c", "1Gi", noClass, rwo)
		c.Spec.VolumeName = vol
		return c
	}
	small := pv("small", "500Mi", "", rwo)
	other := pv("other", "5Gi", "fast", rwo)
	modes := pv("rox", "5Gi", "", rox)
	taken := pv("taken", "5Gi", "", rwo)
	taken.Spec.ClaimRef = &ClaimRef{Namespace: "default", Name: "x", UID: "ux"}
	good := pv("good", "5Gi", "", rwo)
	f := &fakeCluster{volumes: []*PersistentVolume{small, other, modes, taken, good}}
	for vol, want := range map[string]string{
		"small": `Warning VolumeMismatch: Cannot bind to requested volume "small": requested PV is too small`,
		"other": `Warning VolumeMismatch: Cannot bind to requested volume "other": storageClassName does not match`,
		"rox":   `Warning VolumeMismatch: Cannot bind to requested volume "rox": incompatible accessMode`,
		"taken": `Warning FailedBinding: volume "taken" already bound to a different claim.`,
	} {
		assert.Equal(t, []string{want}, events(SyncClaimPlan(mk(vol), f)), vol)
	}
	p := SyncClaimPlan(mk("missing"), f)
	assert.Empty(t, p.Actions)
	assert.Contains(t, p.Wait, "does not exist")
	p = SyncClaimPlan(mk("good"), f)
	assert.Equal(t, []string{"volume good", "volume status Bound", "claim c", "claim status Bound"}, ops(p))
	assert.NotContains(t, p.Actions[2].Claim.Annotations, AnnBoundByController, "the user chose the volume")
}

// TestSyncBoundClaim: Lost and Misbound (storage.md §1.1; syncBoundClaim).
func TestSyncBoundClaim(t *testing.T) {
	bound := func(vol string) *PersistentVolumeClaim {
		c := pvc("c", "1Gi", noClass, rwo)
		c.Spec.VolumeName = vol
		c.Annotations = map[string]string{AnnBindCompleted: "yes"}
		c.Status = ClaimStatus{Phase: ClaimBound, Capacity: "1Gi"}
		return c
	}
	p := SyncClaimPlan(bound("gone"), &fakeCluster{})
	assert.Equal(t, []string{"Warning ClaimLost: " + MsgLostVolume}, events(p))
	assert.Equal(t, []string{"claim status Lost"}, ops(p))
	assert.Equal(t, "", p.Actions[0].Claim.Status.Capacity)
	p = SyncClaimPlan(bound(""), &fakeCluster{})
	assert.Equal(t, []string{"Warning ClaimLost: " + MsgLostReference}, events(p))
	v := pv("v", "1Gi", "", rwo)
	v.Spec.ClaimRef = &ClaimRef{Namespace: "default", Name: "other", UID: "uo"}
	p = SyncClaimPlan(bound("v"), &fakeCluster{volumes: []*PersistentVolume{v}})
	assert.Equal(t, []string{"Warning ClaimMisbound: " + MsgMisbound}, events(p))
	lost := bound("gone")
	lost.Status.Phase = ClaimLost
	assert.Empty(t, SyncClaimPlan(lost, &fakeCluster{}).Actions, "Lost is set once")
}

// TestSyncVolume: phases and reclaim (storage.md §1.2, §3.3, §9;
// syncVolume, reclaimVolume, unbindVolume, deleteVolumeOperation).
func TestSyncVolume(t *testing.T) {
	withRef := func(v *PersistentVolume, name, uid string) *PersistentVolume {
		v.Spec.ClaimRef = &ClaimRef{Namespace: "default", Name: name, UID: uid}
		return v
	}
	pending := func(v *PersistentVolume) *PersistentVolume { v.Status.Phase = VolumePending; return v }
	policy := func(v *PersistentVolume, p string) *PersistentVolume {
		v.Spec.PersistentVolumeReclaimPolicy = p
		return v
	}
	provisioned := func(v *PersistentVolume) *PersistentVolume {
		v.Annotations = map[string]string{AnnDynamicallyProvisioned: "k8s-sigs.io/nfs-subdir-external-provisioner"}
		return v
	}
	boundClaim := pvc("c", "1Gi", noClass, rwo)
	boundClaim.Spec.VolumeName = "v"
	elsewhere := pvc("e", "1Gi", noClass, rwo)
	elsewhere.Spec.VolumeName = "x"
	for _, tc := range []struct {
		name   string
		v      *PersistentVolume
		claims []*PersistentVolumeClaim
		ops    []string
		events []string
	}{
		{"new static volume becomes Available", pending(pv("v", "1Gi", "", rwo)), nil, []string{"volume status Available"}, nil},
		{"reserved volume is Available", pending(withRef(pv("v", "1Gi", "", rwo), "c", "")), nil, []string{"volume status Available"}, nil},
		{"bound both ways", withRef(pv("v", "1Gi", "", rwo), "c", "uid-c"), []*PersistentVolumeClaim{boundClaim}, []string{"volume status Bound"}, nil},
		{"provisioned volume: enqueue its claim", pending(withRef(pv("v", "1Gi", "", rwo), "c", "uid-c")), []*PersistentVolumeClaim{pvc("c", "1Gi", noClass, rwo)}, []string{"sync claim c"}, nil},
		{"Retain: Released and kept", withRef(pv("v", "1Gi", "", rwo), "c", "uid-c"), nil, []string{"volume status Released"}, nil},
		{"claim re-created with a new UID: Released", withRef(pv("v", "1Gi", "", rwo), "c", "uid-old"), []*PersistentVolumeClaim{pvc("c", "1Gi", noClass, rwo)}, []string{"volume status Released"}, nil},
		{"Delete, provisioned: left to the provisioner", provisioned(policy(withRef(pv("v", "1Gi", "", rwo), "c", "uid-c"), ReclaimDelete)), nil, []string{"volume status Released"}, nil},
		{"Delete, hand-made: no deleter", policy(withRef(pv("v", "1Gi", "", rwo), "c", "uid-c"), ReclaimDelete), nil,
			[]string{"volume status Released", "volume status Failed"},
			[]string{`Warning VolumeFailedDelete: error getting deleter volume plugin for volume "v": no deletable volume plugin matched`}},
		{"Recycle", policy(withRef(pv("v", "1Gi", "", rwo), "c", "uid-c"), ReclaimRecycle), nil,
			[]string{"volume status Released", "volume status Failed"}, []string{"Warning VolumeFailedRecycle: " + MsgNoRecycler}},
		{"unknown policy", policy(withRef(pv("v", "1Gi", "", rwo), "c", "uid-c"), "Keep"), nil,
			[]string{"volume status Released", "volume status Failed"}, []string{"Warning VolumeUnknownReclaimPolicy: " + MsgUnknownReclaim}},
		{"claim bound elsewhere, controller's binding: unbind", func() *PersistentVolume {
			v := withRef(pv("v", "1Gi", "", rwo), "e", "uid-e")
			v.Annotations = map[string]string{AnnBoundByController: "yes"}
			v.Status.Phase = VolumeBound
			return v
		}(), []*PersistentVolumeClaim{elsewhere}, []string{"volume v", "volume status Available"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := SyncVolumePlan(tc.v, &fakeCluster{claims: tc.claims})
			assert.Equal(t, tc.ops, ops(p))
			assert.Equal(t, tc.events, events(p))
		})
	}
	// Released stays Released: no write on the next sync.
	rel := withRef(pv("v", "1Gi", "", rwo), "c", "uid-c")
	rel.Status.Phase = VolumeReleased
	assert.Empty(t, SyncVolumePlan(rel, &fakeCluster{}).Actions)
}

// TestDefaultClass: the newest default wins, ties by name (storage.md §5;
// GetDefaultClass).
func TestDefaultClass(t *testing.T) {
	a := class("a", "p", BindingImmediate, true)
	b := class("b", "p", BindingImmediate, true)
	old := class("old", "p", BindingImmediate, true)
	old.CreationTimestamp = -1
	n := class("n", "p", BindingImmediate, false)
	assert.Equal(t, "a", DefaultClass([]*StorageClass{b, old, a, n}).Name)
	b.CreationTimestamp = 10
	assert.Equal(t, "b", DefaultClass([]*StorageClass{b, old, a, n}).Name)
	assert.Nil(t, DefaultClass([]*StorageClass{n}))
	beta := class("beta", "p", BindingImmediate, false)
	beta.Annotations = map[string]string{AnnBetaDefaultClass: "true"}
	assert.True(t, beta.IsDefault())
}

// TestAccessModesString is kubectl's short form (GetAccessModesAsString).
func TestAccessModesString(t *testing.T) {
	assert.Equal(t, "RWO,ROX,RWX,RWOP", AccessModesString([]string{ReadWriteOncePod, rwx, rox, rwo}))
	assert.Equal(t, "", AccessModesString(nil))
	assert.True(t, slices.Equal(strings.Split("RWX", ","), []string{"RWX"}))
}
