package render

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/plandiff/plandiff/internal/plan"
	"github.com/plandiff/plandiff/internal/store"
)

// List writes one line per version: id, date, points present of declared, completeness,
// number of sources and parties.
func List(w io.Writer, versions []*plan.Version) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tDATE\tPOINTS\tCOMPLETENESS\tSOURCES\tPARTIES")
	for _, v := range versions {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d\t%s\n",
			sanitize(v.ID), sanitize(v.Date), pointCount(v), sanitize(v.Completeness), len(v.Sources),
			sanitize(joinParties(v.Parties)))
	}
	return tw.Flush()
}

// pointCount is "present/declared", with "?" when the document declares no number.
func pointCount(v *plan.Version) string {
	declared := "?"
	if v.DeclaredPoints > 0 {
		declared = fmt.Sprint(v.DeclaredPoints)
	}
	return fmt.Sprintf("%d/%s", len(v.Points), declared)
}

// ShowVersion writes a version's manifest, its points and its sources as plain text.
func ShowVersion(w io.Writer, v *plan.Version) error {
	b := &textWriter{w: w}
	b.line("%s: %s", v.ID, v.Title)
	b.line("date: %s   status: %s   completeness: %s", v.Date, v.Status, v.Completeness)
	if len(v.Parties) > 0 {
		b.line("parties: %s", joinParties(v.Parties))
	}
	b.line("points: %s (present/declared)", pointCount(v))
	if len(v.DerivedFrom) > 0 {
		b.line("derived from: %s", strings.Join(v.DerivedFrom, ", "))
	}
	if v.Note != "" {
		b.line("note: %s", v.Note)
	}
	b.line("")
	for _, p := range v.Points {
		keys := make([]string, len(p.Sources))
		for i, s := range p.Sources {
			keys[i] = s.Key
		}
		status := ""
		if st := p.EffectiveStatus(); st != plan.StatusReported {
			status = " [" + st + "]"
		}
		title := ""
		if p.Title != "" {
			title = " (" + p.Title + ")"
		}
		b.line("%s%s%s %s [%s]", p.Label, title, status, flatten(p.Text), strings.Join(keys, ", "))
	}
	b.line("")
	b.line("sources:")
	for _, s := range v.Sources {
		b.line("  [%s] %s", s.Key, citeLine(s, ""))
	}
	return b.err
}

// ShowPoint writes one point with its front matter and full citations.
func ShowPoint(w io.Writer, v *plan.Version, p plan.Point) error {
	b := &textWriter{w: w}
	head := v.ID + " " + p.Label
	if p.Title != "" {
		head += ": " + p.Title
	}
	b.line("%s", head)
	b.line("file: %s", p.File)
	b.line("status: %s   fidelity: %s", p.EffectiveStatus(), orDash(p.Fidelity))
	if len(p.Topics) > 0 {
		b.line("topics: %s", strings.Join(p.Topics, ", "))
	}
	if len(p.Section) > 0 {
		b.line("section: %s", strings.Join(p.Section, " › "))
	}
	for _, l := range p.Lineage {
		b.line("lineage: %s %s of %s %s", p.Label, l.Relation, l.Version, l.Label)
	}
	if p.Note != "" {
		b.line("note: %s", p.Note)
	}
	b.line("")
	for _, para := range strings.Split(p.Text, "\n") {
		b.line("%s", para)
	}
	b.line("")
	b.line("sources:")
	for _, ref := range p.Sources {
		s, ok := v.Source(ref.Key)
		if !ok {
			b.line("  [%s] (not in the manifest)", ref.Key)
			continue
		}
		loc := ref.Locator
		if ref.Note != "" {
			loc = strings.TrimSpace(loc + "; " + ref.Note)
		}
		b.line("  [%s] %s", ref.Key, citeLine(s, loc))
	}
	return b.err
}

// citeLine formats a source as outlet, "title", date, URL, with an optional locator.
func citeLine(s plan.Source, locator string) string {
	parts := []string{s.Outlet}
	if s.Title != "" {
		parts = append(parts, fmt.Sprintf("%q", s.Title))
	}
	if s.Date != "" {
		parts = append(parts, s.Date)
	}
	if s.URL != "" {
		parts = append(parts, s.URL)
	}
	out := strings.Join(parts, ", ")
	if locator != "" {
		out += " (" + locator + ")"
	}
	return out
}

// Findings writes validation findings as FILE:LINE: message, one per line.
func Findings(w io.Writer, findings []plan.Finding) error {
	b := &textWriter{w: w}
	for _, f := range findings {
		if f.Line > 0 {
			b.line("%s:%d: %s", f.File, f.Line, f.Message)
		} else {
			b.line("%s: %s", f.File, f.Message)
		}
	}
	if len(findings) == 0 {
		b.line("no findings")
	}
	return b.err
}

// Log writes history entries newest first: short hash, date, author, message, summary.
func Log(w io.Writer, entries []store.LogEntry) error {
	b := &textWriter{w: w}
	for _, e := range entries {
		hash := e.Commit
		if len(hash) > 7 {
			hash = hash[:7]
		}
		subject, _, _ := strings.Cut(e.Message, "\n")
		line := fmt.Sprintf("%s %s %s  %s", hash, e.Author.When.UTC().Format("2006-01-02"), e.Author.Name, subject)
		if e.Summary != "" {
			line += "  (" + e.Summary + ")"
		}
		b.line("%s", line)
	}
	if len(entries) == 0 {
		b.line("no history")
	}
	return b.err
}

// textWriter writes sanitised lines and remembers the first error.
type textWriter struct {
	w   io.Writer
	err error
}

func (t *textWriter) line(format string, args ...any) {
	if t.err != nil {
		return
	}
	_, t.err = io.WriteString(t.w, sanitize(fmt.Sprintf(format, args...))+"\n")
}

// flatten puts a multi-line text on one line.
func flatten(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
