package timeline

import (
	"bufio"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/stsim/stsim/sim"
)

// Options tune Render.
type Options struct {
	// Title heads the picture; "" means "Pod lifecycles".
	Title string
	// Width is the picture's width in pixels; 0 means 1200, and it is at
	// least 480.
	Width int
	// End is where the time axis ends, e.g. the cluster's virtual time when
	// the run stopped; bands still open then reach it. Zero, or a time
	// before the last event, means the last event's time.
	End time.Duration
	// MaxRows bounds the rows drawn, and so the picture's height; 0 means
	// 1000. The rows left out are counted in a note under the picture.
	MaxRows int
}

// Layout bounds, in pixels.
const (
	defaultWidth   = 1200
	minWidth       = 480
	defaultMaxRows = 1000
	maxRowHeight   = 24  // a row of a small run
	minRowHeight   = 4   // rows never get thinner than this
	targetPlot     = 640 // the plot height rows shrink to fit, down to minRowHeight
	pad            = 16
	labelGap       = 10 // from the row labels to the plot
	minTickGap     = 90 // minimum spacing of x-axis ticks
	bottomAxisAt   = 360
)

// fills are the states' colours, from the Okabe–Ito palette, which stays
// distinguishable with the common colour-vision deficiencies; the
// lifecycle also runs from light to dark (Pending, ContainerCreating,
// Ready), and Terminating and Failed are hatched so they never rely on hue
// alone.
var fills = [...]string{
	Pending:           "#d0d0d0",
	ContainerCreating: "#56b4e9",
	RunningNotReady:   "#e69f00",
	Ready:             "#0072b2",
	Terminating:       "#cc79a7",
	Failed:            "#d55e00",
}

// classes are the CSS classes of the states' bands.
var classes = [...]string{
	Pending:           "pending",
	ContainerCreating: "creating",
	RunningNotReady:   "notready",
	Ready:             "ready",
	Terminating:       "terminating",
	Failed:            "failed",
}

const style = `
text{fill:#222}
.title{font-size:16px;font-weight:bold}
.sub,.note{font-size:12px;fill:#555}
.legend text{font-size:12px}
.tick{font-size:11px;fill:#444}
.grid{stroke:#ddd;stroke-width:1}
.axis{stroke:#888;stroke-width:1}
.sep{stroke:#888;stroke-width:1}
.label{font-family:"DejaVu Sans Mono",Menlo,Consolas,monospace}
.shade{fill:#f2f2f2}
.bg{fill:#fff3c4;fill-opacity:0}
.row:hover .bg{fill-opacity:0.8}
.band:hover{stroke:#000;stroke-width:1}
.mark{fill:#000}
.cross{stroke:#000;stroke-width:1.5;fill:none}
.pending{fill:#d0d0d0}
.creating{fill:#56b4e9}
.notready{fill:#e69f00}
.ready{fill:#0072b2}
.terminating{fill:url(#hatch-terminating)}
.failed{fill:url(#hatch-failed)}
`

// Render writes an SVG picture of the pod lifecycles in events: one row per
// pod identity, a band per state, creations and deletions marked, the
// trace event behind each band and mark as its hover title. The output is a
// function of events and opts only.
func Render(w io.Writer, events []sim.Event, opts Options) error {
	var last time.Duration
	for _, e := range events {
		last = max(last, e.T)
	}
	return render(w, Bands(events), max(last, opts.End), opts)
}

// layout is the geometry of one picture.
type layout struct {
	width, height  float64
	plotX, plotW   float64
	axisY, plotY   float64
	rowH, bandH    float64
	labelFont      float64
	labelEvery     int
	labelChars     int
	end            time.Duration
	step           time.Duration
	qualify        bool // labels carry the namespace
	shown, omitted int
	legendY        float64
	bottomAxis     bool
	legendItems    []legendItem
}

type legendItem struct {
	x, y  float64
	state State // -1 for a mark
	mark  MarkKind
	text  string
}

func newLayout(rows []Row, end time.Duration, opts Options) *layout {
	l := &layout{width: defaultWidth}
	if opts.Width > 0 {
		l.width = float64(max(opts.Width, minWidth))
	}
	maxRows := opts.MaxRows
	if maxRows <= 0 {
		maxRows = defaultMaxRows
	}
	l.shown = min(len(rows), maxRows)
	l.omitted = len(rows) - l.shown
	l.end = end
	if l.end <= 0 {
		l.end = time.Second
	}

	// Rows shrink to fit the target height, down to a minimum; labels
	// are thinned to every k-th row of a set when rows are too thin for
	// text.
	l.rowH = maxRowHeight
	if l.shown > 0 {
		l.rowH = math.Max(minRowHeight, math.Min(maxRowHeight, math.Floor(targetPlot/float64(l.shown))))
	}
	// Thin rows touch: a gap of a pixel between bands three pixels high
	// would lighten every colour into its neighbour's.
	l.bandH = l.rowH
	if l.rowH >= 10 {
		l.bandH = math.Round(l.rowH * 0.7)
	}
	l.labelFont = math.Min(12, math.Max(10, math.Floor(l.rowH*0.6)))
	l.labelEvery = 1
	for _, k := range []int{1, 2, 5, 10, 20, 50, 100, 200, 500, 1000} {
		l.labelEvery = k
		if float64(k)*l.rowH >= l.labelFont+3 {
			break
		}
	}

	namespaces := map[string]bool{}
	for _, r := range rows[:l.shown] {
		namespaces[r.Namespace] = true
	}
	l.qualify = len(namespaces) > 1
	for _, r := range rows[:l.shown] {
		l.labelChars = max(l.labelChars, len([]rune(l.label(&r))))
	}
	charW := l.labelFont * 0.62
	maxLabelW := math.Floor(l.width * 0.25)
	labelW := math.Min(maxLabelW, math.Max(80, float64(l.labelChars)*charW))
	l.labelChars = max(4, int(labelW/charW))
	l.plotX = pad + labelW + labelGap
	l.plotW = l.width - l.plotX - pad - 8

	// The legend, wrapped to the width.
	l.legendY = 64
	x, y := float64(pad), l.legendY
	add := func(it legendItem) {
		w := 24 + 6.6*float64(len([]rune(it.text))) + 14
		if x+w > l.width-pad && x > pad {
			x, y = pad, y+20
		}
		it.x, it.y = x, y
		l.legendItems = append(l.legendItems, it)
		x += w
	}
	for _, s := range States {
		add(legendItem{state: s, text: s.String()})
	}
	add(legendItem{state: -1, mark: Created, text: "created"})
	add(legendItem{state: -1, mark: Deleted, text: "deletion requested"})
	add(legendItem{state: -1, mark: RemovedAtOnce, text: "removed at once"})

	l.axisY = y + 40
	l.plotY = l.axisY + 4
	l.step = tickStep(l.end, l.plotW)
	plotH := float64(max(l.shown, 1)) * l.rowH
	l.bottomAxis = plotH > bottomAxisAt
	l.height = l.plotY + plotH + 8
	if l.bottomAxis {
		l.height += 18
	}
	if l.omitted > 0 {
		l.height += 20
	}
	l.height += pad
	return l
}

// label is a row's label text, before truncation.
func (l *layout) label(r *Row) string {
	if l.qualify {
		return r.Namespace + "/" + r.Name
	}
	return r.Name
}

// x maps a time to the plot.
func (l *layout) x(t time.Duration) float64 {
	f := float64(t) / float64(l.end)
	return l.plotX + math.Min(1, math.Max(0, f))*l.plotW
}

// niceSteps are the x-axis tick steps, smallest first.
var niceSteps = []time.Duration{
	time.Millisecond, 2 * time.Millisecond, 5 * time.Millisecond,
	10 * time.Millisecond, 20 * time.Millisecond, 50 * time.Millisecond,
	100 * time.Millisecond, 200 * time.Millisecond, 500 * time.Millisecond,
	time.Second, 2 * time.Second, 5 * time.Second, 10 * time.Second, 15 * time.Second, 30 * time.Second,
	time.Minute, 2 * time.Minute, 5 * time.Minute, 10 * time.Minute, 15 * time.Minute, 30 * time.Minute,
	time.Hour, 2 * time.Hour, 3 * time.Hour, 6 * time.Hour, 12 * time.Hour, 24 * time.Hour,
}

// tickStep picks the smallest nice step that keeps ticks minTickGap apart.
func tickStep(end time.Duration, plotW float64) time.Duration {
	maxTicks := math.Max(1, math.Floor(plotW/minTickGap))
	for _, s := range niceSteps {
		if float64(end)/float64(s) <= maxTicks {
			return s
		}
	}
	s := 24 * time.Hour
	for float64(end)/float64(s) > maxTicks {
		s *= 2
	}
	return s
}

// tickLabel formats a tick: seconds below a minute ("0", "2.5s", "45s"),
// then minutes and hours ("1m30s", "2h").
func tickLabel(d time.Duration) string {
	if d == 0 {
		return "0"
	}
	if d < time.Minute {
		return strconv.FormatFloat(d.Seconds(), 'f', -1, 64) + "s"
	}
	var b strings.Builder
	if h := d / time.Hour; h > 0 {
		b.WriteString(strconv.FormatInt(int64(h), 10) + "h")
		d -= h * time.Hour
	}
	if m := d / time.Minute; m > 0 {
		b.WriteString(strconv.FormatInt(int64(m), 10) + "m")
		d -= m * time.Minute
	}
	if d > 0 {
		b.WriteString(strconv.FormatFloat(d.Seconds(), 'f', -1, 64) + "s")
	}
	return b.String()
}

// secs formats a trace time the way the text trace does: "12.400s".
func secs(d time.Duration) string {
	return strconv.FormatFloat(d.Seconds(), 'f', 3, 64) + "s"
}

// num formats a coordinate: at most two decimals, no trailing zeros, never
// NaN or an infinity.
func num(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		v = 0
	}
	s := strconv.FormatFloat(v, 'f', 2, 64)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	if s == "-0" || s == "" {
		s = "0"
	}
	return s
}

// svgWriter writes the picture, keeping the first error.
type svgWriter struct {
	w   *bufio.Writer
	err error
}

func (s *svgWriter) raw(parts ...string) {
	for _, p := range parts {
		if s.err == nil {
			_, s.err = s.w.WriteString(p)
		}
	}
}

// text writes character data, escaped.
func (s *svgWriter) text(t string) {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(t)) // a strings.Builder does not fail
	s.raw(b.String())
}

// attr returns an attribute value, escaped.
func attr(v string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(v))
	return b.String()
}

func (s *svgWriter) title(t string) {
	s.raw("<title>")
	s.text(t)
	s.raw("</title>")
}

func render(w io.Writer, rows []Row, end time.Duration, opts Options) error {
	l := newLayout(rows, end, opts)
	s := &svgWriter{w: bufio.NewWriter(w)}
	title := opts.Title
	if title == "" {
		title = "Pod lifecycles"
	}
	lives := 0
	for _, r := range rows {
		lives += r.Lives
	}
	W, H := num(l.width), num(l.height)
	s.raw(`<?xml version="1.0" encoding="UTF-8"?>`, "\n")
	s.raw(`<svg xmlns="http://www.w3.org/2000/svg" width="`, W, `" height="`, H, `" viewBox="0 0 `, W, " ", H,
		`" font-family="'DejaVu Sans',Helvetica,Arial,sans-serif" font-size="12">`, "\n")
	s.raw("<desc>")
	s.text(fmt.Sprintf("%s: %d pods, %d incarnations, virtual time 0 to %s.", title, len(rows), lives, secs(l.end)))
	s.raw("</desc>\n<style>", style, "</style>\n")
	s.raw(`<defs>`, "\n")
	hatch(s, "hatch-terminating", fills[Terminating], "#ffffff")
	hatch(s, "hatch-failed", fills[Failed], "#000000")
	s.raw(`</defs>`, "\n")
	s.raw(`<rect width="`, W, `" height="`, H, `" fill="#ffffff"/>`, "\n")

	// Heading.
	s.raw(`<text class="title" x="`, num(pad), `" y="24">`)
	s.text(title)
	s.raw("</text>\n")
	sub := fmt.Sprintf("%d %s · %d %s · virtual time 0 – %s", len(rows), plural(len(rows), "pod", "pods"),
		lives, plural(lives, "incarnation", "incarnations"), secs(l.end))
	if l.labelEvery > 1 {
		sub += fmt.Sprintf(" · every %s pod of a set labelled; hover a row for its name", ordinalWord(l.labelEvery))
	}
	s.raw(`<text class="sub" x="`, num(pad), `" y="44">`)
	s.text(sub)
	s.raw("</text>\n")

	legend(s, l)
	axis(s, l, l.axisY, true)

	// Rows: first the shading of every other group of labelled rows and
	// the lines between sets, then the rows, so a label that heads a group
	// of thin rows is not painted over by the rows below it.
	shown := rows[:l.shown]
	inSet := make([]int, len(shown))
	s.raw(`<g class="shading">`, "\n")
	for i := range shown {
		if i > 0 && sameSet(&shown[i], &shown[i-1]) {
			inSet[i] = inSet[i-1] + 1
		}
		y := l.plotY + float64(i)*l.rowH
		if (inSet[i]/l.labelEvery)%2 == 1 {
			s.raw(`<rect class="shade" x="`, num(pad), `" y="`, num(y), `" width="`, num(l.plotX+l.plotW-pad), `" height="`, num(l.rowH), `"/>`, "\n")
		}
	}
	for i := range shown {
		if i > 0 && inSet[i] == 0 {
			y := num(l.plotY + float64(i)*l.rowH)
			s.raw(`<line class="sep" x1="`, num(pad), `" x2="`, num(l.plotX+l.plotW), `" y1="`, y, `" y2="`, y, `"/>`, "\n")
		}
	}
	s.raw("</g>\n")
	s.raw(`<g class="rows">`, "\n")
	for i := range shown {
		drawRow(s, l, &shown[i], i, inSet[i])
	}
	s.raw("</g>\n")
	if l.shown == 0 {
		s.raw(`<text class="note" x="`, num(l.plotX+8), `" y="`, num(l.plotY+l.rowH*0.7), `">no pods in the trace</text>`, "\n")
	}

	bottom := l.plotY + float64(max(l.shown, 1))*l.rowH
	s.raw(`<line class="axis" x1="`, num(l.plotX), `" x2="`, num(l.plotX+l.plotW), `" y1="`, num(bottom), `" y2="`, num(bottom), `"/>`, "\n")
	if l.bottomAxis {
		axis(s, l, bottom+15, false)
	}
	if l.omitted > 0 {
		y := l.height - pad - 4
		s.raw(`<text class="note" x="`, num(pad), `" y="`, num(y), `">`)
		s.text(fmt.Sprintf("… and %d more %s not drawn (MaxRows %d)", l.omitted, plural(l.omitted, "pod", "pods"), l.shown))
		s.raw("</text>\n")
	}
	s.raw("</svg>\n")
	if s.err != nil {
		return s.err
	}
	return s.w.Flush()
}

func sameSet(a, b *Row) bool { return a.Namespace == b.Namespace && a.Set == b.Set }

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func ordinalWord(k int) string {
	switch k {
	case 2:
		return "2nd"
	case 3:
		return "3rd"
	}
	return strconv.Itoa(k) + "th"
}

// hatch defines a diagonally hatched fill.
func hatch(s *svgWriter, id, bg, line string) {
	s.raw(`<pattern id="`, id, `" patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)">`,
		`<rect width="6" height="6" fill="`, bg, `"/>`,
		`<line x1="0" y1="0" x2="0" y2="6" stroke="`, line, `" stroke-width="2" stroke-opacity="0.55"/>`,
		"</pattern>\n")
}

// stateHelp and markHelp explain the legend's entries on hover.
var stateHelp = [...]string{
	Pending:           "created, not yet bound to a node",
	ContainerCreating: "bound to a node; images pulling, volumes mounting, containers starting (an image pull failure stays here)",
	RunningNotReady:   "phase Running, Ready condition false: the readiness probe has not passed yet, or a container exited and waits to restart",
	Ready:             "phase Running and Ready: the pod receives traffic and counts for the StatefulSet's ordered rollout",
	Terminating:       "graceful deletion requested; the containers stop, then the object is removed",
	Failed:            "a terminal phase (an eviction) until the pod is deleted",
}

var markHelp = [...]string{
	Created:       "the pod object was created (by the StatefulSet controller or a user)",
	Deleted:       "graceful deletion started; the Terminating band follows",
	Removed:       "the object left the store at the end of its Terminating band",
	RemovedAtOnce: "the object was removed without graceful termination: a forced deletion, or a pod never bound to a node",
}

// legend draws the states' swatches and the marks.
func legend(s *svgWriter, l *layout) {
	s.raw(`<g class="legend">`, "\n")
	for _, it := range l.legendItems {
		y := it.y
		s.raw("<g>")
		if it.state >= 0 {
			s.title(it.state.String() + ": " + stateHelp[it.state])
		} else {
			s.title(it.text + ": " + markHelp[it.mark])
		}
		if it.state >= 0 {
			s.raw(`<rect class="`, classes[it.state], `" x="`, num(it.x), `" y="`, num(y-10), `" width="18" height="12"/>`)
		} else {
			s.raw(`<g class="mark">`)
			markShape(s, it.mark, it.x+7, y-10, 12)
			s.raw(`</g>`)
		}
		s.raw(`<text x="`, num(it.x+24), `" y="`, num(y), `">`)
		s.text(it.text)
		s.raw("</text></g>\n")
	}
	s.raw("</g>\n")
}

// axis draws the time axis: tick labels above (top) or below the plot, and
// at the top the grid lines through the plot.
func axis(s *svgWriter, l *layout, y float64, top bool) {
	bottom := l.plotY + float64(max(l.shown, 1))*l.rowH
	s.raw(`<g class="xaxis">`, "\n")
	if top {
		s.raw(`<text class="tick" x="`, num(pad), `" y="`, num(y-6), `">virtual time</text>`, "\n")
		s.raw(`<line class="axis" x1="`, num(l.plotX), `" x2="`, num(l.plotX+l.plotW), `" y1="`, num(y), `" y2="`, num(y), `"/>`, "\n")
	}
	n := int(l.end / l.step)
	for i := 0; i <= n; i++ {
		t := time.Duration(i) * l.step
		x := num(l.x(t))
		anchor := "middle"
		if i == 0 {
			anchor = "start"
		} else if l.x(t) > l.plotX+l.plotW-20 {
			anchor = "end"
		}
		if top {
			s.raw(`<line class="grid" x1="`, x, `" x2="`, x, `" y1="`, num(y-3), `" y2="`, num(bottom), `"/>`)
			s.raw(`<text class="tick" x="`, x, `" y="`, num(y-6), `" text-anchor="`, anchor, `">`, tickLabel(t), "</text>\n")
		} else {
			s.raw(`<text class="tick" x="`, x, `" y="`, num(y), `" text-anchor="`, anchor, `">`, tickLabel(t), "</text>\n")
		}
	}
	s.raw("</g>\n")
}

// drawRow draws one pod identity: its background, label, bands and marks.
func drawRow(s *svgWriter, l *layout, r *Row, i, inSet int) {
	y := l.plotY + float64(i)*l.rowH
	id := r.ID()
	s.raw(`<g class="row" data-pod="`, attr(id), `">`)
	s.title(id)
	// A transparent target for the row's title and hover highlight.
	s.raw(`<rect class="bg" x="`, num(pad), `" y="`, num(y), `" width="`, num(l.plotX+l.plotW-pad), `" height="`, num(l.rowH), `"/>`)
	if inSet%l.labelEvery == 0 {
		label := l.label(r)
		if rs := []rune(label); len(rs) > l.labelChars {
			label = "…" + string(rs[len(rs)-l.labelChars+1:])
		}
		ty := y + l.rowH/2 + l.labelFont*0.35
		if l.labelEvery > 1 {
			ty = y + l.labelFont*0.8 // the label heads its group of rows
		}
		s.raw(`<text class="label" x="`, num(l.plotX-labelGap), `" y="`, num(ty), `" text-anchor="end" font-size="`, num(l.labelFont), `">`)
		s.text(label)
		s.raw("</text>")
	}
	s.raw("\n")
	by := y + (l.rowH-l.bandH)/2
	// Bands of a visible width first, then slivers on top so an instant
	// state (a crash with an immediate restart) is not hidden.
	for pass := range 2 {
		for _, b := range r.Bands {
			x0, x1 := l.x(b.Start), l.x(b.End)
			if b.Open {
				x1 = l.x(l.end)
			}
			sliver := x1-x0 < 2
			if sliver != (pass == 1) {
				continue
			}
			w := x1 - x0
			if sliver {
				x0, w = math.Max(l.plotX, x0-1), 2
			}
			s.raw(`<rect class="band `, classes[b.State], `" x="`, num(x0), `" y="`, num(by), `" width="`, num(w), `" height="`, num(l.bandH), `">`)
			s.title(bandTitle(r, &b, l.end))
			s.raw("</rect>\n")
		}
	}
	for _, m := range r.Marks {
		if m.Kind == Removed {
			continue // the Terminating band's end shows it
		}
		s.raw(`<g class="mark `, markClass(m.Kind), `">`)
		s.title(markTitle(r, &m))
		markShape(s, m.Kind, l.x(m.Cause.T), by, l.bandH)
		s.raw("</g>\n")
	}
	s.raw("</g>\n")
}

func markClass(k MarkKind) string {
	switch k {
	case Created:
		return "created"
	case Deleted:
		return "deleted"
	case Removed:
		return "removed"
	}
	return "removed-at-once"
}

// markShape draws a mark at x over a band at y of height h: a triangle
// pointing right at a creation, a bar at a deletion request, a cross at a
// removal without graceful termination (a removal after one ends the
// Terminating band and is not drawn apart).
func markShape(s *svgWriter, k MarkKind, x, y, h float64) {
	h = math.Max(h, 3)
	w := math.Max(2, h*0.4)
	switch k {
	case Created:
		s.raw(`<path d="M`, num(x), " ", num(y), "L", num(x+w), " ", num(y+h/2), "L", num(x), " ", num(y+h), `Z"/>`)
	case Deleted:
		bw := math.Max(1.5, h/6)
		s.raw(`<rect x="`, num(x-bw/2), `" y="`, num(y-1), `" width="`, num(bw), `" height="`, num(h+2), `"/>`)
	default:
		r := h / 2
		cx, cy := x, y+h/2
		s.raw(`<path class="cross" d="M`, num(cx-r), " ", num(cy-r), "L", num(cx+r), " ", num(cy+r),
			"M", num(cx-r), " ", num(cy+r), "L", num(cx+r), " ", num(cy-r), `"/>`)
	}
}

// bandTitle is a band's hover text: the pod, the state and its span, and
// the trace event that started it (reason and time), then the events that
// changed nothing.
func bandTitle(r *Row, b *Band, end time.Duration) string {
	var t strings.Builder
	t.WriteString(r.ID())
	if r.Lives > 1 {
		fmt.Fprintf(&t, " (incarnation %d of %d)", b.Life+1, r.Lives)
	}
	t.WriteString(": ")
	t.WriteString(b.State.String())
	t.WriteByte('\n')
	if b.Open {
		fmt.Fprintf(&t, "from %s, still at the end (%s)\n", secs(b.Start), secs(end))
	} else {
		fmt.Fprintf(&t, "%s → %s (%s)\n", secs(b.Start), secs(b.End), secs(b.End-b.Start))
	}
	t.WriteString(causeLine(b.Cause))
	const maxNotes = 8
	for i, n := range b.Notes {
		if i == maxNotes {
			fmt.Fprintf(&t, "\n… %d more", len(b.Notes)-maxNotes)
			break
		}
		t.WriteString("\nthen ")
		t.WriteString(causeLine(n))
	}
	return t.String()
}

// causeLine renders a trace event: "at 2.665s kubelet status: containers
// started; Ready".
func causeLine(c Cause) string {
	s := "at " + secs(c.T) + " " + c.Actor + " " + c.Verb
	if c.Reason != "" {
		s += ": " + c.Reason
	}
	return s
}

func markTitle(r *Row, m *Mark) string {
	s := r.ID()
	if r.Lives > 1 {
		s += fmt.Sprintf(" (incarnation %d of %d)", m.Life+1, r.Lives)
	}
	return s + " " + m.Kind.String() + "\n" + causeLine(m.Cause)
}
