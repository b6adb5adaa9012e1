package sim

import (
	"github.com/stsim/stsim/api"
	"github.com/stsim/stsim/sts"
)

// The StatefulSet controller's claim writes for the retention policy
// (sts.UpdateClaim, sts.WarnClaim; upstream:
// UpdatePodClaimForRetentionPolicy).

// updateClaim writes the owner references a plan computed.
func (ct *controller) updateClaim(st *setState, set *sts.StatefulSet, a sts.Action) error {
	c := ct.c
	cur := c.claims[key{a.Claim.Namespace, a.Claim.Name}]
	if cur == nil || cur.UID != a.Claim.UID {
		err := api.NewNotFound("persistentvolumeclaims", "", a.Claim.Name)
		_, ord := sts.ParseName(a.Claim.Name)
		ct.c.event(set.Namespace, set.Name, evUpdatePodFailed, sts.PodName(set.Name, ord), set.Name,
			"could not update claim "+a.Claim.Name+" for delete policy ownerRefs: "+err.Error())
		return err
	}
	n := *cur
	n.OwnerReferences = a.Claim.OwnerReferences
	c.writeClaim(&n, Event{Actor: ActorStatefulSet, Verb: VerbUpdate, Reason: a.Reason})
	st.lastWrite = c.rv
	return nil
}

// warnClaim records the ConflictingController event on the set.
func (ct *controller) warnClaim(set *sts.StatefulSet, a sts.Action) {
	ct.c.event(set.Namespace, set.Name, evConflictingController, a.Claim.Name)
}
