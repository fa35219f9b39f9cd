package render

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/plandiff/plandiff/diff"
)

func TestSanitize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain", "plain"},
		{"tab\there", "tab here"},
		{"crlf\r\nline", "crlf\nline"},
		{"over\rwrite", "over\nwrite"},
		{"\x1b[31mred\x1b[0m", "red"},
		{"\x1b[1;38;5;208morange", "orange"},
		{"title\x1b]0;pwned\x07 here", "title here"},
		{"link \x1b]8;;https://evil.example\x1b\\text\x1b]8;;\x1b\\ end", "link text end"},
		{"dcs \x1bPq#0;2;0;0;0\x1b\\ end", "dcs  end"},
		{"esc \x1bc reset", "esc  reset"},
		{"charset \x1b(B ok", "charset  ok"},
		{"c1 \u009b31m csi", "c1  csi"},
		{"c1 \u009d0;t\u009c osc", "c1  osc"},
		{"bell\a nul\x00 del\x7f", "bell nul del"},
		{"trailing esc\x1b", "trailing esc"},
		{"unterminated \x1b]0;title\nnext line", "unterminated \nnext line"},
		{"bidi \u202eevil\u202c \u2067x\u2069", "bidi evil x"},
		{"bad \xff\xfe utf8", "bad \ufffd\ufffd utf8"},
		{"line\u2028sep", "line\nsep"},
		{"Україна 乌克兰 🇺🇦", "Україна 乌克兰 🇺🇦"},
	}
	for _, tt := range tests {
		if got := sanitize(tt.in); got != tt.want {
			t.Errorf("sanitize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// checkClean reports a control character, escape or invalid UTF-8 in s other than newlines.
func checkClean(s string) error {
	if !utf8.ValidString(s) {
		return fmt.Errorf("invalid UTF-8 in %q", s)
	}
	for i, r := range s {
		if r != '\n' && dropped(r) {
			return fmt.Errorf("control character %U at %d in %q", r, i, s)
		}
	}
	return nil
}

func FuzzTerminalSanitize(f *testing.F) {
	for _, s := range hostileTexts {
		f.Add(s)
	}
	f.Add("\x1b[")
	f.Add("\x1b]")
	f.Add("\u009b")
	f.Fuzz(func(t *testing.T, s string) {
		out := sanitize(s)
		if err := checkClean(out); err != nil {
			t.Fatal(err)
		}
		if strings.ContainsAny(out, "\r\t") {
			t.Fatalf("sanitize(%q) = %q keeps CR or tab", s, out)
		}
		if sanitize(out) != out {
			t.Fatalf("sanitize is not idempotent on %q", s)
		}
		// A whole report, with and without colour: only the report's own SGR sequences remain.
		c := hostileCase(s)
		for _, color := range []bool{false, true} {
			var b bytes.Buffer
			if err := Terminal(&b, c, TermOptions{Color: color, Width: 40}); err != nil {
				t.Fatal(err)
			}
			rest := sgr.ReplaceAllString(b.String(), "")
			if err := checkClean(rest); err != nil {
				t.Fatalf("color %v: %v", color, err)
			}
		}
	})
}

// sgr matches the escape sequences the terminal report writes itself.
var sgr = regexp.MustCompile(`\x1b\[(0|1|32|9;31)m`)

func TestTerminalHostile(t *testing.T) {
	for _, color := range []bool{false, true} {
		var b bytes.Buffer
		if err := Terminal(&b, hostileComparison(), TermOptions{Color: color}); err != nil {
			t.Fatal(err)
		}
		out := b.String()
		if err := checkClean(sgr.ReplaceAllString(out, "")); err != nil {
			t.Errorf("color %v: %v", color, err)
		}
		if color {
			// Every line closes the styles it opens.
			for _, line := range strings.Split(out, "\n") {
				if m := sgr.FindAllString(line, -1); len(m) > 0 && m[len(m)-1] != sgrReset {
					t.Errorf("line leaves a style open: %q", line)
				}
			}
		}
	}
}

func TestTerminalWordDiff(t *testing.T) {
	tests := []struct {
		name  string
		words []diff.Edit
		opt   TermOptions
		want  string
	}{
		{"plain", ed("=may not exceed ", "-600,000", "+800,000", "= personnel."), TermOptions{},
			"    may not exceed [-600,000-]{+800,000+} personnel.\n"},
		{"colour", ed("=may not exceed ", "-600,000", "+800,000", "= personnel."), TermOptions{Color: true},
			"    may not exceed \x1b[9;31m600,000\x1b[0m\x1b[32m800,000\x1b[0m personnel.\n"},
		{"runs of words", ed("=a ", "-b c d", "= e"), TermOptions{},
			"    a [-b c d-] e\n"},
		{"colour runs wrap and close", ed("=aaaa ", "-bbbb cccc dddd", "= e"), TermOptions{Color: true, Width: 18},
			"    aaaa \x1b[9;31mbbbb cccc\x1b[0m\n    \x1b[9;31mdddd\x1b[0m e\n"},
		{"markers wrap", ed("=aaaa ", "-bbbb cccc dddd", "= e"), TermOptions{Width: 18},
			"    aaaa [-bbbb\n    cccc dddd-] e\n"},
		{"whitespace edits", ed("=a", "- ", "=b", "+ ", "=c"), TermOptions{},
			"    ab c\n"},
		{"newlines", ed("=one\n\n", "+two\n", "=three"), TermOptions{},
			"    one\n\n    {+two+}\n    three\n"},
		{"long word", ed("=", "+abcdefghijklmnopqrstuvwxyz"), TermOptions{Width: 14},
			"    {+abcdefgh\n    ijklmnopqr\n    stuvwxyz+}\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b strings.Builder
			tw := &termWriter{b: &b, color: tt.opt.Color, width: tt.opt.Width}
			if tw.width == 0 {
				tw.width = 80
			}
			tw.para(4, editSpans(tt.words)...)
			if got := b.String(); got != tt.want {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestTerminalWidth(t *testing.T) {
	text := strings.Repeat("乌克兰和平计划 ", 20) + strings.Repeat("Ukraine peace plan ", 20)
	for _, width := range []int{20, 40, 80} {
		var b strings.Builder
		tw := &termWriter{b: &b, width: width}
		tw.para(4, span{plain, text})
		for _, line := range strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n") {
			if w := stringWidth(line); w > width {
				t.Errorf("width %d: line of %d columns: %q", width, w, line)
			}
		}
		if got := strings.Join(strings.Fields(b.String()), " "); got != strings.TrimSpace(text) {
			t.Errorf("width %d: words lost: %q", width, got)
		}
	}
}

func TestRuneWidth(t *testing.T) {
	tests := []struct {
		s    string
		want int
	}{
		{"abc", 3}, {"Україна", 7}, {"乌克兰", 6}, {"한국", 4}, {"ｆｕｌｌ", 8}, {"e\u0301", 1}, {"😀", 2}, {"", 0},
	}
	for _, tt := range tests {
		if got := stringWidth(tt.s); got != tt.want {
			t.Errorf("stringWidth(%q) = %d, want %d", tt.s, got, tt.want)
		}
	}
}
