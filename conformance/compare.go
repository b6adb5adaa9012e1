package conformance

import (
	"fmt"
	"slices"
	"strings"
)

// KubernetesVersion is the version of the real controller the harness runs.
const KubernetesVersion = "v1.37.2"

// Diff compares the writes of the two sides and returns a side-by-side
// rendering of both, section by section, or "" when they agree.
func Diff(ours, theirs Writes) string {
	a, b := ours.lists(), theirs.lists()
	same := true
	for i := range a {
		if !slices.Equal(a[i].lines, b[i].lines) {
			same = false
		}
	}
	if same {
		return ""
	}
	return sideBySide(ours, theirs)
}

// colWidth is the width of a column of the side-by-side rendering; longer
// lines are cut there and printed in full below the table when they differ.
const colWidth = 72

// sideBySide renders both sides' writes in two columns, "!" marking the
// rows that differ.
func sideBySide(ours, theirs Writes) string {
	a, b := ours.lists(), theirs.lists()
	var out, full strings.Builder
	fmt.Fprintf(&out, "  %-*s | %s\n", colWidth, "stsim", "kubernetes "+KubernetesVersion)
	for i := range a {
		if len(a[i].lines) == 0 && len(b[i].lines) == 0 {
			continue
		}
		fmt.Fprintf(&out, "  -- %s\n", a[i].title)
		for _, r := range align(a[i].lines, b[i].lines) {
			mark := " "
			if r.left != r.right {
				mark = "!"
				if len(r.left) > colWidth || len(r.right) > colWidth {
					fmt.Fprintf(&full, "  stsim:      %s\n  kubernetes: %s\n", orNone(r.left), orNone(r.right))
				}
			}
			fmt.Fprintf(&out, "%s %-*s | %s\n", mark, colWidth, cut(r.left), cut(r.right))
		}
	}
	if full.Len() > 0 {
		out.WriteString("  the differing rows in full:\n")
		out.WriteString(full.String())
	}
	return out.String()
}

func cut(s string) string {
	if len(s) <= colWidth {
		return s
	}
	return s[:colWidth-3] + "..."
}

func orNone(s string) string {
	if s == "" {
		return "(nothing)"
	}
	return s
}

type row struct{ left, right string }

// align pairs the lines of two lists along their longest common
// subsequence; the lines between two common ones are paired in order.
func align(a, b []string) []row {
	n, m := len(a), len(b)
	lcs := make([][]int, n+1)
	for i := range lcs {
		lcs[i] = make([]int, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var rows []row
	var l, r []string
	flush := func() {
		for k := 0; k < max(len(l), len(r)); k++ {
			var x row
			if k < len(l) {
				x.left = l[k]
			}
			if k < len(r) {
				x.right = r[k]
			}
			rows = append(rows, x)
		}
		l, r = l[:0], r[:0]
	}
	i, j := 0, 0
	for i < n || j < m {
		switch {
		case i < n && j < m && a[i] == b[j]:
			flush()
			rows = append(rows, row{a[i], b[j]})
			i++
			j++
		case j >= m || i < n && lcs[i+1][j] >= lcs[i][j+1]:
			l = append(l, a[i])
			i++
		default:
			r = append(r, b[j])
			j++
		}
	}
	flush()
	return rows
}
