package sim

import (
	"maps"
	"path"
	"slices"
	"strings"
)

// fsStore is one in-memory filesystem: a container's writable root or one
// volume. Paths are absolute and clean, relative to the store's root.
type fsStore struct {
	files map[string]string
	dirs  map[string]bool
}

func newStore(dirs ...string) *fsStore {
	s := &fsStore{files: map[string]string{}, dirs: map[string]bool{"/": true}}
	for _, d := range dirs {
		s.mkdirAll(d)
	}
	return s
}

// mkdirAll creates dir and its parents.
func (s *fsStore) mkdirAll(dir string) {
	for d := dir; !s.dirs[d]; d = path.Dir(d) {
		s.dirs[d] = true
	}
}

// isDir reports whether p is a directory of the store.
func (s *fsStore) isDir(p string) bool { return s.dirs[p] }

// read returns a file's contents.
func (s *fsStore) read(p string) (string, bool) {
	v, ok := s.files[p]
	return v, ok
}

// write creates or replaces (or, with appending, extends) a file; its
// directory must exist.
func (s *fsStore) write(p, data string, appending bool) bool {
	if !s.dirs[path.Dir(p)] || s.dirs[p] {
		return false
	}
	if appending {
		data = s.files[p] + data
	}
	s.files[p] = data
	return true
}

// remove deletes a file.
func (s *fsStore) remove(p string) bool {
	if _, ok := s.files[p]; !ok {
		return false
	}
	delete(s.files, p)
	return true
}

// children lists the names directly inside dir.
func (s *fsStore) children(dir string) []string {
	var out []string
	add := func(p string) {
		if p != "/" && path.Dir(p) == dir {
			out = append(out, path.Base(p))
		}
	}
	for _, p := range slices.Sorted(maps.Keys(s.files)) {
		add(p)
	}
	for _, p := range slices.Sorted(maps.Keys(s.dirs)) {
		add(p)
	}
	return out
}

// within returns p relative to the mount point mnt (as an absolute path
// of the mounted store) and whether p is at or below mnt.
func within(p, mnt string) (string, bool) {
	if mnt == "/" {
		return p, true
	}
	if p == mnt {
		return "/", true
	}
	if rest, ok := strings.CutPrefix(p, mnt+"/"); ok {
		return "/" + rest, true
	}
	return "", false
}

// absPath resolves a path given to a command against the working
// directory "/".
func absPath(p string) string {
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	return path.Clean(p)
}

// hasFile reports whether p is a file of the store.
func (s *fsStore) hasFile(p string) bool {
	_, ok := s.files[p]
	return ok
}

// removeAll deletes the directory p with everything in it (the store's
// root stays, emptied).
func (s *fsStore) removeAll(p string) {
	for f := range s.files {
		if _, ok := within(f, p); ok {
			delete(s.files, f)
		}
	}
	for d := range s.dirs {
		if _, ok := within(d, p); ok && d != "/" {
			delete(s.dirs, d)
		}
	}
}
