// Package storage holds the PersistentVolumeClaim, PersistentVolume and
// StorageClass model of stsim. This file carries the claim type that
// StatefulSet volumeClaimTemplates are made of; binding, provisioning and
// reclaim arrive with the storage capability.
package storage

import "github.com/stsim/stsim/api"

// Claim phases.
const (
	ClaimPending = "Pending"
	ClaimBound   = "Bound"
	ClaimLost    = "Lost"
)

// PersistentVolumeClaim is the subset of v1.PersistentVolumeClaim that the
// simulation models.
type PersistentVolumeClaim struct {
	api.ObjectMeta `json:"metadata"`
	Spec           ClaimSpec   `json:"spec"`
	Status         ClaimStatus `json:"status"`
}

// ClaimSpec is v1.PersistentVolumeClaimSpec's modelled subset.
type ClaimSpec struct {
	AccessModes      []string           `json:"accessModes,omitempty"`
	StorageClassName *string            `json:"storageClassName,omitempty"`
	Storage          string             `json:"storage,omitempty"`
	VolumeName       string             `json:"volumeName,omitempty"`
	VolumeMode       string             `json:"volumeMode,omitempty"`
	Selector         *api.LabelSelector `json:"selector,omitempty"`
}

// ClaimStatus is v1.PersistentVolumeClaimStatus's modelled subset.
type ClaimStatus struct {
	Phase    string `json:"phase,omitempty"`
	Capacity string `json:"capacity,omitempty"`
}
