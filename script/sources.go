package script

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/stsim/stsim/api"
	"github.com/stsim/stsim/manifest"
)

// source is one manifest stream and the name kubectl gives it in errors.
type source struct {
	name string
	data []byte
}

// stdinName is how kubectl names standard input, where heredocs come from.
const stdinName = "STDIN"

// sources reads the manifests of -f (a file, or the .yaml, .yml and .json
// files of a directory, relative to the script's directory, in Options.FS
// when it is set) or the heredoc.
func (r *Runner) sources(in *input) ([]source, error) {
	f, hasF := in.vals["filename"]
	switch {
	case r.stdin && (!hasF || f == "-"):
		return []source{{stdinName, []byte(r.cmd.Body)}}, nil
	case !hasF:
		return nil, errors.New("must specify one of -f and -k")
	case f == "-":
		return nil, errors.New("-f - reads standard input: give the manifest in a heredoc (apply -f - <<EOF)")
	}
	if r.opts.FS != nil {
		return readFS(r.opts.FS, r.opts.Dir, f)
	}
	p := f
	if !filepath.IsAbs(p) {
		p = filepath.Join(r.opts.Dir, p)
	}
	st, err := os.Stat(p)
	if err != nil {
		return nil, fmt.Errorf("the path %q does not exist", f)
	}
	if st.IsDir() {
		return readDir(os.DirFS(p), ".", f)
	}
	data, err := os.ReadFile(p)
	if err != nil {
		return nil, err
	}
	return []source{{f, data}}, nil
}

// readFS reads the manifests of -f f from fsys, relative to dir.
func readFS(fsys fs.FS, dir, f string) ([]source, error) {
	p := path.Join(dir, f)
	if path.IsAbs(f) || !fs.ValidPath(p) {
		return nil, fmt.Errorf("the path %q does not exist", f)
	}
	st, err := fs.Stat(fsys, p)
	if err != nil {
		return nil, fmt.Errorf("the path %q does not exist", f)
	}
	if st.IsDir() {
		return readDir(fsys, p, f)
	}
	data, err := fs.ReadFile(fsys, p)
	if err != nil {
		return nil, err
	}
	return []source{{f, data}}, nil
}

// readDir reads the manifests of directory dir of fsys in name order; name
// is the directory as -f gave it.
func readDir(fsys fs.FS, dir, name string) ([]source, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, err
	}
	var out []source
	for _, e := range entries {
		ext := filepath.Ext(e.Name())
		if e.IsDir() || !slices.Contains([]string{".yaml", ".yml", ".json"}, ext) {
			continue
		}
		data, err := fs.ReadFile(fsys, path.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		out = append(out, source{filepath.Join(name, e.Name()), data})
	}
	return out, nil
}

// applyErr is one error of a command that goes on after errors, printed
// with the others at its end as kubectl prints them.
type applyErr struct {
	err error
	doc *manifest.DocError
	src string
}

// docErrors unpacks manifest.Decode's error.
func docErrors(err error, src string) []applyErr {
	if err == nil {
		return nil
	}
	var des manifest.Errors
	if !errors.As(err, &des) {
		return []applyErr{{err: err}}
	}
	out := make([]applyErr, len(des))
	for i, d := range des {
		out[i] = applyErr{doc: d, src: src}
	}
	return out
}

// sourced adds the manifest's name to an API error of a create, as
// kubectl's AddSourceToErr does.
func sourced(err error, src string) error {
	var se *api.StatusError
	if errors.As(err, &se) && se.Reason != api.ReasonInvalid {
		return se.WithSource("creating", src)
	}
	return err
}

// reportAll prints the errors of a command as kubectl does when it ends:
// one error as it is, several as one line each without the "error: "
// prefix (kubectl's MultipleErrors).
func (r *Runner) reportAll(errs []applyErr) error {
	switch len(errs) {
	case 0:
		return nil
	case 1:
		e := errs[0]
		if e.doc != nil {
			r.printf("%s", e.doc.Kubectl(e.src))
			return reported{e.doc}
		}
		return e.err
	}
	var b strings.Builder
	for _, e := range errs {
		b.WriteString(e.message() + "\n")
	}
	r.printf("%s", b.String())
	return reported{errors.New(strings.TrimSuffix(b.String(), "\n"))}
}

// message is kubectl's messageForError.
func (e applyErr) message() string {
	if e.doc != nil {
		return e.doc.Message(e.src)
	}
	var se *api.StatusError
	if errors.As(e.err, &se) {
		return fmt.Sprintf("Error from server (%s): %s", se.Reason, se.Message)
	}
	return e.err.Error()
}
