package render

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// jsonIndenter appends JSON exactly as json.MarshalIndent(v, prefix, "  ") writes it, for
// the change records, which are most of a report: the same escaping (HTML-safe, U+2028 and
// U+2029 escaped, invalid UTF-8 replaced), the same layout, without reflection.
type jsonIndenter struct {
	b      []byte
	prefix string
	indent string // a newline, the prefix and enough indentation for the deepest level
}

// maxJSONDepth is the deepest level of a change record.
const maxJSONDepth = 4

func newJSONIndenter(b []byte, prefix string) jsonIndenter {
	return jsonIndenter{b: b, prefix: prefix, indent: "\n" + prefix + strings.Repeat("  ", maxJSONDepth)}
}

func (j *jsonIndenter) newline(depth int) {
	j.b = append(j.b, j.indent[:1+len(j.prefix)+2*depth]...)
}

// key starts a member of an object at depth: the newline, the indentation and the name, one
// of this file's member names, which need no escaping.
func (j *jsonIndenter) key(depth int, name string, first bool) {
	if !first {
		j.b = append(j.b, ',')
	}
	j.newline(depth)
	j.plain(name)
	j.b = append(j.b, ':', ' ')
}

// plain appends s quoted as it is: s is one of this file's member names, letters and
// underscores only.
func (j *jsonIndenter) plain(s string) {
	j.b = append(j.b, '"')
	j.b = append(j.b, s...)
	j.b = append(j.b, '"')
}

func (j *jsonIndenter) bool(v bool) { j.b = strconv.AppendBool(j.b, v) }

// strings writes an array of strings at depth.
func (j *jsonIndenter) strings(depth int, list []string) {
	j.list(depth, len(list), func(i int) { j.str(list[i]) })
}

// list writes an array of n elements at depth, element i written by elem at depth+1.
func (j *jsonIndenter) list(depth, n int, elem func(i int)) {
	if n == 0 {
		j.b = append(j.b, '[', ']')
		return
	}
	j.b = append(j.b, '[')
	for i := range n {
		if i > 0 {
			j.b = append(j.b, ',')
		}
		j.newline(depth + 1)
		elem(i)
	}
	j.newline(depth)
	j.b = append(j.b, ']')
}

// object writes an object of string members at depth; pairs alternate names and values.
func (j *jsonIndenter) object(depth int, pairs ...string) {
	j.b = append(j.b, '{')
	for i := 0; i+1 < len(pairs); i += 2 {
		j.key(depth+1, pairs[i], i == 0)
		j.str(pairs[i+1])
	}
	j.newline(depth)
	j.b = append(j.b, '}')
}

const hexDigits = "0123456789abcdef"

// plainPrefix returns how many bytes at the start of s str copies as they are. It is a
// function of its own so that its loop keeps everything in registers: inside str it spilled
// its index to the stack at every byte.
func plainPrefix(s string) int {
	for i := 0; i < len(s); i++ {
		if !jsonPlain[s[i]] {
			return i
		}
	}
	return len(s)
}

// jsonPlain (read only) marks the bytes str copies as they are: printable ASCII other than
// the quote, the backslash and the HTML-sensitive <, > and &.
var jsonPlain = func() (t [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = true
	}
	for _, c := range `"\<>&` {
		t[c] = false
	}
	return t
}()

// str appends s as a JSON string, escaped as encoding/json escapes it, in one pass: bytes of
// invalid UTF-8 become U+FFFD, U+2028 and U+2029 are escaped.
func (j *jsonIndenter) str(s string) {
	b := append(j.b, '"')
	start := 0
	for i := 0; i < len(s); {
		i += plainPrefix(s[i:])
		if i == len(s) {
			break
		}
		c := s[i]
		if c < utf8.RuneSelf {
			b = append(b, s[start:i]...)
			b = appendEscapedASCII(b, c)
			i++
			start = i
			continue
		}
		// A two-byte sequence, the common case, checked inline; anything else decoded.
		if 0xC2 <= c && c <= 0xDF && i+1 < len(s) && s[i+1]&0xC0 == 0x80 {
			i += 2
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	b = append(b, s[start:]...)
	j.b = append(b, '"')
}

// appendEscapedASCII appends the escape of an ASCII byte that cannot stand for itself.
func appendEscapedASCII(b []byte, c byte) []byte {
	switch c {
	case '\\', '"':
		return append(b, '\\', c)
	case '\b':
		return append(b, '\\', 'b')
	case '\f':
		return append(b, '\\', 'f')
	case '\n':
		return append(b, '\\', 'n')
	case '\r':
		return append(b, '\\', 'r')
	case '\t':
		return append(b, '\\', 't')
	}
	return append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
}

// appendChange appends one change record as json.MarshalIndent(ch, prefix, "  ") would.
func appendChange(b []byte, prefix string, ch jsonChange) []byte {
	j := newJSONIndenter(b, prefix)
	j.b = append(j.b, '{')
	j.key(1, "kind", true)
	j.str(string(ch.Kind))
	j.key(1, "from", false)
	j.strings(1, ch.From)
	j.key(1, "to", false)
	j.strings(1, ch.To)
	j.key(1, "basis", false)
	j.str(string(ch.Basis))
	j.key(1, "similarity", false)
	sim, _ := ch.Similarity.MarshalJSON()
	j.b = append(j.b, sim...)
	j.key(1, "relabelled", false)
	j.bool(ch.Relabelled)
	j.key(1, "reordered", false)
	j.bool(ch.Reordered)
	j.key(1, "text_changed", false)
	j.bool(ch.TextChanged)
	j.key(1, "words", false)
	j.list(1, len(ch.Words), func(i int) {
		j.b = append(j.b, '{')
		j.key(3, "op", true)
		j.str(string(ch.Words[i].Op))
		j.key(3, "text", false)
		j.str(ch.Words[i].Text)
		j.newline(2)
		j.b = append(j.b, '}')
	})
	j.key(1, "figures", false)
	j.list(1, len(ch.Figures), func(i int) { j.object(2, "old", ch.Figures[i].Old, "new", ch.Figures[i].New) })
	j.key(1, "sources", false)
	j.b = append(j.b, '{')
	for side, list := range [][]jsonCitation{ch.Sources.From, ch.Sources.To} {
		j.key(2, []string{"from", "to"}[side], side == 0)
		j.list(2, len(list), func(i int) {
			c := list[i]
			j.object(3, "key", c.Key, "outlet", c.Outlet, "title", c.Title, "date", c.Date,
				"url", c.URL, "locator", c.Locator, "note", c.Note)
		})
	}
	j.newline(1)
	j.b = append(j.b, '}')
	j.newline(0)
	j.b = append(j.b, '}')
	return j.b
}
