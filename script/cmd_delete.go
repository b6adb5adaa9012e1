package script

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/stsim/stsim/sim"
)

var deleteFlags = flagSpec{values: []string{"grace-period", "cascade", "namespace"}, bools: []string{"force", "now", "wait"}}

// forceWarning is what kubectl prints before an immediate deletion.
const forceWarning = "Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n"

// delete deletes objects as kubectl delete --wait=false does: pods
// terminate gracefully in virtual time unless forced; claims and volumes in
// use stay Terminating until they are not.
func (r *Runner) delete(args []string) error {
	in, err := parseArgs("delete", args, deleteFlags)
	if err != nil {
		return err
	}
	res, names, err := target(in.args)
	if err != nil {
		return err
	}
	if len(names) == 0 {
		return errNoName
	}
	grace, err := gracePeriod(in)
	if err != nil {
		return err
	}
	cascade, err := cascadeOf(in.vals["cascade"])
	if err != nil {
		return err
	}
	if grace == 0 {
		r.printf("%s", forceWarning)
	}
	var errs []applyErr
	for _, name := range names {
		if err := r.deleteOne(res, r.namespaceOf(in), name, grace, cascade); err != nil {
			errs = append(errs, applyErr{err: err})
		}
	}
	return r.reportAll(errs)
}

// deleteOne deletes one object and prints kubectl's line.
func (r *Runner) deleteOne(res *resource, ns, name string, grace int64, cascade sim.Cascade) error {
	c := r.cluster()
	qname := qualify(ns, name)
	var err error
	switch res.plural {
	case "pods":
		opts := sim.DeleteOptions{Force: grace == 0}
		if grace >= 0 {
			opts.GracePeriodSeconds = &grace
		}
		r.disrupt()
		err = c.DeletePod(qname, opts)
	case "statefulsets":
		err = c.DeleteStatefulSet(qname, cascade)
	case "services":
		err = c.DeleteService(qname)
	case "persistentvolumeclaims":
		err = c.DeleteClaim(qname)
	case "persistentvolumes":
		err = c.DeleteVolume(name)
	case "storageclasses":
		err = c.DeleteStorageClass(name)
	default:
		return fmt.Errorf("stsim does not delete %s", res.plural)
	}
	if err != nil {
		return err
	}
	verb := "deleted"
	if grace == 0 {
		verb = "force deleted"
	}
	if res.namespaced {
		verb += " from " + ns + " namespace"
	}
	r.printf("%s %q %s\n", res.ref(), name, verb)
	return nil
}

// gracePeriod is kubectl delete's effective grace period (-1: the pod's
// own): --now is 1, 0 without --force is 1, --force alone is 0.
func gracePeriod(in *input) (int64, error) {
	grace := int64(-1)
	if v, ok := in.vals["grace-period"]; ok {
		g, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return 0, fmt.Errorf("invalid argument %q for \"--grace-period\" flag: %v", v, err)
		}
		grace = g
	}
	force := in.bools["force"]
	switch {
	case in.bools["now"] && grace != -1:
		return 0, errors.New("--now and --grace-period cannot be specified together")
	case in.bools["now"]:
		grace = 1
	case grace == 0 && !force:
		grace = 1
	}
	switch {
	case force && grace < 0:
		grace = 0
	case force && grace > 0:
		return 0, errors.New("--force and --grace-period greater than 0 cannot be specified together")
	}
	return grace, nil
}

// cascadeOf reads --cascade.
func cascadeOf(v string) (sim.Cascade, error) {
	switch v {
	case "", "background", "true":
		return sim.Background, nil
	case "foreground":
		return sim.Foreground, nil
	case "orphan", "false":
		return sim.Orphan, nil
	}
	return "", fmt.Errorf("invalid cascade value (%s). Must be \"background\", \"foreground\", or \"orphan\"", v)
}
