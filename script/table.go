package script

import (
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"k8s.io/apimachinery/pkg/util/duration"
)

// newTable returns a writer laid out as kubectl's tables are
// (cli-runtime printers.GetNewTabWriter).
func newTable(w io.Writer) *tabwriter.Writer {
	return tabwriter.NewWriter(w, 6, 4, 3, ' ', 0)
}

// writeRow writes one row of cells.
func writeRow(w io.Writer, cells []string) {
	io.WriteString(w, strings.Join(cells, "\t")+"\n")
}

// age renders the time since a virtual instant as kubectl's AGE column
// does: 5s, 2m3s, 10m, 3h, ...
func age(now, since time.Duration) string {
	return duration.HumanDuration(now - since)
}

// orNone is kubectl's "<none>" for an empty cell.
func orNone(s string) string {
	if s == "" {
		return "<none>"
	}
	return s
}
