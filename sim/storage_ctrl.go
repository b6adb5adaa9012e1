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
		ct.claimUpdateFailed(set, a.Claim.Name, err)
		return err
	}
	n := *cur
	n.OwnerReferences = a.Claim.OwnerReferences
	c.writeClaim(&n, Event{Actor: ActorStatefulSet, Verb: VerbUpdate, Reason: a.Reason})
	st.lastWrite = c.rv
	return nil
}

// claimUpdateFailed records the FailedUpdate event of the claim's pod
// (upstream: UpdatePodClaimForRetentionPolicy's error, recorded by its
// caller's recordPodEvent("update", …)).
func (ct *controller) claimUpdateFailed(set *sts.StatefulSet, claim string, err error) {
	_, ord := sts.ParseName(claim)
	ct.c.event(set.Namespace, set.Name, evUpdatePodFailed, sts.PodName(set.Name, ord),
		"could not update claim "+claim+" for delete policy ownerRefs: "+err.Error())
}

// warnClaim records the ConflictingController event on the set.
func (ct *controller) warnClaim(set *sts.StatefulSet, a sts.Action) {
	ct.c.event(set.Namespace, set.Name, evConflictingController, a.Claim.Name)
}
