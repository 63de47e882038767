package weburl

import "strings"

// IsIP reports whether host (a Hostname: no port, no brackets) is an
// IPv4 address in dotted decimal or an IPv6 address, with an optional
// "%zone" after an IPv6 one. It accepts what net/netip.ParseAddr accepts,
// so that callers need not link net/netip.
func IsIP(host string) bool {
	if i := strings.IndexAny(host, ".:%"); i < 0 || host[i] == '%' {
		return false
	} else if host[i] == '.' {
		return isIPv4(host)
	}
	return isIPv6(host)
}

// isIPv4 reports whether s is four decimal fields 0-255 without leading
// zeros, separated by dots.
func isIPv4(s string) bool {
	fields, val, digits := 0, 0, 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case '0' <= c && c <= '9':
			if digits == 1 && val == 0 {
				return false
			}
			val = val*10 + int(c-'0')
			digits++
			if val > 255 {
				return false
			}
		case c == '.':
			if digits == 0 || fields == 3 {
				return false
			}
			fields++
			val, digits = 0, 0
		default:
			return false
		}
	}
	return fields == 3 && digits > 0
}

// isIPv6 reports whether s is an IPv6 address as RFC 4291 writes it
// (groups of one to four hex digits, at most one "::" standing for at
// least one zero group, an optional dotted IPv4 tail in the last two
// groups), optionally followed by "%" and a non-empty zone. An address
// whose first separator is "." (an IPv4 one) does not count.
func isIPv6(s string) bool {
	if i := strings.IndexByte(s, '%'); i >= 0 {
		if i == len(s)-1 {
			return false
		}
		s = s[:i]
	}
	if i := strings.IndexAny(s, ".:"); i < 0 || s[i] == '.' {
		return false
	}
	// n counts 16-bit groups, gap tells whether "::" was seen.
	n, gap := 0, false
	if strings.HasPrefix(s, "::") {
		gap = true
		s = s[2:]
		if s == "" {
			return true
		}
	}
	for n < 8 {
		d := 0
		for d < len(s) && class[s[d]]&hex != 0 {
			d++
		}
		if d == 0 || d > 4 {
			return false
		}
		if d < len(s) && s[d] == '.' {
			// The dotted tail takes two groups and ends the address.
			if !gap && n != 6 || n+2 > 8 || !isIPv4(s) {
				return false
			}
			n += 2
			s = ""
			break
		}
		n++
		s = s[d:]
		if s == "" {
			break
		}
		if s[0] != ':' || len(s) == 1 {
			return false
		}
		s = s[1:]
		if s[0] == ':' {
			if gap {
				return false
			}
			gap = true
			s = s[1:]
			if s == "" {
				break
			}
		}
	}
	if s != "" {
		return false
	}
	// "::" must stand for at least one group; without it, all eight.
	return gap && n < 8 || !gap && n == 8
}
