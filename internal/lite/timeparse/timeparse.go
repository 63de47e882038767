// Package timeparse reads the few date layouts Sesame meets — RFC 3339 and
// the three HTTP-date forms — exactly as time.Parse reads them (its tests
// compare the two), without time's general layout machinery, which would
// add about 18 KB of gzip to the WebAssembly helper.
//
// Parse follows time.Parse's rules: names of days and months in any case,
// the weekday read but not checked, runs of spaces in the input matching
// runs of spaces in the layout, an optional fraction of a second after the
// seconds, range checks, and numeric zone offsets up to 24:60.
package timeparse

import "time"

type field uint8

const (
	text        field = iota
	weekday           // Mon
	longWeekday       // Monday
	month             // Jan
	zeroMonth         // 01
	day               // 2
	zeroDay           // 02
	underDay          // _2
	hour              // 15
	zeroMinute        // 04
	zeroSecond        // 05, and any fraction after it
	year              // 06
	longYear          // 2006
	numTZ             // -0700
	isoColonTZ        // Z07:00
)

// fields lists the layout elements Parse knows, longest first where one
// begins another, as time's layout parser tries them.
var fields = [...]struct {
	std string
	f   field
}{
	{"Monday", longWeekday}, {"Mon", weekday}, {"Jan", month}, {"01", zeroMonth}, {"02", zeroDay},
	{"04", zeroMinute}, {"05", zeroSecond}, {"06", year}, {"15", hour}, {"2006", longYear}, {"2", day},
	{"_2", underDay}, {"-0700", numTZ}, {"Z07:00", isoColonTZ},
}

var (
	shortDays   = [...]string{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"}
	longDays    = [...]string{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"}
	shortMonths = [...]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}
)

// next splits the layout into the literal text before its first element,
// the element, and the rest.
func next(layout string) (prefix string, f field, rest string) {
	for i := 0; i < len(layout); i++ {
		for _, e := range fields {
			if len(layout)-i >= len(e.std) && layout[i:i+len(e.std)] == e.std {
				return layout[:i], e.f, layout[i+len(e.std):]
			}
		}
	}
	return layout, text, ""
}

// Parse reads value in layout, written in time's notation, and returns
// the time it names, in UTC, or false where time.Parse would return an
// error. The layout may use only these elements: Monday Mon Jan 01 02 04
// 05 06 15 2006 2 _2 -0700 Z07:00 (its tests hold every layout Sesame uses
// to time.Parse).
func Parse(layout, value string) (time.Time, bool) {
	var (
		yr, mon, dy             = 0, -1, -1
		hr, min, sec, nsec, off int
		ok                      bool
	)
	for {
		prefix, f, rest := next(layout)
		if value, ok = skip(value, prefix); !ok {
			return time.Time{}, false
		}
		if f == text {
			break
		}
		layout = rest
		switch f {
		case weekday:
			_, value, ok = lookup(shortDays[:], value)
		case longWeekday:
			_, value, ok = lookup(longDays[:], value)
		case month:
			mon, value, ok = lookup(shortMonths[:], value)
			mon++
		case zeroMonth:
			mon, value, ok = getnum(value, true)
			ok = ok && 1 <= mon && mon <= 12
		case day, zeroDay, underDay:
			if f == underDay && len(value) > 0 && value[0] == ' ' {
				value = value[1:]
			}
			dy, value, ok = getnum(value, f == zeroDay)
		case hour:
			hr, value, ok = getnum(value, false)
			ok = ok && hr < 24
		case zeroMinute:
			min, value, ok = getnum(value, true)
			ok = ok && min < 60
		case zeroSecond:
			sec, value, ok = getnum(value, true)
			ok = ok && sec < 60
			if ok && len(value) >= 2 && (value[0] == '.' || value[0] == ',') && isDigit(value, 1) {
				n := 2
				for n < len(value) && isDigit(value, n) {
					n++
				}
				nsec = nanoseconds(value[:n])
				value = value[n:]
			}
		case year:
			if len(value) < 2 {
				return time.Time{}, false
			}
			yr, ok = atoi(value[:2])
			value = value[2:]
			if yr >= 69 {
				yr += 1900
			} else {
				yr += 2000
			}
		case longYear:
			if len(value) < 4 || !isDigit(value, 0) {
				return time.Time{}, false
			}
			yr, ok = atoi(value[:4])
			value = value[4:]
		case isoColonTZ, numTZ:
			if f == isoColonTZ && len(value) >= 1 && value[0] == 'Z' {
				value = value[1:]
				off, ok = 0, true
				break
			}
			off, value, ok = zone(value, f == isoColonTZ)
		}
		if !ok {
			return time.Time{}, false
		}
	}
	if value != "" {
		return time.Time{}, false
	}
	if mon < 0 {
		mon = 1
	}
	if dy < 0 {
		dy = 1
	}
	if dy < 1 || dy > daysIn(mon, yr) {
		return time.Time{}, false
	}
	t := time.Date(yr, time.Month(mon), dy, hr, min, sec, nsec, time.UTC)
	return t.Add(-time.Duration(off) * time.Second), true
}

// zone reads "-0700", or "-07:00" when colon is set, and returns the
// offset in seconds east of UTC.
func zone(value string, colon bool) (int, string, bool) {
	if len(value) == 0 {
		return 0, value, false
	}
	sign := value[0]
	var h, m string
	if colon {
		if len(value) < 6 || value[3] != ':' {
			return 0, value, false
		}
		h, m, value = value[1:3], value[4:6], value[6:]
	} else {
		if len(value) < 5 {
			return 0, value, false
		}
		h, m, value = value[1:3], value[3:5], value[5:]
	}
	hh, _, ok1 := getnum(h, true)
	mm, _, ok2 := getnum(m, true)
	if !ok1 || !ok2 || hh > 24 || mm > 60 || sign != '+' && sign != '-' {
		return 0, value, false
	}
	off := hh*3600 + mm*60
	if sign == '-' {
		off = -off
	}
	return off, value, true
}

// skip removes the literal prefix from value; a run of spaces in prefix
// matches any run of spaces (or the end of value).
func skip(value, prefix string) (string, bool) {
	for len(prefix) > 0 {
		if prefix[0] == ' ' {
			if len(value) > 0 && value[0] != ' ' {
				return value, false
			}
			prefix = cutspace(prefix)
			value = cutspace(value)
			continue
		}
		if len(value) == 0 || value[0] != prefix[0] {
			return value, false
		}
		prefix, value = prefix[1:], value[1:]
	}
	return value, true
}

func cutspace(s string) string {
	for len(s) > 0 && s[0] == ' ' {
		s = s[1:]
	}
	return s
}

// lookup finds which of names value begins with, ignoring the case of
// letters.
func lookup(names []string, value string) (int, string, bool) {
	for i, name := range names {
		if len(value) >= len(name) && match(value[:len(name)], name) {
			return i, value[len(name):], true
		}
	}
	return -1, value, false
}

func match(a, b string) bool {
	for i := 0; i < len(a); i++ {
		c1, c2 := a[i], b[i]
		if c1 != c2 {
			c1 |= 'a' - 'A'
			c2 |= 'a' - 'A'
			if c1 != c2 || c1 < 'a' || c1 > 'z' {
				return false
			}
		}
	}
	return true
}

func isDigit(s string, i int) bool {
	return i < len(s) && '0' <= s[i] && s[i] <= '9'
}

// getnum reads one or two digits (two when fixed).
func getnum(s string, fixed bool) (int, string, bool) {
	if !isDigit(s, 0) {
		return 0, s, false
	}
	if !isDigit(s, 1) {
		if fixed {
			return 0, s, false
		}
		return int(s[0] - '0'), s[1:], true
	}
	return int(s[0]-'0')*10 + int(s[1]-'0'), s[2:], true
}

// atoi reads a short decimal number with an optional sign, all of s.
func atoi(s string) (int, bool) {
	neg := false
	if len(s) > 0 && (s[0] == '-' || s[0] == '+') {
		neg = s[0] == '-'
		s = s[1:]
	}
	if s == "" {
		return 0, true
	}
	n := 0
	for i := 0; i < len(s); i++ {
		if !isDigit(s, i) {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	if neg {
		n = -n
	}
	return n, true
}

// nanoseconds reads a fraction ".123" (or ",123") as nanoseconds; digits
// after the ninth are ignored.
func nanoseconds(s string) int {
	if len(s) > 10 {
		s = s[:10]
	}
	n, _ := atoi(s[1:])
	for i := len(s); i < 10; i++ {
		n *= 10
	}
	return n
}

// daysIn returns the number of days in month m of year y.
func daysIn(m, y int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}
