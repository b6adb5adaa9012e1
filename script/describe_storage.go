package script

import (
	"strings"

	"github.com/stsim/stsim/api"
	"github.com/stsim/stsim/storage"
)

// describeClaim is kubectl's PersistentVolumeClaim description (upstream:
// describe.go describePersistentVolumeClaim), with the pods that use it.
func (r *Runner) describeClaim(pvc *storage.PersistentVolumeClaim) string {
	d := newDescriber()
	d.line(0, "Name:\t%s", pvc.Name)
	d.line(0, "Namespace:\t%s", pvc.Namespace)
	d.line(0, "StorageClass:\t%s", storage.ClaimClass(pvc))
	if pvc.DeletionTimestamp != nil {
		d.line(0, "Status:\tTerminating (lasts %s)", age(r.c.Now(), *pvc.DeletionTimestamp))
	} else {
		d.line(0, "Status:\t%s", pvc.Status.Phase)
	}
	d.line(0, "Volume:\t%s", pvc.Spec.VolumeName)
	d.labels(0, "Labels", pvc.Labels)
	d.annotations(0, "Annotations", pvc.Annotations)
	d.line(0, "Finalizers:\t%v", finalizers(pvc.Finalizers))
	var capacity, modes string
	if pvc.Spec.VolumeName != "" {
		capacity, modes = quantityCell(pvc.Status.Capacity), accessModes(pvc.Status.AccessModes)
	}
	d.line(0, "Capacity:\t%s", capacity)
	d.line(0, "Access Modes:\t%s", modes)
	if pvc.Spec.VolumeMode != "" {
		d.line(0, "VolumeMode:\t%s", pvc.Spec.VolumeMode)
	}
	usedBy := r.claimUsers(pvc)
	if len(usedBy) == 0 {
		d.line(0, "Used By:\t<none>")
	}
	for i, name := range usedBy {
		if i == 0 {
			d.line(0, "Used By:\t%s", name)
		} else {
			d.line(0, "\t%s", name)
		}
	}
	r.describeEvents(d, pvc.Namespace, "PersistentVolumeClaim", pvc.Name)
	return d.String()
}

// claimUsers are the pods of the claim's namespace that mount it, by name
// (upstream: describe.go getPodsForPVC).
func (r *Runner) claimUsers(pvc *storage.PersistentVolumeClaim) []string {
	var out []string
	for _, p := range r.c.Pods(pvc.Namespace) {
		for _, v := range p.Spec.Volumes {
			if v.ClaimName == pvc.Name {
				out = append(out, p.Name)
				break
			}
		}
	}
	return out
}

// finalizers renders a list as Go's %v does, as describe prints it.
func finalizers(f []string) string { return "[" + strings.Join(f, " ") + "]" }

// describeVolume is kubectl's PersistentVolume description (upstream:
// describe.go describePersistentVolume).
func (r *Runner) describeVolume(v *storage.PersistentVolume) string {
	d := newDescriber()
	d.line(0, "Name:\t%s", v.Name)
	d.labels(0, "Labels", v.Labels)
	d.annotations(0, "Annotations", v.Annotations)
	d.line(0, "Finalizers:\t%v", finalizers(v.Finalizers))
	d.line(0, "StorageClass:\t%s", storage.VolumeClass(v))
	if v.DeletionTimestamp != nil {
		d.line(0, "Status:\tTerminating (lasts %s)", age(r.c.Now(), *v.DeletionTimestamp))
	} else {
		d.line(0, "Status:\t%s", v.Status.Phase)
	}
	claim := ""
	if ref := v.Spec.ClaimRef; ref != nil {
		claim = ref.Namespace + "/" + ref.Name
	}
	d.line(0, "Claim:\t%s", claim)
	d.line(0, "Reclaim Policy:\t%s", v.Spec.PersistentVolumeReclaimPolicy)
	d.line(0, "Access Modes:\t%s", accessModes(v.Spec.AccessModes))
	if v.Spec.VolumeMode != "" {
		d.line(0, "VolumeMode:\t%s", v.Spec.VolumeMode)
	}
	d.line(0, "Capacity:\t%s", quantityCell(v.Spec.Capacity))
	describeNodeAffinity(d, v.Spec.NodeAffinity)
	d.line(0, "Message:\t%s", v.Status.Message)
	d.line(0, "Source:")
	switch {
	case v.Spec.HostPath != nil:
		d.line(2, "Type:\tHostPath (bare host directory volume)")
		d.line(2, "Path:\t%s", v.Spec.HostPath.Path)
		d.line(2, "HostPathType:\t%s", orNone(v.Spec.HostPath.Type))
	case v.Spec.NFS != nil:
		d.line(2, "Type:\tNFS (an NFS mount that lasts the lifetime of a pod)")
		d.line(2, "Server:\t%s", v.Spec.NFS.Server)
		d.line(2, "Path:\t%s", v.Spec.NFS.Path)
		d.line(2, "ReadOnly:\t%v", v.Spec.NFS.ReadOnly)
	default:
		d.line(1, "<unknown>")
	}
	r.describeEvents(d, "", "PersistentVolume", v.Name)
	return d.String()
}

// describeNodeAffinity writes Node Affinity (upstream: describe.go
// printVolumeNodeAffinity).
func describeNodeAffinity(d *describer, a *storage.VolumeNodeAffinity) {
	if a == nil {
		d.line(0, "Node Affinity:\t<none>")
		return
	}
	d.line(0, "Node Affinity:\t")
	terms := a.Required.NodeSelectorTerms
	if len(terms) == 0 {
		d.line(1, "Required Terms:\t<none>")
		return
	}
	d.line(1, "Required Terms:\t")
	for i, t := range terms {
		if len(t.MatchExpressions) == 0 {
			d.line(2, "Term %d:\t<none>", i)
			continue
		}
		for j, req := range t.MatchExpressions {
			expr := req.Key + " " + strings.ToLower(req.Operator)
			if len(req.Values) > 0 {
				expr += " [" + strings.Join(req.Values, ", ") + "]"
			}
			if j == 0 {
				d.line(2, "Term %d:\t%s", i, expr)
			} else {
				d.line(2, "\t%s", expr)
			}
		}
	}
}

// describeClass is kubectl's StorageClass description (upstream:
// describe.go describeStorageClass).
func (r *Runner) describeClass(sc *storage.StorageClass) string {
	d := newDescriber()
	d.line(0, "Name:\t%s", sc.Name)
	isDefault := "No"
	if sc.IsDefault() {
		isDefault = "Yes"
	}
	d.line(0, "IsDefaultClass:\t%s", isDefault)
	d.line(0, "Annotations:\t%s", formatLabels(sc.Annotations))
	d.line(0, "Provisioner:\t%s", sc.Provisioner)
	d.line(0, "Parameters:\t%s", formatLabels(sc.Parameters))
	expand := unset
	if sc.AllowVolumeExpansion != nil {
		expand = yesNo(*sc.AllowVolumeExpansion)
	}
	d.line(0, "AllowVolumeExpansion:\t%s", expand)
	if len(sc.MountOptions) == 0 {
		d.line(0, "MountOptions:\t<none>")
	} else {
		d.line(0, "MountOptions:")
		for _, o := range sc.MountOptions {
			d.line(1, "%s", o)
		}
	}
	if sc.ReclaimPolicy != nil {
		d.line(0, "ReclaimPolicy:\t%s", *sc.ReclaimPolicy)
	}
	if sc.VolumeBindingMode != nil {
		d.line(0, "VolumeBindingMode:\t%s", *sc.VolumeBindingMode)
	}
	r.describeEvents(d, "", "StorageClass", sc.Name)
	return d.String()
}

// notFound is the API server's NotFound for a resource type.
func notFound(res *resource, name string) error {
	return api.NewNotFound(res.plural, res.group, name)
}
