package diff

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// KeyFigures returns the figures a word diff changed, in text order: numbers, amounts of money,
// percentages, durations and dates. Within each changed stretch of text (deletions and
// insertions next to each other), old and new figures are paired, first those of the same
// kind, then the rest in order. A figure whose counterpart is wording without a figure is
// paired with that wording ("100 days" → "as soon as possible") when it has at most 12 words;
// otherwise the other side is empty. Section references ("§ 312", "Article 5") and paragraph
// markers ("(1)") are not figures.
func KeyFigures(edits []Edit) []Figure {
	var oldText, newText strings.Builder
	for _, e := range edits {
		if e.Op != Insert {
			oldText.WriteString(e.Text)
		}
		if e.Op != Delete {
			newText.WriteString(e.Text)
		}
	}
	return keyFigures(edits, oldText.String(), newText.String(), &wordScratch{})
}

// keyFigures is KeyFigures for edits that rebuild oldText and newText.
func keyFigures(edits []Edit, oldText, newText string, scratch *wordScratch) []Figure {
	var hunks []hunk
	open := false // the last hunk may still grow
	o, n := 0, 0  // positions in the old and new texts
	for k, e := range edits {
		switch e.Op {
		case Equal:
			o += len(e.Text)
			n += len(e.Text)
			// A hunk goes on across whitespace when more edits follow.
			open = open && isBlank(e.Text) && k+1 < len(edits) && edits[k+1].Op != Equal
			continue
		case Delete, Insert:
		default:
			continue
		}
		if !open {
			hunks = append(hunks, hunk{old: span{o, o}, new: span{n, n}})
			open = true
		}
		h := &hunks[len(hunks)-1]
		blank := isBlank(e.Text) // changed whitespace changes no figure
		if e.Op == Delete {
			if !blank {
				h.changed[0] = append(h.changed[0], span{o, o + len(e.Text)})
			}
			o += len(e.Text)
		} else {
			if !blank {
				h.changed[1] = append(h.changed[1], span{n, n + len(e.Text)})
			}
			n += len(e.Text)
		}
		h.old.end, h.new.end = o, n
	}
	if len(hunks) == 0 || o != len(oldText) || n != len(newText) {
		return nil
	}
	texts := [2]string{oldText, newText}

	// Changed figures on each side, with the hunks they touch; a figure touching several
	// hunks joins them.
	joined := make([]bool, len(hunks)) // joined[h]: hunk h goes on into hunk h+1
	var found [2][]placedFigure
	for s, text := range texts {
		var changed []span // sorted, not overlapping
		var owner []int    // hunk of each changed range
		for h := range hunks {
			for _, c := range hunks[h].changed[s] {
				changed = append(changed, c)
				owner = append(owner, h)
			}
		}
		for _, f := range figuresNear(text, changed, scratch) {
			// The changed ranges overlapping the figure.
			c, _ := slices.BinarySearchFunc(changed, f.start, func(c span, pos int) int { return cmp.Compare(c.end, pos+1) })
			if c == len(changed) || changed[c].start >= f.end {
				continue
			}
			first, last := owner[c], owner[c]
			for ; c < len(changed) && changed[c].start < f.end; c++ {
				last = owner[c]
			}
			for h := first; h < last; h++ {
				joined[h] = true
			}
			found[s] = append(found[s], placedFigure{f, first})
		}
	}
	// Number the stretches of joined hunks.
	stretch := make([]int, len(hunks))
	for h := 1; h < len(hunks); h++ {
		stretch[h] = stretch[h-1]
		if !joined[h-1] {
			stretch[h]++
		}
	}

	var out []Figure
	var next [2]int
	for h := 0; h < len(hunks); {
		end := h + 1
		for end < len(hunks) && stretch[end] == stretch[h] {
			end++
		}
		var figs [2][]figure
		for s := range found {
			for next[s] < len(found[s]) && stretch[found[s][next[s]].hunk] == stretch[h] {
				figs[s] = append(figs[s], found[s][next[s]].figure)
				next[s]++
			}
		}
		if len(figs[0])+len(figs[1]) > 0 {
			wording := [2]string{
				wordingOf(texts[0][hunks[h].old.start:hunks[end-1].old.end]),
				wordingOf(texts[1][hunks[h].new.start:hunks[end-1].new.end]),
			}
			for _, f := range pairFigures(figs, texts, wording) {
				// A figure restated unchanged next to an edit did not change.
				if f.Old != f.New {
					out = append(out, f)
				}
			}
		}
		h = end
	}
	return out
}

// span is a byte range of a text.
type span struct{ start, end int }

// hunk is a stretch of deletions and insertions, possibly across whitespace.
type hunk struct {
	old, new span
	changed  [2][]span // deleted ranges of the old text, inserted ranges of the new
}

// figureKind says what a figure measures.
type figureKind int

const (
	kindNumber figureKind = iota
	kindMoney
	kindPercent
	kindDuration
	kindDate
)

// figure is a figure found in a text.
type figure struct {
	span
	kind figureKind
}

type placedFigure struct {
	figure
	hunk int
}

// pairFigures pairs the old and new figures of one stretch: same kinds in order, then the rest
// in order; a figure left over is paired with the other side's wording when that side has no
// figure at all (only the first such figure), else with nothing. The result is in text order.
func pairFigures(figs [2][]figure, texts [2]string, wording [2]string) []Figure {
	type entry struct {
		at    [2]int // figure index per side, -1 for none
		other string // the other side's wording, for a leftover
		order float64
	}
	var entries []entry
	used := [2][]bool{make([]bool, len(figs[0])), make([]bool, len(figs[1]))}
	for _, sameKind := range []bool{true, false} {
		for i, fo := range figs[0] {
			if used[0][i] {
				continue
			}
			for j, fn := range figs[1] {
				if !used[1][j] && (!sameKind || fo.kind == fn.kind) {
					used[0][i], used[1][j] = true, true
					entries = append(entries, entry{at: [2]int{i, j}})
					break
				}
			}
		}
	}
	for s := range figs {
		other := 1 - s
		for k := range figs[s] {
			if used[s][k] {
				continue
			}
			e := entry{at: [2]int{-1, -1}}
			e.at[s] = k
			if len(figs[other]) == 0 {
				e.other, wording[other] = wording[other], ""
			}
			entries = append(entries, e)
		}
	}
	// Order: by old figure; a figure only on the new side goes after the entries whose new
	// figures precede it.
	for k := range entries {
		e := &entries[k]
		if e.at[0] >= 0 {
			e.order = float64(e.at[0])
			continue
		}
		e.order = -0.5
		for _, f := range entries {
			if f.at[0] >= 0 && f.at[1] >= 0 && f.at[1] < e.at[1] {
				e.order = max(e.order, float64(f.at[0])+0.5)
			}
		}
		e.order += float64(e.at[1]) / float64(2*len(figs[1])+2) // keep added figures in order
	}
	slices.SortStableFunc(entries, func(a, b entry) int { return cmp.Compare(a.order, b.order) })
	out := make([]Figure, len(entries))
	for k, e := range entries {
		var text [2]string
		for s := range text {
			if e.at[s] >= 0 {
				f := figs[s][e.at[s]]
				text[s] = texts[s][f.start:f.end]
			} else {
				text[s] = e.other
			}
		}
		out[k] = Figure{Old: text[0], New: text[1]}
	}
	return out
}

// maxWordingWords is the most words a wording may have to stand in for a figure.
const maxWordingWords = 12

// wordingOf trims a changed stretch of text to its wording: without surrounding whitespace
// and punctuation, empty when it has no words or more than maxWordingWords.
func wordingOf(text string) string {
	text = strings.TrimFunc(text, func(r rune) bool { return runeClass(r) != classWord && runeClass(r) != classCJK })
	words := 0
	forTokens(text, func(t string, class int) bool {
		if class == classWord || class == classCJK {
			words++
		}
		return words <= maxWordingWords // more cannot stand in for a figure
	})
	if words == 0 || words > maxWordingWords {
		return ""
	}
	return text
}

func firstRune(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	return r
}

// isBlank reports whether text is whitespace only.
func isBlank(text string) bool {
	for i := 0; i < len(text); {
		if isSpaceByte(text[i]) {
			i++
			continue
		}
		r, size := decode(text, i)
		if !unicode.IsSpace(r) {
			return false
		}
		i += size
	}
	return true
}

// figureMargin is how far around a change figures are looked for: enough for the longest
// figure's context ("USD 100 billion", "23 December 2025").
const figureMargin = 48

// figuresNear returns the figures of text in order that lie near the given ranges, which are
// sorted. Only windows around the ranges are scanned, each starting and ending at whitespace.
func figuresNear(text string, ranges []span, scratch *wordScratch) []figure {
	var out []figure
	toks, classes := scratch.figureTokens[:0], scratch.figureClasses[:0] // reused for each window
	defer func() { scratch.figureTokens, scratch.figureClasses = toks[:0], classes[:0] }()
	last := 0 // end of the last window
	for k := 0; k < len(ranges); {
		start := max(ranges[k].start-figureMargin, last)
		for start > last && !isSpaceByte(text[start-1]) {
			start--
		}
		end := ranges[k].end + figureMargin
		for k < len(ranges) && ranges[k].start <= end {
			end = max(end, ranges[k].end+figureMargin)
			k++
		}
		end = min(end, len(text))
		for end < len(text) && !isSpaceByte(text[end]) {
			end++
		}
		// The window is read with figureMargin of context on either side, so that a figure
		// at its edge is seen whole ("§ 355" is a reference, not a figure, even when the "§"
		// lies before the window); it contributes the figures that start inside it.
		from, to := max(start-figureMargin, 0), min(end+figureMargin, len(text))
		for from > 0 && !isSpaceByte(text[from-1]) {
			from--
		}
		for to < len(text) && !isSpaceByte(text[to]) {
			to++
		}
		if !hasDigit(text[start:to]) {
			last = end
			continue // every figure has a digit
		}
		toks, classes = toks[:0], classes[:0]
		forTokens(text[from:to], func(t string, class int) bool {
			toks = append(toks, t)
			classes = append(classes, int8(class))
			return true
		})
		var found []figure
		found, scratch.figureAt = findFigures(text[from:to], toks, classes, scratch.figureAt)
		for _, f := range found {
			f.start += from
			f.end += from
			if start <= f.start && f.start < end {
				out = append(out, f)
			}
		}
		last = end
	}
	return out
}

// hasDigit reports whether text has a digit.
func hasDigit(text string) bool {
	for i := 0; i < len(text); i++ {
		if c := text[i]; '0' <= c && c <= '9' {
			return true
		} else if c >= utf8.RuneSelf && unicode.IsDigit(firstRune(text[i:])) {
			return true
		}
	}
	return false
}

func isSpaceByte(c byte) bool { return c == ' ' || c == '\n' || c == '\t' || c == '\r' }

// findFigures returns the figures of text, cut into toks of the given classes, in order.
// at is scratch space, returned for reuse.
func findFigures(text string, toks []string, classes []int8, at []int) ([]figure, []int) {
	at = slices.Grow(at[:0], len(toks)+1)[:len(toks)+1] // byte offset of each token
	at[0] = 0
	for k, t := range toks {
		at[k+1] = at[k] + len(t)
	}
	// word returns token k folded when it is a word, else "".
	isWord := func(k int) bool { return k >= 0 && k < len(toks) && classes[k] == classWord }
	word := func(k int) string {
		if !isWord(k) {
			return ""
		}
		return strings.ToLower(toks[k])
	}
	// gap reports whether token k is whitespace within a paragraph.
	gap := func(k int) bool {
		return k >= 0 && k < len(toks) && classes[k] == classSpace && !strings.Contains(toks[k], "\n\n")
	}
	// after returns the index of the word after token k across one gap, or -1.
	after := func(k int) int {
		if gap(k+1) && isWord(k+2) {
			return k + 2
		}
		return -1
	}
	var out []figure
	for k := 0; k < len(toks); k++ {
		if !isWord(k) {
			continue
		}
		// Month first: "December 23, 2025", "December 2025".
		if !startsWithDigit(toks[k]) {
			if k+2 >= len(toks) || !startsWithDigit(toks[k+2]) {
				continue // no number after the word: the common case
			}
			n := after(k)
			if n < 0 || !isNumber(toks[n]) || !isMonth(word(k)) {
				continue
			}
			end := n
			if v, ok := wholeNumber(toks[n]); ok && v <= 31 {
				y := n + 1
				if y < len(toks) && strings.TrimSpace(toks[y]) == "," {
					y++
				}
				if gap(y) && isYear(word(y+1)) {
					end = y + 1
				}
			} else if !isYear(toks[n]) {
				continue
			}
			out = append(out, figure{span{at[k], at[end+1]}, kindDate})
			k = end
			continue
		}
		w := word(k)
		digits, suffix := splitSuffix(w)
		if !isNumber(toks[k][:len(digits)]) || suffix != "" && !isScale(suffix) {
			continue
		}
		if isReference(toks, k, word) {
			continue
		}
		f := figure{span{at[k], at[k+1]}, kindNumber}
		end := k
		// Currency before: "$100", "€210bn", "USD 100".
		if k > 0 {
			prev := toks[k-1]
			if r, size := utf8.DecodeLastRuneInString(prev); isCurrencySymbol(r) {
				f.start = at[k] - size
				f.kind = kindMoney
			} else if gap(k-1) && isCurrencyWord(word(k-2)) {
				f.start = at[k-2]
				f.kind = kindMoney
			}
		}
		sign := 0 // length of a per cent sign after the figure
		// Scale and unit after: "100 billion dollars", "33%", "33 percent", "100 days", "60-day".
		if n := after(end); n >= 0 && isScale(word(n)) {
			end = n
		}
		switch next := nextToken(toks, end); {
		case strings.HasPrefix(next, "%"):
			f.kind = kindPercent
			sign = 1
		case strings.HasPrefix(next, "-") && len(next) == 1 && isDurationUnit(word(end+2)):
			f.kind = kindDuration
			end += 2
		default:
			n := after(end)
			u := word(n)
			switch {
			case n < 0:
			case isCurrencyWord(u):
				f.kind = kindMoney
				end = n
			case isPercentWord(u):
				f.kind = kindPercent
				end = n
			case u == "per" && word(after(n)) == "cent":
				f.kind = kindPercent
				end = after(n)
			case isDurationUnit(u):
				f.kind = kindDuration
				end = n
			case isMonth(u):
				if v, ok := wholeNumber(digits); ok && v >= 1 && v <= 31 {
					f.kind = kindDate
					end = n
					if y := after(n); y >= 0 && isYear(word(y)) {
						end = y
					}
				}
			}
		}
		f.end = at[end+1] + sign
		// "23. Dezember 2025": a day with a dot before the month.
		if f.kind == kindNumber && end == k && nextToken(toks, k) == "." && gap(k+2) && isMonth(word(k+3)) {
			f.kind = kindDate
			end = k + 3
			if y := after(end); y >= 0 && isYear(word(y)) {
				end = y
			}
			f.end = at[end+1]
		}
		if f.kind == kindNumber && end == k && (isYear(w) || isNumericDate(w)) {
			f.kind = kindDate
		}
		out = append(out, f)
		k = end
	}
	return out, at
}

// nextToken returns the token after k, or "".
func nextToken(toks []string, k int) string {
	if k+1 < len(toks) {
		return toks[k+1]
	}
	return ""
}

// isReference reports whether the number at token k cites a provision ("§ 312", "Article 5",
// "Nr. 3") or marks a paragraph ("(1)") rather than giving a figure.
func isReference(toks []string, k int, word func(int) string) bool {
	if k > 0 && strings.HasSuffix(toks[k-1], "(") && k+1 < len(toks) && strings.HasPrefix(toks[k+1], ")") {
		return true
	}
	p := k - 1
	if p >= 0 && runeClass(firstRune(toks[p])) == classSpace {
		p--
	}
	if p >= 0 && strings.TrimSpace(toks[p]) == "." {
		p-- // "Nr. 3", "Art. 5"
	}
	return p >= 0 && (strings.Trim(toks[p], " ") == "§" || strings.HasPrefix(toks[p], "§") || isReferenceWord(word(p)))
}

func startsWithDigit(s string) bool { return s != "" && isDigit(firstRune(s)) }

// splitSuffix splits a word into its leading number and the letters after it: "210bn" → "210", "bn".
func splitSuffix(w string) (number, suffix string) {
	i := 0
	for i < len(w) {
		r, size := utf8.DecodeRuneInString(w[i:])
		if !isDigit(r) && !strings.ContainsRune(".,:/-", r) {
			break
		}
		i += size
	}
	return w[:i], w[i:]
}

// isNumber reports whether s is digits with inner separators, like "600,000" or "1.5".
func isNumber(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !isDigit(r) && !strings.ContainsRune(".,:/-", r) {
			return false
		}
	}
	return isDigit(firstRune(s))
}

// wholeNumber parses s when it is ASCII digits only.
func wholeNumber(s string) (int, bool) {
	if s == "" || len(s) > 9 {
		return 0, false
	}
	v, err := strconv.Atoi(s)
	return v, err == nil && v >= 0 && s[0] != '+'
}

// isYear reports whether s is a year from 1900 to 2199.
func isYear(s string) bool {
	v, ok := wholeNumber(s)
	return ok && len(s) == 4 && v >= 1900 && v < 2200
}

// isNumericDate reports whether s looks like 2025-12-23, 23.12.2025 or 12/23/2025.
func isNumericDate(s string) bool {
	for _, sep := range []string{"-", ".", "/"} {
		parts := strings.Split(s, sep)
		if len(parts) != 3 {
			continue
		}
		if isYear(parts[0]) && len(parts[1]) <= 2 && len(parts[2]) <= 2 || isYear(parts[2]) && len(parts[0]) <= 2 && len(parts[1]) <= 2 {
			ok := true
			for _, p := range parts {
				if _, isNum := wholeNumber(p); !isNum {
					ok = false
				}
			}
			if ok {
				return true
			}
		}
	}
	return false
}

// Word lists for figures, folded to lower case: English, German and Russian.

// isMonth reports whether w names a month.
func isMonth(w string) bool {
	switch w {
	case "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
		"november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
		"nov", "dec", "januar", "februar", "märz", "mai", "juni", "juli", "oktober", "dezember",
		"января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября",
		"ноября", "декабря":
		return true
	}
	return false
}

// isScale reports whether w is a scale word such as "billion" or "bn".
func isScale(w string) bool {
	switch w {
	case "thousand", "million", "millions", "billion", "billions", "trillion", "bn", "mn", "m", "k", "tn",
		"mio", "mrd", "tausend", "millionen", "milliarde", "milliarden", "тыс", "млн", "млрд", "тысяча", "тысячи", "тысяч", "тысячами",
		"миллион", "миллиона", "миллионов", "миллионами", "миллиард", "миллиарда", "миллиардов", "миллиардами", "триллион",
		"триллионов":
		return true
	}
	return false
}

// isCurrencyWord reports whether w names a currency.
func isCurrencyWord(w string) bool {
	switch w {
	case "dollar", "dollars", "usd", "eur", "euro", "euros", "pound", "pounds", "gbp", "rouble",
		"roubles", "ruble", "rubles", "rub", "hryvnia", "hryvnias", "uah", "yuan", "долларов", "доллара",
		"евро", "рублей", "рубля", "гривен", "гривны":
		return true
	}
	return false
}

// isPercentWord reports whether w means per cent.
func isPercentWord(w string) bool {
	switch w {
	case "percent", "prozent", "процентов", "процента", "процент":
		return true
	}
	return false
}

// isDurationUnit reports whether w is a unit of time.
func isDurationUnit(w string) bool {
	switch w {
	case "day", "days", "week", "weeks", "month", "months", "year", "years", "hour", "hours", "minute",
		"minutes", "decade", "decades", "tag", "tage", "tagen", "tages", "woche", "wochen", "monat",
		"monate", "monaten", "monats", "jahr", "jahre", "jahren", "jahres", "stunde", "stunden", "день",
		"дня", "дней", "неделя", "недели", "недель", "месяц", "месяца", "месяцев", "год", "года", "лет",
		"час", "часа", "часов":
		return true
	}
	return false
}

// isReferenceWord reports whether w introduces a reference to a provision.
func isReferenceWord(w string) bool {
	switch w {
	case "article", "articles", "art", "artikel", "section", "sections", "point", "points", "paragraph",
		"paragraphs", "chapter", "clause", "item", "no", "nr", "abs", "absatz", "absätze", "satz",
		"buchstabe", "nummer", "punkt", "пункт", "пункта", "статья", "статьи":
		return true
	}
	return false
}

// isCurrencySymbol reports whether r is a currency sign written before an amount.
func isCurrencySymbol(r rune) bool {
	switch r {
	case '$', '€', '£', '¥', '₽', '₴':
		return true
	}
	return false
}
