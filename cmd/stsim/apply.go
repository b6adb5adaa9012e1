package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/stsim/stsim/script"
	"github.com/stsim/stsim/sim"
)

// applyFlags are the flags of `stsim apply`.
type applyFlags struct {
	files []string
	run   bool
	seed  uint64
}

// fileList is -f, which may be given several times and takes
// comma-separated lists, as kubectl's does.
type fileList []string

func (l *fileList) String() string { return strings.Join(*l, ",") }

func (l *fileList) Set(s string) error {
	for f := range strings.SplitSeq(s, ",") {
		if f != "" {
			*l = append(*l, f)
		}
	}
	return nil
}

// parseApply parses apply's flags; operands are more files.
func parseApply(args []string, stderr io.Writer) (*applyFlags, error) {
	f := &applyFlags{}
	fs := flag.NewFlagSet("stsim apply", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, usage) }
	files := (*fileList)(&f.files)
	fs.Var(files, "f", "a manifest file or directory")
	fs.Var(files, "filename", "a manifest file or directory")
	fs.BoolVar(&f.run, "run", false, "run until the cluster is stable")
	fs.Uint64Var(&f.seed, "seed", 0, "the random seed")
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			break
		}
		f.files = append(f.files, fs.Arg(0))
		args = fs.Args()[1:]
	}
	if len(f.files) == 0 {
		return nil, errors.New("apply needs at least one -f FILE")
	}
	return f, nil
}

// applyFiles is `stsim apply`: it applies the manifests of the files and
// directories as kubectl would, with --run lets the cluster run until it is
// stable, and prints the tables of the kinds that hold objects.
func applyFiles(args []string, stdout, stderr io.Writer) int {
	f, err := parseApply(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	if err != nil {
		fmt.Fprintf(stderr, "stsim: %v\n", err)
		return exitUsage
	}
	for _, file := range f.files {
		if _, err := os.Stat(file); err != nil {
			fmt.Fprintf(stderr, "stsim: %v\n", err)
			return exitFailed
		}
	}
	opts := script.Options{Seed: f.seed, Trace: script.TraceNone}
	var prog *progress
	if isTerminal(stderr) {
		prog = &progress{w: stderr, every: 200 * time.Millisecond, last: time.Now()}
		opts.Trace, opts.TraceOut = script.TraceText, prog
	}
	r := script.New(stdout, opts)
	builtin := serviceKeys(r.Cluster())
	code := exitOK
	for _, file := range f.files {
		if r.Exec(script.Command{Args: []string{"apply", "-f", file}}) != nil {
			code = exitFailed
		}
	}
	if f.run {
		_ = r.Exec(script.Command{Args: []string{"run"}}) // prints why if not stable
	}
	prog.done()
	for _, get := range tables(r.Cluster(), builtin) {
		fmt.Fprintln(stdout)
		if r.Exec(script.Command{Args: get}) != nil {
			code = exitFailed
		}
	}
	return code
}

// serviceKeys are the NAMESPACE/NAME of the cluster's services.
func serviceKeys(c *sim.Cluster) []string {
	var keys []string
	for _, s := range c.Services("") {
		keys = append(keys, s.Namespace+"/"+s.Name)
	}
	return keys
}

// tables are the get commands for the kinds that hold objects (services
// other than the built-in ones), with -n NAMESPACE when they all are in one
// namespace and -A when not.
func tables(c *sim.Cluster, builtin []string) [][]string {
	var namespaces []string
	see := func(ns string) {
		if !slices.Contains(namespaces, ns) {
			namespaces = append(namespaces, ns)
		}
	}
	kinds := [][]string{}
	if sets := c.StatefulSets(""); len(sets) > 0 {
		kinds = append(kinds, []string{"get", "sts"})
		for _, s := range sets {
			see(s.Namespace)
		}
	}
	if pods := c.Pods(""); len(pods) > 0 {
		kinds = append(kinds, []string{"get", "pods", "-o", "wide"})
		for _, p := range pods {
			see(p.Namespace)
		}
	}
	if claims := c.Claims(""); len(claims) > 0 {
		kinds = append(kinds, []string{"get", "pvc"})
		for _, p := range claims {
			see(p.Namespace)
		}
	}
	user := false
	for _, s := range c.Services("") {
		if !slices.Contains(builtin, s.Namespace+"/"+s.Name) {
			user = true
			see(s.Namespace)
		}
	}
	if user {
		kinds = append(kinds, []string{"get", "svc"})
	}
	scope := []string{"-A"}
	switch len(namespaces) {
	case 0:
		return nil
	case 1:
		scope = []string{"-n", namespaces[0]}
	}
	for i := range kinds {
		kinds[i] = append(kinds[i], scope...)
	}
	return kinds
}

// isTerminal reports whether w is a terminal (a character device).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// progress shows, on a terminal, how far a run has got: it reads the text
// trace and rewrites one status line at most every `every` of wall time.
type progress struct {
	w      io.Writer
	every  time.Duration
	last   time.Time
	events int
	shown  bool
}

func (p *progress) Write(b []byte) (int, error) {
	for line := range strings.Lines(string(b)) {
		p.events++
		if now := time.Now(); now.Sub(p.last) >= p.every {
			p.last = now
			t, _, _ := strings.Cut(strings.TrimSpace(line), " ")
			fmt.Fprintf(p.w, "\r\033[Kstsim: virtual time %s, %d events", t, p.events)
			p.shown = true
		}
	}
	return len(b), nil
}

// done clears the status line.
func (p *progress) done() {
	if p != nil && p.shown {
		fmt.Fprint(p.w, "\r\033[K")
	}
}
