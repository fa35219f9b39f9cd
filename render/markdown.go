package render

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/plandiff/plandiff/diff"
	"github.com/plandiff/plandiff/internal/plan"
)

// Flow diagram limits: small comparisons show every point, larger ones only changed points,
// and no diagram has more than maxFlowEdges links.
const (
	maxFlowAll   = 60
	maxFlowEdges = 150
)

// Markdown writes the comparison as a GitHub Markdown report: a header describing both versions,
// a summary table, the changed key figures, a Mermaid diagram of how the points moved, one section
// per change with its word diff (<del> and <ins>) and sources as footnotes.
// All document text is escaped, so it cannot break tables or inject markup or links.
func Markdown(w io.Writer, c *Comparison, opt Options) error {
	if err := c.check(); err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	m := &mdReport{w: bw, c: c, opt: opt, notes: newFootnotes()}
	m.notes.add(c.From)
	m.notes.add(c.To)
	for _, ch := range visible(c.Result, opt.OnlyChanged) {
		m.notes.use(c.From, citations(c.From.Version, ch.From))
		m.notes.use(c.To, citations(c.To.Version, ch.To))
	}
	m.header()
	m.summary()
	m.figures()
	m.flow()
	m.changes()
	m.footnoteDefs()
	return bw.Flush()
}

type mdReport struct {
	w     *bufio.Writer
	c     *Comparison
	opt   Options
	notes *footnotes
}

func (m *mdReport) printf(format string, args ...any) {
	fmt.Fprintf(m.w, format, args...)
}

func (m *mdReport) header() {
	from, to := m.c.From, m.c.To
	m.printf("# %s → %s\n\n", mdInline(from.Name()), mdInline(to.Name()))
	m.printf("| | %s | %s |\n|---|---|---|\n", mdInline(from.Name()), mdInline(to.Name()))
	row := func(name string, f func(Side) string) {
		m.printf("| %s | %s | %s |\n", name, f(from), f(to))
	}
	row("Title", func(s Side) string { return mdInline(s.Version.Title) })
	if from.Rev != "" || to.Rev != "" {
		row("Revision", func(s Side) string { return mdInline(emDash(s.Rev)) })
	}
	row("Date", func(s Side) string { return mdInline(emDash(s.Version.Date)) })
	row("Parties", func(s Side) string { return mdInline(emDash(joinParties(s.Version.Parties))) })
	row("Status", func(s Side) string { return mdInline(emDash(s.Version.Status)) })
	row("Completeness", func(s Side) string { return mdInline(emDash(s.Version.Completeness)) })
	row("Points", func(s Side) string { return pointCounts(s.Version) })
	row("Sources", func(s Side) string {
		cited := 0
		for _, src := range s.Version.Sources {
			if id, _ := m.notes.ref(s, src.Key); m.notes.used[id] {
				cited++
			}
		}
		return fmt.Sprintf("%d in the manifest, %d cited below", len(s.Version.Sources), cited)
	})
	m.printf("\n")
	var opts []string
	if m.c.Options.Threshold != 0 {
		opts = append(opts, "similarity threshold "+strconv.FormatFloat(round3(m.c.Options.Threshold), 'f', -1, 64))
	}
	if m.c.Options.IgnoreTrivial {
		opts = append(opts, "edits of whitespace, case and punctuation ignored")
	}
	if len(opts) > 0 {
		m.printf("Options: %s.\n\n", strings.Join(opts, "; "))
	}
	for _, s := range []Side{from, to} {
		if s.Version.Note != "" {
			m.printf("Note on %s: %s\n\n", mdInline(s.Name()), mdInline(s.Version.Note))
		}
	}
}

// pointCounts describes how many points a version declares and how many the dataset has.
func pointCounts(v *plan.Version) string {
	declared := "number not declared"
	if v.DeclaredPoints > 0 {
		declared = strconv.Itoa(v.DeclaredPoints) + " declared"
	}
	return fmt.Sprintf("%s, %d present, %d with reported text", declared, presentPoints(v), reportedPoints(v))
}

// joinParties lists parties for one line: separated by commas, or by semicolons when a party's
// name has a comma of its own ("Office of the President, Ukraine; Russia").
func joinParties(parties []string) string {
	sep := ", "
	for _, p := range parties {
		if strings.Contains(p, ",") {
			sep = "; "
			break
		}
	}
	return strings.Join(parties, sep)
}

// emDash returns s, or an em dash when s is empty.
func emDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

func (m *mdReport) summary() {
	n := counts(m.c.Result)
	m.printf("## Summary\n\n| Kind | Changes |\n|---|---:|\n")
	for _, k := range summaryKinds(n) {
		if n[k] > 0 {
			m.printf("| %s | %d |\n", mdInline(string(k)), n[k])
		}
	}
	m.printf("| total | %d |\n\n", len(m.c.Result.Changes))
}

func (m *mdReport) figures() {
	m.printf("## Key figures\n\n")
	any := false
	for _, ch := range m.c.Result.Changes {
		for _, f := range ch.Figures {
			if !any {
				m.printf("| Point | Old | New |\n|---|---|---|\n")
				any = true
			}
			m.printf("| %s | %s | %s |\n", mdInline(m.changeTitle(ch)), mdInline(emDash(f.Old)), mdInline(emDash(f.New)))
		}
	}
	if !any {
		m.printf("No key figures changed.\n")
	}
	m.printf("\n")
}

// changeTitle names a change by its labels: "6 → 7".
func (m *mdReport) changeTitle(ch diff.Change) string {
	return changeTitle(m.c, ch)
}

func changeTitle(c *Comparison, ch diff.Change) string {
	return labelList(labels(c.From.Version, ch.From)) + " → " + labelList(labels(c.To.Version, ch.To))
}

func (m *mdReport) flow() {
	all := m.c.Result.Changes
	shown := all
	leftUnchanged := m.opt.OnlyChanged || len(all) > maxFlowAll
	if leftUnchanged {
		shown = visible(m.c.Result, true)
	}
	m.printf("## Flow\n\n")
	if len(shown) == 0 {
		m.printf("No points changed.\n\n")
		return
	}
	// Links first, so nodes are declared only when a shown link uses them.
	type link struct{ from, to, label string }
	var links []link
	total := 0
	usedOld := make(map[int]bool)
	usedNew := make(map[int]bool)
	sinks := make(map[string]bool)
	add := func(l link) {
		total++
		if len(links) < maxFlowEdges {
			links = append(links, l)
		}
	}
	for _, ch := range shown {
		label := string(ch.Kind)
		if ch.Kind == diff.Unchanged {
			label = ""
		}
		switch {
		case len(ch.From) > 0 && len(ch.To) > 0:
			for _, i := range ch.From {
				for _, j := range ch.To {
					add(link{"a" + strconv.Itoa(i), "b" + strconv.Itoa(j), label})
				}
			}
		case len(ch.From) > 0:
			sink := "sink_removed"
			switch ch.Kind {
			case diff.MovedOut:
				sink = "sink_moved"
			case diff.NotReported:
				sink = "sink_unreported"
			}
			for _, i := range ch.From {
				add(link{"a" + strconv.Itoa(i), sink, ""})
			}
		case len(ch.To) > 0:
			for _, j := range ch.To {
				add(link{"src_new", "b" + strconv.Itoa(j), ""})
			}
		}
	}
	for _, l := range links {
		if i, ok := nodeIndex(l.from, "a"); ok {
			usedOld[i] = true
		} else {
			sinks[l.from] = true
		}
		if j, ok := nodeIndex(l.to, "b"); ok {
			usedNew[j] = true
		} else {
			sinks[l.to] = true
		}
	}
	m.printf("```mermaid\nflowchart LR\n")
	m.subgraph("A", m.c.From, usedOld, "a")
	m.subgraph("B", m.c.To, usedNew, "b")
	sinkLabels := map[string]string{
		"src_new":         "new in " + m.c.To.Name(),
		"sink_removed":    "removed in " + m.c.To.Name(),
		"sink_moved":      "moved to a separate document",
		"sink_unreported": "not reported in " + m.c.To.Name(),
	}
	for _, id := range []string{"src_new", "sink_removed", "sink_moved", "sink_unreported"} {
		if sinks[id] {
			m.printf("  %s([%s])\n", id, mermaidLabel(sinkLabels[id], 60))
		}
	}
	for _, l := range links {
		if l.label != "" {
			m.printf("  %s -->|%s| %s\n", l.from, mermaidLabel(l.label, 20), l.to)
		} else {
			m.printf("  %s --> %s\n", l.from, l.to)
		}
	}
	m.printf("```\n\n")
	switch {
	case total > len(links) && leftUnchanged:
		m.printf("Unchanged points are left out of the diagram, and so are %d of its %d links; every change is listed below.\n\n", total-len(links), total)
	case total > len(links):
		m.printf("The diagram leaves out %d of its %d links; every change is listed below.\n\n", total-len(links), total)
	case leftUnchanged:
		m.printf("Unchanged points are left out of the diagram.\n\n")
	}
}

func nodeIndex(id, prefix string) (int, bool) {
	if !strings.HasPrefix(id, prefix) {
		return 0, false
	}
	n, err := strconv.Atoi(id[len(prefix):])
	return n, err == nil
}

// subgraph declares the used points of a version, in document order.
func (m *mdReport) subgraph(name string, s Side, used map[int]bool, prefix string) {
	m.printf("  subgraph %s[%s]\n", name, mermaidLabel(s.Name(), 60))
	for i, p := range s.Version.Points {
		if !used[i] {
			continue
		}
		label := p.Label
		if st := p.EffectiveStatus(); st != plan.StatusReported {
			label += " (" + st + ")"
		}
		m.printf("    %s%d[%s]\n", prefix, i, mermaidLabel(label, 40))
	}
	m.printf("  end\n")
}

func (m *mdReport) changes() {
	m.printf("## Changes\n\n")
	shown := visible(m.c.Result, m.opt.OnlyChanged)
	if left := len(m.c.Result.Changes) - len(shown); left > 0 {
		m.printf("%d unchanged points are not shown.\n\n", left)
	}
	if len(shown) == 0 {
		m.printf("No changes.\n\n")
	}
	for _, ch := range shown {
		m.change(ch)
	}
}

func (m *mdReport) change(ch diff.Change) {
	from, to := m.c.From, m.c.To
	m.printf("### %s: %s\n\n", mdInline(m.changeTitle(ch)), mdInline(string(ch.Kind)))
	meta := append([]string{"basis: " + mdInline(string(ch.Basis))}, changeFacts(m.c, ch, ": ", mdInline)...)
	m.printf("%s\n\n", capitalize(strings.Join(meta, " · ")))

	oldState, newState := state(from.Version, ch.From), state(to.Version, ch.To)
	if oldState == sideKnown && newState == sideKnown {
		m.printf("%s\n\n", mdLineStart(mdWords(words(from.Version, to.Version, ch))))
	} else {
		m.sideText(from, ch.From, oldState, ch.Kind, false)
		m.sideText(to, ch.To, newState, ch.Kind, true)
	}
	for _, s := range []struct {
		side Side
		idx  []int
	}{{from, ch.From}, {to, ch.To}} {
		for _, i := range s.idx {
			if p := s.side.Version.Points[i]; p.Note != "" {
				m.printf("Note on %s %s: %s\n\n", mdInline(s.side.Name()), mdInline(p.Label), mdInline(p.Note))
			}
		}
	}
	var cites []string
	if c := m.citations(from, ch.From); c != "" {
		cites = append(cites, c)
	}
	if c := m.citations(to, ch.To); c != "" {
		cites = append(cites, c)
	}
	if len(cites) > 0 {
		m.printf("Sources: %s\n\n", strings.Join(cites, "; "))
	}
}

// sideText writes one side of a change whose content is not known on both sides.
func (m *mdReport) sideText(s Side, idx []int, st sideState, kind diff.Kind, isNew bool) {
	switch {
	case st == sideKnown:
		m.printf("**%s:** %s\n\n", mdInline(s.Name()), mdEscape(texts(s.Version, idx), "<br>"))
	case st == sideAbsent && !isNew:
		// An added point: the heading says so.
	default:
		m.printf("**%s:** %s.\n\n", mdInline(s.Name()), mdInline(absence(st, kind, s.Version.ID, isNew)))
	}
}

// citations lists the sources the points cite as footnote references, prefixed by the version.
func (m *mdReport) citations(s Side, idx []int) string {
	cs := citations(s.Version, idx)
	if len(cs) == 0 {
		return ""
	}
	var parts []string
	for _, ct := range cs {
		var p string
		if id, ok := m.notes.ref(s, ct.Key); ok {
			p = "[^" + id + "]"
		} else {
			p = mdInline(ct.Key) + " (not in the manifest)"
		}
		if ct.Locator != "" {
			p += " (" + mdInline(ct.Locator) + ")"
		}
		parts = append(parts, p)
	}
	return mdInline(s.Name()) + " " + strings.Join(parts, ", ")
}

// mdWords renders a word diff on one line: deletions in <del>, insertions in <ins>, newlines as <br>.
func mdWords(ws []diff.Edit) string {
	var b strings.Builder
	for _, e := range ws {
		if e.Text == "" {
			continue
		}
		t := mdEscape(e.Text, "<br>")
		switch e.Op {
		case diff.Delete:
			b.WriteString("<del>" + t + "</del>")
		case diff.Insert:
			b.WriteString("<ins>" + t + "</ins>")
		default:
			b.WriteString(t)
		}
	}
	return b.String()
}

// fidelities describes the fidelity of both sides' texts when any is set: "summary → verbatim".
func fidelities(from *plan.Version, fi []int, to *plan.Version, ti []int) string {
	side := func(v *plan.Version, idx []int) string {
		var fs []string
		for _, i := range idx {
			if f := v.Points[i].Fidelity; f != "" && !slices.Contains(fs, f) {
				fs = append(fs, f)
			}
		}
		return strings.Join(fs, ", ")
	}
	a, b := side(from, fi), side(to, ti)
	switch {
	case a == b, len(ti) == 0:
		return a
	case len(fi) == 0:
		return b
	}
	return emDash(a) + " → " + emDash(b)
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func (m *mdReport) footnoteDefs() {
	if len(m.notes.defs) == 0 {
		return
	}
	for _, d := range m.notes.defs {
		if !m.notes.used[d.id] {
			continue
		}
		line := mdInline(d.version + ": " + sourceLine(d.source))
		if u, ok := safeURL(d.source.URL); ok {
			line += ", <" + u + ">"
		} else if d.source.URL != "" {
			line += ", " + mdInline(d.source.URL) + " (not a web link)"
		}
		if d.source.Note != "" {
			line += ". " + mdInline(d.source.Note)
		}
		m.printf("[^%s]: %s\n", d.id, line)
	}
}
