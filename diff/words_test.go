package diff_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/plandiff/plandiff/diff"
)

func TestWords(t *testing.T) {
	eq := func(s string) diff.Edit { return diff.Edit{Op: diff.Equal, Text: s} }
	del := func(s string) diff.Edit { return diff.Edit{Op: diff.Delete, Text: s} }
	ins := func(s string) diff.Edit { return diff.Edit{Op: diff.Insert, Text: s} }
	for _, tc := range []struct {
		name     string
		old, new string
		want     []diff.Edit
	}{
		{"both empty", "", "", nil},
		{"equal", "No change.", "No change.", []diff.Edit{eq("No change.")}},
		{"added", "", "New text.", []diff.Edit{ins("New text.")}},
		{"removed", "Old text.", "", []diff.Edit{del("Old text.")}},
		{"wording", "Ukraine will hold elections within 100 days.", "Ukraine will hold elections as soon as possible.",
			[]diff.Edit{eq("Ukraine will hold elections "), del("within 100 days"), ins("as soon as possible"), eq(".")}},
		{"number kept whole", "capped at 600,000 personnel", "capped at 800,000 personnel",
			[]diff.Edit{eq("capped at "), del("600,000"), ins("800,000"), eq(" personnel")}},
		{"word inserted", "The fund will be invested.", "The fund will be jointly invested.",
			[]diff.Edit{eq("The fund will be "), ins("jointly "), eq("invested.")}},
		{"reflowed", "limited to\n600,000 personnel", "limited to 600,000\npersonnel",
			[]diff.Edit{eq("limited to"), del("\n"), ins(" "), eq("600,000"), del(" "), ins("\n"), eq("personnel")}},
		{"punctuation", "Russia, Ukraine and Europe.", "Russia; Ukraine and Europe!",
			[]diff.Edit{eq("Russia"), del(","), ins(";"), eq(" Ukraine and Europe"), del("."), ins("!")}},
		{"section sign", "§ 312 Abs. 1 gilt", "§ 312a Abs. 1 gilt",
			[]diff.Edit{eq("§ "), del("312"), ins("312a"), eq(" Abs. 1 gilt")}},
		{"cyrillic", "ограничена 600 тысячами человек", "ограничена 800 тысячами человек",
			[]diff.Edit{eq("ограничена "), del("600"), ins("800"), eq(" тысячами человек")}},
		{"cjk characters", "双方同意在一百天内举行选举。", "双方同意尽快举行选举。",
			[]diff.Edit{eq("双方同意"), del("在一百天内"), ins("尽快"), eq("举行选举。")}},
		{"apostrophe", "Ukraine's sovereignty", "Ukraine's full sovereignty",
			[]diff.Edit{eq("Ukraine's "), ins("full "), eq("sovereignty")}},
		{"paragraphs", "(1) First.\n\n(2) Second part.\n\n(3) Third.", "(1) First.\n\n(2) Second changed part.\n\n(3) Third.",
			[]diff.Edit{eq("(1) First.\n\n(2) Second "), ins("changed "), eq("part.\n\n(3) Third.")}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := diff.Words(tc.old, tc.new)
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("Words(%q, %q)\ngot  %q\nwant %q", tc.old, tc.new, got, tc.want)
			}
			checkRebuild(t, got, tc.old, tc.new)
		})
	}
}

// TestWordsCases word-diffs every pair of points of the shared cases.
func TestWordsCases(t *testing.T) {
	for _, tc := range hardCases {
		for _, a := range tc.old.Points {
			for _, b := range tc.new.Points {
				checkRebuild(t, diff.Words(a.Text, b.Text), a.Text, b.Text)
			}
		}
	}
}

func TestKeyFigures(t *testing.T) {
	for _, tc := range []struct {
		name     string
		old, new string
		want     []diff.Figure
	}{
		{"number", "limited to 600,000 personnel", "limited to 800,000 personnel", []diff.Figure{{"600,000", "800,000"}}},
		{"decimal", "a loan of 1.5 million", "a loan of 2 million", []diff.Figure{{"1.5 million", "2 million"}}},
		{"amount with symbol", "Frozen funds of $100 billion", "Frozen funds of $120 billion", []diff.Figure{{"$100 billion", "$120 billion"}}},
		{"amount with suffix", "assets of €210bn frozen", "assets of €150bn frozen", []diff.Figure{{"€210bn", "€150bn"}}},
		{"amount in words", "100 billion dollars will go", "50 billion dollars will go", []diff.Figure{{"100 billion dollars", "50 billion dollars"}}},
		{"percentage", "a share of 33% goes", "a share of 50 percent goes", []diff.Figure{{"33%", "50 percent"}}},
		{"duration to wording", "elections within 100 days after signing", "elections as soon as possible after signing",
			[]diff.Figure{{"100 days", "as soon as possible"}}},
		{"wording to duration", "elections as soon as possible after signing", "elections within 100 days after signing",
			[]diff.Figure{{"as soon as possible", "100 days"}}},
		{"hyphenated duration", "a 60-day ceasefire", "a 30-day ceasefire", []diff.Figure{{"60-day", "30-day"}}},
		{"years", "valid for 10 years", "valid for 25 years", []diff.Figure{{"10 years", "25 years"}}},
		{"dates", "signed on 23 December 2025 in Geneva", "signed in 2027 in Geneva", []diff.Figure{{"23 December 2025", "2027"}}},
		{"iso date", "from 2025-12-23 on", "from 2026-01-15 on", []diff.Figure{{"2025-12-23", "2026-01-15"}}},
		{"month first", "by December 23, 2025.", "by January 5, 2026.", []diff.Figure{{"December 23, 2025", "January 5, 2026"}}},
		{"german date", "am 23. Dezember 2025 in Kraft", "am 1. Januar 2026 in Kraft", []diff.Figure{{"23. Dezember 2025", "1. Januar 2026"}}},
		{"added figure", "within days", "within 30 days", []diff.Figure{{"", "30 days"}}},
		{"removed figure", "a fund of $100 billion for reconstruction", "a fund for reconstruction", []diff.Figure{{"$100 billion", ""}}},
		{"several", "600,000 troops, $100 billion and 100 days", "800,000 troops, $50 billion and 60 days",
			[]diff.Figure{{"600,000", "800,000"}, {"$100 billion", "$50 billion"}, {"100 days", "60 days"}}},
		{"kinds pair first", "within 100 days and 33%", "within 40% and 90 days",
			[]diff.Figure{{"100 days", "90 days"}, {"33%", "40%"}}},
		{"references are no figures", "§ 312 Abs. 1 and Article 5 apply", "§ 313 Abs. 2 and Article 6 apply", nil},
		{"paragraph markers are no figures", "(1) The text.", "(2) The text.", nil},
		{"unchanged figure", "within 100 days, as agreed", "within 100 days, as now agreed", nil},
		{"reflowed figure", "within 100\ndays", "within 100 days", nil},
		{"cyrillic", "ограничена 600 тысячами", "ограничена 800 тысячами", []diff.Figure{{"600 тысячами", "800 тысячами"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := diff.KeyFigures(diff.Words(tc.old, tc.new))
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("KeyFigures(%q → %q)\ngot  %q\nwant %q", tc.old, tc.new, got, tc.want)
			}
		})
	}
}

// TestKeyFiguresSkipUnchanged checks that a figure restated unchanged inside an edit is not
// reported as a change.
func TestKeyFiguresSkipUnchanged(t *testing.T) {
	edits := diff.Words("Put $100 billion into a fund with 50% of profits to the US.",
		"The idea of putting $100 billion to work with the US receiving 50% of profits is dropped.")
	for _, f := range diff.KeyFigures(edits) {
		if f.Old == f.New {
			t.Errorf("figure %q → %q did not change", f.Old, f.New)
		}
	}
}

// TestKeyFiguresAtWindowEdges moves a reference and an amount across the edges of the windows
// that key figures are read in: a changed section reference is never a figure, and a changed
// amount is always read whole, wherever an earlier edit puts the window's start.
func TestKeyFiguresAtWindowEdges(t *testing.T) {
	for pad := 1; pad < 150; pad++ {
		words := strings.Repeat("ab ", pad/3) + strings.Repeat("c", pad%3+1)
		old := "Der Vertrag gilt alt " + words + " nach § 355 und weiter im Text bis zum Ende."
		new := "Der Vertrag gilt neu " + words + " nach § 356 und weiter im Text bis zum Ende."
		if got := diff.KeyFigures(diff.Words(old, new)); len(got) != 0 {
			t.Errorf("pad %d: a changed reference gave figures %q", pad, got)
		}
		old = "The fund was agreed " + words + " at USD 100 billion in all, as reported by both sides."
		new = "The fund was signed " + words + " at USD 200 billion in all, as reported by both sides."
		want := []diff.Figure{{Old: "USD 100 billion", New: "USD 200 billion"}}
		if got := diff.KeyFigures(diff.Words(old, new)); !reflect.DeepEqual(got, want) {
			t.Errorf("pad %d: figures %q, want %q", pad, got, want)
		}
	}
}
