package script

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/stsim/stsim/api"
)

// describeEvents writes the Events section of an object (upstream:
// describe.go DescribeEvents): its events sorted by last time.
func (r *Runner) describeEvents(d *describer, ns, kind, name string) {
	var evs []api.Event
	for _, e := range r.c.KubeEvents() {
		if e.Namespace == ns && e.Kind == kind && e.Name == name {
			evs = append(evs, e)
		}
	}
	if len(evs) == 0 {
		d.line(0, "Events:\t<none>")
		return
	}
	d.flush()
	slices.SortStableFunc(evs, func(a, b api.Event) int { return cmp.Compare(a.Last, b.Last) })
	d.line(0, "Events:")
	d.line(1, "Type\tReason\tAge\tFrom\tMessage")
	d.line(1, "----\t------\t----\t----\t-------")
	now := r.c.Now()
	for _, e := range evs {
		interval := age(now, e.First)
		if e.Count > 1 {
			interval = fmt.Sprintf("%s (x%d over %s)", age(now, e.Last), e.Count, age(now, e.First))
		}
		d.line(1, "%s\t%s\t%s\t%s\t%s", e.Type, e.Reason, interval, e.Source, strings.TrimSpace(e.Message))
	}
}
