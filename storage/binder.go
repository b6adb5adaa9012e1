package storage

import (
	"maps"
	"strings"
)

// Cluster is what the PV controller's sync reads: the claims, volumes and
// classes as its informers hold them, and the pods that wait for a claim.
type Cluster interface {
	// Class returns the named StorageClass, or nil.
	Class(name string) *StorageClass
	// DefaultClass returns the default StorageClass, or nil (see
	// DefaultClass).
	DefaultClass() *StorageClass
	// Volume returns the named PersistentVolume, or nil.
	Volume(name string) *PersistentVolume
	// Candidates returns the volumes claim may bind to: at least every
	// volume without a claimRef and every volume whose claimRef names the
	// claim (a superset is fine: FindMatchingVolume skips the rest).
	Candidates(claim *PersistentVolumeClaim) []*PersistentVolume
	// Claim returns the claim namespace/name, or nil.
	Claim(namespace, name string) *PersistentVolumeClaim
	// UnscheduledPods returns the names of the non-terminated pods that
	// use the claim and have no node yet, sorted.
	UnscheduledPods(claim *PersistentVolumeClaim) []string
}

// Op is what an Action does.
type Op uint8

// The writes and events a sync can plan.
const (
	WriteVolume       Op = iota + 1 // update a volume's metadata or spec
	WriteVolumeStatus               // update a volume's status (phase)
	WriteClaim                      // update a claim's metadata or spec
	WriteClaimStatus                // update a claim's status
	RecordEvent                     // record a Kubernetes Event
	SyncClaim                       // enqueue the claim for a sync (upstream: claimQueue.Add)
)

// Event is a Kubernetes Event about a claim or a volume.
type Event struct {
	Kind      string // "PersistentVolumeClaim" or "PersistentVolume"
	Namespace string
	Name      string
	Type      string // "Normal" or "Warning"
	Reason    string
	Message   string
}

// Action is one step of a plan. Claim and Volume are new objects for writes
// (the observed ones are never modified); Claim names the claim of a
// SyncClaim; Reason is for the trace.
type Action struct {
	Op     Op
	Claim  *PersistentVolumeClaim
	Volume *PersistentVolume
	Event  *Event
	Reason string
}

// Plan is what one sync of a claim or a volume decided, in order. Upstream
// aborts a bind at the first failed write; so does a caller applying it.
type Plan struct {
	Actions []Action
	// Wait says why a claim stays Pending ("" if it is bound).
	Wait string
}

// Event reasons and messages of the PV controller (upstream:
// pkg/controller/volume/events/event.go, pv_controller.go).
const (
	ReasonFailedBinding        = "FailedBinding"
	ReasonExternalProvisioning = "ExternalProvisioning"
	ReasonProvisioningFailed   = "ProvisioningFailed"
	ReasonWaitForFirstConsumer = "WaitForFirstConsumer"
	ReasonWaitForPodScheduled  = "WaitForPodScheduled"
	ReasonVolumeMismatch       = "VolumeMismatch"
	ReasonClaimLost            = "ClaimLost"
	ReasonClaimMisbound        = "ClaimMisbound"
	ReasonVolumeFailedDelete   = "VolumeFailedDelete"
	ReasonVolumeFailedRecycle  = "VolumeFailedRecycle"
	ReasonVolumeUnknownReclaim = "VolumeUnknownReclaimPolicy"

	MsgNoClassNoVolume   = "no persistent volumes available for this claim and no storage class is set"
	MsgWaitFirstConsumer = "waiting for first consumer to be created before binding"
	MsgLostReference     = "Bound claim has lost reference to PersistentVolume. Data on the volume is lost!"
	MsgLostVolume        = "Bound claim has lost its PersistentVolume. Data on the volume is lost!"
	MsgMisbound          = "Two claims are bound to the same volume, this one is bound incorrectly"
	MsgUnknownReclaim    = "Volume has unrecognized PersistentVolumeReclaimPolicy"
	MsgNoRecycler        = "No recycler plugin found for the volume!"
)

// ExternalProvisioningMessage is the ExternalProvisioning event text of
// v1.28 and later (kubernetes#118262; upstream:
// provisionClaimOperationExternal).
func ExternalProvisioningMessage(provisioner string) string {
	return "Waiting for a volume to be created either by the external provisioner '" + provisioner +
		"' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered."
}

// ClassNotFound is the API's NotFound text for a StorageClass.
func ClassNotFound(name string) string {
	return `storageclass.storage.k8s.io "` + name + `" not found`
}

// sync accumulates one plan.
type sync struct {
	w    Cluster
	plan Plan
}

func (s *sync) add(a Action) { s.plan.Actions = append(s.plan.Actions, a) }

func (s *sync) claimEvent(c *PersistentVolumeClaim, typ, reason, msg string) {
	s.add(Action{Op: RecordEvent, Claim: c, Event: &Event{Kind: "PersistentVolumeClaim", Namespace: c.Namespace, Name: c.Name, Type: typ, Reason: reason, Message: msg}})
}

func (s *sync) volumeEvent(v *PersistentVolume, typ, reason, msg string) {
	s.add(Action{Op: RecordEvent, Volume: v, Event: &Event{Kind: "PersistentVolume", Name: v.Name, Type: typ, Reason: reason, Message: msg}})
}

// SyncClaimPlan is one run of the PV controller for a claim (upstream:
// pv_controller.go syncClaim → syncUnboundClaim / syncBoundClaim).
func SyncClaimPlan(claim *PersistentVolumeClaim, w Cluster) Plan {
	s := &sync{w: w}
	if _, done := claim.Annotations[AnnBindCompleted]; done {
		s.syncBound(claim)
	} else {
		s.syncUnbound(claim)
	}
	return s.plan
}

// syncUnbound is syncUnboundClaim.
func (s *sync) syncUnbound(claim *PersistentVolumeClaim) {
	if claim.Spec.VolumeName != "" {
		s.syncPreBound(claim)
		return
	}
	class := s.w.Class(ClaimClass(claim))
	delay := class != nil && class.BindingMode() == BindingWaitForFirstConsumer
	if v := FindBestMatch(claim, s.w.Candidates(claim), delay); v != nil {
		s.bind(v, claim, "matched volume "+v.Name)
		return
	}
	if !ClaimHasClass(claim) {
		if def := s.w.DefaultClass(); def != nil {
			c := cloneClaim(claim)
			c.Spec.StorageClassName = &def.Name
			s.add(Action{Op: WriteClaim, Claim: c, Reason: "assign the default StorageClass " + def.Name})
			s.plan.Wait = "default StorageClass " + def.Name + " assigned"
			return
		}
	}
	_, selected := claim.Annotations[AnnSelectedNode]
	switch name := ClaimClass(claim); {
	case delay && !selected:
		pods := s.w.UnscheduledPods(claim)
		switch len(pods) {
		case 0:
			s.claimEvent(claim, "Normal", ReasonWaitForFirstConsumer, MsgWaitFirstConsumer)
			s.plan.Wait = "waiting for first consumer"
		case 1:
			s.claimEvent(claim, "Normal", ReasonWaitForPodScheduled, "waiting for pod "+pods[0]+" to be scheduled")
			s.plan.Wait = "waiting for pod " + pods[0] + " to be scheduled"
		default:
			s.claimEvent(claim, "Normal", ReasonWaitForPodScheduled, "waiting for pods "+strings.Join(pods, ",")+" to be scheduled")
			s.plan.Wait = "waiting for pods to be scheduled"
		}
	case name != "":
		s.provision(claim, class, name)
		return
	default:
		s.claimEvent(claim, "Normal", ReasonFailedBinding, MsgNoClassNoVolume)
		s.plan.Wait = "no volume matches and no storage class is set"
	}
	s.setClaimPhase(claim, ClaimPending, nil)
}

// provision is provisionClaim for an external provisioner: annotate the
// claim with the provisioner and wait for a volume (upstream:
// provisionClaim, findProvisionablePlugin, provisionClaimOperationExternal,
// setClaimProvisioner). No in-tree provisioner is modelled: a class whose
// provisioner starts with "kubernetes.io/" has no plugin.
func (s *sync) provision(claim *PersistentVolumeClaim, class *StorageClass, name string) {
	switch {
	case class == nil:
		s.claimEvent(claim, "Warning", ReasonProvisioningFailed, ClassNotFound(name))
		s.plan.Wait = ClassNotFound(name)
		return
	case strings.HasPrefix(class.Provisioner, "kubernetes.io/"):
		msg := "no volume plugin matched name: " + class.Provisioner
		s.claimEvent(claim, "Warning", ReasonProvisioningFailed, msg)
		s.plan.Wait = msg
		return
	}
	p := class.Provisioner
	if claim.Annotations[AnnStorageProvisioner] != p || claim.Annotations[AnnBetaStorageProvisioner] != p {
		c := cloneClaim(claim)
		c.Annotations[AnnStorageProvisioner] = p
		c.Annotations[AnnBetaStorageProvisioner] = p
		s.add(Action{Op: WriteClaim, Claim: c, Reason: "ask provisioner " + p + " for a volume"})
		claim = c
	}
	s.claimEvent(claim, "Normal", ReasonExternalProvisioning, ExternalProvisioningMessage(p))
	s.plan.Wait = "waiting for a volume from provisioner " + p
}

// syncPreBound handles a claim whose spec.volumeName the user set.
func (s *sync) syncPreBound(claim *PersistentVolumeClaim) {
	v := s.w.Volume(claim.Spec.VolumeName)
	switch {
	case v == nil:
		s.plan.Wait = "requested volume " + claim.Spec.VolumeName + " does not exist"
		s.setClaimPhase(claim, ClaimPending, nil)
	case v.Spec.ClaimRef == nil:
		if why := satisfies(v, claim); why != "" {
			s.claimEvent(claim, "Warning", ReasonVolumeMismatch, `Cannot bind to requested volume "`+v.Name+`": `+why)
			s.plan.Wait = "requested volume " + v.Name + ": " + why
			s.setClaimPhase(claim, ClaimPending, nil)
			return
		}
		s.bind(v, claim, "bind the requested volume "+v.Name)
	case BoundTo(v, claim):
		s.bind(v, claim, "finish binding to volume "+v.Name)
	default:
		s.claimEvent(claim, "Warning", ReasonFailedBinding, `volume "`+v.Name+`" already bound to a different claim.`)
		s.plan.Wait = "requested volume " + v.Name + " is bound to another claim"
		if _, ok := claim.Annotations[AnnBoundByController]; !ok {
			s.setClaimPhase(claim, ClaimPending, nil)
		}
	}
}

// satisfies returns why v cannot serve claim, or "" (upstream:
// checkVolumeSatisfyClaim; volumeAttributesClass is not modelled).
func satisfies(v *PersistentVolume, claim *PersistentVolumeClaim) string {
	if v.Terminating() {
		return `the volume is marked for deletion "` + v.Name + `"`
	}
	want, _ := ParseQuantity(claim.Spec.Storage)
	have, _ := ParseQuantity(v.Spec.Capacity)
	switch {
	case have.Cmp(want) < 0:
		return "requested PV is too small"
	case VolumeClass(v) != ClaimClass(claim):
		return "storageClassName does not match"
	case volumeMode(v.Spec.VolumeMode) != volumeMode(claim.Spec.VolumeMode):
		return "incompatible volumeMode"
	case !containsAll(v.Spec.AccessModes, claim.Spec.AccessModes):
		return "incompatible accessMode"
	}
	return ""
}

// syncBound is syncBoundClaim: a claim that completed binding once.
func (s *sync) syncBound(claim *PersistentVolumeClaim) {
	if claim.Spec.VolumeName == "" {
		s.lose(claim, ReasonClaimLost, MsgLostReference)
		return
	}
	v := s.w.Volume(claim.Spec.VolumeName)
	switch {
	case v == nil:
		s.lose(claim, ReasonClaimLost, MsgLostVolume)
	case v.Spec.ClaimRef == nil || v.Spec.ClaimRef.UID == claim.UID:
		s.bind(v, claim, "keep claim bound to volume "+v.Name)
	default:
		s.lose(claim, ReasonClaimMisbound, MsgMisbound)
	}
}

// lose sets the claim's phase to Lost with a Warning event, once
// (upstream: updateClaimStatusWithEvent does nothing when the phase is
// already the target).
func (s *sync) lose(claim *PersistentVolumeClaim, reason, msg string) {
	s.plan.Wait = msg
	if claim.Status.Phase == ClaimLost {
		return
	}
	s.setClaimPhase(claim, ClaimLost, nil)
	s.claimEvent(claim, "Warning", reason, msg)
}

// bind binds volume and claim in upstream's four writes: the volume's
// claimRef, the volume's phase, the claim's volumeName and annotations, the
// claim's phase with the volume's capacity and modes (upstream: bind,
// bindVolumeToClaim, GetBindVolumeToClaim, bindClaimToVolume,
// updateClaimStatus). Writes that change nothing are skipped.
func (s *sync) bind(v *PersistentVolume, claim *PersistentVolumeClaim, why string) {
	if r := v.Spec.ClaimRef; r == nil || r.Name != claim.Name || r.Namespace != claim.Namespace || r.UID != claim.UID {
		n := cloneVolume(v)
		if !BoundTo(v, claim) {
			n.Annotations[AnnBoundByController] = "yes"
		}
		n.Spec.ClaimRef = &ClaimRef{Kind: "PersistentVolumeClaim", Namespace: claim.Namespace, Name: claim.Name,
			UID: claim.UID, APIVersion: "v1", ResourceVersion: claim.ResourceVersion}
		s.add(Action{Op: WriteVolume, Volume: n, Reason: "bind to claim " + claim.Namespace + "/" + claim.Name})
		v = n
	}
	if v.Status.Phase != VolumeBound {
		n := cloneVolume(v)
		n.Status = VolumeStatus{Phase: VolumeBound}
		s.add(Action{Op: WriteVolumeStatus, Volume: n, Reason: "Bound to " + claim.Namespace + "/" + claim.Name})
	}
	if claim.Spec.VolumeName != v.Name || !hasAnn(claim.Annotations, AnnBindCompleted) {
		c := cloneClaim(claim)
		if claim.Spec.VolumeName != v.Name {
			c.Spec.VolumeName = v.Name
			c.Annotations[AnnBoundByController] = "yes"
		}
		c.Annotations[AnnBindCompleted] = "yes"
		s.add(Action{Op: WriteClaim, Claim: c, Reason: why})
		claim = c
	}
	s.setClaimPhase(claim, ClaimBound, v)
}

// setClaimPhase writes the claim's status if it changes: the phase, and
// the volume's capacity and access modes, cleared when there is no volume
// (upstream: updateClaimStatus).
func (s *sync) setClaimPhase(claim *PersistentVolumeClaim, phase string, v *PersistentVolume) {
	st := ClaimStatus{Phase: phase}
	if v != nil {
		st.Capacity = Canonical(v.Spec.Capacity)
		st.AccessModes = v.Spec.AccessModes
	}
	if st.Phase == claim.Status.Phase && st.Capacity == claim.Status.Capacity && strings.Join(st.AccessModes, ",") == strings.Join(claim.Status.AccessModes, ",") {
		return
	}
	c := cloneClaim(claim)
	c.Status = st
	reason := phase
	if v != nil {
		reason += " to volume " + v.Name
	}
	s.add(Action{Op: WriteClaimStatus, Claim: c, Reason: reason})
}

func hasAnn(m map[string]string, k string) bool { _, ok := m[k]; return ok }

// cloneClaim copies the claim's top level and its annotations (which the
// plan edits); everything else is shared.
func cloneClaim(c *PersistentVolumeClaim) *PersistentVolumeClaim {
	n := *c
	n.Annotations = maps.Clone(c.Annotations)
	if n.Annotations == nil {
		n.Annotations = map[string]string{}
	}
	return &n
}

// cloneVolume copies the volume's top level and its annotations.
func cloneVolume(v *PersistentVolume) *PersistentVolume {
	n := *v
	n.Annotations = maps.Clone(v.Annotations)
	if n.Annotations == nil {
		n.Annotations = map[string]string{}
	}
	return &n
}
