package storage

import "strings"

// SyncVolumePlan is one run of the PV controller for a volume (upstream:
// pv_controller.go syncVolume, reclaimVolume, unbindVolume).
//
// A volume without a claimRef, or reserved for a claim (claimRef without
// UID), is Available. A volume whose claim is gone is Released once and then
// reclaimed: Retain keeps it Released for ever (never bound again, its
// claimRef keeps the old UID); Delete on a dynamically provisioned volume
// is left to its external provisioner; Delete on a hand-made volume fails,
// as no in-tree deleter is modelled; Recycle is not modelled either.
func SyncVolumePlan(v *PersistentVolume, w Cluster) Plan {
	s := &sync{w: w}
	s.syncVolume(v)
	return s.plan
}

func (s *sync) syncVolume(v *PersistentVolume) {
	r := v.Spec.ClaimRef
	if r == nil || r.UID == "" {
		s.setVolumePhase(v, VolumeAvailable, "")
		return
	}
	claim := s.w.Claim(r.Namespace, r.Name)
	if claim != nil && claim.UID != r.UID {
		claim = nil // deleted and re-created under the same name
	}
	switch {
	case claim == nil:
		if v.Status.Phase != VolumeReleased && v.Status.Phase != VolumeFailed {
			v = s.setVolumePhase(v, VolumeReleased, "claim "+r.Namespace+"/"+r.Name+" is gone")
		}
		s.reclaim(v)
	case claim.Spec.VolumeName == "":
		if volumeMode(claim.Spec.VolumeMode) != volumeMode(v.Spec.VolumeMode) {
			s.volumeEvent(v, "Warning", ReasonVolumeMismatch, `Cannot bind PersistentVolume to requested PersistentVolumeClaim "`+claim.Name+`" due to incompatible volumeMode.`)
			s.claimEvent(claim, "Warning", ReasonVolumeMismatch, `Cannot bind PersistentVolume "`+v.Name+`" to requested PersistentVolumeClaim due to incompatible volumeMode.`)
			return
		}
		s.add(Action{Op: SyncClaim, Claim: claim, Reason: "volume " + v.Name + " points at the claim"})
	case claim.Spec.VolumeName == v.Name:
		s.setVolumePhase(v, VolumeBound, "")
	case hasAnn(v.Annotations, AnnDynamicallyProvisioned) && v.Spec.PersistentVolumeReclaimPolicy == ReclaimDelete:
		if v.Status.Phase != VolumeReleased && v.Status.Phase != VolumeFailed {
			v = s.setVolumePhase(v, VolumeReleased, "claim "+claim.Name+" is bound to another volume")
		}
		s.reclaim(v)
	default:
		s.unbind(v)
	}
}

// reclaim applies the reclaim policy of a Released volume (upstream:
// reclaimVolume, deleteVolumeOperation, findDeletablePlugin).
func (s *sync) reclaim(v *PersistentVolume) {
	switch v.Spec.PersistentVolumeReclaimPolicy {
	case ReclaimRetain:
		s.plan.Wait = "Released: reclaim policy Retain keeps the volume"
	case ReclaimDelete:
		if p := v.Annotations[AnnDynamicallyProvisioned]; p != "" && !strings.HasPrefix(p, "kubernetes.io/") {
			s.plan.Wait = "Released: waiting for provisioner " + p + " to delete the volume"
			return
		}
		s.fail(v, ReasonVolumeFailedDelete, `error getting deleter volume plugin for volume "`+v.Name+`": no deletable volume plugin matched`)
	case ReclaimRecycle:
		s.fail(v, ReasonVolumeFailedRecycle, MsgNoRecycler)
	default:
		s.fail(v, ReasonVolumeUnknownReclaim, MsgUnknownReclaim)
	}
}

// fail sets the volume's phase to Failed with a Warning event, once
// (upstream: updateVolumePhaseWithEvent).
func (s *sync) fail(v *PersistentVolume, reason, msg string) {
	s.plan.Wait = msg
	if v.Status.Phase == VolumeFailed {
		return
	}
	s.setVolumePhase(v, VolumeFailed, msg)
	s.volumeEvent(v, "Warning", reason, msg)
}

// unbind releases a volume whose claim is bound elsewhere: a binding the
// controller made is undone (claimRef removed), a user's pre-binding keeps
// the reservation without the UID (upstream: unbindVolume).
func (s *sync) unbind(v *PersistentVolume) {
	n := cloneVolume(v)
	if hasAnn(v.Annotations, AnnBoundByController) {
		n.Spec.ClaimRef = nil
		delete(n.Annotations, AnnBoundByController)
	} else {
		r := *v.Spec.ClaimRef
		r.UID = ""
		n.Spec.ClaimRef = &r
	}
	s.add(Action{Op: WriteVolume, Volume: n, Reason: "unbind: the claim is bound to another volume"})
	s.setVolumePhase(n, VolumeAvailable, "")
}

// setVolumePhase writes the volume's phase if it changes and returns the
// volume as written (upstream: updateVolumePhase).
func (s *sync) setVolumePhase(v *PersistentVolume, phase, why string) *PersistentVolume {
	if v.Status.Phase == phase {
		return v
	}
	n := cloneVolume(v)
	n.Status = VolumeStatus{Phase: phase}
	if phase == VolumeFailed {
		n.Status.Message = why
	}
	reason := phase
	if why != "" {
		reason += ": " + why
	}
	s.add(Action{Op: WriteVolumeStatus, Volume: n, Reason: reason})
	return n
}

// DefaultClass returns the default class among classes: the newest of those
// annotated as default, ties broken by name (upstream: pkg/volume/util
// storageclass.go GetDefaultClass).
func DefaultClass(classes []*StorageClass) *StorageClass {
	var best *StorageClass
	for _, c := range classes {
		if !c.IsDefault() {
			continue
		}
		if best == nil || c.CreationTimestamp > best.CreationTimestamp ||
			c.CreationTimestamp == best.CreationTimestamp && c.Name < best.Name {
			best = c
		}
	}
	return best
}
