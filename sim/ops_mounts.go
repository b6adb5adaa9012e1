package sim

import (
	"cmp"
	"path"
	"slices"

	"github.com/stsim/stsim/api"
)

// containerFS is the filesystem one container sees: its root store with
// the pod's volumes mounted over it.
type containerFS struct {
	root   *fsStore
	mounts []mount // longest mount path first
}

// mount is one volume mount of a container.
type mount struct {
	path     string
	store    *fsStore
	readOnly bool
}

// rootDirs are the top-level directories of a fresh container image.
var rootDirs = []string{"/bin", "/dev", "/etc", "/home", "/lib", "/media", "/mnt", "/opt", "/proc", "/root",
	"/run", "/sbin", "/srv", "/sys", "/tmp", "/usr", "/var"}

// containerFS assembles the filesystem of t's container, creating the
// stores of a new container start and of new volumes.
func (c *Cluster) containerFS(t target) *containerFS {
	s := c.ops()
	c.prune(s)
	k := t.key()
	root := s.rootfs[k]
	if root == nil {
		root = c.newRoot(t.pod)
		s.rootfs[k] = root
	}
	fs := &containerFS{root: root}
	for _, vm := range t.ct.VolumeMounts {
		i := slices.IndexFunc(t.pod.Spec.Volumes, func(v api.Volume) bool { return v.Name == vm.Name })
		if i < 0 {
			continue
		}
		mp := absPath(vm.MountPath)
		root.mkdirAll(mp)
		fs.mounts = append(fs.mounts, mount{path: mp, store: c.volumeStore(s, t.pod, t.pod.Spec.Volumes[i]), readOnly: vm.ReadOnly})
	}
	slices.SortStableFunc(fs.mounts, func(a, b mount) int { return cmp.Compare(len(b.path), len(a.path)) })
	return fs
}

// volumeStore returns the store behind a pod volume. An emptyDir lives as
// long as the pod incarnation. So, for now, does a claim volume: this is
// the seam where the storage model redirects a claim to the contents of
// its bound volume, so that data outlives the pod.
func (c *Cluster) volumeStore(s *opsState, p *api.Pod, v api.Volume) *fsStore {
	if v.ClaimName != "" {
		if d := c.claimData(p.Namespace, v.ClaimName); d != nil {
			return d.fs // the bound volume's contents outlive the pod
		}
	}
	k := volumeKey{uid: p.UID, volume: v.Name}
	st := s.volumes[k]
	if st == nil {
		st = newStore()
		s.volumes[k] = st
	}
	return st
}

// newRoot returns a fresh root filesystem with the files the kubelet
// manages: /etc/hostname, /etc/hosts and /etc/resolv.conf.
func (c *Cluster) newRoot(p *api.Pod) *fsStore {
	root := newStore(rootDirs...)
	root.files["/etc/hostname"] = hostname(p) + "\n"
	name := p.Namespace + "/" + p.Name
	if hosts, err := c.PodHostsFile(name); err == nil {
		root.files["/etc/hosts"] = hosts
	}
	if conf, err := c.PodResolvConf(name); err == nil {
		root.files["/etc/resolv.conf"] = conf
	}
	return root
}

// hostname is the container's hostname: spec.hostname, else the pod name.
func hostname(p *api.Pod) string {
	if p.Spec.Hostname != "" {
		return p.Spec.Hostname
	}
	return p.Name
}

// hostsFile is the kubelet's managed /etc/hosts (upstream:

// mountFor returns the store that holds the absolute path p, p's path
// within it, and whether the store is mounted read-only.
func (fs *containerFS) mountFor(p string) (*fsStore, string, bool) {
	for _, m := range fs.mounts {
		if rel, ok := within(p, m.path); ok {
			return m.store, rel, m.readOnly
		}
	}
	return fs.root, p, false
}

// list returns the names in directory p, mount points included.
func (fs *containerFS) list(p string) []string {
	st, rel, _ := fs.mountFor(p)
	names := st.children(rel)
	for _, m := range fs.mounts {
		if m.path != "/" && path.Dir(m.path) == p {
			names = append(names, path.Base(m.path))
		}
	}
	slices.Sort(names)
	return slices.Compact(names)
}
