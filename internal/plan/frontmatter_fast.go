package plan

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// This file decodes the restricted front matter EncodePoint writes without yaml.v3, which costs
// about ten times as much. The fast path accepts a conservative subset of YAML:
//
//	key: plain scalar | "double quoted" | 'single quoted' | [flow, list, of, scalars]
//	key:
//	  - scalar
//	  - key: scalar
//	    other: scalar
//
// Whenever the input leaves that subset (comments, blank lines, tabs, anchors, block scalars,
// multi-line scalars, nulls, unknown or duplicate keys, anything unusual) it reports !ok and the
// caller decodes with yaml.v3, so the result is always what yaml.v3 gives. FuzzFrontMatter checks
// that the two agree.

// lineCursor walks the lines of the front matter.
type lineCursor struct {
	rest string
	line int // 1-based number of the last line returned by next
}

func (c *lineCursor) peek() (string, bool) {
	if c.rest == "" {
		return "", false
	}
	line, _, _ := strings.Cut(c.rest, "\n")
	return line, true
}

func (c *lineCursor) next() string {
	line, rest, _ := strings.Cut(c.rest, "\n")
	c.rest = rest
	c.line++
	return line
}

// fastReader decodes one front matter on the fast path.
type fastReader struct {
	cur    lineCursor
	offset int
	lines  map[string]int
}

func (f *fastReader) record(path string) {
	if f.lines != nil {
		f.lines[path] = f.cur.line + f.offset
	}
}

// fastPoint decodes point front matter in the restricted form. ok is false when the input
// needs the full YAML decoder.
func fastPoint(front []byte, offset int, lines map[string]int) (Point, bool) {
	if !fastChars(front) {
		return Point{}, false
	}
	var p Point
	f := &fastReader{cur: lineCursor{rest: string(front)}, offset: offset, lines: lines}
	var seen uint16
	for {
		if _, more := f.cur.peek(); !more {
			return p, true
		}
		key, val, ok := fastKey(f.cur.next())
		bit := pointKeyBit(key)
		if !ok || bit == 0 || seen&bit != 0 {
			return Point{}, false
		}
		seen |= bit
		f.record(key)
		switch key {
		case "topics":
			p.Topics, ok = f.stringList(key, val)
		case "section":
			p.Section, ok = f.stringList(key, val)
		case "sources":
			p.Sources, ok = f.sourceRefs(val)
		case "lineage":
			p.Lineage, ok = f.lineage(val)
		default:
			*pointScalar(&p, key), ok = fastBlockScalar(val)
		}
		if !ok {
			return Point{}, false
		}
	}
}

// pointKeyBit gives each front-matter key of a point its own bit, 0 for unknown keys.
func pointKeyBit(key string) uint16 {
	for i, k := range [...]string{"label", "title", "topics", "fidelity", "status", "sources", "lineage", "note", "section"} {
		if k == key {
			return 1 << i
		}
	}
	return 0
}

// pointScalar returns the string field of p that a scalar key fills.
func pointScalar(p *Point, key string) *string {
	switch key {
	case "label":
		return &p.Label
	case "title":
		return &p.Title
	case "fidelity":
		return &p.Fidelity
	case "status":
		return &p.Status
	}
	return &p.Note
}

// fastChars reports whether front holds only characters the fast path handles: printable
// characters that yaml.v3 reads as themselves (no tabs, CR, controls or Unicode line breaks).
func fastChars(front []byte) bool {
	for i := 0; i < len(front); {
		c := front[i]
		if c < utf8.RuneSelf {
			if c < 0x20 && c != '\n' || c == 0x7f {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(front[i:])
		if !fastRune(r, size) {
			return false
		}
		i += size
	}
	return true
}

// fastRune reports whether the decoded non-ASCII rune is one the fast path passes through.
func fastRune(r rune, size int) bool {
	switch {
	case r == utf8.RuneError && size == 1:
		return false
	case r >= 0xA0 && r <= 0xD7FF:
		return r != 0x2028 && r != 0x2029
	case r >= 0xE000 && r <= 0xFFFD:
		return r != 0xFEFF
	case r >= 0x10000 && r <= 0x10FFFF:
		return true
	}
	return false
}

// fastKey splits a top-level "key: value" line; the key is lowercase letters and underscores
// at column 0. val is empty when nothing follows the colon.
func fastKey(line string) (key, val string, ok bool) {
	n := keyLen(line)
	if n == 0 || n == len(line) || line[n] != ':' {
		return "", "", false
	}
	rest := line[n+1:]
	if rest != "" && rest[0] != ' ' {
		return "", "", false
	}
	return line[:n], strings.TrimLeft(rest, " "), true
}

// keyLen returns the length of the run of [a-z_] at the start of s.
func keyLen(s string) int {
	i := 0
	for i < len(s) && (s[i] >= 'a' && s[i] <= 'z' || s[i] == '_') {
		i++
	}
	return i
}

// stringList decodes a flow list on the key's line or a block list of scalars below it.
func (f *fastReader) stringList(key, val string) ([]string, bool) {
	if val != "" {
		list, ok := fastFlowList(val)
		if ok && f.lines != nil {
			for i := range list {
				f.record(entryPath(key, i))
			}
		}
		return list, ok
	}
	var list []string
	ok := f.blockList(func(i int, item string, _ int) bool {
		f.record(entryPath(key, i))
		v, ok := fastBlockScalar(item)
		list = append(list, v)
		return ok
	})
	return list, ok
}

// sourceRefs decodes sources: a flow list of keys, or a block list of keys and mappings.
func (f *fastReader) sourceRefs(val string) ([]SourceRef, bool) {
	if val != "" {
		keys, ok := fastFlowList(val)
		if !ok {
			return nil, false
		}
		refs := make([]SourceRef, len(keys))
		for i, k := range keys {
			if k == "" {
				return nil, false
			}
			f.record(entryPath("sources", i))
			refs[i].Key = k
		}
		return refs, true
	}
	var refs []SourceRef
	ok := f.blockList(func(i int, item string, indent int) bool {
		f.record(entryPath("sources", i))
		var ref SourceRef
		ok := f.blockMapping(item, indent, func(key, v string) bool {
			switch key {
			case "key":
				ref.Key = v
			case "locator":
				ref.Locator = v
			case "note":
				ref.Note = v
			default:
				return false
			}
			return true
		})
		if ok == mappingNone {
			v, scalarOK := fastBlockScalar(item)
			if !scalarOK || v == "" {
				return false
			}
			ref.Key = v
		}
		refs = append(refs, ref)
		return ok != mappingBad
	})
	return refs, ok
}

// lineage decodes a block list of lineage mappings.
func (f *fastReader) lineage(val string) ([]Lineage, bool) {
	if val != "" {
		return nil, false
	}
	var links []Lineage
	ok := f.blockList(func(i int, item string, indent int) bool {
		f.record(entryPath("lineage", i))
		var l Lineage
		ok := f.blockMapping(item, indent, func(key, v string) bool {
			switch key {
			case "version":
				l.Version = v
			case "label":
				l.Label = v
			case "relation":
				l.Relation = v
			default:
				return false
			}
			return true
		})
		links = append(links, l)
		return ok == mappingOK
	})
	return links, ok
}

// blockList consumes the lines of a block list ("- item" at indentation 0 or 2) and calls each
// with the text after each dash and that text's column. It fails on an empty list (a null value).
func (f *fastReader) blockList(each func(i int, item string, indent int) bool) bool {
	first, ok := f.cur.peek()
	if !ok {
		return false
	}
	var dash string
	switch {
	case strings.HasPrefix(first, "- "):
		dash = "- "
	case strings.HasPrefix(first, "  - "):
		dash = "  - "
	default:
		return false
	}
	for i := 0; ; i++ {
		line, ok := f.cur.peek()
		if !ok || !strings.HasPrefix(line, dash) {
			return true
		}
		f.cur.next()
		item := line[len(dash):]
		if item == "" || item[0] == ' ' || !each(i, item, len(dash)) {
			return false
		}
	}
}

// Results of blockMapping.
const (
	mappingOK   = iota // the item is a mapping and was decoded
	mappingNone        // the item is not a mapping (the caller may read it as a scalar)
	mappingBad         // the item needs the full decoder
)

// blockMapping decodes a list item that is a mapping: "key: value" on the dash line and more
// "key: value" lines indented by column, aligned with the first key. set rejects unknown keys.
func (f *fastReader) blockMapping(item string, column int, set func(key, val string) bool) int {
	n := keyLen(item)
	if n == 0 || n == len(item) || item[n] != ':' || n+1 < len(item) && item[n+1] != ' ' {
		return mappingNone
	}
	indent := "    "[:column]
	var seenKeys [3]string
	seen := seenKeys[:0]
	entry := item
	for {
		key, val, ok := fastKey(entry)
		if !ok || val == "" {
			return mappingBad
		}
		for _, s := range seen {
			if s == key {
				return mappingBad
			}
		}
		seen = append(seen, key)
		v, ok := fastBlockScalar(val)
		if !ok || !set(key, v) {
			return mappingBad
		}
		line, more := f.cur.peek()
		if !more || !strings.HasPrefix(line, indent) || keyLen(line[len(indent):]) == 0 {
			return mappingOK
		}
		f.cur.next()
		entry = line[len(indent):]
	}
}

// fastBlockScalar decodes a scalar that fills the rest of a line in block context.
func fastBlockScalar(s string) (string, bool) {
	if s == "" {
		return "", false
	}
	switch s[0] {
	case '"', '\'':
		v, n, ok := fastQuoted(s)
		if !ok || strings.TrimLeft(s[n:], " ") != "" {
			return "", false
		}
		return v, true
	}
	if !plainStart(s[0]) {
		return "", false
	}
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ':':
			if i+1 == len(s) || s[i+1] == ' ' {
				return "", false
			}
		case '#':
			if s[i-1] == ' ' {
				return "", false
			}
		}
	}
	v := strings.TrimRight(s, " ")
	if isNullWord(v) {
		return "", false
	}
	return v, true
}

// plainStart reports whether c may begin a plain scalar (conservatively: no indicator).
func plainStart(c byte) bool {
	return c != ' ' && !strings.ContainsRune("-?:,[]{}#&*!|>'\"%@`", rune(c))
}

// isNullWord reports whether a plain scalar is one YAML reads as null.
func isNullWord(s string) bool {
	switch s {
	case "", "~", "null", "Null", "NULL":
		return true
	}
	return false
}

// fastFlowList decodes "[a, "b", c]" filling the rest of a line.
func fastFlowList(s string) ([]string, bool) {
	if s == "" || s[0] != '[' {
		return nil, false
	}
	i := skipSpaces(s, 1)
	if i < len(s) && s[i] == ']' {
		return []string{}, strings.TrimLeft(s[i+1:], " ") == ""
	}
	var list []string
	for {
		if i >= len(s) {
			return nil, false
		}
		var v string
		switch s[i] {
		case '"', '\'':
			var n int
			var ok bool
			if v, n, ok = fastQuoted(s[i:]); !ok {
				return nil, false
			}
			i += n
		default:
			if !plainStart(s[i]) {
				return nil, false
			}
			j := i
			for j < len(s) && s[j] != ',' && s[j] != ']' {
				if strings.IndexByte("[{}:#?", s[j]) >= 0 {
					return nil, false
				}
				j++
			}
			v = strings.TrimRight(s[i:j], " ")
			if isNullWord(v) {
				return nil, false
			}
			i = j
		}
		list = append(list, v)
		i = skipSpaces(s, i)
		if i >= len(s) {
			return nil, false
		}
		switch s[i] {
		case ',':
			i = skipSpaces(s, i+1)
			if i < len(s) && s[i] == ']' {
				return nil, false
			}
		case ']':
			return list, strings.TrimLeft(s[i+1:], " ") == ""
		default:
			return nil, false
		}
	}
}

func skipSpaces(s string, i int) int {
	for i < len(s) && s[i] == ' ' {
		i++
	}
	return i
}

// fastQuoted decodes a double- or single-quoted scalar at the start of s that closes on the
// same line. n is the number of bytes consumed, quotes included.
func fastQuoted(s string) (v string, n int, ok bool) {
	quote := s[0]
	// The common case: no escapes, so the value is a substring.
	for i := 1; i < len(s); i++ {
		switch s[i] {
		case quote:
			if quote == '\'' && i+1 < len(s) && s[i+1] == '\'' {
				return fastQuotedSlow(s)
			}
			return s[1:i], i + 1, true
		case '\\':
			if quote == '"' {
				return fastQuotedSlow(s)
			}
		}
	}
	return "", 0, false
}

// fastQuotedSlow decodes a quoted scalar with escapes (” in single quotes, \ in double quotes).
func fastQuotedSlow(s string) (v string, n int, ok bool) {
	quote := s[0]
	var b strings.Builder
	for i := 1; i < len(s); {
		c := s[i]
		switch {
		case c == quote && quote == '\'' && i+1 < len(s) && s[i+1] == '\'':
			b.WriteByte('\'')
			i += 2
		case c == quote:
			return b.String(), i + 1, true
		case c == '\\' && quote == '"':
			r, size, ok := fastEscape(s[i:])
			if !ok {
				return "", 0, false
			}
			b.WriteRune(r)
			i += size
		default:
			b.WriteByte(c)
			i++
		}
	}
	return "", 0, false
}

// fastEscape decodes one escape sequence of a double-quoted scalar at the start of s: the
// escapes EncodePoint writes. yaml.v3 rejects some YAML 1.2 escapes, such as "\/".
func fastEscape(s string) (r rune, size int, ok bool) {
	if len(s) < 2 {
		return 0, 0, false
	}
	switch s[1] {
	case '\\':
		return '\\', 2, true
	case '"':
		return '"', 2, true
	case 'n':
		return '\n', 2, true
	case 't':
		return '\t', 2, true
	case 'r':
		return '\r', 2, true
	case 'x':
		size = 4
	case 'u':
		size = 6
	case 'U':
		size = 10
	default:
		return 0, 0, false
	}
	if len(s) < size {
		return 0, 0, false
	}
	v, err := strconv.ParseUint(s[2:size], 16, 32)
	if err != nil || v > utf8.MaxRune || v >= 0xD800 && v <= 0xDFFF {
		return 0, 0, false
	}
	return rune(v), size, true
}
