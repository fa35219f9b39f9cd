package render

import (
	"strings"
	"unicode/utf8"
)

// sanitize makes document text safe to print: it removes ANSI and other escape sequences
// (CSI, OSC, DCS, SOS, PM, APC, in their 7-bit and 8-bit forms), C0 and C1 control characters
// except newline, bidirectional overrides and isolates, and replaces invalid UTF-8 with U+FFFD.
// Tabs become spaces; CR LF, lone CR, and the Unicode line and paragraph separators become newlines.
func sanitize(s string) string {
	if isClean(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b.WriteRune(utf8.RuneError)
			i++
			continue
		}
		switch {
		case r == 0x1b: // ESC
			i = skipEscape(s, i+size)
			continue
		case r == 0x9b: // 8-bit CSI
			i = skipCSI(s, i+size)
			continue
		case r == 0x9d || r == 0x90 || r == 0x98 || r == 0x9e || r == 0x9f: // 8-bit OSC, DCS, SOS, PM, APC
			i = skipString(s, i+size)
			continue
		case r == '\n':
			b.WriteByte('\n')
		case r == '\r':
			if !strings.HasPrefix(s[i+size:], "\n") {
				b.WriteByte('\n')
			}
		case r == '\t':
			b.WriteByte(' ')
		case r == 0x2028 || r == 0x2029:
			b.WriteByte('\n')
		case dropped(r):
		default:
			b.WriteRune(r)
		}
		i += size
	}
	return b.String()
}

// isClean reports whether s needs no sanitising.
func isClean(s string) bool {
	for _, r := range s {
		if r == utf8.RuneError || r == '\r' || r == '\t' || r == 0x2028 || r == 0x2029 || dropped(r) {
			return false
		}
	}
	return utf8.ValidString(s)
}

// dropped reports whether r is removed from printed text: control characters other than
// newline and bidirectional formatting characters, which can disguise text.
func dropped(r rune) bool {
	switch {
	case r < 0x20 && r != '\n':
		return true
	case r >= 0x7f && r <= 0x9f:
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == 0x200e, r == 0x200f, r == 0x061c:
		return true
	}
	return false
}

// skipEscape skips the rest of an escape sequence whose ESC ended just before i.
func skipEscape(s string, i int) int {
	if i >= len(s) {
		return i
	}
	switch s[i] {
	case '[':
		return skipCSI(s, i+1)
	case ']', 'P', 'X', '^', '_':
		return skipString(s, i+1)
	}
	// Two-character sequences, possibly with intermediate bytes: ESC ( B, ESC 7, ESC c.
	for i < len(s) && s[i] >= 0x20 && s[i] <= 0x2f {
		i++
	}
	if i < len(s) && s[i] >= 0x30 && s[i] <= 0x7e {
		i++
	}
	return i
}

// skipCSI skips the parameter, intermediate and final bytes of a control sequence.
func skipCSI(s string, i int) int {
	for i < len(s) && s[i] >= 0x20 && s[i] <= 0x3f {
		i++
	}
	if i < len(s) && s[i] >= 0x40 && s[i] <= 0x7e {
		i++
	}
	return i
}

// skipString skips a control string up to and including its terminator: BEL, ESC \ or the 8-bit ST.
// An unterminated string runs to the end of the line, so a stray introducer does not swallow the text.
func skipString(s string, i int) int {
	for i < len(s) {
		switch {
		case s[i] == 0x07:
			return i + 1
		case s[i] == '\n':
			return i
		case s[i] == 0x1b:
			if i+1 < len(s) && s[i+1] == '\\' {
				return i + 2
			}
			return i + 1
		case strings.HasPrefix(s[i:], "\u009c"):
			return i + len("\u009c")
		}
		i++
	}
	return i
}
