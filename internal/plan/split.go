package plan

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// preambleLabel labels the text before a document's first point.
const preambleLabel = "preamble"

// Split cuts a document into points. name is used in errors.
//
// SplitNumbered (the default, also for "") starts a point at each line beginning with a number
// such as "1.", "2)", "12a." or "Point 7:" that is greater than the previous point's number (or
// the same number with a later letter), so lettered sub-items and stray numbers stay in their
// point. SplitHeadings starts a point at each Markdown ATX heading labelled with a number, "§ N",
// "§§ N bis M", "Art N" or "Article N"; unlabelled headings form the section path.
//
// Both modes skip a leading YAML front-matter block and the document's title heading, and
// collect other text before the first point into a point labelled "preamble". Errors are
// *FileError values naming the line.
func Split(name string, data []byte, mode SplitMode) ([]SplitPoint, error) {
	if line, err := checkEncoding(data); err != nil {
		return nil, &FileError{File: name, Line: line, Err: err}
	}
	data, _, _ = normalizeText(data)
	lines := strings.Split(string(data), "\n")
	start := skipFrontMatter(lines)
	switch mode {
	case SplitNumbered, "":
		return splitNumbered(name, lines, start)
	case SplitHeadings:
		return splitHeadings(name, lines, start)
	}
	return nil, fmt.Errorf("%s: unknown split mode %q (want %s or %s)", name, mode, SplitNumbered, SplitHeadings)
}

// skipFrontMatter returns the index of the first line after a leading YAML block between "---"
// lines, or 0 when the document has none (or an unterminated one).
func skipFrontMatter(lines []string) int {
	if len(lines) == 0 || !isDelimiter([]byte(lines[0])) {
		return 0
	}
	for i := 1; i < len(lines); i++ {
		if isDelimiter([]byte(lines[i])) || strings.TrimRight(lines[i], " \t") == "..." {
			return i + 1
		}
	}
	return 0
}

// fence tracks fenced code blocks (``` or ~~~), inside which nothing starts a point.
type fence struct {
	marker string // the opening fence while inside a block
}

// inside updates the state with line and reports whether line belongs to a code block,
// fence lines included.
func (f *fence) inside(line string) bool {
	if f.marker == "" && (line == "" || line[0] != ' ' && line[0] != '`' && line[0] != '~') {
		return false // the common case: not indented, not a fence
	}
	t := strings.TrimLeft(line, " ")
	if len(line)-len(t) > 3 {
		return f.marker != ""
	}
	if f.marker == "" {
		if run := leadingRun(t); run >= 3 && (t[0] == '`' || t[0] == '~') {
			f.marker = t[:run]
			return true
		}
		return false
	}
	if strings.HasPrefix(t, f.marker) && strings.TrimSpace(t[leadingRun(t):]) == "" {
		f.marker = ""
	}
	return true
}

// leadingRun returns how many times s repeats its first byte at its start.
func leadingRun(s string) int {
	n := 0
	for n < len(s) && s[n] == s[0] {
		n++
	}
	return n
}

// pointText joins lines into a point's text: trailing white space of each line and leading
// and trailing blank lines removed. It also returns the index of the first non-blank line.
func pointText(lines []string, from, to int) (string, int) {
	for from < to && strings.TrimSpace(lines[from]) == "" {
		from++
	}
	for to > from && strings.TrimSpace(lines[to-1]) == "" {
		to--
	}
	if from == to {
		return "", from
	}
	size := to - from
	for i := from; i < to; i++ {
		size += len(lines[i])
	}
	var b strings.Builder
	b.Grow(size)
	for i := from; i < to; i++ {
		if i > from {
			b.WriteByte('\n')
		}
		b.WriteString(strings.TrimRight(lines[i], " \t\r"))
	}
	return b.String(), from
}

// labelSet detects duplicate labels.
type labelSet map[string]int

func (l labelSet) add(name, label string, line int) error {
	if first, dup := l[label]; dup {
		return &FileError{File: name, Line: line, Err: fmt.Errorf("duplicate label %q (first at line %d)", label, first)}
	}
	l[label] = line
	return nil
}

// numberedItem is a number that may start a point: 12 and "a" for "12a.".
type numberedItem struct {
	num    int
	suffix string
}

// after reports whether n may follow prev as the next point.
func (n numberedItem) after(prev numberedItem) bool {
	return n.num > prev.num || n.num == prev.num && n.suffix > prev.suffix
}

// numberedMarker recognizes a line starting a numbered point: up to three spaces, then "12.",
// "12)", "12a." or "Point 12" with an optional ":", "." or ")", then a space or the end of the
// line. It returns the label, its number and the text after the marker.
func numberedMarker(line string) (label string, item numberedItem, rest string, ok bool) {
	s := strings.TrimLeft(line, " ")
	if len(line)-len(s) > 3 {
		return "", numberedItem{}, "", false
	}
	isPoint := len(s) > 6 && strings.EqualFold(s[:5], "point") && (s[5] == ' ' || s[5] == '\t')
	if isPoint {
		s = strings.TrimLeft(s[5:], " \t")
	}
	digits := 0
	for digits < len(s) && digits < 9 && s[digits] >= '0' && s[digits] <= '9' {
		digits++
	}
	if digits == 0 || digits < len(s) && s[digits] >= '0' && s[digits] <= '9' {
		return "", numberedItem{}, "", false
	}
	end := digits
	if end < len(s) && s[end] >= 'a' && s[end] <= 'z' {
		end++
	}
	i := end
	if i < len(s) && (s[i] == '.' || s[i] == ')' || isPoint && s[i] == ':') {
		i++
	} else if !isPoint {
		return "", numberedItem{}, "", false
	}
	if i < len(s) && s[i] != ' ' && s[i] != '\t' {
		return "", numberedItem{}, "", false
	}
	n, _ := strconv.Atoi(s[:digits])
	return s[:end], numberedItem{num: n, suffix: s[digits:end]}, strings.TrimSpace(s[i:]), true
}

// splitNumbered implements SplitNumbered.
func splitNumbered(name string, lines []string, start int) ([]SplitPoint, error) {
	skipTitleHeading(lines, start)
	type open struct {
		label string
		line  int // index of the marker line
		first string
	}
	var (
		points []SplitPoint
		cur    *open
		prev   numberedItem
		fences fence
		seen   = labelSet{}
		begin  = start // first line of the current point's text
	)
	closePoint := func(end int) error {
		if cur == nil {
			text, first := pointText(lines, begin, end)
			if text != "" {
				points = append(points, SplitPoint{Label: preambleLabel, Text: text, Line: first + 1})
				seen[preambleLabel] = first + 1
			}
			return nil
		}
		text := continuation(cur.first, lines[begin:end])
		points = append(points, SplitPoint{Label: cur.label, Text: text, Line: cur.line + 1})
		return seen.add(name, cur.label, cur.line+1)
	}
	for i := start; i < len(lines); i++ {
		if fences.inside(lines[i]) {
			continue
		}
		label, item, rest, ok := numberedMarker(lines[i])
		if !ok || cur != nil && !item.after(prev) {
			continue
		}
		if err := closePoint(i); err != nil {
			return nil, err
		}
		cur, prev, begin = &open{label: label, line: i, first: rest}, item, i+1
	}
	if cur == nil {
		return nil, &FileError{File: name, Err: errors.New(
			"no points found: no line starts with a number like \"1.\", \"2)\" or \"Point 3:\" (try --split headings)")}
	}
	if err := closePoint(len(lines)); err != nil {
		return nil, err
	}
	return points, nil
}

// skipTitleHeading blanks the document's leading heading, if its first non-blank line is one.
func skipTitleHeading(lines []string, start int) {
	for i := start; i < len(lines); i++ {
		if strings.TrimSpace(lines[i]) == "" {
			continue
		}
		if _, _, ok := atxHeading(lines[i]); ok {
			lines[i] = ""
		}
		return
	}
}

// continuation builds a numbered point's text from the text on its marker line and the lines
// that follow it, which lose their common indentation.
func continuation(first string, rest []string) string {
	indent := -1
	for _, l := range rest {
		if t := strings.TrimLeft(l, " "); t != "" && strings.TrimSpace(t) != "" {
			if n := len(l) - len(t); indent < 0 || n < indent {
				indent = n
			}
		}
	}
	body := make([]string, 0, len(rest)+1)
	body = append(body, first)
	for _, l := range rest {
		if len(l) >= indent && indent > 0 && strings.TrimSpace(l[:indent]) == "" {
			l = l[indent:]
		}
		body = append(body, l)
	}
	text, _ := pointText(body, 0, len(body))
	return text
}

// atxHeading parses a Markdown ATX heading: up to three spaces, one to six "#", a space and
// the text, without an optional closing run of "#". Empty headings do not count.
func atxHeading(line string) (level int, text string, ok bool) {
	if line == "" || line[0] != '#' && line[0] != ' ' {
		return 0, "", false
	}
	s := strings.TrimLeft(line, " ")
	if len(line)-len(s) > 3 {
		return 0, "", false
	}
	for level < len(s) && s[level] == '#' {
		level++
	}
	if level == 0 || level > 6 || level < len(s) && s[level] != ' ' && s[level] != '\t' {
		return 0, "", false
	}
	text = strings.TrimSpace(s[level:])
	if t := strings.TrimRight(text, "#"); t == "" {
		text = ""
	} else if t != text && (strings.HasSuffix(t, " ") || strings.HasSuffix(t, "\t")) {
		text = strings.TrimSpace(t)
	}
	if text == "" {
		return 0, "", false
	}
	return level, text, true
}

// headingLabel splits a heading's text into label and title when it begins with a label: a
// number ("12", "12a", "12."), "§ N", "§§ N bis M", "Art N", "Article N" or "Artikel N",
// optionally after a bracketed marker like "(XXXX)", which is dropped.
func headingLabel(text string) (label, title string, ok bool) {
	s := text
	if strings.HasPrefix(s, "(") {
		if end := strings.IndexByte(s, ')'); end > 1 && !strings.ContainsAny(s[1:end], " \t(") &&
			end+1 < len(s) && s[end+1] == ' ' {
			s = strings.TrimLeft(s[end+1:], " ")
		}
	}
	var n int
	switch {
	case strings.HasPrefix(s, "§§"):
		n = numberList(s, len("§§"), true)
	case strings.HasPrefix(s, "§"):
		n = numberList(s, len("§"), true)
	default:
		n = articleLabel(s)
		if n == 0 {
			n = numberToken(s, 0, 1)
			if n > 0 && n < len(s) && s[n] == '.' {
				label, title = s[:n], s[n+1:]
				n++
			} else {
				label, title = s[:n], s[n:]
			}
			if n == 0 || n < len(s) && s[n] != ' ' && s[n] != '\t' {
				return "", "", false
			}
			return label, strings.TrimSpace(title), true
		}
	}
	if n == 0 {
		return "", "", false
	}
	label = s[:n]
	rest := s[n:]
	if strings.HasPrefix(rest, ".") || strings.HasPrefix(rest, ":") {
		rest = rest[1:]
	}
	if rest != "" && rest[0] != ' ' && rest[0] != '\t' {
		return "", "", false
	}
	return label, strings.TrimSpace(rest), true
}

// articleLabel returns the length of an "Art N", "Art. N", "Article N" or "Artikel N" label at
// the start of s, 0 when there is none.
func articleLabel(s string) int {
	for _, word := range []string{"Article", "Artikel", "Art.", "Art"} {
		if len(s) > len(word) && strings.EqualFold(s[:len(word)], word) {
			if word != "Art." && s[len(word)] != ' ' {
				continue
			}
			return numberList(s, len(word), word == "Art.")
		}
	}
	return 0
}

// numberList returns the end of a list of section numbers ("5", "3 bis 6", "114, 115",
// "611a und 611b") that starts at s[i] after optional spaces (required unless optSpace).
// It returns 0 when there is no number.
func numberList(s string, i int, optSpace bool) int {
	j := i
	for j < len(s) && s[j] == ' ' {
		j++
	}
	if j == i && !optSpace {
		return 0
	}
	end := numberToken(s, j, 3)
	if end == 0 {
		return 0
	}
	for {
		next := 0
		for _, sep := range []string{" bis ", " und ", ", ", " to ", " and ", " - ", " – ", "-"} {
			if strings.HasPrefix(s[end:], sep) {
				next = numberToken(s, end+len(sep), 3)
				break
			}
		}
		if next == 0 {
			return end
		}
		end = next
	}
}

// numberToken returns the end of digits followed by up to maxLetters lowercase letters at s[i],
// 0 when s[i] is not a digit or the letters run into a longer word.
func numberToken(s string, i, maxLetters int) int {
	j := i
	for j < len(s) && s[j] >= '0' && s[j] <= '9' {
		j++
	}
	if j == i {
		return 0
	}
	k := j
	for k < len(s) && k-j < maxLetters && s[k] >= 'a' && s[k] <= 'z' {
		k++
	}
	if k < len(s) && (s[k] >= 'a' && s[k] <= 'z' || s[k] >= 'A' && s[k] <= 'Z') {
		return 0
	}
	return k
}

// sectionEntry is one unlabelled heading on the section path.
type sectionEntry struct {
	level int
	text  string
}

// splitHeadings implements SplitHeadings.
func splitHeadings(name string, lines []string, start int) ([]SplitPoint, error) {
	blankTitle(lines, start)
	var (
		points  []SplitPoint
		stack   []sectionEntry
		path    []string // the section path of stack, shared by points until the stack changes
		fences  fence
		seen    = labelSet{}
		cur     *SplitPoint // the open point; nil while in text under an unlabelled heading
		curLine = -1        // index of the open block's heading, -1 for the preamble
		curText = ""        // label for text under the current unlabelled heading
		begin   = start
		real    = 0
	)
	snapshot := func() []string {
		if path == nil && len(stack) > 0 {
			path = make([]string, len(stack))
			for i, e := range stack {
				path[i] = e.text
			}
		}
		return path
	}
	closeBlock := func(end int) error {
		text, first := pointText(lines, begin, end)
		switch {
		case cur != nil:
			if text == "" {
				text = cur.Title
			}
			if text == "" {
				text = cur.Label
			}
			cur.Text = text
			points = append(points, *cur)
			real++
			return seen.add(name, cur.Label, cur.Line)
		case text == "":
			return nil
		case curLine < 0:
			points = append(points, SplitPoint{Label: preambleLabel, Text: text, Line: first + 1})
			return seen.add(name, preambleLabel, first+1)
		default:
			// Text directly under an unlabelled heading: the heading names the point, and its
			// section is the path above the heading.
			section := stack[:len(stack)-1]
			var names []string
			for _, e := range section {
				names = append(names, e.text)
			}
			points = append(points, SplitPoint{Label: curText, Section: names, Text: text, Line: curLine + 1})
			real++
			return seen.add(name, curText, curLine+1)
		}
	}
	for i := start; i < len(lines); i++ {
		if fences.inside(lines[i]) {
			continue
		}
		level, text, ok := atxHeading(lines[i])
		if !ok {
			continue
		}
		if err := closeBlock(i); err != nil {
			return nil, err
		}
		begin, curLine = i+1, i
		if label, title, ok := headingLabel(text); ok {
			for len(stack) > 0 && stack[len(stack)-1].level > level {
				stack, path = stack[:len(stack)-1], nil
			}
			cur = &SplitPoint{Label: label, Title: title, Section: snapshot(), Line: i + 1}
			continue
		}
		for len(stack) > 0 && stack[len(stack)-1].level >= level {
			stack = stack[:len(stack)-1]
		}
		stack, path = append(stack, sectionEntry{level: level, text: text}), nil
		cur, curText = nil, text
	}
	if err := closeBlock(len(lines)); err != nil {
		return nil, err
	}
	if real == 0 {
		return nil, &FileError{File: name, Err: errors.New(
			"no points found: no heading starts with a label like \"12\", \"§ 5\" or \"Art 3\" (try --split numbered)")}
	}
	return points, nil
}

// DocumentTitle returns a document's title: the text of its only level-1 heading when that
// heading is unlabelled, or "" when it has none. Import uses it when no title is given.
func DocumentTitle(data []byte) string {
	if _, err := checkEncoding(data); err != nil {
		return ""
	}
	data, _, _ = normalizeText(data)
	lines := strings.Split(string(data), "\n")
	if i := titleLine(lines, skipFrontMatter(lines)); i >= 0 {
		_, text, _ := atxHeading(lines[i])
		return strings.TrimSpace(text)
	}
	return ""
}

// blankTitle blanks the document's title: its only level-1 heading, when that is unlabelled.
func blankTitle(lines []string, start int) {
	if i := titleLine(lines, start); i >= 0 {
		lines[i] = ""
	}
}

// titleLine returns the index of the document's title line, or -1.
func titleLine(lines []string, start int) int {
	var fences fence
	title := -1
	for i := start; i < len(lines); i++ {
		if fences.inside(lines[i]) {
			continue
		}
		level, text, ok := atxHeading(lines[i])
		if !ok || level != 1 {
			continue
		}
		if title >= 0 {
			return -1 // more than one level-1 heading: none is the title
		}
		if _, _, labelled := headingLabel(text); labelled {
			return -1
		}
		title = i
	}
	return title
}
