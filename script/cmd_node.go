package script

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/stsim/stsim/api"
	"github.com/stsim/stsim/sim"
)

var nodeFlags = flagSpec{values: []string{"pods"}, bools: []string{"overwrite"}}

const nodeUsage = "usage: node NAME add [--pods=N] | down | partition | up | delete | taint KEY[=VALUE]:EFFECT[-]... [--overwrite]"

// node is the node lifecycle: `node NAME add [--pods=N]` registers a new
// Ready node; `node NAME down` cuts its power (containers die), `node NAME
// partition` its network (containers keep running), `node NAME up` brings
// it back; `node NAME delete` deletes the Node object (kubectl delete
// node); `node NAME taint KEY[=VALUE]:EFFECT` taints it and
// `KEY[:EFFECT]-` removes a taint (kubectl taint nodes).
func (r *Runner) node(args []string) error {
	in, err := parseArgs("node", args, nodeFlags)
	if err != nil {
		return err
	}
	if len(in.args) < 2 {
		return errors.New(nodeUsage)
	}
	name, verb := in.args[0], in.args[1]
	if verb != "taint" && len(in.args) != 2 || verb != "add" && in.vals["pods"] != "" {
		return errors.New(nodeUsage)
	}
	c := r.cluster()
	switch verb {
	case "add":
		var pods int64
		if v := in.vals["pods"]; v != "" {
			if pods, err = strconv.ParseInt(v, 10, 32); err != nil || pods <= 0 {
				return fmt.Errorf("invalid --pods %q: want a positive number", v)
			}
		}
		if err := c.AddNode(name, sim.NodeOptions{Pods: int32(pods)}); err != nil {
			return err
		}
		r.printf("node/%s created\n", name)
		return nil
	case "down":
		r.disrupt()
		return c.Inject(sim.NodeDown{Node: name})
	case "partition":
		r.disrupt()
		return c.Inject(sim.NodePartition{Node: name})
	case "up":
		return c.Inject(sim.NodeUp{Node: name})
	case "delete":
		r.disrupt()
		if err := c.DeleteNode(name); err != nil {
			return err
		}
		r.printf("node %q deleted\n", name)
		return nil
	case "taint":
		return r.taint(c, name, in.args[2:], in.bools["overwrite"])
	}
	return errors.New(nodeUsage)
}

// taint is kubectl taint nodes NAME SPEC...: every taint is added (or, with
// a trailing "-", removed) in one write per spec.
func (r *Runner) taint(c *sim.Cluster, name string, specs []string, overwrite bool) error {
	if len(specs) == 0 {
		return fmt.Errorf("at least one taint update is required")
	}
	var add, remove []api.Taint
	for _, s := range specs {
		spec, rm := strings.CutSuffix(s, "-")
		t, err := parseTaint(spec)
		if err != nil {
			return err
		}
		if rm {
			remove = append(remove, api.Taint{Key: t.Key, Effect: t.Effect})
			continue
		}
		if t.Effect == "" {
			return fmt.Errorf("invalid taint spec: %v", s)
		}
		add = append(add, t)
	}
	n, ok := c.Node(name)
	if !ok {
		return api.NewNotFound("nodes", "", name)
	}
	var existing []string
	for _, t := range add {
		for _, o := range n.Spec.Taints {
			if o.Key == t.Key && o.Effect == t.Effect {
				existing = append(existing, t.Key)
			}
		}
	}
	if len(existing) > 0 && !overwrite {
		return fmt.Errorf("node %s already has %s taint(s) with same effect(s) and --overwrite is false", name, strings.Join(existing, ","))
	}
	for _, t := range remove {
		if err := c.UntaintNode(name, t); err != nil {
			return err
		}
	}
	for _, t := range add {
		if t.Key == api.TaintNodeOutOfService {
			r.disrupt()
		}
		if err := c.TaintNode(name, t); err != nil {
			return err
		}
	}
	switch {
	case len(existing) > 0:
		r.printf("node/%s modified\n", name)
	case len(add) > 0:
		r.printf("node/%s tainted\n", name)
	default:
		r.printf("node/%s untainted\n", name)
	}
	return nil
}

// parseTaint is kubectl's parseTaint: KEY[=VALUE][:EFFECT].
func parseTaint(st string) (api.Taint, error) {
	var t api.Taint
	parts := strings.Split(st, ":")
	switch len(parts) {
	case 1:
		t.Key = parts[0]
	case 2:
		t.Effect = parts[1]
		switch t.Effect {
		case api.TaintEffectNoSchedule, api.TaintEffectPreferNoSchedule, api.TaintEffectNoExecute:
		default:
			return t, fmt.Errorf("invalid taint effect: %v, unsupported taint effect", t.Effect)
		}
		kv := strings.Split(parts[0], "=")
		if len(kv) > 2 {
			return t, fmt.Errorf("invalid taint spec: %v", st)
		}
		t.Key = kv[0]
		if len(kv) == 2 {
			t.Value = kv[1]
			if errs := api.IsValidLabelValue(t.Value); len(errs) > 0 {
				return t, fmt.Errorf("invalid taint spec: %v, %s", st, strings.Join(errs, "; "))
			}
		}
	default:
		return t, fmt.Errorf("invalid taint spec: %v", st)
	}
	if errs := api.IsQualifiedName(t.Key); len(errs) > 0 {
		return t, fmt.Errorf("invalid taint spec: %v, %s", st, strings.Join(errs, "; "))
	}
	return t, nil
}
