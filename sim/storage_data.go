package sim

import (
	"cmp"
	"maps"
	"path"
	"slices"
	"strings"

	"github.com/stsim/stsim/api"
	"github.com/stsim/stsim/storage"
)

// VolumeData is the contents of a volume: files by absolute path within the
// volume, and directories. It is the directory backing the volume (an NFS
// export subdirectory, a directory on a node), so it outlives pods and
// claims: a recreated pod that mounts the same claim sees the same files,
// pods mounting one ReadWriteMany volume share them, a Retain volume keeps
// them while Released, and only reclaim Delete (or nfs-subdir's
// archiveOnDelete) removes or moves them. Two volumes naming the same
// directory share it; nested directories of two volumes are not related.
type VolumeData struct {
	fs *fsStore
}

func newVolumeData() *VolumeData { return &VolumeData{fs: newStore()} }

func cleanPath(p string) string { return absPath(p) }

// Put writes a file, creating its parent directories.
func (d *VolumeData) Put(p string, data []byte) {
	p = cleanPath(p)
	d.fs.mkdirAll(path.Dir(p))
	d.fs.write(p, string(data), false)
}

// Get returns a file's contents.
func (d *VolumeData) Get(p string) ([]byte, bool) {
	s, ok := d.fs.read(cleanPath(p))
	if !ok {
		return nil, false
	}
	return []byte(s), true
}

// Delete removes a file and reports whether it existed.
func (d *VolumeData) Delete(p string) bool { return d.fs.remove(cleanPath(p)) }

// Mkdir creates a directory and its parents.
func (d *VolumeData) Mkdir(p string) { d.fs.mkdirAll(cleanPath(p)) }

// IsDir reports whether p is a directory ("/" always is).
func (d *VolumeData) IsDir(p string) bool { return d.fs.isDir(cleanPath(p)) }

// List returns the names directly inside directory dir, sorted.
func (d *VolumeData) List(dir string) []string {
	names := d.fs.children(cleanPath(dir))
	slices.Sort(names)
	return names
}

// Files returns the path of every file, sorted.
func (d *VolumeData) Files() []string { return slices.Sorted(maps.Keys(d.fs.files)) }

// backingDir names the directory behind a volume: "<server>:<path>" for
// NFS, "<node>:<path>" for a hostPath (node from its affinity, "" without),
// "pv/<name>" for anything else.
func backingDir(v *storage.PersistentVolume) string {
	switch {
	case v.Spec.NFS != nil:
		return v.Spec.NFS.Server + ":" + path.Clean(v.Spec.NFS.Path)
	case v.Spec.HostPath != nil:
		return affinityNode(v) + ":" + path.Clean(v.Spec.HostPath.Path)
	}
	return "pv/" + v.Name
}

// affinityNode is the node a volume's affinity pins it to, or "".
func affinityNode(v *storage.PersistentVolume) string {
	if a := v.Spec.NodeAffinity; a != nil {
		for _, t := range a.Required.NodeSelectorTerms {
			for _, r := range t.MatchExpressions {
				if r.Key == "kubernetes.io/hostname" && r.Operator == "In" && len(r.Values) == 1 {
					return r.Values[0]
				}
			}
		}
	}
	return ""
}

// dataFor returns the contents behind a volume, creating the directory.
func (s *storageState) dataFor(v *storage.PersistentVolume) *VolumeData {
	k := backingDir(v)
	d := s.data[k]
	if d == nil {
		d = newVolumeData()
		s.data[k] = d
	}
	return d
}

// dispose applies a provisioner's Disposal to a volume's directory and says
// what it did.
func (s *storageState) dispose(v *storage.PersistentVolume, d storage.Disposal) string {
	k := backingDir(v)
	switch {
	case d.Remove:
		delete(s.data, k)
		return "directory " + k + " removed"
	case d.ArchiveTo != "":
		to := v.Spec.NFS.Server + ":" + d.ArchiveTo
		if data := s.data[k]; data != nil {
			s.data[to] = data
		}
		delete(s.data, k)
		return "directory archived as " + to
	}
	return "directory " + k + " kept"
}

// VolumeData returns the contents of the named PersistentVolume, or nil if
// there is no such volume.
func (c *Cluster) VolumeData(pv string) *VolumeData {
	v := c.stor.volumes[pv]
	if v == nil {
		return nil
	}
	return c.stor.dataFor(v)
}

// ClaimData returns the contents of the volume the named claim ("NAME" or
// "NAMESPACE/NAME") is bound to, or nil if it is not bound.
func (c *Cluster) ClaimData(name string) *VolumeData {
	k := splitName(name)
	return c.claimData(k.ns, k.name)
}

// claimData is ClaimData by namespace and claim name; it is the seam for
// the exec filesystem (ops_mounts.go volumeStore): a pod volume with a
// claim reads and writes claimData(...).fs when it is not nil.
func (c *Cluster) claimData(ns, claim string) *VolumeData {
	pvc := c.claims[key{ns, claim}]
	if pvc == nil || pvc.Spec.VolumeName == "" || pvc.Status.Phase != storage.ClaimBound {
		return nil
	}
	v := c.stor.volumes[pvc.Spec.VolumeName]
	if v == nil {
		return nil
	}
	return c.stor.dataFor(v)
}

// VolumeForMount resolves a path as a container of the named pod sees it:
// if the path is at or under the mountPath of a volume whose claim is
// bound, it returns that volume's contents and the path within the volume
// ("/" for the mount point itself). The longest mount path wins; mounts of
// every container are considered. ok is false for paths outside claim
// volumes, unknown pods and unbound claims.
func (c *Cluster) VolumeForMount(podName, p string) (data *VolumeData, rel string, ok bool) {
	k := splitName(podName)
	pod := c.pod(k)
	if pod == nil {
		return nil, "", false
	}
	p = absPath(p)
	type hit struct {
		mount string
		claim string
	}
	var hits []hit
	for _, ct := range slices.Concat(pod.Spec.InitContainers, pod.Spec.Containers) {
		for _, vm := range ct.VolumeMounts {
			i := slices.IndexFunc(pod.Spec.Volumes, func(v api.Volume) bool { return v.Name == vm.Name })
			if i < 0 || pod.Spec.Volumes[i].ClaimName == "" {
				continue
			}
			if _, in := within(p, absPath(vm.MountPath)); in {
				hits = append(hits, hit{absPath(vm.MountPath), pod.Spec.Volumes[i].ClaimName})
			}
		}
	}
	if len(hits) == 0 {
		return nil, "", false
	}
	best := slices.MaxFunc(hits, func(a, b hit) int { return cmp.Compare(len(a.mount), len(b.mount)) })
	data = c.claimData(k.ns, best.claim)
	if data == nil {
		return nil, "", false
	}
	rel, _ = within(p, best.mount)
	return data, rel, true
}

// StorageDirectories lists the directories behind volumes that exist on
// the simulated storage ("<server>:<path>", "<node>:<path>"), sorted: a
// deleted volume's directory is gone, an archived one appears under its
// archived- name.
func (c *Cluster) StorageDirectories() []string {
	return slices.SortedFunc(maps.Keys(c.stor.data), strings.Compare)
}
