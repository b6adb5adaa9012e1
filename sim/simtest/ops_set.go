package simtest

import (
	"strconv"

	"github.com/stsim/stsim/api"
	"github.com/stsim/stsim/script"
	"github.com/stsim/stsim/sim"
	"github.com/stsim/stsim/sts"
)

// Scale sets spec.replicas (`scale sts/web --replicas=3`).
type Scale struct {
	Set      string
	Replicas int32
}

func (o Scale) String() string {
	return script.Quote([]string{"scale", "sts/" + o.Set, "--replicas=" + strconv.Itoa(int(o.Replicas))})
}

// Apply scales the set.
func (o Scale) Apply(c *sim.Cluster, _ func(*sim.Cluster) bool) error {
	return c.Scale(o.Set, o.Replicas)
}

// Disrupts is false: scaling is the controller's own business.
func (Scale) Disrupts(*sim.Cluster) bool { return false }

// SetImage changes a container's image in the pod template, which starts a
// rollout (`set image sts/web app=nginx:2`).
type SetImage struct {
	Set, Container, Image string
}

func (o SetImage) String() string {
	return script.Quote([]string{"set", "image", "sts/" + o.Set, o.Container + "=" + o.Image})
}

// Apply changes the image if the set has the container and its image
// differs, as kubectl set image does.
func (o SetImage) Apply(c *sim.Cluster, _ func(*sim.Cluster) bool) error {
	if !o.Disrupts(c) {
		return nil
	}
	return c.UpdateStatefulSet(o.Set, func(s *sts.StatefulSet) {
		cs := append([]api.Container(nil), s.Spec.Template.Spec.Containers...)
		for i := range cs {
			if cs[i].Name == o.Container {
				cs[i].Image = o.Image
			}
		}
		s.Spec.Template.Spec.Containers = cs
	})
}

// Disrupts is true when the template changes: a rolling update replaces
// pods out of ordinal order.
func (o SetImage) Disrupts(c *sim.Cluster) bool {
	s, ok := c.StatefulSet(o.Set)
	if !ok {
		return false
	}
	for _, ct := range s.Spec.Template.Spec.Containers {
		if ct.Name == o.Container && ct.Image != o.Image {
			return true
		}
	}
	return false
}
