package redact

import "strings"

// SecretParams lists parameter names, normalised (see normalName), that are
// removed wherever they appear: in the query, as path parameters
// (";jsessionid=…") and as the innermost or outermost part of a bracketed
// name ("user[password]").
var SecretParams = []string{
	// Tokens and keys.
	"token", "accesstoken", "refreshtoken", "idtoken", "authtoken", "csrftoken", "xsrftoken",
	"key", "apikey", "accesskey", "secret", "clientsecret", "jwt", "bearer", "assertion",
	"clientassertion", "keypairid", "subscriptionkey", "consumerkey", "appkey", "authkey",
	"privatekey", "secretkey", "licensekey", "devkey", "clientkey", "appid",
	// Signatures.
	"sig", "signature", "hmac", "hash", "expires", "xamzsignature", "xamzcredential",
	"xamzsecuritytoken", "xgoogsignature", "xgoogcredential", "awsaccesskeyid",
	"googleaccessid", "ossaccesskeyid", "hdnts", "hdnea", "hdntl",
	// Sessions.
	"session", "sessionid", "sid", "sessid", "phpsessid", "jsessionid", "aspsessionid",
	"cfid", "cftoken", "oscsid", "zenid", "sesskey", "sessionkey",
	// Passwords and one-time codes.
	"auth", "authorization", "password", "passwd", "pwd", "pass", "pw", "passphrase",
	"otp", "ticket", "credential", "credentials", "oobcode", "authcode",
	"verificationcode", "confirmationcode", "activationcode", "resetcode", "resetkey",
	"invitecode", "magic", "magiclink",
	// OAuth 2 and OpenID Connect.
	"code", "nonce", "codeverifier", "codechallenge", "sessionstate", "clientinfo",
	"loginhint", "idtokenhint", "usercode", "csrf", "xsrf",
	// OAuth 1.
	"oauthverifier", "oauthnonce", "oauthsignature",
	// SAML.
	"samlart", "samlrequest", "samlresponse", "relaystate", "sigalg",
	// Who the person is.
	"email", "emailaddress", "login", "username",
}

// SecretSuffixes lists normalised endings that make any parameter secret.
var SecretSuffixes = []string{
	"token", "secret", "password", "passwd", "signature", "apikey", "accesskey",
	"accesskeyid", "sessionid", "sessid", "secretkey", "privatekey", "authkey", "sig", "nonce",
}

// SecretPrefixes lists normalised beginnings that make any parameter
// secret: every member of an AWS or Google signed URL.
var SecretPrefixes = []string{"xamz", "xgoog", "xoss"}

// companions lists parameters that are secret only beside another one: the
// parts of a signature (Azure SAS, CloudFront, Google's and AWS's version 2
// signed URLs) and the OAuth 2 "state". Keys are normalised names; a
// parameter is removed when the query also has one of its triggers.
var companions = map[string][]string{
	// Azure Storage shared access signature (sig is the signature).
	"sv": {"sig"}, "ss": {"sig"}, "srt": {"sig"}, "sp": {"sig"}, "se": {"sig"}, "st": {"sig"},
	"spr": {"sig"}, "sip": {"sig"}, "si": {"sig"}, "sr": {"sig"}, "sdd": {"sig"},
	"skoid": {"sig"}, "sktid": {"sig"}, "skt": {"sig"}, "ske": {"sig"}, "sks": {"sig"},
	"skv": {"sig"}, "saoid": {"sig"}, "suoid": {"sig"}, "scid": {"sig"}, "ses": {"sig"},
	"skn": {"sig"}, "rscc": {"sig"}, "rscd": {"sig"}, "rsce": {"sig"}, "rscl": {"sig"}, "rsct": {"sig"},
	// CloudFront signed URLs.
	"policy": {"signature", "keypairid"},
	// OAuth 2: "state" is also a filter in ordinary URLs (?state=closed).
	"state": oauthMarkers,
	// OAuth 1: the rest of a signed request.
	"oauthtimestamp":   {"oauthsignature", "oauthnonce"},
	"oauthconsumerkey": {"oauthsignature", "oauthnonce"},
}

// oauthMarkers are names that make a query an OAuth 2 or OpenID Connect
// request or answer.
var oauthMarkers = []string{
	"code", "clientid", "responsetype", "redirecturi", "idtoken", "accesstoken",
	"sessionstate", "nonce", "codechallenge", "codeverifier", "error", "iss", "idtokenhint",
	"postlogoutredirecturi",
}

// nestedParams lists normalised names whose values are commonly addresses
// (redirect targets). Their values are redacted as addresses, not
// removed; any other value that is an absolute http(s) address, or a
// path with a query, is treated the same way.
var nestedParams = map[string]bool{
	"next": true, "redirect": true, "redirecturi": true, "redirecturl": true, "returnto": true,
	"returnurl": true, "return": true, "continue": true, "url": true, "dest": true,
	"destination": true, "target": true, "goto": true, "callback": true, "service": true,
	"successurl": true, "cancelurl": true, "backurl": true, "from": true, "r": true, "u": true,
}

var (
	secretSet = setOf(SecretParams)
	markerSet = setOf(oauthMarkers)
)

func setOf(list []string) map[string]bool {
	m := make(map[string]bool, len(list))
	for _, p := range list {
		m[p] = true
	}
	return m
}

// normalName lowers name and drops '-', '_', '.' and spaces, so that
// "X-Amz-Signature", "session_id" and "Session.ID" compare equal to
// their entries above.
func normalName(name string) string {
	n := strings.ToLower(name)
	if !strings.ContainsAny(n, "-_. ") {
		return n
	}
	b := make([]byte, 0, len(n))
	for i := 0; i < len(n); i++ {
		if c := n[i]; c != '-' && c != '_' && c != '.' && c != ' ' {
			b = append(b, c)
		}
	}
	return string(b)
}

// nameParts splits a bracketed name ("user[password]", "a[b][c]",
// "token[]") into its non-empty parts, outermost first.
func nameParts(name string) []string {
	i := strings.IndexByte(name, '[')
	if i < 0 {
		return []string{name}
	}
	parts := []string{name[:i]}
	rest := name[i:]
	for len(rest) > 0 && rest[0] == '[' {
		j := strings.IndexByte(rest, ']')
		if j < 0 {
			parts = append(parts, rest[1:])
			break
		}
		parts = append(parts, rest[1:j])
		rest = rest[j+1:]
	}
	out := parts[:0]
	for _, p := range parts {
		if p != "" {
			out = append(out, p)
		}
	}
	return out
}

// isSecretName reports whether one normalised name is secret by itself.
func isSecretName(n string) bool {
	if secretSet[n] {
		return true
	}
	for _, s := range SecretSuffixes {
		if strings.HasSuffix(n, s) {
			return true
		}
	}
	for _, p := range SecretPrefixes {
		if strings.HasPrefix(n, p) {
			return true
		}
	}
	return false
}

// IsSecretParam reports whether a parameter name looks like a secret by
// itself, whatever else the query holds. A bracketed name is secret when
// its outermost or innermost part is. Names are compared
// case-insensitively, ignoring '-', '_', '.' and spaces.
func IsSecretParam(name string) bool {
	parts := nameParts(name)
	if len(parts) == 0 {
		return false
	}
	return isSecretName(normalName(parts[0])) || isSecretName(normalName(parts[len(parts)-1]))
}

// keyName returns the normalised innermost part of a bracketed name, the
// name the companion and nested-address rules look at.
func keyName(name string) string {
	parts := nameParts(name)
	if len(parts) == 0 {
		return ""
	}
	return normalName(parts[len(parts)-1])
}
