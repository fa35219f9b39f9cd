package diff

import (
	"unicode"
	"unicode/utf8"
)

// The alignment compares texts as sequences of case-folded words: runs of letters, digits and
// §, each CJK character on its own. Whitespace and punctuation only separate words, so two
// texts are identical after normalisation when their word sequences are equal.

// wordScanner walks the case-folded words of a text.
type wordScanner struct {
	text string
	pos  int
	word []byte // the current word, folded; reused by next
}

// next moves to the next word and reports whether there is one.
func (s *wordScanner) next() bool {
	var ok bool
	s.pos, s.word, ok = nextWord(s.text, s.pos, s.word[:0])
	return ok
}

// nextWord appends the folded word of text at or after pos to word and returns the position
// after it. It works on locals only: that is several times faster than updating a struct.
func nextWord(text string, pos int, word []byte) (int, []byte, bool) {
	for pos < len(text) {
		c := text[pos]
		if 'a' <= c && c <= 'z' || '0' <= c && c <= '9' {
			// Copy a run of lower-case letters and digits at once.
			end := pos + 1
			for end < len(text) && ('a' <= text[end] && text[end] <= 'z' || '0' <= text[end] && text[end] <= '9') {
				end++
			}
			word = append(word, text[pos:end]...)
			pos = end
			continue
		}
		if c < utf8.RuneSelf {
			pos++
			switch {
			case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
				word = append(word, c)
			case 'A' <= c && c <= 'Z':
				word = append(word, c+('a'-'A'))
			default:
				if len(word) > 0 {
					return pos, word, true
				}
			}
			continue
		}
		r, size := utf8.DecodeRuneInString(text[pos:])
		switch {
		case isCJK(r):
			if len(word) > 0 {
				return pos, word, true // the CJK character is the next word
			}
			return pos + size, utf8.AppendRune(word, r), true
		case isWordRune(r):
			pos += size
			word = utf8.AppendRune(word, unicode.ToLower(r))
		default:
			pos += size
			if len(word) > 0 {
				return pos, word, true
			}
		}
	}
	return pos, word, len(word) > 0
}

// textKey summarises a text's normalised form.
type textKey struct {
	hash  uint64 // FNV-1a of the normalised words, each followed by a space
	words int    // number of words
}

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

// keyOfHashes returns the key of a text's normalised form from its word hashes in order.
func keyOfHashes(hashes []uint64) textKey {
	k := textKey{hash: fnvOffset, words: len(hashes)}
	for _, h := range hashes {
		k.hash = (k.hash ^ h) * fnvPrime
	}
	return k
}

// appendWordHashes appends the hashes of text's words to hashes.
func appendWordHashes(hashes []uint64, text string) []uint64 {
	forWordHashes(text, func(h uint64) { hashes = append(hashes, h) })
	return hashes
}

// forWordHashes calls fn with the FNV-1a hash of each case-folded word of text, in order.
// It hashes as it scans, without building the words: it runs over every text.
func forWordHashes(text string, fn func(uint64)) {
	h := uint64(fnvOffset)
	in := false // inside a word
	end := func() {
		if in {
			fn(h)
			h, in = fnvOffset, false
		}
	}
	for i := 0; i < len(text); {
		c := text[i]
		if c < utf8.RuneSelf {
			if asciiFolded[c] == 0 {
				i++
				end()
				continue
			}
			var n int
			n, h = hashASCIIWord(text[i:], h)
			i += n
			in = true
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		i += size
		cjk := isCJK(r)
		if !cjk && !isWordRune(r) {
			end()
			continue
		}
		if cjk {
			end()
		} else {
			r = unicode.ToLower(r)
		}
		var enc [utf8.UTFMax]byte
		for _, b := range enc[:utf8.EncodeRune(enc[:], r)] {
			h = (h ^ uint64(b)) * fnvPrime
		}
		in = true
		if cjk {
			end()
		}
	}
	end()
}

// hashASCIIWord goes on with FNV-1a hash h over the ASCII letters and digits at the start of
// text, case-folded, and returns how many there are and the hash. A function of its own, so
// that its loop keeps everything in registers.
func hashASCIIWord(text string, h uint64) (int, uint64) {
	for i := 0; i < len(text); i++ {
		c := asciiFolded[text[i]]
		if c == 0 {
			return i, h
		}
		h = (h ^ uint64(c)) * fnvPrime
	}
	return len(text), h
}

// asciiFolded (read only) holds each ASCII letter and digit folded to lower case, and 0 for
// every other byte.
var asciiFolded = func() (t [256]byte) {
	for c := range utf8.RuneSelf {
		switch {
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
			t[c] = byte(c)
		case 'A' <= c && c <= 'Z':
			t[c] = byte(c + 'a' - 'A')
		}
	}
	return t
}()

// hasWord reports whether text has at least one word.
func hasWord(text string) bool {
	for i := 0; i < len(text); {
		c := text[i]
		if c < utf8.RuneSelf {
			if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' {
				return true
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		if isCJK(r) || isWordRune(r) {
			return true
		}
		i += size
	}
	return false
}

// isWordRune reports whether a non-ASCII rune other than a CJK character belongs to words.
func isWordRune(r rune) bool {
	return r != utf8.RuneError && (r == '§' || unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r))
}

// sameWords reports whether a and b are identical after normalisation:
// whitespace collapsed, punctuation removed, case folded.
func sameWords(a, b string) bool {
	var sa, sb wordScanner
	return sameScan(&sa, &sb, a, b)
}

// sameScan is sameWords with reusable scanners.
func sameScan(sa, sb *wordScanner, a, b string) bool {
	if a == b {
		return true
	}
	sa.text, sa.pos = a, 0
	sb.text, sb.pos = b, 0
	for {
		moreA, moreB := sa.next(), sb.next()
		if moreA != moreB || string(sa.word) != string(sb.word) {
			return false
		}
		if !moreA {
			return true
		}
	}
}
