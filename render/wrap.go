package render

import (
	"strings"

	"github.com/plandiff/plandiff/diff"
)

// style is how a piece of terminal text is shown.
type style int

const (
	plain style = iota
	deleted
	inserted
	bold
)

// span is a run of text in one style.
type span struct {
	style style
	text  string
}

// piece is a run of a word in one style; it holds no whitespace.
type piece struct {
	style style
	text  string
}

// word is a sequence of pieces printed without spaces between them; lines break between words.
type word []piece

func (w word) width() int {
	n := 0
	for _, p := range w {
		n += stringWidth(p.text)
	}
	return n
}

// termWriter lays out styled text for a terminal.
type termWriter struct {
	b     *strings.Builder
	color bool
	width int
	cur   style // the style in effect in the output
}

// editSpans turns a word diff into spans. Without colour, deletions are marked [-like this-]
// and insertions {+like this+}, as git diff --word-diff does. Edits of whitespace only are
// shown as they read in the new text.
func editSpans(ws []diff.Edit) []span {
	var out []span
	for _, e := range ws {
		switch e.Op {
		case diff.Delete:
			if strings.TrimSpace(e.Text) != "" {
				out = append(out, span{deleted, e.Text})
			}
		case diff.Insert:
			if strings.TrimSpace(e.Text) != "" {
				out = append(out, span{inserted, e.Text})
			} else {
				out = append(out, span{plain, e.Text})
			}
		default:
			out = append(out, span{plain, e.Text})
		}
	}
	return out
}

// lines splits spans into lines of words at newlines and whitespace, sanitising the text.
// Without colour, marked spans get their markers around their first and last words.
func (t *termWriter) lines(spans []span) [][]word {
	var lines [][]word
	var line []word
	var cur word
	inWord := false
	endWord := func() {
		if inWord {
			line = append(line, cur)
			cur, inWord = nil, false
		}
	}
	for _, sp := range spans {
		text := sanitize(sp.text)
		open, closing := "", ""
		if !t.color {
			switch sp.style {
			case deleted:
				open, closing = "[-", "-]"
			case inserted:
				open, closing = "{+", "+}"
			}
		}
		// Attach the markers to the first and last non-space characters.
		first := strings.IndexFunc(text, notSpace)
		last := strings.LastIndexFunc(text, notSpace)
		if first < 0 {
			open, closing = "", ""
		}
		for i := 0; i < len(text); {
			c := text[i]
			if c == ' ' || c == '\n' {
				endWord()
				if c == '\n' {
					lines = append(lines, line)
					line = nil
				}
				i++
				continue
			}
			j := i
			for j < len(text) && text[j] != ' ' && text[j] != '\n' {
				j++
			}
			s := text[i:j]
			if i == first {
				s = open + s
			}
			if j > last {
				s += closing
			}
			cur = append(cur, piece{sp.style, s})
			inWord = true
			i = j
		}
	}
	endWord()
	return append(lines, line)
}

func notSpace(r rune) bool { return r != ' ' && r != '\n' }

// para writes spans wrapped to the width, every line indented by indent spaces.
func (t *termWriter) para(indent int, spans ...span) {
	avail := max(t.width-indent, 10)
	pad := strings.Repeat(" ", indent)
	for _, line := range t.lines(spans) {
		var parts []word
		for _, w := range line {
			parts = append(parts, splitWord(w, avail)...)
		}
		col := 0
		started := false
		for _, w := range parts {
			ww := w.width()
			if started && col+1+ww > avail {
				t.endLine()
				started, col = false, 0
			}
			if !started {
				t.b.WriteString(pad)
				started = true
			} else {
				// The space between two words of one marked run is part of the run.
				if t.cur != w[0].style {
					t.setStyle(plain)
				}
				t.b.WriteString(" ")
				col++
			}
			for _, p := range w {
				t.setStyle(p.style)
				t.b.WriteString(p.text)
			}
			col += ww
		}
		t.endLine()
	}
}

// endLine ends the current line, closing any open style first, so colours never leak.
func (t *termWriter) endLine() {
	t.setStyle(plain)
	t.b.WriteString("\n")
}

// setStyle switches the terminal to style s; without colour it does nothing.
func (t *termWriter) setStyle(s style) {
	if !t.color || s == t.cur {
		return
	}
	if t.cur != plain {
		t.b.WriteString(sgrReset)
	}
	switch s {
	case deleted:
		t.b.WriteString(sgrDeleted)
	case inserted:
		t.b.WriteString(sgrInserted)
	case bold:
		t.b.WriteString(sgrBold)
	}
	t.cur = s
}

// splitWord cuts a word wider than avail columns into pieces that fit.
func splitWord(w word, avail int) []word {
	if w.width() <= avail {
		return []word{w}
	}
	var out []word
	var cur word
	col := 0
	for _, p := range w {
		var b strings.Builder
		for _, r := range p.text {
			rw := runeWidth(r)
			if col+rw > avail && col > 0 {
				if b.Len() > 0 {
					cur = append(cur, piece{p.style, b.String()})
					b.Reset()
				}
				out = append(out, cur)
				cur, col = nil, 0
			}
			b.WriteRune(r)
			col += rw
		}
		if b.Len() > 0 {
			cur = append(cur, piece{p.style, b.String()})
		}
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}

// SGR sequences for the styles.
const (
	sgrReset    = "\x1b[0m"
	sgrDeleted  = "\x1b[9;31m" // struck out, red
	sgrInserted = "\x1b[32m"   // green
	sgrBold     = "\x1b[1m"
)
