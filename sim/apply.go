package sim

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/stsim/stsim/api"
	"github.com/stsim/stsim/storage"
	"github.com/stsim/stsim/sts"
)

// apply makes the plan's writes in order, as upstream's pod control would,
// and returns the API errors met. Which writes are made after a failure
// (the rest of a pod's chain, later batches) is sts.Plan.Apply's rule.
// History truncation always runs.
func (ct *controller) apply(st *setState, set *sts.StatefulSet, plan sts.Plan) []error {
	var errs []error
	var claimFailed map[int][]string // by chain: the failed claim creates
	status := plan.Apply(func(a sts.Action) error {
		err := ct.write(st, set, a)
		if err != nil {
			errs = append(errs, err)
			if a.Verb == sts.CreateClaim {
				if claimFailed == nil {
					claimFailed = map[int][]string{}
				}
				claimFailed[a.Chain] = append(claimFailed[a.Chain], "failed to create PVC "+a.Claim.Name+": "+err.Error())
			}
		}
		return err
	})
	ct.claimFailureEvents(set, plan, claimFailed)
	// Upstream compares the status its sync returns, after the failed
	// writes' adjustments, with the stored one (inconsistentStatus).
	if sts.StatusChanged(&set.Status, &status) {
		// The API server validates the status subresource: rolling-update
		// deletes of pods at neither revision can take currentReplicas
		// below 0, and then the write, and so the sync, fails (upstream:
		// stateful_set_status_updater.go UpdateStatefulSetStatus,
		// ValidateStatefulSetStatus).
		if verrs := sts.ValidateStatus(&status, &set.Status); len(verrs) > 0 {
			errs = append(errs, api.NewInvalid("StatefulSet", "apps", set.Name, verrs))
		} else if err := ct.c.writeFailure(ActorStatefulSet); err != nil {
			errs = append(errs, err)
		} else {
			ct.writeStatus(st, set, status)
		}
	}
	return errs
}

// claimFailureEvents records the pod event of each chain whose claim
// creates failed: the pod create or update the chain then did not make
// fails with the claims' errors, and those of the claims being deleted
// (FailPod) (upstream: CreateStatefulPod and UpdateStatefulPod record
// createPersistentVolumeClaims' aggregated error with recordPodEvent; a
// Pending pod's createMissingPersistentVolumeClaims records none). Chains
// end at a failed write, so this is their last event.
func (ct *controller) claimFailureEvents(set *sts.StatefulSet, plan sts.Plan, failed map[int][]string) {
	if len(failed) == 0 {
		return
	}
	done := map[int]bool{}
	for _, a := range plan.Actions {
		msgs := failed[a.Chain]
		if len(msgs) == 0 || done[a.Chain] || a.Verb != sts.CreatePod && a.Verb != sts.UpdatePod && a.Verb != sts.FailPod {
			continue
		}
		done[a.Chain] = true
		verb := "create"
		switch a.Verb {
		case sts.UpdatePod:
			verb = "update"
		case sts.FailPod:
			verb = failVerb(a.Pod)
			msgs = append(slices.Clip(msgs), failMessages(a)...)
		}
		ct.podEvent(set, verb, a.Pod.Name, aggregate(msgs))
	}
}

// aggregate is the error of apimachinery's errors.NewAggregate.
func aggregate(msgs []string) error { return errors.New(api.Aggregate(msgs)) }

// write makes one planned write.
func (ct *controller) write(st *setState, set *sts.StatefulSet, a sts.Action) error {
	c := ct.c
	if err := ct.injectedFailure(set, a); err != nil {
		return err // an APIWriteFailure fault (fault.go)
	}
	ev := Event{Actor: ActorStatefulSet, Reason: a.Reason}
	switch a.Verb {
	case sts.CreateRevision:
		return c.createRevision(a.Revision, ev)
	case sts.UpdateRevision:
		r := *a.Revision
		ev.Verb = VerbUpdate
		c.writeRevision(&r, ev)
	case sts.DeleteRevision:
		c.removeRevision(a.Revision, ActorStatefulSet, a.Reason)
	case sts.CreateClaim:
		return ct.createClaim(st, set, a)
	case sts.CreatePod:
		return ct.createPod(st, set, a)
	case sts.DeletePod:
		return ct.deletePod(st, set, a)
	case sts.UpdatePod:
		return ct.updatePod(st, set, a)
	case sts.UpdateClaim:
		return ct.updateClaim(st, set, a)
	case sts.WarnClaim:
		ct.warnClaim(set, a)
	case sts.FailPod:
		err := aggregate(failMessages(a))
		ct.podEvent(set, failVerb(a.Pod), a.Pod.Name, err)
		return err
	}
	return nil
}

// failMessages are the errors of a FailPod action, one a line of its
// Reason.
func failMessages(a sts.Action) []string { return strings.Split(a.Reason, "\n") }

// failVerb is the pod control call a FailPod action fails: a create for a
// pod that does not exist yet, else an update.
func failVerb(p *api.Pod) string {
	if p.UID == "" {
		return "create"
	}
	return "update"
}

func (ct *controller) createClaim(st *setState, set *sts.StatefulSet, a sts.Action) error {
	c := ct.c
	pvc := *a.Claim
	_, ord := sts.ParseName(pvc.Name)
	pod := sts.PodName(set.Name, ord)
	if _, ok := c.claims[key{pvc.Namespace, pvc.Name}]; ok {
		// no event for AlreadyExists (upstream: createPersistentVolumeClaims)
		return api.NewAlreadyExists("persistentvolumeclaims", "", pvc.Name)
	}
	c.stamp(&pvc.ObjectMeta)
	pvc.Status.Phase = storage.ClaimPending
	c.writeClaim(&pvc, Event{Actor: ActorStatefulSet, Verb: VerbCreate, Reason: a.Reason})
	st.lastWrite = c.rv
	c.event(set.Namespace, set.Name, evCreateClaim, pvc.Name, pod, set.Name)
	return nil
}

func (ct *controller) createPod(st *setState, set *sts.StatefulSet, a sts.Action) error {
	c := ct.c
	p := a.Pod // a new object the plan hands over, stored as it is (sts.Action)
	err := c.admitPod(p)
	if err == nil {
		c.stamp(&p.ObjectMeta)
		p.Status = api.PodStatus{Phase: api.PodPending}
		c.writePod(p, Event{Actor: ActorStatefulSet, Verb: VerbCreate, Reason: a.Reason, Revision: p.Labels[sts.RevisionLabel]})
		st.lastWrite = c.rv
	}
	if !api.IsAlreadyExists(err) { // upstream CreateStatefulPod sinks AlreadyExists without an event
		ct.podEvent(set, "create", p.Name, err)
	}
	return err
}

func (ct *controller) deletePod(st *setState, set *sts.StatefulSet, a sts.Action) error {
	c := ct.c
	err := c.deletePod(a.Pod.Namespace, a.Pod.Name, a.Pod.UID, DeleteOptions{}, ActorStatefulSet, a.Reason)
	if api.IsNotFound(err) {
		err = nil // the pod is gone already: upstream DeleteStatefulPod counts that as done
	}
	if err == nil {
		st.lastWrite = c.rv
	}
	ct.podEvent(set, "delete", a.Pod.Name, err)
	return err
}

func (ct *controller) updatePod(st *setState, set *sts.StatefulSet, a sts.Action) error {
	c := ct.c
	cur := c.pod(key{a.Pod.Namespace, a.Pod.Name})
	var err error
	switch {
	// An update without a UID is of the object stored under the name (the
	// API server keeps its UID: apiserver rest.BeforeUpdate), as when
	// Parallel updates the pod it has just created.
	case cur == nil || a.Pod.UID != "" && cur.UID != a.Pod.UID:
		err = api.NewNotFound("pods", "", a.Pod.Name)
	case !slices.Equal(cur.Spec.Volumes, a.Pod.Spec.Volumes):
		err = api.NewInvalid("Pod", "", a.Pod.Name, api.ErrorList{api.Forbidden(api.NewPath("spec"),
			"pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)")})
	case maps.Equal(cur.Labels, a.Pod.Labels):
		// An update that changes nothing (the pod sent back after its
		// claims were fixed, upstream UpdateStatefulPod): the API server
		// stores nothing, so there is no new resourceVersion and no watch
		// event; the controller still records SuccessfulUpdate.
	default:
		p := *cur
		p.Labels = maps.Clone(a.Pod.Labels)
		c.writePod(&p, Event{Actor: ActorStatefulSet, Verb: VerbUpdate, Reason: a.Reason})
		st.lastWrite = c.rv
	}
	ct.podEvent(set, "update", a.Pod.Name, err)
	return err
}

func (ct *controller) podEvent(set *sts.StatefulSet, verb, pod string, err error) {
	t := podEvents[verb]
	if err != nil {
		ct.c.event(set.Namespace, set.Name, t[1], pod, err.Error())
		return
	}
	ct.c.event(set.Namespace, set.Name, t[0], pod)
}

// writeStatus writes the set's status subresource.
func (ct *controller) writeStatus(st *setState, set *sts.StatefulSet, status sts.Status) {
	c := ct.c
	cur := c.sets[st.key]
	n := *cur
	n.Status = status
	if old := cur.Status.CollisionCount; old != nil && *old == *status.CollisionCount {
		n.Status.CollisionCount = old // unchanged: stored objects are never written in place
	} else {
		cc := *status.CollisionCount
		n.Status.CollisionCount = &cc
	}
	ev := Event{Actor: ActorStatefulSet, Verb: VerbStatus}
	if c.tracing() {
		ev.Reason, ev.Detail = statusReason(&status), statusDetail(&status)
	}
	c.writeSet(&n, ev)
	st.lastWrite = c.rv
}

func statusReason(s *sts.Status) string {
	return fmt.Sprintf("replicas=%d ready=%d available=%d current=%d updated=%d", s.Replicas, s.ReadyReplicas, s.AvailableReplicas, s.CurrentReplicas, s.UpdatedReplicas)
}

// statusDetail is the trace detail of a status write.
type statusDetailJSON struct {
	ObservedGeneration int64  `json:"observedGeneration"`
	Replicas           int32  `json:"replicas"`
	ReadyReplicas      int32  `json:"readyReplicas"`
	AvailableReplicas  int32  `json:"availableReplicas"`
	CurrentReplicas    int32  `json:"currentReplicas"`
	UpdatedReplicas    int32  `json:"updatedReplicas"`
	CurrentRevision    string `json:"currentRevision"`
	UpdateRevision     string `json:"updateRevision"`
	CollisionCount     int32  `json:"collisionCount"`
}

func statusDetail(s *sts.Status) *statusDetailJSON {
	return &statusDetailJSON{s.ObservedGeneration, s.Replicas, s.ReadyReplicas, s.AvailableReplicas,
		s.CurrentReplicas, s.UpdatedReplicas, s.CurrentRevision, s.UpdateRevision, *s.CollisionCount}
}
