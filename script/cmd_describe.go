package script

import (
	"bytes"
	"fmt"
	"maps"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/stsim/stsim/api"
)

var describeFlags = flagSpec{values: []string{"namespace"}}

// describe prints an object as kubectl describe does, events included.
func (r *Runner) describe(args []string) error {
	in, err := parseArgs("describe", args, describeFlags)
	if err != nil {
		return err
	}
	res, name, err := oneTarget(in.args)
	if err != nil {
		return err
	}
	c := r.cluster()
	ns := r.namespaceOf(in)
	switch res.plural {
	case "pods":
		p, ok := c.Pod(qualify(ns, name))
		if !ok {
			return api.NewNotFound("pods", "", name)
		}
		r.printf("%s", r.describePod(p))
	case "statefulsets":
		s, ok := c.StatefulSet(qualify(ns, name))
		if !ok {
			return api.NewNotFound("statefulsets", "apps", name)
		}
		r.printf("%s", r.describeSet(s))
	case "services":
		s, ok := c.Service(qualify(ns, name))
		if !ok {
			return notFound(res, name)
		}
		r.printf("%s", r.describeService(s))
	case "persistentvolumeclaims":
		pvc, ok := c.Claim(qualify(ns, name))
		if !ok {
			return notFound(res, name)
		}
		r.printf("%s", r.describeClaim(pvc))
	case "persistentvolumes":
		v, ok := c.Volume(name)
		if !ok {
			return notFound(res, name)
		}
		r.printf("%s", r.describeVolume(v))
	case "storageclasses":
		sc, ok := c.StorageClass(name)
		if !ok {
			return notFound(res, name)
		}
		r.printf("%s", r.describeClass(sc))
	default:
		return fmt.Errorf("stsim does not describe %s", res.plural)
	}
	return nil
}

// describer writes kubectl describe's indented, tab-aligned text
// (upstream: describe.go PrefixWriter over tabbedString).
type describer struct {
	buf bytes.Buffer
	tw  *tabwriter.Writer
}

func newDescriber() *describer {
	d := &describer{}
	d.tw = tabwriter.NewWriter(&d.buf, 0, 8, 2, ' ', 0)
	return d
}

// line writes one line at an indentation level (two spaces per level).
func (d *describer) line(level int, format string, args ...any) {
	fmt.Fprintf(d.tw, strings.Repeat("  ", level)+format+"\n", args...)
}

// flush ends an alignment block.
func (d *describer) flush() { d.tw.Flush() }

func (d *describer) String() string {
	d.flush()
	return d.buf.String()
}

// labels writes a "Title: k=v" block, one label a line, sorted.
func (d *describer) labels(level int, title string, m map[string]string) {
	indent := strings.Repeat("  ", level)
	if len(m) == 0 {
		fmt.Fprintf(d.tw, "%s%s:\t<none>\n", indent, title)
		return
	}
	for i, k := range slices.Sorted(maps.Keys(m)) {
		if i == 0 {
			fmt.Fprintf(d.tw, "%s%s:\t%s=%s\n", indent, title, k, m[k])
		} else {
			fmt.Fprintf(d.tw, "%s\t%s=%s\n", indent, k, m[k])
		}
	}
}

// annotations writes an "Annotations: k: v" block.
func (d *describer) annotations(level int, title string, m map[string]string) {
	indent := strings.Repeat("  ", level)
	if len(m) == 0 {
		fmt.Fprintf(d.tw, "%s%s:\t<none>\n", indent, title)
		return
	}
	for i, k := range slices.Sorted(maps.Keys(m)) {
		lead := indent + title + ":"
		if i > 0 {
			lead = indent
		}
		fmt.Fprintf(d.tw, "%s\t%s: %s\n", lead, k, m[k])
	}
}

// timestamp renders a virtual instant as describe does (RFC 1123Z).
func timestamp(d time.Duration) string {
	return api.Epoch.Add(d).Format(time.RFC1123Z)
}

// yesNo renders a bool as describe does.
func yesNo(b bool) string {
	if b {
		return "True"
	}
	return "False"
}
