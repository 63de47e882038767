package timeparse

import (
	"strconv"
	"time"
)

// FormatRFC3339 returns t.UTC().Format(time.RFC3339), without time's
// layout machinery.
func FormatRFC3339(t time.Time) string {
	t = t.UTC()
	b := appendDate(make([]byte, 0, 20), t, 'T')
	b = append(b, ':')
	b = appendInt(b, t.Second(), 2)
	return string(append(b, 'Z'))
}

// FormatMinute returns t.UTC().Format("2006-01-02 15:04 UTC").
func FormatMinute(t time.Time) string {
	return string(append(appendDate(nil, t.UTC(), ' '), " UTC"...))
}

// FormatSecond returns t.UTC().Format("2006-01-02 15:04:05 UTC").
func FormatSecond(t time.Time) string {
	t = t.UTC()
	b := appendDate(nil, t, ' ')
	b = append(b, ':')
	b = appendInt(b, t.Second(), 2)
	return string(append(b, " UTC"...))
}

// appendDate appends "2006-01-02 15:04" with sep between date and time.
func appendDate(b []byte, t time.Time, sep byte) []byte {
	y, m, d := t.Date()
	b = appendInt(b, y, 4)
	b = append(b, '-')
	b = appendInt(b, int(m), 2)
	b = append(b, '-')
	b = appendInt(b, d, 2)
	b = append(b, sep)
	b = appendInt(b, t.Hour(), 2)
	b = append(b, ':')
	return appendInt(b, t.Minute(), 2)
}

// appendInt appends n with at least width digits, as time's formatting
// does: a minus sign, then leading zeros.
func appendInt(b []byte, n, width int) []byte {
	if n < 0 {
		b = append(b, '-')
		n = -n
	}
	s := strconv.Itoa(n)
	for i := len(s); i < width; i++ {
		b = append(b, '0')
	}
	return append(b, s...)
}
