package diff_test

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/plandiff/plandiff/diff"
)

func FuzzWords(f *testing.F) {
	for _, tc := range hardCases {
		for k := range min(len(tc.old.Points), len(tc.new.Points)) {
			f.Add(tc.old.Points[k].Text, tc.new.Points[k].Text)
		}
	}
	f.Add("a\u00a0b  c", "a b\u00a0\u00a0c")
	f.Add("1.5, 2.5; 3", "1,5. 2:5 3")
	f.Add("ok \xff\xfe x", "ok \xff x")
	f.Fuzz(func(t *testing.T, old, new string) {
		// Invalid UTF-8 too must be rebuilt exactly, byte for byte.
		edits := diff.Words(old, new)
		checkRebuild(t, edits, old, new)
		for _, fig := range diff.KeyFigures(edits) {
			if fig.Old == "" && fig.New == "" {
				t.Errorf("empty figure in %q", edits)
			}
			if !strings.Contains(old, fig.Old) || !strings.Contains(new, fig.New) {
				t.Errorf("figure %q not found in the texts", fig)
			}
		}
	})
}

// fuzzDocument builds a document from src: one point per line, "label: text"; a line starting
// with "!" is removed, "?" not reported, ">" moved out; "<label" at the end declares lineage
// from that label of version "old".
func fuzzDocument(id, src string) diff.Document {
	d := diff.Document{ID: id}
	for k, line := range strings.Split(src, "\n") {
		p := diff.Point{Label: fmt.Sprint(k + 1)}
		if line != "" {
			switch line[0] {
			case '!':
				p.Status, line = diff.StatusRemoved, line[1:]
			case '?':
				p.Status, line = diff.StatusNotReported, line[1:]
			case '>':
				p.Status, line = diff.StatusMovedOut, line[1:]
			}
		}
		if label, text, ok := strings.Cut(line, ": "); ok && len(label) < 8 {
			p.Label, line = label, text
		}
		if i := strings.LastIndex(line, "<"); i >= 0 {
			p.Lineage = []diff.Ref{{Version: "old", Label: line[i+1:], Relation: "amended"}}
			line = line[:i]
		}
		p.Text = strings.ReplaceAll(line, "|", "\n")
		d.Points = append(d.Points, p)
	}
	return d
}

func FuzzCompare(f *testing.F) {
	join := func(d diff.Document) string {
		var lines []string
		for _, p := range d.Points {
			lines = append(lines, p.Label+": "+strings.ReplaceAll(strings.ReplaceAll(p.Text, "\n", "|"), "<", ""))
		}
		return strings.Join(lines, "\n")
	}
	for _, tc := range hardCases {
		f.Add(join(tc.old), join(tc.new), tc.opt.IgnoreTrivial)
	}
	f.Add("1: a b c\n2: d e f\n?3: \n4: same", "1: d e f\n!2: x<2\n3: a b c g<1\n4: same\n5: same", false)
	f.Fuzz(func(t *testing.T, oldSrc, newSrc string, trivial bool) {
		old, new := fuzzDocument("old", oldSrc), fuzzDocument("new", newSrc)
		opt := diff.Options{IgnoreTrivial: trivial}
		if !utf8.ValidString(oldSrc) || !utf8.ValidString(newSrc) {
			if _, err := diff.Compare(old, new, opt); err == nil {
				t.Errorf("no error for invalid UTF-8")
			}
			// Documents whose caller vouches for them are not checked again: given invalid
			// UTF-8 all the same, the result must be as sound as ever.
			old.UTF8Checked, new.UTF8Checked = true, true
		}
		checkInvariants(t, old, new, opt)
	})
}
