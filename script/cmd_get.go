package script

import (
	"errors"
	"fmt"
	"maps"
	"path"
	"slices"
	"strings"

	"github.com/stsim/stsim/api"
	"github.com/stsim/stsim/manifest"
)

var getFlags = flagSpec{values: []string{"output", "selector", "namespace", "label-columns"}, bools: []string{"all-namespaces", "show-labels"}}

// errOutputFormat is kubectl's error for an unknown -o.
var errOutputFormat = "unable to match a printer suitable for the output format %q, allowed formats are: custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml"

// getReq is one get: the kind, the names, the scope and the output.
type getReq struct {
	res    *resource
	names  []string
	ns     string // "" with -A or for cluster-scoped kinds
	all    bool
	output string
	sel    *api.LabelSelector
	// showLabels and labelCols are --show-labels and -L.
	showLabels bool
	labelCols  []string
}

// get prints objects as kubectl get does.
func (r *Runner) get(args []string) error {
	req, err := r.getRequest(args)
	if err != nil {
		return err
	}
	if w := printers[req.res.plural].warning; w != "" {
		r.printf("Warning: %s\n", w)
	}
	objs, errs := r.selectObjects(req)
	switch req.output {
	case "json", "yaml":
		if err := r.printEncoded(req, objs); err != nil {
			return err
		}
	case "name":
		for _, o := range objs {
			r.printf("%s/%s\n", req.res.ref(), metaOf(o).Name)
		}
	default:
		r.printTable(req, objs)
	}
	if len(objs) == 0 && len(errs) == 0 && req.output != "json" && req.output != "yaml" {
		r.printNone(req)
	}
	return r.reportAll(errs)
}

// getRequest parses get's arguments.
func (r *Runner) getRequest(args []string) (*getReq, error) {
	in, err := parseArgs("get", args, getFlags)
	if err != nil {
		return nil, err
	}
	res, names, err := target(in.args)
	if err != nil {
		return nil, err
	}
	req := &getReq{res: res, names: names, output: in.vals["output"], all: in.bools["all-namespaces"], showLabels: in.bools["show-labels"]}
	if cols := in.vals["label-columns"]; cols != "" {
		req.labelCols = strings.Split(cols, ",")
	}
	switch req.output {
	case "", "wide", "json", "yaml", "name":
	default:
		return nil, fmt.Errorf(errOutputFormat, req.output)
	}
	if res.namespaced && !req.all {
		req.ns = r.namespaceOf(in)
	}
	if s, ok := in.vals["selector"]; ok {
		if req.sel, err = api.ParseSelector(s); err != nil {
			return nil, err
		}
	}
	return req, nil
}

// selectObjects returns the named objects (and NotFound errors for the
// missing ones), or all objects in scope that match the selector.
func (r *Runner) selectObjects(req *getReq) ([]any, []applyErr) {
	all := printers[req.res.plural].list(r.cluster(), req.ns)
	if len(req.names) == 0 {
		var out []any
		for _, o := range all {
			if req.sel == nil || labelsMatch(req.sel, o) {
				out = append(out, o)
			}
		}
		return out, nil
	}
	var out []any
	var errs []applyErr
	for _, name := range req.names {
		o := findNamed(all, name)
		if o == nil {
			errs = append(errs, applyErr{err: api.NewNotFound(req.res.plural, req.res.group, name)})
			continue
		}
		out = append(out, o)
	}
	return out, errs
}

// findNamed finds an object by name.
func findNamed(objs []any, name string) any {
	for _, o := range objs {
		if m := metaOf(o); m != nil && m.Name == name {
			return o
		}
	}
	return nil
}

// labelsMatch reports whether an object's labels match the selector
// (an Event has none).
func labelsMatch(sel *api.LabelSelector, o any) bool {
	m := metaOf(o)
	return m != nil && sel.Matches(m.Labels)
}

// printTable prints objects as kubectl's table, with a NAMESPACE column
// under -A.
func (r *Runner) printTable(req *getReq, objs []any) {
	if len(objs) == 0 {
		return
	}
	p := printers[req.res.plural]
	wide := req.output == "wide"
	cols := p.columns
	if wide {
		cols = append(append([]string(nil), cols...), p.wide...)
	}
	nsCol := req.all && req.res.namespaced
	tw := newTable(r.out)
	if nsCol {
		cols = append([]string{"NAMESPACE"}, cols...)
	}
	writeRow(tw, append(cols, req.labelHeaders()...))
	var rows [][]string
	if p.listRows != nil && len(req.names) == 0 {
		rows = p.listRows(r.c, objs, wide)
	} else {
		for _, o := range objs {
			rows = append(rows, p.row(r.c, o, wide))
		}
	}
	for i, o := range objs {
		row := rows[i]
		if nsCol {
			row = append([]string{namespaceOfObject(o)}, row...)
		}
		writeRow(tw, append(row, req.labelCells(o)...))
	}
	tw.Flush()
}

// labelHeaders are the headers of -L (the key's last path segment) and
// --show-labels.
func (req *getReq) labelHeaders() []string {
	var out []string
	for _, k := range req.labelCols {
		out = append(out, strings.ToUpper(path.Base(k)))
	}
	if req.showLabels {
		out = append(out, "LABELS")
	}
	return out
}

// labelCells are an object's cells for -L and --show-labels.
func (req *getReq) labelCells(o any) []string {
	var labels map[string]string
	if m := metaOf(o); m != nil {
		labels = m.Labels
	}
	var out []string
	for _, k := range req.labelCols {
		out = append(out, labels[k])
	}
	if req.showLabels {
		var kv []string
		for _, k := range slices.Sorted(maps.Keys(labels)) {
			kv = append(kv, k+"="+labels[k])
		}
		out = append(out, orNone(strings.Join(kv, ",")))
	}
	return out
}

// namespaceOfObject is an object's namespace.
func namespaceOfObject(o any) string {
	if e, ok := o.(*api.Event); ok {
		return e.Namespace
	}
	return metaOf(o).Namespace
}

// printNone is kubectl's message for an empty result.
func (r *Runner) printNone(req *getReq) {
	if req.ns != "" {
		r.printf("No resources found in %s namespace.\n", req.ns)
		return
	}
	r.printf("No resources found\n")
}

// printEncoded prints -o json|yaml: the object when one was named, else a
// List.
func (r *Runner) printEncoded(req *getReq, objs []any) error {
	var v any = objs
	if len(req.names) == 1 && len(objs) == 1 {
		v = objs[0]
	} else {
		l, err := manifest.List(objs)
		if err != nil {
			return err
		}
		v = l
	}
	enc := manifest.JSON
	if req.output == "yaml" {
		enc = manifest.YAML
	}
	b, err := enc(v)
	if err != nil {
		return err
	}
	r.printf("%s", b)
	return nil
}

// errNoName is the error of a command that needs a name.
var errNoName = errors.New("resource(s) were provided, but no name was specified")
