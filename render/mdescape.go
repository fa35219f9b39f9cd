package render

import (
	"strconv"
	"strings"
	"unicode"
)

// mdInline escapes document text for one line of Markdown: a table cell, a heading, a list item.
// Newlines become spaces; see mdEscape for the rest.
func mdInline(s string) string {
	return mdEscape(s, " ")
}

// mdEscape escapes document text so that GitHub Markdown shows it literally: it sanitises it,
// backslash-escapes the characters that start emphasis, code, links, footnotes, tables, math,
// strikethrough and headings, HTML-escapes <, > and &, breaks bare URLs and e-mail addresses so
// they are not turned into links, and replaces each newline with nl. The result never contains a line break
// unless nl does.
func mdEscape(s, nl string) string {
	s = sanitize(s)
	var b strings.Builder
	b.Grow(len(s) + len(s)/8)
	for i := 0; i < len(s); {
		c := s[i]
		switch c {
		case '\\', '`', '*', '_', '[', ']', '|', '~', '#', '$', '^':
			b.WriteByte('\\')
			b.WriteByte(c)
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '&':
			b.WriteString("&amp;")
		case '\n':
			b.WriteString(nl)
		case ':':
			// "http://x" would become a link: escape the colon of any "://".
			if strings.HasPrefix(s[i:], "://") {
				b.WriteString(`\:`)
			} else {
				b.WriteByte(c)
			}
		case '@':
			// "press@example.org" would become a mailto link; "us-28@HEAD~1" would not.
			if mailDomain(s[i+1:]) {
				b.WriteString(`\@`)
			} else {
				b.WriteByte(c)
			}
		case 'w', 'W':
			// "www.x" would become a link: escape its dot.
			if len(s)-i >= 4 && strings.EqualFold(s[i:i+4], "www.") {
				b.WriteString(s[i:i+3] + `\.`)
				i += 4
				continue
			}
			b.WriteByte(c)
		default:
			b.WriteByte(c)
		}
		i++
	}
	return b.String()
}

// mailDomain reports whether s starts like the domain of an e-mail address that GitHub would
// link: letters, digits, dots, hyphens and underscores with a dot among them.
func mailDomain(s string) bool {
	dot := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '.':
			dot = true
		case c == '-' || c == '_' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z':
		default:
			return dot
		}
	}
	return dot
}

// mdLineStart protects escaped text that starts a line from being read as a block:
// a list item, a thematic break, a setext underline or an indented code block.
func mdLineStart(s string) string {
	s = strings.TrimLeft(s, " ")
	if s == "" {
		return s
	}
	switch s[0] {
	case '-', '+', '=':
		return `\` + s
	}
	n := 0
	for n < len(s) && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	if n > 0 && n < len(s) && (s[n] == '.' || s[n] == ')') {
		return s[:n] + `\` + s[n:]
	}
	return s
}

// mdSlug turns s into a footnote label or anchor: ASCII lowercase letters, digits and single hyphens.
func mdSlug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
			continue
		}
		dash = true
	}
	if b.Len() == 0 {
		return "x"
	}
	return b.String()
}

// mermaidLabel quotes s as a Mermaid node or subgraph label: letters, digits, spaces and a few
// harmless punctuation marks pass; everything else becomes a Mermaid entity code (#NN;).
// Labels longer than max runes are cut with an ellipsis.
func mermaidLabel(s string, max int) string {
	s = strings.Join(strings.Fields(sanitize(s)), " ")
	var b strings.Builder
	b.WriteByte('"')
	n := 0
	for _, r := range s {
		if n == max {
			b.WriteString("…")
			break
		}
		n++
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || r == ' ' || strings.ContainsRune(".,-+/§()'→", r):
			b.WriteRune(r)
		default:
			b.WriteString("#" + strconv.Itoa(int(r)) + ";")
		}
	}
	b.WriteByte('"')
	return b.String()
}
