package bench

import (
	"cmp"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
)

// PrintTable writes the figures grouped by section, with targets and
// verdicts, then any skipped sections.
func (r *Results) PrintTable(w io.Writer) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	fmt.Fprintf(w, "Lambdaform bench (quick=%v, %d CPUs, load average %s at start, %s at end)\n\n",
		r.Quick, r.CPUs, r.LoadStart, r.LoadEnd)
	// Sections are numbered as in the issue; figures from one section may
	// be recorded at different times (e.g. RIE after the engine).
	figs := slices.Clone(r.Figures)
	slices.SortStableFunc(figs, compareSections)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	section := ""
	for _, f := range figs {
		if f.Section != section {
			section = f.Section
			// No tab: a line without cells ends the column block, so
			// the long header does not widen the first column.
			fmt.Fprintf(tw, "\n%s\n", section)
		}
		fmt.Fprintf(tw, "  %s\t%s %s\t%s\t%s\t%s\n", f.Name, format(f.Value), f.Unit, runs(f.Runs), f.Target+verdict(f.Verdict), f.Note)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, s := range r.Skipped {
		fmt.Fprintf(w, "SKIPPED %s\n", s)
	}
	return nil
}

// compareSections orders figures by the number their section starts with
// ("1-3.", "4." … "11."), then by section name.
func compareSections(a, b Figure) int {
	if c := cmp.Compare(sectionNumber(a.Section), sectionNumber(b.Section)); c != 0 {
		return c
	}
	return strings.Compare(a.Section, b.Section)
}

// sectionNumber is the leading integer of a section name (0 if none).
func sectionNumber(s string) int {
	end := strings.IndexFunc(s, func(r rune) bool { return r < '0' || r > '9' })
	if end < 0 {
		end = len(s)
	}
	n, _ := strconv.Atoi(s[:end])
	return n
}

func format(v float64) string {
	switch {
	case v == math.Trunc(v):
		return strconv.FormatFloat(v, 'f', 0, 64)
	case v >= 1000:
		return strconv.FormatFloat(v, 'f', 0, 64)
	case v >= 10:
		return strconv.FormatFloat(v, 'f', 1, 64)
	default:
		return strconv.FormatFloat(v, 'f', 3, 64)
	}
}

func runs(n int) string {
	if n <= 1 {
		return ""
	}
	return fmt.Sprintf("median of %d", n)
}

func verdict(v string) string {
	if v == "" {
		return ""
	}
	return "  " + v
}
