package sim

import (
	"io/fs"
	"path"
)

// The process's files: the same container filesystem `exec` sees, its
// root (lost when the container restarts) with the pod's volumes mounted
// over it (an emptyDir lasts as long as the pod, a claim's volume outlives
// it).

// files returns the container's filesystem.
func (p *Process) files() (*containerFS, error) {
	if p.state == procExited {
		return nil, ErrNotRunning
	}
	return p.c.containerFS(target{pod: p.pod, ct: p.ct, rt: &container{started: p.start}}), nil
}

// ReadFile returns a file's contents.
func (p *Process) ReadFile(name string) ([]byte, error) {
	f, err := p.files()
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	st, rel, _ := f.mountFor(absPath(name))
	if st.isDir(rel) {
		return nil, &fs.PathError{Op: "read", Path: name, Err: errIsDir}
	}
	data, ok := st.read(rel)
	if !ok {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return []byte(data), nil
}

// WriteFile creates or replaces a file; its directory must exist.
func (p *Process) WriteFile(name string, data []byte) error {
	f, err := p.files()
	if err != nil {
		return &fs.PathError{Op: "open", Path: name, Err: err}
	}
	st, rel, ro := f.mountFor(absPath(name))
	switch {
	case ro:
		return &fs.PathError{Op: "open", Path: name, Err: ErrReadOnly}
	case st.isDir(rel):
		return &fs.PathError{Op: "open", Path: name, Err: errIsDir}
	case !st.write(rel, string(data), false):
		return &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return nil
}

// Remove deletes a file.
func (p *Process) Remove(name string) error {
	f, err := p.files()
	if err != nil {
		return &fs.PathError{Op: "remove", Path: name, Err: err}
	}
	st, rel, ro := f.mountFor(absPath(name))
	switch {
	case ro:
		return &fs.PathError{Op: "remove", Path: name, Err: ErrReadOnly}
	case !st.remove(rel):
		return &fs.PathError{Op: "remove", Path: name, Err: fs.ErrNotExist}
	}
	return nil
}

// MkdirAll creates a directory and its parents.
func (p *Process) MkdirAll(dir string) error {
	f, err := p.files()
	if err != nil {
		return &fs.PathError{Op: "mkdir", Path: dir, Err: err}
	}
	st, rel, ro := f.mountFor(absPath(dir))
	if st.hasFile(rel) {
		return &fs.PathError{Op: "mkdir", Path: dir, Err: fs.ErrExist}
	}
	if ro && !st.isDir(rel) {
		return &fs.PathError{Op: "mkdir", Path: dir, Err: ErrReadOnly}
	}
	st.mkdirAll(path.Clean(rel))
	return nil
}
