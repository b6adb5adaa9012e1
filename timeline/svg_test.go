package timeline

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/stsim/stsim/api"
	"github.com/stsim/stsim/sim"
	"github.com/stsim/stsim/sts"
)

var (
	update = flag.Bool("update", false, "rewrite the golden SVG in testdata")
	svgDir = flag.String("svgdir", "", "also write the rendered SVGs to this directory, to look at")
)

// statefulSet is a set of n pods running image, behind a service of its
// name.
func statefulSet(name, image, policy string, n int32) *sts.StatefulSet {
	labels := map[string]string{"app": name}
	return &sts.StatefulSet{
		ObjectMeta: api.ObjectMeta{Name: name},
		Spec: sts.Spec{
			Replicas: &n, ServiceName: name, PodManagementPolicy: policy,
			Selector: &api.LabelSelector{MatchLabels: labels},
			Template: api.PodTemplateSpec{Labels: labels, Spec: api.PodSpec{
				Containers: []api.Container{{Name: "app", Image: image}}}},
		},
	}
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// twoPods is the seed article's two redis pods, each Ready 3s after its
// containers start: both come up in order, redis-sts-1's container is
// killed and restarts, and redis-sts-0 is deleted and recreated.
func twoPods(t testing.TB) ([]sim.Event, time.Duration) {
	c := sim.NewCluster(sim.Config{Seed: 1})
	c.BehaveImage("redis:5-alpine", sim.ReadyAfter(3*time.Second))
	_, err := c.ApplyStatefulSet(statefulSet("redis-sts", "redis:5-alpine", sts.OrderedReady, 2))
	must(t, err)
	must(t, c.RunUntilStable())
	must(t, c.RunFor(4*time.Second))
	must(t, c.KillPod("redis-sts-1"))
	must(t, c.RunUntilStable())
	must(t, c.RunFor(4*time.Second))
	must(t, c.DeletePod("redis-sts-0", sim.DeleteOptions{}))
	must(t, c.RunUntilStable())
	must(t, c.RunFor(4*time.Second))
	return c.Trace(), c.Now()
}

// manyPods scales a set to n pods in order, then rolls it to a new image
// (every pod deleted and recreated, highest ordinal first) and scales it
// down by a quarter.
func manyPods(t testing.TB, n int32) ([]sim.Event, time.Duration) {
	c := sim.NewCluster(sim.Config{Seed: 1, Nodes: 8, StableBound: 100 * time.Hour})
	c.BehaveImage("nginx:1.28", sim.ReadyAfter(time.Second))
	_, err := c.ApplyStatefulSet(statefulSet("web", "nginx:1.27", sts.OrderedReady, n))
	must(t, err)
	must(t, c.RunUntilStable())
	must(t, c.UpdateStatefulSet("web", func(s *sts.StatefulSet) { s.Spec.Template.Spec.Containers[0].Image = "nginx:1.28" }))
	must(t, c.RunUntilStable())
	must(t, c.Scale("web", n-n/4))
	must(t, c.RunUntilStable())
	must(t, c.RunFor(10*time.Second))
	return c.Trace(), c.Now()
}

func render2(t testing.TB, events []sim.Event, opts Options) []byte {
	t.Helper()
	var b bytes.Buffer
	must(t, Render(&b, events, opts))
	return b.Bytes()
}

// node is a parsed XML element.
type node struct {
	XMLName xml.Name
	Attrs   []xml.Attr `xml:",any,attr"`
	Nodes   []node     `xml:",any"`
	Text    string     `xml:",chardata"`
}

func (n *node) attr(name string) string {
	for _, a := range n.Attrs {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

func (n *node) hasClass(c string) bool {
	for _, f := range strings.Fields(n.attr("class")) {
		if f == c {
			return true
		}
	}
	return false
}

func (n *node) walk(fn func(*node)) {
	fn(n)
	for i := range n.Nodes {
		n.Nodes[i].walk(fn)
	}
}

func (n *node) child(name string) *node {
	for i := range n.Nodes {
		if n.Nodes[i].XMLName.Local == name {
			return &n.Nodes[i]
		}
	}
	return nil
}

// eventLine is a title's line naming a trace event: "at 2.665s kubelet status: ...".
var eventLine = regexp.MustCompile(`(?m)^at [0-9]+\.[0-9]{3}s \S+ \S+`)

// checkSVG checks the picture's structure: an svg root with a viewBox, one
// row group per pod in order, a title on every row, band and mark, bands
// inside the picture, no NaN or infinity anywhere.
func checkSVG(t *testing.T, svg []byte, rows []Row) {
	t.Helper()
	for _, bad := range []string{"NaN", "Inf", "<nil>", "%!"} {
		if bytes.Contains(svg, []byte(bad)) {
			t.Errorf("the SVG contains %q", bad)
		}
	}
	var root node
	must(t, xml.Unmarshal(svg, &root))
	if root.XMLName.Local != "svg" || root.XMLName.Space != "http://www.w3.org/2000/svg" {
		t.Fatalf("root element %v", root.XMLName)
	}
	var vb [4]float64
	if _, err := fmt.Sscanf(root.attr("viewBox"), "%g %g %g %g", &vb[0], &vb[1], &vb[2], &vb[3]); err != nil {
		t.Fatalf("viewBox %q: %v", root.attr("viewBox"), err)
	}
	if vb[2] <= 0 || vb[3] <= 0 || vb[2] > 4000 || vb[3] > 5000 {
		t.Errorf("viewBox %v out of bounds", vb)
	}
	var pods []string
	bands, marks := 0, 0
	root.walk(func(n *node) {
		for _, a := range n.Attrs {
			if a.Name.Local == "x" || a.Name.Local == "y" || a.Name.Local == "width" || a.Name.Local == "height" {
				var v float64
				if _, err := fmt.Sscanf(a.Value, "%g", &v); err != nil {
					t.Errorf("<%s %s=%q>: not a number", n.XMLName.Local, a.Name.Local, a.Value)
				}
				if v < 0 || (a.Name.Local == "x" || a.Name.Local == "width") && v > vb[2] || (a.Name.Local == "y" || a.Name.Local == "height") && v > vb[3] {
					t.Errorf("<%s %s=%q> outside the viewBox", n.XMLName.Local, a.Name.Local, a.Value)
				}
			}
		}
		if !n.hasClass("row") {
			return
		}
		pods = append(pods, n.attr("data-pod"))
		if ti := n.child("title"); ti == nil || ti.Text != n.attr("data-pod") {
			t.Errorf("row %s: no title with the pod's name", n.attr("data-pod"))
		}
		for i := range n.Nodes {
			c := &n.Nodes[i]
			switch {
			case c.hasClass("band"):
				bands++
			case c.hasClass("mark"):
				marks++
			default:
				continue
			}
			ti := c.child("title")
			if ti == nil || !strings.HasPrefix(ti.Text, n.attr("data-pod")) || !eventLine.MatchString(ti.Text) {
				t.Errorf("row %s: a %s without a title naming the pod and the event: %+v", n.attr("data-pod"), c.attr("class"), ti)
			}
		}
	})
	var want []string
	wantBands := 0
	for _, r := range rows {
		want = append(want, r.ID())
		wantBands += len(r.Bands)
	}
	if diff := cmp.Diff(want, pods); diff != "" {
		t.Errorf("row groups (-want +got):\n%s", diff)
	}
	if bands != wantBands {
		t.Errorf("%d bands drawn, want %d", bands, wantBands)
	}
	if marks == 0 && len(rows) > 0 {
		t.Error("no marks drawn")
	}
}

func writeSVG(t *testing.T, name string, svg []byte) {
	if *svgDir == "" {
		return
	}
	must(t, os.MkdirAll(*svgDir, 0o755))
	must(t, os.WriteFile(filepath.Join(*svgDir, name), svg, 0o644))
}

func TestTwoPods(t *testing.T) {
	events, end := twoPods(t)
	rows := Bands(events)
	var states []string
	for _, r := range rows {
		for _, b := range r.Bands {
			states = append(states, fmt.Sprintf("%s/%d %s", r.Name, b.Life, b.State))
		}
	}
	want := []string{
		"redis-sts-0/0 Pending", "redis-sts-0/0 ContainerCreating", "redis-sts-0/0 Running, not Ready", "redis-sts-0/0 Ready", "redis-sts-0/0 Terminating",
		"redis-sts-0/1 Pending", "redis-sts-0/1 ContainerCreating", "redis-sts-0/1 Running, not Ready", "redis-sts-0/1 Ready",
		"redis-sts-1/0 Pending", "redis-sts-1/0 ContainerCreating", "redis-sts-1/0 Running, not Ready", "redis-sts-1/0 Ready",
		"redis-sts-1/0 Running, not Ready", "redis-sts-1/0 Ready", // the killed container
	}
	if diff := cmp.Diff(want, states); diff != "" {
		t.Errorf("bands (-want +got):\n%s", diff)
	}

	svg := render2(t, events, Options{Title: "redis-sts: 2 pods", End: end})
	checkSVG(t, svg, rows)
	writeSVG(t, "two-pods.svg", svg)
	golden := filepath.Join("testdata", "two-pods.svg")
	if *update {
		must(t, os.WriteFile(golden, svg, 0o644))
	}
	want2, err := os.ReadFile(golden)
	must(t, err)
	if !bytes.Equal(svg, want2) {
		t.Errorf("the SVG differs from %s; run go test ./timeline -update and look at the difference", golden)
	}
}

func TestManyPods(t *testing.T) {
	events, end := manyPods(t, 200)
	rows := Bands(events)
	if len(rows) != 200 {
		t.Fatalf("%d rows, want 200", len(rows))
	}
	for i, r := range rows {
		if r.Set != "web" || r.Ordinal != i {
			t.Fatalf("row %d is %s (set %q, ordinal %d)", i, r.Name, r.Set, r.Ordinal)
		}
		if r.Lives != 2 {
			t.Errorf("%s: %d incarnations, want 2 (the rolling update recreates every pod)", r.Name, r.Lives)
		}
	}
	svg := render2(t, events, Options{Title: "web: 200 pods, rolling update, scale to 150", End: end})
	checkSVG(t, svg, rows)
	writeSVG(t, "200-pods.svg", svg)
	if len(svg) > 2<<20 {
		t.Errorf("the SVG is %d bytes", len(svg))
	}
}

// TestDeterministic: the same events give the same bytes, and so does the
// same run.
func TestDeterministic(t *testing.T) {
	a, endA := manyPods(t, 40)
	b, endB := manyPods(t, 40)
	x, y := render2(t, a, Options{End: endA}), render2(t, b, Options{End: endB})
	if !bytes.Equal(x, y) {
		t.Fatal("two renderings of one run differ")
	}
	if z := render2(t, a, Options{End: endA}); !bytes.Equal(x, z) {
		t.Fatal("two renderings of one trace differ")
	}
}

// TestJSONTrace: a trace written as JSON and read back gives the same rows.
func TestJSONTrace(t *testing.T) {
	events, _ := twoPods(t)
	var buf bytes.Buffer
	buf.WriteString("some command output\n\n")
	for _, e := range events {
		b, err := json.Marshal(e)
		must(t, err)
		buf.Write(b)
		buf.WriteByte('\n')
	}
	back, err := ReadJSON(&buf)
	must(t, err)
	if len(back) != len(events) {
		t.Fatalf("%d events read back, want %d", len(back), len(events))
	}
	if diff := cmp.Diff(Bands(events), Bands(back)); diff != "" {
		t.Errorf("rows from JSON (-want +got):\n%s", diff)
	}
	for i := range events {
		if back[i].String() != events[i].String() {
			t.Fatalf("event %d reads back as %q, want %q", i, back[i], events[i])
		}
	}
	if _, err := ReadJSON(strings.NewReader(`{"t":"x"}` + "\n")); err == nil {
		t.Error("a malformed event read without an error")
	}
}

// TestRenderEdges: an empty trace, one instant, a crowd beyond MaxRows, a
// narrow width, names that need escaping.
func TestRenderEdges(t *testing.T) {
	var crowd []sim.Event
	for i := range 30 {
		crowd = append(crowd, create(time.Duration(i)*time.Second, fmt.Sprintf("web-%d", i)))
	}
	odd := create(0, `a<b>&"c"-0`)
	odd.Namespace = "ns"
	for _, tt := range []struct {
		name   string
		events []sim.Event
		opts   Options
		rows   int
	}{
		{"empty", nil, Options{}, 0},
		{"one instant", []sim.Event{create(0, "web-0")}, Options{}, 1},
		{"max rows", crowd, Options{MaxRows: 10, Width: 100}, 10},
		{"escaping", []sim.Event{odd, create(time.Hour, "web-0")}, Options{Title: "<&>"}, 2},
	} {
		t.Run(tt.name, func(t *testing.T) {
			rows := Bands(tt.events)
			svg := render2(t, tt.events, tt.opts)
			checkSVG(t, svg, rows[:tt.rows])
		})
	}
}

// TestTicks: tick steps keep labels apart and are round.
func TestTicks(t *testing.T) {
	for _, tt := range []struct {
		end  time.Duration
		want time.Duration
	}{
		{time.Second, 100 * time.Millisecond},
		{20 * time.Second, 2 * time.Second},
		{10 * time.Minute, time.Minute},
		{90 * time.Minute, 10 * time.Minute},
		{1000 * time.Hour, 96 * time.Hour},
	} {
		if got := tickStep(tt.end, 1000); got != tt.want {
			t.Errorf("tickStep(%s) = %s, want %s", tt.end, got, tt.want)
		}
	}
	for d, want := range map[time.Duration]string{
		0: "0", 500 * time.Millisecond: "0.5s", 45 * time.Second: "45s",
		90 * time.Second: "1m30s", 2 * time.Hour: "2h", 150 * time.Minute: "2h30m",
	} {
		if got := tickLabel(d); got != want {
			t.Errorf("tickLabel(%s) = %q, want %q", d, got, want)
		}
	}
}

// mixed runs two sets through the kubelet's troubles: db-1 crash-loops,
// web-3's image cannot be pulled, web-7 is evicted, web-10 is deleted with
// force, and web is scaled from 24 to 20.
func mixed(t testing.TB) ([]sim.Event, time.Duration) {
	c := sim.NewCluster(sim.Config{Seed: 1})
	c.BehaveImage("web:1", sim.ReadyAfter(5*time.Second))
	c.BehavePod("db-1", sim.CrashAfter(20*time.Second))
	c.BehavePod("web-3", sim.PullFails())
	_, err := c.ApplyStatefulSet(statefulSet("db", "postgres:16", sts.OrderedReady, 3))
	must(t, err)
	_, err = c.ApplyStatefulSet(statefulSet("web", "web:1", sts.Parallel, 24))
	must(t, err)
	must(t, c.RunFor(40*time.Second))
	must(t, c.FailPod("web-7"))
	must(t, c.DeletePod("web-10", sim.DeleteOptions{Force: true}))
	must(t, c.RunFor(40*time.Second))
	must(t, c.Scale("web", 20))
	must(t, c.RunFor(40*time.Second))
	return c.Trace(), c.Now()
}

func TestMixed(t *testing.T) {
	events, end := mixed(t)
	rows := Bands(events)
	byName := map[string]*Row{}
	for i := range rows {
		byName[rows[i].Name] = &rows[i]
	}
	count := func(name string, s State) int {
		n := 0
		for _, b := range byName[name].Bands {
			if b.State == s {
				n++
			}
		}
		return n
	}
	if n := count("db-1", RunningNotReady); n < 3 {
		t.Errorf("db-1: %d Running-not-Ready bands, want a crash loop", n)
	}
	if b := byName["web-3"].Bands; len(b) != 2 || b[1].State != ContainerCreating || !b[1].Open ||
		len(b[1].Notes) == 0 || !strings.HasPrefix(b[1].Notes[0].Reason, "ErrImagePull") {
		t.Errorf("web-3: want an open ContainerCreating band noting ErrImagePull, got %+v", b)
	}
	if count("web-7", Failed) != 1 || byName["web-7"].Lives != 2 {
		t.Errorf("web-7: want a Failed band and a second incarnation, got %+v", byName["web-7"])
	}
	atOnce := 0
	for _, m := range byName["web-10"].Marks {
		if m.Kind == RemovedAtOnce {
			atOnce++
		}
	}
	if atOnce != 1 || count("web-10", Terminating) != 0 {
		t.Errorf("web-10: want one removal at once and no Terminating band, got %+v", byName["web-10"])
	}
	for _, name := range []string{"web-20", "web-23"} {
		if b := byName[name].Bands; b[len(b)-1].State != Terminating || b[len(b)-1].Open {
			t.Errorf("%s: want the scale-down to end it Terminating, got %+v", name, b)
		}
	}
	svg := render2(t, events, Options{Title: "db crash-loops; web: pull failure, eviction, force delete, scale down", End: end})
	checkSVG(t, svg, rows)
	writeSVG(t, "mixed.svg", svg)
}
