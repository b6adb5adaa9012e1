package script

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/stsim/stsim/api"
	"github.com/stsim/stsim/sts"
)

var setImageFlags = flagSpec{values: []string{"namespace"}}

// set runs `set image sts/NAME CONTAINER=IMAGE...`: it changes container
// images in the pod template.
func (r *Runner) set(args []string) error {
	if len(args) == 0 || args[0] != "image" {
		return fmt.Errorf("usage: set image sts/NAME CONTAINER=IMAGE [CONTAINER=IMAGE]")
	}
	in, err := parseArgs("set image", args[1:], setImageFlags)
	if err != nil {
		return err
	}
	res, name, pairs, err := targetAndRest(in.args)
	if err != nil {
		return err
	}
	if res.plural != "statefulsets" {
		return fmt.Errorf("stsim sets images of statefulsets, not %s", res.plural)
	}
	images, err := parseImages(pairs)
	if err != nil {
		return err
	}
	return r.setImages(qualify(r.namespaceOf(in), name), name, images)
}

// parseImages reads CONTAINER=IMAGE pairs.
func parseImages(pairs []string) (map[string]string, error) {
	if len(pairs) == 0 {
		return nil, fmt.Errorf("at least one image update is required")
	}
	out := map[string]string{}
	for _, p := range pairs {
		name, image, ok := strings.Cut(p, "=")
		if !ok || name == "" || image == "" {
			return nil, fmt.Errorf("invalid image update %q: want CONTAINER=IMAGE", p)
		}
		out[name] = image
	}
	return out, nil
}

// setImages updates the template and prints kubectl's line when something
// changed.
func (r *Runner) setImages(qname, name string, images map[string]string) error {
	c := r.cluster()
	set, ok := c.StatefulSet(qname)
	if !ok {
		return api.NewNotFound("statefulsets", "apps", name)
	}
	var errs []applyErr
	changed := false
	for _, ctName := range slices.Sorted(maps.Keys(images)) {
		found, diff := imageChange(set, ctName, images[ctName])
		if !found {
			errs = append(errs, applyErr{err: fmt.Errorf("error: unable to find container named %q", ctName)})
		}
		changed = changed || diff
	}
	if changed {
		r.disrupt() // a rolling update replaces pods out of ordinal order
		err := c.UpdateStatefulSet(qname, func(s *sts.StatefulSet) { setImage(s, images) })
		if err != nil {
			errs = append(errs, applyErr{err: fmt.Errorf("failed to patch image update to pod template: %v", err)})
		} else {
			r.printf("statefulset.apps/%s image updated\n", name)
		}
	}
	return r.reportAll(errs)
}

// imageChange reports whether the template has the container (or init
// container) and whether its image differs.
func imageChange(s *sts.StatefulSet, name, image string) (found, diff bool) {
	spec := s.Spec.Template.Spec
	for _, ct := range append(slices.Clone(spec.InitContainers), spec.Containers...) {
		if ct.Name == name || name == "*" {
			found = true
			diff = diff || ct.Image != image
		}
	}
	return found, diff
}

// setImage changes the images of the named containers in place.
func setImage(s *sts.StatefulSet, images map[string]string) {
	for _, list := range [][]api.Container{s.Spec.Template.Spec.InitContainers, s.Spec.Template.Spec.Containers} {
		for i := range list {
			if img, ok := images[list[i].Name]; ok {
				list[i].Image = img
			} else if img, ok := images["*"]; ok {
				list[i].Image = img
			}
		}
	}
}
