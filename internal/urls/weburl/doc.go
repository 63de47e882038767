// Package weburl parses, resolves and prints URLs as net/url does, for the
// WebAssembly helper: net/url links fmt, reflect, os and net/netip (about
// 110 KB of gzip), this package only strings, strconv, bytes and slices.
//
// The API is a subset of net/url's with the same names (URL and its
// fields, Userinfo, User, UserPassword, Parse, ParseRequestURI,
// (*URL).Parse, ResolveReference, String, Redacted, EscapedPath,
// EscapedFragment, Hostname, Port, IsAbs, RequestURI, Query, Values,
// ParseQuery, QueryEscape, QueryUnescape, PathEscape, PathUnescape, Error,
// EscapeError, InvalidHostError), so that moving a package from net/url
// to weburl is a change of import path. IsIP is extra: it stands in for
// net/netip.ParseAddr where only "is this an IP address" is asked.
//
// TestNetURL and FuzzNetURL check that every result (each field, String,
// EscapedPath, Hostname, Port, RequestURI, the resolved reference, and
// whether parsing fails) equals net/url's. The deliberate differences:
//
//   - GODEBUG is not read: parsing behaves as Go 1.26's defaults
//     (urlstrictcolons=1: an http or https host may hold one colon only,
//     outside brackets; urlmaxqueryparams: a query of more than 10,000
//     pairs is refused).
//   - The text of the error for a malformed IPv6 literal in brackets is
//     "invalid host: bad IPv6 literal …" rather than net/netip's
//     explanation; the same literals are refused.
//   - JoinPath, the binary marshalling methods and Error's Timeout and
//     Temporary are left out (nothing in the helper uses them).
//
// Like net/url, and unlike a browser's WHATWG URL parser, Parse keeps
// what it is given. testdata/whatwg.tsv holds over a thousand inputs
// (hostile ones included: spaces, tabs, backslashes, IDNA, IPv6,
// percent-encoding, "..", user-info, ports, empty hosts, javascript:,
// data:), each with what Node's URL (the WHATWG parser browsers share)
// makes of it and, where weburl's String differs, why. TestWHATWG keeps
// that column honest; dev/scripts/whatwg-table.mjs rewrites the WHATWG
// column from Node. The reasons, all deliberate (they are net/url's):
//
//   - browsers normalise: the host is lower-cased, a default port
//     dropped, an empty path of http(s), ws(s), ftp and file written
//     "/", dot segments removed, a lone "#" kept, and characters
//     percent-encoded by other rules. Callers that compare URLs
//     normalise (package origin), weburl does not.
//   - browsers refuse, weburl accepts: a relative reference with no
//     base, a relative path against an opaque base ("mailto:a@b"), a
//     port above 65535, an empty host, host characters WHATWG forbids,
//     numeric hosts WHATWG reads as bad IPv4.
//   - weburl refuses, browsers accept: malformed "%" escapes, control
//     bytes (browsers strip tabs and newlines and trim spaces), user-info
//     and host characters outside RFC 3986, non-ASCII user-info.
//   - differs: a backslash is a "/" to browsers in special URLs and a
//     path byte to weburl; "http:g" and "http:///x" are opaque or
//     host-less to weburl but get a host from browsers; "%2e%2e" is a
//     dot segment to browsers only; non-ASCII hosts are mapped to
//     Punycode by browsers only (package punycode does it where needed);
//     numeric IPv4 forms ("127.1", "2130706433") are rewritten by
//     browsers only; "file:" host rules; an empty reference keeps the
//     base's fragment in weburl.
package weburl
