package render

import (
	"encoding/json"
	"testing"

	"github.com/plandiff/plandiff/diff"
)

// TestAppendChangeMatchesEncodingJSON holds the hand-written encoder of change records to
// encoding/json's output, byte for byte, on hostile and empty values.
func TestAppendChangeMatchesEncodingJSON(t *testing.T) {
	texts := []string{"", "plain", "quote \" back \\ slash", "<script>&amp;</script>", "tab\tnl\ncr\r\b\f\x00\x1f\x7f",
		"bad utf8 \xff\xfe end", "line sep \u2028 para \u2029", "§ 312a Кириллица 漢字 😀", "\u0085 C1"}
	for _, s := range texts {
		changes := []jsonChange{
			{Kind: diff.Modified, From: []string{s}, To: []string{}, Basis: diff.Declared, Similarity: 0.12345,
				Words: []jsonEdit{}, Figures: []jsonFigure{}, Sources: jsonSides{From: []jsonCitation{}, To: []jsonCitation{}}},
			{Kind: diff.Kind(s), From: []string{"1", s}, To: []string{s}, Basis: diff.Basis(s), Similarity: -0.0001,
				Relabelled: true, Reordered: true, TextChanged: true,
				Words:   []jsonEdit{{Op: diff.Equal, Text: s}, {Op: diff.Insert, Text: s + s}},
				Figures: []jsonFigure{{Old: s, New: "800,000"}},
				Sources: jsonSides{
					From: []jsonCitation{{Key: s, Outlet: s, Title: s, Date: s, URL: s, Locator: s, Note: s}},
					To:   []jsonCitation{{Key: "a"}, {Key: "b", Note: s}},
				}},
		}
		for _, ch := range changes {
			want, err := json.MarshalIndent(ch, "    ", "  ")
			if err != nil {
				t.Fatal(err)
			}
			if got := appendChange(nil, "    ", ch); string(got) != string(want) {
				t.Errorf("text %q:\ngot  %s\nwant %s", s, got, want)
			}
		}
	}
}

// FuzzAppendChange compares the hand-written encoder with encoding/json on any text.
func FuzzAppendChange(f *testing.F) {
	f.Add("600,000", "<b>\u2028</b>")
	f.Fuzz(func(t *testing.T, a, b string) {
		ch := jsonChange{Kind: diff.Modified, From: []string{a}, To: []string{b}, Basis: diff.Inferred,
			Words: []jsonEdit{{Op: diff.Delete, Text: a}, {Op: diff.Insert, Text: b}}, Figures: []jsonFigure{{Old: a, New: b}},
			Sources: jsonSides{From: []jsonCitation{{Key: a, Note: b}}, To: []jsonCitation{}}}
		want, err := json.MarshalIndent(ch, "    ", "  ")
		if err != nil {
			t.Fatal(err)
		}
		if got := appendChange(nil, "    ", ch); string(got) != string(want) {
			t.Errorf("got  %s\nwant %s", got, want)
		}
	})
}
