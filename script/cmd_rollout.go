package script

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/stsim/stsim/api"
	"github.com/stsim/stsim/sim"
	"github.com/stsim/stsim/sts"
)

// The rollout subcommands and their flags.
var rolloutFlags = map[string]flagSpec{
	"status":  {values: []string{"namespace", "revision", "timeout"}, bools: []string{"watch"}},
	"history": {values: []string{"namespace", "revision"}},
	"restart": {values: []string{"namespace"}},
	"undo":    {values: []string{"namespace", "to-revision"}},
}

// restartedAtAnnotation is the template annotation `rollout restart` sets.
const restartedAtAnnotation = "kubectl.kubernetes.io/restartedAt"

// changeCauseAnnotation is the annotation history prints
// (upstream: polymorphichelpers.ChangeCauseAnnotation).
const changeCauseAnnotation = "kubernetes.io/change-cause"

// rollout runs `rollout status|history|restart|undo sts/NAME`, printing
// what kubectl v1.37 prints (upstream: kubectl pkg/cmd/rollout and
// pkg/polymorphichelpers). Only `status` advances virtual time.
func (r *Runner) rollout(args []string) error {
	if len(args) == 0 {
		return errors.New("usage: rollout status|history|restart|undo sts/NAME")
	}
	sub := args[0]
	spec, ok := rolloutFlags[sub]
	if !ok {
		return fmt.Errorf("unknown command %q for \"kubectl rollout\"", sub)
	}
	in, err := parseArgs("rollout "+sub, args[1:], spec)
	if err != nil {
		return err
	}
	if len(in.args) == 0 {
		return errors.New("required resource not specified")
	}
	res, names, err := target(in.args)
	if err != nil {
		return err
	}
	if len(names) == 0 {
		return errNoName
	}
	ns := r.namespaceOf(in)
	var errs []applyErr
	for _, name := range names {
		if err := r.rolloutOne(sub, res, ns, name, in); err != nil {
			errs = append(errs, applyErr{err: err})
		}
	}
	return r.reportAll(errs)
}

// rolloutOne runs a rollout subcommand on one object.
func (r *Runner) rolloutOne(sub string, res *resource, ns, name string, in *input) error {
	c := r.cluster()
	scope := ns
	if !res.namespaced {
		scope = ""
	}
	if findNamed(printers[res.plural].list(c, scope), name) == nil {
		return notFound(res, name)
	}
	if res.plural != "statefulsets" {
		gk := res.kind
		if res.group != "" {
			gk += "." + res.group
		}
		switch sub {
		case "status":
			return fmt.Errorf("no status viewer has been implemented for %s", gk)
		case "history":
			return fmt.Errorf("no history viewer has been implemented for %q", gk)
		case "undo":
			return fmt.Errorf("no rollbacker has been implemented for %q", gk)
		}
		return fmt.Errorf("error: %s %q restarting is not supported", res.plural, name)
	}
	qname := qualify(ns, name)
	switch sub {
	case "status":
		return r.rolloutStatus(qname, in)
	case "history":
		return r.rolloutHistory(qname, in)
	case "restart":
		return r.rolloutRestart(qname)
	}
	return r.rolloutUndo(qname, in)
}

// intFlag reads an integer flag, 0 when absent.
func intFlag(in *input, name string) (int64, error) {
	v, ok := in.vals[name]
	if !ok {
		return 0, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("invalid argument %q for \"--%s\" flag: %v", v, name, err)
	}
	return n, nil
}

// rolloutStatus prints the set's rollout status as `kubectl rollout
// status` does: once now, then on every write to the set, until the
// rollout is done. Virtual time runs meanwhile, at most --timeout (the run
// bound when none is given); kubectl then gives up with its timeout error.
func (r *Runner) rolloutStatus(qname string, in *input) error {
	revision, err := intFlag(in, "revision")
	if err != nil {
		return err
	}
	if revision < 0 {
		return fmt.Errorf("revision must be a positive integer: %v", revision)
	}
	bound := stableBound
	if v, ok := in.vals["timeout"]; ok {
		d, err := time.ParseDuration(v)
		if err != nil {
			return fmt.Errorf("invalid argument %q for \"--timeout\" flag: %v", v, err)
		}
		if d > 0 {
			bound = d
		}
	}
	watch := true
	if w, ok := in.bools["watch"]; ok {
		watch = w
	}
	c := r.cluster()
	seen := uint64(0)
	first := true
	var done bool
	var statusErr error
	cond := func(c *sim.Cluster) bool {
		if r.stopped(c) {
			return true
		}
		s, ok := c.StatefulSet(qname)
		if !ok {
			statusErr = errors.New("object has been deleted")
			return true
		}
		if !first && s.ResourceVersion == seen {
			return false
		}
		first, seen = false, s.ResourceVersion
		msg, ok, err := rolloutStatusOf(s)
		if err != nil {
			statusErr = err
			return true
		}
		r.printf("%s", msg)
		done = ok || !watch
		return done
	}
	err = c.RunUntil(cond, bound)
	switch {
	case statusErr != nil:
		return statusErr
	case done || r.failed != nil:
		return nil
	case errors.Is(err, sim.ErrNotStable):
		return errors.New("timed out waiting for the condition")
	}
	return err
}

// rolloutStatusOf is kubectl's StatefulSetStatusViewer.Status: the message
// and whether the rollout is done.
func rolloutStatusOf(s *sts.StatefulSet) (string, bool, error) {
	if s.Spec.UpdateStrategy.Type != sts.RollingUpdate {
		return "", true, fmt.Errorf("rollout status is only available for %s strategy type", sts.RollingUpdate)
	}
	st := s.Status
	if st.ObservedGeneration == 0 || s.Generation > st.ObservedGeneration {
		return "Waiting for statefulset spec update to be observed...\n", false, nil
	}
	replicas := s.Spec.Replicas
	if replicas != nil && st.ReadyReplicas < *replicas {
		return fmt.Sprintf("Waiting for %d pods to be ready...\n", *replicas-st.ReadyReplicas), false, nil
	}
	if ru := s.Spec.UpdateStrategy.RollingUpdate; ru != nil {
		if replicas != nil && ru.Partition != nil && st.UpdatedReplicas < *replicas-*ru.Partition {
			return fmt.Sprintf("Waiting for partitioned roll out to finish: %d out of %d new pods have been updated...\n",
				st.UpdatedReplicas, *replicas-*ru.Partition), false, nil
		}
		return fmt.Sprintf("partitioned roll out complete: %d new pods have been updated...\n", st.UpdatedReplicas), true, nil
	}
	if st.UpdateRevision != st.CurrentRevision {
		return fmt.Sprintf("waiting for statefulset rolling update to complete %d pods at revision %s...\n",
			st.UpdatedReplicas, st.UpdateRevision), false, nil
	}
	return fmt.Sprintf("statefulset rolling update complete %d pods at revision %s...\n", st.CurrentReplicas, st.CurrentRevision), true, nil
}

// history is the set's ControllerRevisions: those it controls whose labels
// its selector matches (upstream: history.go statefulSetHistory), by
// revision number, the later of two with one number winning.
func (r *Runner) history(s *sts.StatefulSet) map[int64]*sts.ControllerRevision {
	out := map[int64]*sts.ControllerRevision{}
	for _, rev := range r.c.Revisions(s.Namespace) {
		ref := rev.ControllerRef()
		if ref == nil || ref.UID != s.UID || s.Spec.Selector == nil || !s.Spec.Selector.Matches(rev.Labels) {
			continue
		}
		out[rev.Revision] = rev
	}
	return out
}

// rolloutHistory prints the revision table, or one revision's pod template
// (upstream: history.go printHistory, printed by a name printer whose
// operation is the text).
func (r *Runner) rolloutHistory(qname string, in *input) error {
	revision, err := intFlag(in, "revision")
	if err != nil {
		return err
	}
	if revision < 0 {
		return fmt.Errorf("revision must be a positive integer: %v", revision)
	}
	s, _ := r.c.StatefulSet(qname)
	hist := r.history(s)
	var text string
	switch {
	case len(hist) == 0:
		text = "No rollout history found."
	case revision > 0:
		rev, ok := hist[revision]
		if !ok {
			return errors.New("unable to find the specified revision")
		}
		d := newDescriber()
		var tmpl api.PodTemplateSpec
		if rev.Template != nil {
			tmpl = *rev.Template
		}
		describeTemplate(d, &tmpl)
		text = d.String()
	default:
		var b strings.Builder
		tw := tabwriter.NewWriter(&b, 0, 8, 2, ' ', 0)
		fmt.Fprintf(tw, "REVISION\tCHANGE-CAUSE\n")
		for _, n := range slices.Sorted(maps.Keys(hist)) {
			fmt.Fprintf(tw, "%d\t%s\n", n, orNone(hist[n].Annotations[changeCauseAnnotation]))
		}
		tw.Flush()
		text = b.String()
	}
	with := ""
	if revision > 0 {
		with = fmt.Sprintf("with revision #%d", revision)
	}
	r.printf("statefulset.apps/%s %s\n%s\n", s.Name, with, text)
	return nil
}

// rolloutRestart sets the template's restartedAt annotation to the virtual
// time, in whole seconds as kubectl writes it; a second restart in the
// same second changes nothing and fails as kubectl's does.
func (r *Runner) rolloutRestart(qname string) error {
	c := r.cluster()
	s, _ := c.StatefulSet(qname)
	now := api.Epoch.Add(c.Now()).Format(time.RFC3339)
	if s.Spec.Template.Annotations[restartedAtAnnotation] == now {
		return fmt.Errorf("failed to create patch for %s: if restart has already been triggered within the past second, please wait before attempting to trigger another", s.Name)
	}
	r.disrupt() // a rolling update replaces pods out of ordinal order
	err := c.UpdateStatefulSet(qname, func(s *sts.StatefulSet) {
		s.Spec.Template.Annotations = maps.Clone(s.Spec.Template.Annotations)
		if s.Spec.Template.Annotations == nil {
			s.Spec.Template.Annotations = map[string]string{}
		}
		s.Spec.Template.Annotations[restartedAtAnnotation] = now
	})
	if err != nil {
		return fmt.Errorf("failed to patch: %v", err)
	}
	r.printf("statefulset.apps/%s restarted\n", s.Name)
	return nil
}

// rolloutUndo puts back the template of the previous revision, or of
// --to-revision (upstream: rollback.go StatefulSetRollbacker.Rollback).
func (r *Runner) rolloutUndo(qname string, in *input) error {
	to, err := intFlag(in, "to-revision")
	if err != nil {
		return err
	}
	missing := fmt.Errorf("unable to find specified revision %v in history", to)
	if to < 0 {
		return missing
	}
	c := r.cluster()
	s, _ := c.StatefulSet(qname)
	hist := r.history(s)
	if to == 0 && len(hist) <= 1 {
		return errors.New("no last revision to roll back to")
	}
	var rev *sts.ControllerRevision
	if to == 0 {
		nums := slices.Sorted(maps.Keys(hist))
		rev = hist[nums[len(nums)-2]]
	} else if rev = hist[to]; rev == nil {
		return missing
	}
	if rev.Template == nil {
		return fmt.Errorf("failed restoring revision %d: revision %s has no template", to, rev.Name)
	}
	if templatesEqual(&s.Spec.Template, rev.Template) {
		r.printf("statefulset.apps/%s skipped rollback (current template already matches revision %d)\n", s.Name, to)
		return nil
	}
	r.disrupt() // a rolling update replaces pods out of ordinal order
	tmpl := *rev.Template
	if err := c.UpdateStatefulSet(qname, func(s *sts.StatefulSet) { s.Spec.Template = tmpl }); err != nil {
		return fmt.Errorf("failed restoring revision %d: %v", to, err)
	}
	r.printf("statefulset.apps/%s rolled back\n", s.Name)
	return nil
}

// templatesEqual compares two pod templates by value.
func templatesEqual(a, b *api.PodTemplateSpec) bool {
	x, err1 := json.Marshal(a)
	y, err2 := json.Marshal(b)
	return err1 == nil && err2 == nil && string(x) == string(y)
}
