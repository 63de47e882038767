package discover

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// foldMap removes diacritics from Latin and Greek letters and unifies a few
// letters so that text written with or without accents matches the same
// phrase.
var foldMap = map[rune]rune{
	'à': 'a', 'á': 'a', 'â': 'a', 'ã': 'a', 'ä': 'a', 'å': 'a', 'ā': 'a', 'ă': 'a', 'ą': 'a',
	'ç': 'c', 'ć': 'c', 'č': 'c', 'ď': 'd', 'đ': 'd', 'è': 'e', 'é': 'e', 'ê': 'e', 'ë': 'e',
	'ē': 'e', 'ė': 'e', 'ę': 'e', 'ě': 'e', 'ğ': 'g', 'ì': 'i', 'í': 'i', 'î': 'i', 'ï': 'i',
	'ī': 'i', 'ı': 'i', 'ł': 'l', 'ľ': 'l', 'ĺ': 'l', 'ñ': 'n', 'ń': 'n', 'ň': 'n', 'ò': 'o',
	'ó': 'o', 'ô': 'o', 'õ': 'o', 'ö': 'o', 'ø': 'o', 'ō': 'o', 'ő': 'o', 'ŕ': 'r', 'ř': 'r',
	'ś': 's', 'š': 's', 'ş': 's', 'ș': 's', 'ť': 't', 'ţ': 't', 'ț': 't', 'ù': 'u', 'ú': 'u',
	'û': 'u', 'ü': 'u', 'ū': 'u', 'ů': 'u', 'ű': 'u', 'ý': 'y', 'ÿ': 'y', 'ź': 'z', 'ż': 'z',
	'ž': 'z', 'ð': 'd', 'þ': 't', 'æ': 'a', 'œ': 'o', 'ß': 's',
	'ά': 'α', 'έ': 'ε', 'ή': 'η', 'ί': 'ι', 'ϊ': 'ι', 'ΐ': 'ι', 'ό': 'ο', 'ύ': 'υ', 'ϋ': 'υ',
	'ΰ': 'υ', 'ώ': 'ω', 'ς': 'σ', 'ё': 'е', 'ґ': 'г',
}

// fold returns s in lower case, without diacritics or combining marks, with
// every run of characters that are neither letters nor digits replaced by
// one space, and without leading or trailing space.
func fold(s string) string {
	b := make([]byte, 0, len(s)+1)
	space := true
	for _, r := range s {
		switch {
		case r < utf8.RuneSelf:
			if 'A' <= r && r <= 'Z' {
				r += 'a' - 'A'
			}
			if ('a' <= r && r <= 'z') || ('0' <= r && r <= '9') {
				b = append(b, byte(r))
				space = false
				continue
			}
		case unicode.Is(unicode.Mn, r):
			continue
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mc, r):
			r = unicode.ToLower(r)
			if m, ok := foldMap[r]; ok {
				r = m
			}
			b = utf8.AppendRune(b, r)
			space = false
			continue
		}
		if !space {
			b = append(b, ' ')
			space = true
		}
	}
	if len(b) > 0 && b[len(b)-1] == ' ' {
		b = b[:len(b)-1]
	}
	return string(b)
}

// noSpaceScript reports whether r belongs to a script written without
// spaces between words, where phrases match anywhere in the text.
func noSpaceScript(r rune) bool {
	return r >= 0x0E00 && (unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) ||
		unicode.Is(unicode.Katakana, r) || unicode.Is(unicode.Hangul, r) || unicode.Is(unicode.Thai, r))
}

// phrase is one folded phrase of a group.
type phrase struct {
	text  string
	group int
	exact bool // matches only a whole label (written "=phrase" in the lists)
}

// phraseIndex matches folded text against the phrases of several groups
// at once.
type phraseIndex struct {
	// byFirst maps the first word of a phrase to the phrases that begin
	// with it.
	byFirst map[string][]phrase
	// anywhere holds phrases in scripts without word spaces, without
	// spaces.
	anywhere []phrase
}

func newPhraseIndex(groups map[int][]string) *phraseIndex {
	p := &phraseIndex{byFirst: map[string][]phrase{}}
	for g := 0; g < numGroups; g++ {
		for _, ph := range groups[g] {
			exact := strings.HasPrefix(ph, "=")
			f := fold(strings.TrimPrefix(ph, "="))
			if f == "" {
				continue
			}
			if strings.IndexFunc(f, noSpaceScript) >= 0 {
				p.anywhere = append(p.anywhere, phrase{strings.ReplaceAll(f, " ", ""), g, exact})
				continue
			}
			first, _, _ := strings.Cut(f, " ")
			p.byFirst[first] = append(p.byFirst[first], phrase{f, g, exact})
		}
	}
	return p
}

// Match strengths returned by phraseIndex.match.
const (
	noMatch = iota
	partMatch
	fullMatch
)

// match reports for each group whether the folded text contains one of its
// phrases as whole words (partMatch) or consists of one exactly
// (fullMatch).
func (p *phraseIndex) match(text string) (m [numGroups]int) {
	for i := 0; i < len(text); {
		end := strings.IndexByte(text[i:], ' ')
		if end < 0 {
			end = len(text)
		} else {
			end += i
		}
		for _, ph := range p.byFirst[text[i:end]] {
			rest := text[i:]
			if !strings.HasPrefix(rest, ph.text) || (len(rest) > len(ph.text) && rest[len(ph.text)] != ' ') {
				continue
			}
			v := partMatch
			if len(rest) == len(ph.text) && i == 0 {
				v = fullMatch
			} else if ph.exact {
				continue
			}
			m[ph.group] = max(m[ph.group], v)
		}
		i = end + 1
	}
	if len(p.anywhere) > 0 && strings.IndexFunc(text, noSpaceScript) >= 0 {
		compact := strings.ReplaceAll(text, " ", "")
		for _, ph := range p.anywhere {
			v := noMatch
			if compact == ph.text {
				v = fullMatch
			} else if !ph.exact && strings.Contains(compact, ph.text) {
				v = partMatch
			}
			m[ph.group] = max(m[ph.group], v)
		}
	}
	return m
}

// Segment classes: bits of segClass values.
const (
	segLogin = 1 << iota
	segLoginWeak
	segLogout
	segRegister
	segReset
	segResetWeak
	segContact
	segContactWeak
	segDialog // "dialog", "authorize": OAuth routes of providers
	segNew    // "new", second half of /session/new, /users/new, /password/new
	segNewsletter
	segChangePassword
	segNotContact
	segTopic
)

// segClass maps a path segment to its classes. It is built on first use.
var segClass = sync.OnceValue(func() map[string]uint16 {
	m := map[string]uint16{}
	for bit, list := range map[uint16][]string{
		segLogin: loginSegments, segLoginWeak: loginWeakSegments, segLogout: logoutSegments,
		segRegister: registerSegments, segReset: resetSegments, segResetWeak: resetWeakSegments,
		segContact: contactSegments, segContactWeak: contactWeakSegments,
		segDialog: {"dialog", "authorize"}, segNew: {"new"}, segNewsletter: newsletterSegments,
		segChangePassword: changePasswordSegments, segNotContact: notContactSegments,
		segTopic: topicSegments,
	} {
		for _, s := range list {
			m[s] |= bit
		}
	}
	return m
})

// classes returns the union of the classes of segs.
func classes(segs []string) uint16 {
	var c uint16
	for _, s := range segs {
		c |= segClass()[s]
	}
	return c
}

// maxSegs is how many path segments scoring looks at.
const maxSegs = 16

// pathSegments stores in buf the lower-case segments of an URL path, each
// without a file extension (".php", ".html", ".txt", …), and returns them.
func pathSegments(path string, buf *[maxSegs]string) []string {
	path = strings.ToLower(path)
	segs := buf[:0]
	for path != "" && len(segs) < maxSegs {
		var s string
		s, path, _ = strings.Cut(path, "/")
		if s == "" {
			continue
		}
		if i := strings.LastIndexByte(s, '.'); i > 0 {
			s = s[:i]
		}
		segs = append(segs, s)
	}
	return segs
}

// hasSegPair reports whether segs contain a followed by b.
func hasSegPair(segs []string, a, b string) bool {
	for i := 0; i+1 < len(segs); i++ {
		if segs[i] == a && segs[i+1] == b {
			return true
		}
	}
	return false
}
