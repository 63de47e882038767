package archive

import (
	"errors"
	"time"
)

// TimestampLayout is the layout of the 14-digit timestamps web archives use
// (YYYYMMDDhhmmss, UTC).
const TimestampLayout = "20060102150405"

// ErrTimestamp reports a malformed timestamp.
var ErrTimestamp = errors.New("archive: timestamp must be 4 to 14 digits YYYYMMDDhhmmss")

// ParseTimestamp parses a web archive timestamp of 4 to 14 digits
// (YYYY[MM[DD[hh[mm[ss]]]]], UTC). Missing parts take their lowest value, as
// the Wayback Machine does: "2014" is 2014-01-01T00:00:00Z. Out-of-range
// fields (month 13, 31 February, hour 24) are errors.
func ParseTimestamp(s string) (time.Time, error) {
	if len(s) < 4 || len(s) > 14 || len(s)%2 != 0 {
		return time.Time{}, ErrTimestamp
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return time.Time{}, ErrTimestamp
		}
	}
	num := func(i int, def int) int {
		if i+2 > len(s) {
			return def
		}
		return int(s[i]-'0')*10 + int(s[i+1]-'0')
	}
	year := int(s[0]-'0')*1000 + int(s[1]-'0')*100 + int(s[2]-'0')*10 + int(s[3]-'0')
	mon, day, h, m, sec := num(4, 1), num(6, 1), num(8, 0), num(10, 0), num(12, 0)
	t := time.Date(year, time.Month(mon), day, h, m, sec, 0, time.UTC)
	if t.Year() != year || int(t.Month()) != mon || t.Day() != day || t.Hour() != h || t.Minute() != m || t.Second() != sec {
		return time.Time{}, ErrTimestamp
	}
	return t, nil
}

// FormatTimestamp formats t as a 14-digit UTC timestamp.
func FormatTimestamp(t time.Time) string {
	return t.UTC().Format(TimestampLayout)
}
