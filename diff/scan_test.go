package diff

import (
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
