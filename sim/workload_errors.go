package sim

import "errors"

// The errors of the workload network and filesystem.
var (
	// ErrConnRefused is returned (or passed to ConnHandler.Close) when
	// nothing listens on the address although a pod has it.
	ErrConnRefused = errors.New("connection refused")
	// ErrHostUnreachable is returned when no pod has the address.
	ErrHostUnreachable = errors.New("no route to host")
	// ErrAddrInUse is returned by Listen when another process of the pod
	// listens on the port.
	ErrAddrInUse = errors.New("address already in use")
	// ErrNotRunning is returned by the calls of a process that has exited
	// or was killed.
	ErrNotRunning = errors.New("process is not running")
	// ErrReadOnly is returned when writing to a read-only volume mount.
	ErrReadOnly = errors.New("read-only file system")
	// ErrNoQuery is returned by Query when the listener answers no
	// queries.
	ErrNoQuery = errors.New("the listener answers no queries")
)

// errIsDir is EISDIR.
var errIsDir = errors.New("is a directory")
