// Package storage is stsim's model of PersistentVolumeClaims,
// PersistentVolumes and StorageClasses: the types, the API server's
// defaulting and validation for the fields modelled, Kubernetes quantities,
// and the decisions of the PV controller and of external provisioners as
// pure functions. It imports nothing of the simulator; package sim runs it.
//
// Rules: ../shared/spec/storage.md (upstream v1.37.2
// pkg/controller/volume/persistentvolume, component-helpers
// storage/volume, sig-storage-lib-external-provisioner v6,
// nfs-subdir-external-provisioner v4.0.x).
//
// What is modelled:
//
//   - Claims (access modes RWO/ROX/RWX/RWOP, storage request, class incl.
//     the beta annotation, selector, volumeMode, volumeName), volumes
//     (capacity, access modes, claimRef, reclaim policy, class, volumeMode,
//     node affinity, NFS and hostPath sources) and classes (provisioner,
//     parameters, reclaim policy, binding mode, allowVolumeExpansion,
//     default-class annotation), with their phases and annotations.
//   - Quantity: binary and decimal suffixes, exact comparison, canonical
//     printing (1024Mi → 1Gi).
//   - Validation with the API server's messages (ValidateClaim,
//     ValidateClaimUpdate, ValidateVolume, ValidateStorageClass,
//     ValidateStorageClassUpdate) and defaulting (Default*).
//   - The binder: SyncClaimPlan and SyncVolumePlan return the writes and
//     events of one PV-controller sync (syncClaim, syncVolume): static
//     matching in findBestMatchForClaim's order (FindBestMatch), pre-bound
//     claims and volumes, the four-write bind, default-class assignment,
//     WaitForFirstConsumer waits, the external-provisioning request, Lost
//     and Misbound claims, Released volumes and their reclaim, with
//     upstream's event reasons and texts.
//   - Provisioners behind the Provisioner interface with the lib's loop
//     rules (ShouldProvision, NewProvisionedVolume, ShouldDelete) and two
//     drivers: NFSSubdir (directories <ns>-<pvc>-<pv>, pathPattern,
//     onDelete/archiveOnDelete) and LocalPath (a directory on the selected
//     node, ReadWriteOnce(Pod) only).
//
// What is simplified:
//
//   - Quantities are whole bytes: sub-byte values round up and print as
//     bytes; values beyond int64 are refused.
//   - Where upstream leaves an order unspecified (volumes of one
//     access-mode group, groups of equal size) the order is by name.
//   - No in-tree provisioner, deleter or recycler: a class whose
//     provisioner starts with "kubernetes.io/" fails to provision, a
//     hand-made volume with reclaim policy Delete fails to delete, Recycle
//     fails; volume attributes classes, data sources, CSI, topology
//     (allowedTopologies, storage capacity) and CSI migration are not
//     modelled.
//   - ValidateClaimUpdate's message stops before upstream's spec diff;
//     PV capacity must be storage only, so its "Unsupported value" error for
//     other resources does not arise.
package storage
