package render

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/plandiff/plandiff/diff"
)

// TermOptions tune the terminal report. The caller decides Color (from --color, NO_COLOR and
// whether the output is a terminal) and Width.
type TermOptions struct {
	// Color marks deletions red and struck out and insertions green with ANSI escapes;
	// without it they are marked [-like this-] and {+like this+}.
	Color bool
	// Width is the line width in columns; 0 means 80.
	Width int
	// OnlyChanged leaves out unchanged points (the summary still counts them).
	OnlyChanged bool
}

// Terminal writes the comparison as plain text for a terminal, wrapped to the width at word
// boundaries. Control characters and escape sequences in document text are removed, so the
// only escapes in the output are the colours the report adds itself.
func Terminal(w io.Writer, c *Comparison, opt TermOptions) error {
	if err := c.check(); err != nil {
		return err
	}
	width := opt.Width
	if width <= 0 {
		width = 80
	}
	var b strings.Builder
	t := &termWriter{b: &b, color: opt.Color, width: width}
	from, to := c.From, c.To

	t.para(0, span{bold, oneLine(from.Name() + " → " + to.Name())})
	for _, s := range []struct {
		tag  string
		side Side
	}{{"from", from}, {"to", to}} {
		v := s.side.Version
		t.para(2, span{plain, oneLine(s.tag + ": " + s.side.Name() + ": " + v.Title)})
		facts := []string{v.Date, joinParties(v.Parties), v.Status, v.Completeness, pointCounts(v)}
		t.para(4, span{plain, oneLine(joinNonEmpty(" · ", facts...))})
		if v.Note != "" {
			t.para(4, span{plain, oneLine("note: " + v.Note)})
		}
	}
	b.WriteString("\n")

	n := counts(c.Result)
	var parts []string
	for _, k := range summaryKinds(n) {
		if n[k] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n[k], k))
		}
	}
	t.para(0, span{plain, fmt.Sprintf("Summary: %s (%d in all)", emDash(strings.Join(parts, ", ")), len(c.Result.Changes))})

	var figs [][]span
	for _, ch := range c.Result.Changes {
		for _, f := range ch.Figures {
			figs = append(figs, []span{
				{plain, oneLine(changeTitle(c, ch)) + ": "},
				figureSpan(deleted, f.Old),
				{plain, " → "},
				figureSpan(inserted, f.New),
			})
		}
	}
	if len(figs) > 0 {
		b.WriteString("\n")
		t.para(0, span{bold, "Key figures"})
		for _, f := range figs {
			t.para(2, f...)
		}
	}

	shown := visible(c.Result, opt.OnlyChanged)
	if left := len(c.Result.Changes) - len(shown); left > 0 {
		b.WriteString("\n")
		t.para(0, span{plain, strconv.Itoa(left) + " unchanged points are not shown."})
	}
	keys := make(map[footnoteKey]bool)
	for _, ch := range shown {
		b.WriteString("\n")
		termChange(t, c, ch, keys)
	}

	if len(keys) > 0 {
		b.WriteString("\n")
		t.para(0, span{bold, "Sources"})
		for _, s := range []Side{from, to} {
			for _, src := range s.Version.Sources {
				k := footnoteKey{s.Version.ID, s.Rev, src.Key}
				if !keys[k] {
					continue
				}
				delete(keys, k) // print a source once when both sides are the same version
				line := s.Name() + " " + src.Key + ": " + sourceLine(src)
				if src.URL != "" {
					line += ", " + src.URL
				}
				t.para(2, span{plain, oneLine(line)})
			}
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// termChange writes one change; keys collects the sources it cites.
func termChange(t *termWriter, c *Comparison, ch diff.Change, keys map[footnoteKey]bool) {
	from, to := c.From, c.To
	meta := append([]string{string(ch.Kind), string(ch.Basis)}, changeFacts(c, ch, " ", nil)...)
	t.para(0, span{bold, oneLine(changeTitle(c, ch))}, span{plain, "  " + oneLine(strings.Join(meta, " · "))})

	oldState, newState := state(from.Version, ch.From), state(to.Version, ch.To)
	if oldState == sideKnown && newState == sideKnown {
		t.para(4, editSpans(words(from.Version, to.Version, ch))...)
	} else {
		for _, s := range []struct {
			side  Side
			idx   []int
			st    sideState
			isNew bool
		}{{from, ch.From, oldState, false}, {to, ch.To, newState, true}} {
			switch {
			case s.st == sideKnown:
				t.para(4, span{plain, oneLine(s.side.Name()) + ": " + texts(s.side.Version, s.idx)})
			case s.st == sideAbsent && !s.isNew:
			default:
				t.para(4, span{plain, oneLine(s.side.Name() + ": " + absence(s.st, ch.Kind, s.side.Version.ID, s.isNew) + ".")})
			}
		}
	}
	var cites []string
	for _, s := range []struct {
		side Side
		idx  []int
	}{{from, ch.From}, {to, ch.To}} {
		for _, i := range s.idx {
			if p := s.side.Version.Points[i]; p.Note != "" {
				t.para(4, span{plain, oneLine("note on " + s.side.Name() + " " + p.Label + ": " + p.Note)})
			}
		}
		var refs []string
		for _, ct := range citations(s.side.Version, s.idx) {
			r := ct.Key
			if !ct.Known {
				r += " (not in the manifest)"
			} else {
				keys[footnoteKey{s.side.Version.ID, s.side.Rev, ct.Key}] = true
			}
			if ct.Locator != "" {
				r += " (" + ct.Locator + ")"
			}
			refs = append(refs, r)
		}
		if len(refs) > 0 {
			cites = append(cites, s.side.Name()+" "+strings.Join(refs, ", "))
		}
	}
	if len(cites) > 0 {
		t.para(4, span{plain, oneLine("sources: " + strings.Join(cites, "; "))})
	}
}

// figureSpan shows a key figure in the style of its side, or a plain dash when there is none.
func figureSpan(st style, fig string) span {
	if fig == "" {
		return span{plain, "—"}
	}
	return span{st, oneLine(fig)}
}
