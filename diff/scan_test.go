package diff

import (
	"slices"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestIsBlankAndHasDigit(t *testing.T) {
	for _, tc := range []struct {
		text            string
		blank, hasDigit bool
	}{
		{"", true, false},
		{" \n\t\r", true, false},
		{"\v\f", true, false},
		{"\u00a0\u3000 ", true, false}, // no-break and ideographic spaces
		{" x ", false, false},
		{"\u00a0§", false, false},
		{"Article 5", false, true},
		{"١٢", false, true}, // Arabic-Indic digits
		{"Ⅻ", false, false}, // a Roman numeral is a number, not a digit
		{"\xff", false, false},
		{"über 3", false, true},
	} {
		if got := isBlank(tc.text); got != tc.blank {
			t.Errorf("isBlank(%q) = %v, want %v", tc.text, got, tc.blank)
		}
		if got := hasDigit(tc.text); got != tc.hasDigit {
			t.Errorf("hasDigit(%q) = %v, want %v", tc.text, got, tc.hasDigit)
		}
	}
}

// TestASCIIClasses holds the ASCII table to the Unicode classes that runeClass gives every
// other rune.
func TestASCIIClasses(t *testing.T) {
	for c := range rune(utf8.RuneSelf) {
		want := classPunct
		switch {
		case unicode.IsLetter(c), unicode.IsDigit(c):
			want = classWord
		case unicode.IsSpace(c):
			want = classSpace
		}
		if got := asciiClass(byte(c)); got != want {
			t.Errorf("asciiClass(%q) = %d, want %d", c, got, want)
		}
	}
}

// wordHashCases are texts whose words forWordHashes and wordScanner must agree on.
var wordHashCases = []string{
	"",
	"Article 5 (1): The Parties AGREE.",
	"Gläubiger und Schuldner §§ 241, 242 BGB",
	"word-final ä, ÄÖÜ äöü ß ẞ",
	"naïve café — “quoted” 600,000 USD",
	"日本語のテキストと English",
	"mixed1日2本 x\u0301y", // a combining mark inside a word
	"\xff\xfebad UTF-8\xc3 here",
	"trailing word",
	"   ",
}

// TestWordHashes holds forWordHashes to wordScanner: one FNV-1a hash of each case-folded word,
// in order.
func TestWordHashes(t *testing.T) {
	for _, text := range wordHashCases {
		checkWordHashes(t, text)
	}
}

func FuzzWordHashes(f *testing.F) {
	for _, text := range wordHashCases {
		f.Add(text)
	}
	f.Fuzz(checkWordHashes)
}

func checkWordHashes(t *testing.T, text string) {
	var want []uint64
	s := wordScanner{text: text}
	for s.next() {
		h := uint64(fnvOffset)
		for _, b := range s.word {
			h = (h ^ uint64(b)) * fnvPrime
		}
		want = append(want, h)
	}
	got := appendWordHashes(nil, text)
	if !slices.Equal(got, want) {
		t.Errorf("forWordHashes(%q) = %x, want %x", text, got, want)
	}
}
