// Package iis recognises the sub-status of a Microsoft IIS 401 or 403
// error from the text of its error page.
//
// IIS never sends the sub-status in the status line: a "401.2" answers
// "HTTP/1.1 401 Unauthorized" and the ".2" appears only in the page, in
// forms such as
//
//	<h3>HTTP Error 401.2 - Unauthorized</h3>                  (IIS 7–10 detailed)
//	<title>IIS 10.0 Detailed Error - 403.14 - Forbidden</title>
//	HTTP Error 403.6 - Forbidden: IP address rejected.         (IIS 5–6)
//	HTTP 401.1 - Unauthorized: Logon Failed                    (IIS 5 title)
//	HTTP-Fehler 401.2 - Unauthorized                           (localised)
//
// Find accepts a code when it is preceded by a word such as "HTTP" or
// "Error" (in several languages) or followed by a dash or colon and the
// status word, so that version numbers and other figures in a page are not
// taken for a sub-status. It also reads the "IIS70Error=401,2,…" parameter
// of the "View more information" link of detailed pages. Work is linear in
// the page size.
package iis

import (
	"strconv"
	"strings"
)

// Status is an IIS sub-status.
type Status struct {
	Code   string // "401.2"
	Status int    // 401
	Sub    int    // 2
}

// Known reports whether IIS documents the sub-status.
func (s Status) Known() bool {
	_, ok := names[s.Code]
	return ok
}

// Name returns the short English name Microsoft's documentation gives the
// sub-status, or "" when it is not documented. It is meant for logs and
// tests; people read the translated explanation the diagnosis points to.
func (s Status) Name() string { return names[s.Code] }

var names = map[string]string{
	"401.1":   "Logon failed",
	"401.2":   "Logon failed due to server configuration",
	"401.3":   "Unauthorized due to ACL on resource",
	"401.4":   "Authorization failed by filter",
	"401.5":   "Authorization failed by ISAPI/CGI application",
	"401.501": "Access denied: too many requests from the same client IP",
	"401.502": "Forbidden: too many requests from the same client IP",
	"401.503": "Access denied: the IP address is in the deny list",
	"403.1":   "Execute access forbidden",
	"403.2":   "Read access forbidden",
	"403.3":   "Write access forbidden",
	"403.4":   "SSL required",
	"403.5":   "SSL 128 required",
	"403.6":   "IP address rejected",
	"403.7":   "Client certificate required",
	"403.8":   "Site access denied",
	"403.9":   "Too many users",
	"403.10":  "Invalid configuration",
	"403.11":  "Password change",
	"403.12":  "Mapper denied access",
	"403.13":  "Client certificate revoked",
	"403.14":  "Directory listing denied",
	"403.15":  "Client access licenses exceeded",
	"403.16":  "Client certificate is untrusted or invalid",
	"403.17":  "Client certificate has expired or is not yet valid",
	"403.18":  "Cannot execute requested URL in the current application pool",
	"403.19":  "Cannot execute CGI applications in this application pool",
	"403.20":  "Passport logon failed",
	"403.21":  "Source access denied",
	"403.22":  "Infinite depth is denied",
	"403.501": "Too many requests from the same client IP",
	"403.502": "Too many requests from the same client IP: maximum request rate",
	"403.503": "The IP address is in the deny list",
	"403.504": "The host name is in the deny list",
}

// before are words that introduce a status code on IIS error pages, lower
// case, in the languages IIS is localised to.
var before = []string{
	"http error", "error", "http", "http-fehler", "fehler", "erreur http", "erreur",
	"error http", "errore http", "errore", "http-fout", "fout", "erro http", "erro",
	"http-fel", "fel", "chyba http", "http hatası", "hata", "błąd http", "błąd",
	"ошибка http", "ошибка", "http エラー", "エラー", "http 错误", "错误", "http 오류",
	"detailed error -", "detailed error", "error message",
}

// after are status words that follow "401.2 -" or "403.14 -".
var after = []string{"unauthorized", "forbidden", "access", "logon", "not authorized", "unauthorised"}

// Find returns the first IIS sub-status of a 401 or 403 on the page.
func Find(page string) (Status, bool) {
	for i := 0; i+4 < len(page); {
		j := strings.Index(page[i:], "40")
		if j < 0 {
			break
		}
		at := i + j
		i = at + 2
		if at+4 >= len(page) || page[at+3] != '.' || (page[at+2] != '1' && page[at+2] != '3') {
			continue
		}
		if at > 0 && (isDigit(page[at-1]) || page[at-1] == '.') {
			continue
		}
		k := at + 4
		for k < len(page) && k < at+7 && isDigit(page[k]) {
			k++
		}
		if k == at+4 || (k < len(page) && (isDigit(page[k]) || page[k] == '.' && k+1 < len(page) && isDigit(page[k+1]))) {
			continue
		}
		if !precededByWord(page[:at]) && !followedByStatus(page[k:]) {
			continue
		}
		sub, _ := strconv.Atoi(page[at+4 : k])
		status := 401
		if page[at+2] == '3' {
			status = 403
		}
		return Status{Code: page[at:k], Status: status, Sub: sub}, true
	}
	return fromLink(page)
}

// fromLink finds the sub-status in the "more information" link of IIS 7+
// detailed error pages: "…&amp;IIS70Error=401,2,0x80070005,17763".
func fromLink(page string) (Status, bool) {
	const key = "IIS70Error="
	i := strings.Index(page, key)
	if i < 0 {
		return Status{}, false
	}
	rest := firstBytes(page[i+len(key):], 12)
	main, rest, ok := strings.Cut(rest, ",")
	if !ok || (main != "401" && main != "403") {
		return Status{}, false
	}
	sub, _, ok := strings.Cut(rest, ",")
	if !ok || sub == "" || len(sub) > 3 {
		return Status{}, false
	}
	n, err := strconv.Atoi(sub)
	if err != nil || n <= 0 || sub[0] == '0' {
		return Status{}, false
	}
	status, _ := strconv.Atoi(main)
	return Status{Code: main + "." + sub, Status: status, Sub: n}, true
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// precededByWord reports whether text ends with one of the before words
// and white space.
func precededByWord(text string) bool {
	tail := lastBytes(text, 40)
	t := strings.TrimRight(tail, " \t\r\n")
	t = strings.TrimSuffix(strings.TrimSuffix(t, "\u00a0"), "&nbsp;")
	t = strings.TrimRight(t, " \t\r\n")
	if len(t) == len(tail) {
		return false // no white space between the word and the code
	}
	low := strings.ToLower(t)
	for _, w := range before {
		if strings.HasSuffix(low, w) {
			k := len(low) - len(w)
			if k == 0 || !isLetter(low[k-1]) {
				return true
			}
		}
	}
	return false
}

// followedByStatus reports whether text starts with a dash or colon and a
// status word.
func followedByStatus(text string) bool {
	t := strings.TrimLeft(firstBytes(text, 40), " \t")
	t = strings.TrimPrefix(t, ".") // ASP.NET: "Error message 401.2.: Unauthorized"
	switch {
	case strings.HasPrefix(t, "-"), strings.HasPrefix(t, ":"):
		t = t[1:]
	case strings.HasPrefix(t, "–"), strings.HasPrefix(t, "—"):
		t = t[len("–"):]
	default:
		return false
	}
	t = strings.ToLower(strings.TrimLeft(t, " \t"))
	for _, w := range after {
		if strings.HasPrefix(t, w) {
			return true
		}
	}
	return false
}

func isLetter(c byte) bool { return 'a' <= c && c <= 'z' || c >= 0x80 }

func lastBytes(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}

func firstBytes(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}
