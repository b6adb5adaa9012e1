package script

import (
	"slices"
	"strconv"
	"strings"

	"github.com/stsim/stsim/sim"
	"github.com/stsim/stsim/storage"
)

// unset is kubectl's cell for an unset optional field.
const unset = "<unset>"

// claimRow is kubectl's PersistentVolumeClaim row (upstream: printers.go
// printPersistentVolumeClaim): capacity and access modes from the status
// once the claim names a volume.
func claimRow(c *sim.Cluster, obj any, wide bool) []string {
	pvc := obj.(*storage.PersistentVolumeClaim)
	phase := pvc.Status.Phase
	if pvc.DeletionTimestamp != nil {
		phase = "Terminating"
	}
	var modes, capacity string
	if pvc.Spec.VolumeName != "" {
		modes, capacity = accessModes(pvc.Status.AccessModes), quantityCell(pvc.Status.Capacity)
	}
	row := []string{pvc.Name, phase, pvc.Spec.VolumeName, capacity, modes, storage.ClaimClass(pvc), unset, age(c.Now(), pvc.CreationTimestamp)}
	if wide {
		row = append(row, orUnset(pvc.Spec.VolumeMode))
	}
	return row
}

// volumeRow is kubectl's PersistentVolume row (upstream: printers.go
// printPersistentVolume).
func volumeRow(c *sim.Cluster, obj any, wide bool) []string {
	v := obj.(*storage.PersistentVolume)
	claim := ""
	if r := v.Spec.ClaimRef; r != nil {
		claim = r.Namespace + "/" + r.Name
	}
	phase := v.Status.Phase
	if v.DeletionTimestamp != nil {
		phase = "Terminating"
	}
	row := []string{v.Name, quantityCell(v.Spec.Capacity), accessModes(v.Spec.AccessModes), v.Spec.PersistentVolumeReclaimPolicy,
		phase, claim, storage.VolumeClass(v), unset, v.Status.Reason, age(c.Now(), v.CreationTimestamp)}
	if wide {
		row = append(row, orUnset(v.Spec.VolumeMode))
	}
	return row
}

// classRows are kubectl's StorageClass rows of a list, the effective
// default class marked "(default)": the newest with the default
// annotation, the first by name on a tie (upstream: printers.go
// getEffectiveDefaultStorageClass). A class got by name has no mark.
func classRows(c *sim.Cluster, objs []any, _ bool) [][]string {
	var def *storage.StorageClass
	for _, o := range objs {
		sc := o.(*storage.StorageClass)
		if !sc.IsDefault() {
			continue
		}
		if def == nil || sc.CreationTimestamp > def.CreationTimestamp ||
			sc.CreationTimestamp == def.CreationTimestamp && sc.Name < def.Name {
			def = sc
		}
	}
	name := ""
	if def != nil {
		name = def.Name
	}
	var rows [][]string
	for _, o := range objs {
		rows = append(rows, classRow(c, o.(*storage.StorageClass), name))
	}
	return rows
}

// classRow is kubectl's StorageClass row (upstream: printers.go
// printStorageClassInternal).
func classRow(c *sim.Cluster, sc *storage.StorageClass, effectiveDefault string) []string {
	name := sc.Name
	if effectiveDefault != "" && name == effectiveDefault {
		name += " (default)"
	}
	expand := false
	if sc.AllowVolumeExpansion != nil {
		expand = *sc.AllowVolumeExpansion
	}
	return []string{name, sc.Provisioner, sc.Reclaim(), sc.BindingMode(), strconv.FormatBool(expand), age(c.Now(), sc.CreationTimestamp)}
}

// accessModes abbreviates access modes as kubectl does, in its fixed
// order and without duplicates: RWO,ROX,RWX,RWOP
// (upstream: helper.GetAccessModesAsString).
func accessModes(modes []string) string {
	var out []string
	for _, m := range []struct{ mode, short string }{
		{storage.ReadWriteOnce, "RWO"}, {storage.ReadOnlyMany, "ROX"},
		{storage.ReadWriteMany, "RWX"}, {storage.ReadWriteOncePod, "RWOP"},
	} {
		if slices.Contains(modes, m.mode) {
			out = append(out, m.short)
		}
	}
	return strings.Join(out, ",")
}

// quantityCell is a quantity as kubectl prints it; an absent one is the
// zero quantity, "0".
func quantityCell(q string) string {
	if q == "" {
		return "0"
	}
	return q
}

// orUnset is kubectl's "<unset>" for an empty cell.
func orUnset(s string) string {
	if s == "" {
		return unset
	}
	return s
}
