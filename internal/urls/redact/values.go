package redact

import "strings"

// flowWords lists normalised path segments after which a token-like
// segment is a one-time secret: password resets, e-mail verification,
// invitations and magic sign-in links ("/reset/<hex>", "/invite/<token>").
var flowWords = []string{
	"reset", "resetpassword", "passwordreset", "password", "forgot", "forgotpassword",
	"verify", "verifyemail", "emailverify", "verification", "validate", "confirm",
	"confirmemail", "confirmation", "activate", "activation", "invite", "invites",
	"invitation", "invitations", "acceptinvite", "join", "magic", "magiclink", "login",
	"signin", "auth", "token", "tokens", "unsubscribe", "unsub", "claim", "otp", "sso",
	"passwordless", "emaillogin", "loginlink", "setpassword", "recover", "recovery",
}

// keyPrefixes are the fixed beginnings of API keys and access tokens of
// well-known issuers, with the least number of characters that follow.
var keyPrefixes = []struct {
	prefix string
	rest   int
}{
	{"AIza", 30},        // Google API key
	{"AKIA", 16},        // AWS access key ID
	{"ASIA", 16},        // AWS temporary access key ID
	{"sk_live_", 16},    // Stripe secret key
	{"sk_test_", 16},    // Stripe test secret key
	{"rk_live_", 16},    // Stripe restricted key
	{"ghp_", 30},        // GitHub personal access token
	{"gho_", 30},        // GitHub OAuth token
	{"ghu_", 30},        // GitHub user-to-server token
	{"ghs_", 30},        // GitHub server-to-server token
	{"github_pat_", 30}, // GitHub fine-grained token
	{"glpat-", 20},      // GitLab personal access token
	{"xoxb-", 10},       // Slack bot token
	{"xoxp-", 10},       // Slack user token
	{"xoxa-", 10},       // Slack app token
	{"xoxs-", 10},       // Slack session token
	{"SG.", 22},         // SendGrid API key
	{"shpat_", 32},      // Shopify access token
	{"shpss_", 32},      // Shopify shared secret
	{"key-", 32},        // Mailgun API key
}

// tokenByte reports whether c may appear in a base64url token.
func tokenByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_'
}

// tokenRun returns the length of the run of base64url bytes at s's start.
func tokenRun(s string) int {
	i := 0
	for i < len(s) && tokenByte(s[i]) {
		i++
	}
	return i
}

// hasJWT reports whether s holds a JSON Web Token (or JWS/JWE compact
// form): a header that starts "eyJ", a dot, a second part and a dot.
func hasJWT(s string) bool {
	for {
		i := strings.Index(s, "eyJ")
		if i < 0 {
			return false
		}
		s = s[i:]
		h := tokenRun(s)
		if h >= 10 && h < len(s) && s[h] == '.' {
			p := tokenRun(s[h+1:])
			if end := h + 1 + p; p >= 2 && end < len(s) && s[end] == '.' {
				return true
			}
		}
		s = s[3:]
	}
}

// hasKnownKey reports whether s holds an API key or token in a shape one
// of keyPrefixes describes, not inside a longer word.
func hasKnownKey(s string) bool {
	for _, k := range keyPrefixes {
		for from := 0; from < len(s); {
			i := strings.Index(s[from:], k.prefix)
			if i < 0 {
				break
			}
			i += from
			if (i == 0 || !tokenByte(s[i-1])) && tokenRun(s[i+len(k.prefix):]) >= k.rest {
				return true
			}
			from = i + 1
		}
	}
	return false
}

// classes counts the upper-case letters, lower-case letters and digits of
// s, and how often neighbouring bytes change between those classes.
func classes(s string) (upper, lower, digit, changes int) {
	prev := 0
	for i := 0; i < len(s); i++ {
		c, k := s[i], 0
		switch {
		case 'A' <= c && c <= 'Z':
			upper, k = upper+1, 1
		case 'a' <= c && c <= 'z':
			lower, k = lower+1, 2
		case '0' <= c && c <= '9':
			digit, k = digit+1, 3
		}
		if i > 0 && k != prev {
			changes++
		}
		prev = k
	}
	return
}

// isHex reports whether s is only hexadecimal digits.
func isHex(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return s != ""
}

// isUUID reports whether s is a UUID in its 36-character form.
func isUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if i == 8 || i == 13 || i == 18 || i == 23 {
			if s[i] != '-' {
				return false
			}
		} else if !isHex(s[i : i+1]) {
			return false
		}
	}
	return true
}

// isRandom reports whether s holds a random-looking token wherever it
// appears: a run of base64url letters and digits (split at '-', '_', '.'
// '~' and ':') at least 20 long with upper- and lower-case letters and digits
// that change class often, as generated tokens do and words do not.
func isRandom(s string) bool {
	for _, piece := range strings.FieldsFunc(s, func(r rune) bool { return r == '-' || r == '_' || r == '.' || r == '~' || r == ':' }) {
		if len(piece) < 20 || tokenRun(piece) != len(piece) {
			continue
		}
		u, l, d, ch := classes(piece)
		if u >= 2 && l >= 2 && d >= 2 && ch*3 >= len(piece) {
			return true
		}
	}
	return false
}

// isTokenAfterFlow reports whether a path segment that follows one of
// flowWords is a token: a UUID, 20 or more hexadecimal digits, or 16 or
// more token bytes with both letters and digits.
func isTokenAfterFlow(s string) bool {
	if isUUID(s) || len(s) >= 20 && isHex(s) {
		return true
	}
	if len(s) < 16 {
		return false
	}
	n := 0
	for n < len(s) && (tokenByte(s[n]) || strings.IndexByte(".~=:", s[n]) >= 0) {
		n++
	}
	u, l, d, _ := classes(s)
	return n == len(s) && d > 0 && u+l > 0
}

// isSecretValue reports whether a parameter's value is secret whatever
// the parameter's name: it holds a JWT or a known API key.
func isSecretValue(s string) bool {
	return hasJWT(s) || hasKnownKey(s)
}

// isSecretSegment reports whether a path segment, or a query part without
// '=', is secret wherever it appears: a JWT, a known API key or a
// random-looking token.
func isSecretSegment(s string) bool {
	return hasJWT(s) || hasKnownKey(s) || isRandom(s)
}

// isCookielessSession reports whether a path segment is an ASP.NET
// cookieless session, "(S(lit3py55t21z5v55vlm25s55))", or another of its
// cookieless identifiers ("(A(…))", "(F(…))", several in one segment).
func isCookielessSession(s string) bool {
	return len(s) > 5 && s[0] == '(' && strings.IndexByte("SAF", s[1]) >= 0 && s[2] == '(' && strings.HasSuffix(s, "))")
}
