package redact

import (
	"slices"
	"strings"
)

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

// companions returns the parameters beside which the parameter named key
// (normalised) is secret: the parts of a signature (Azure SAS,
// CloudFront, Google's and AWS's version 2 signed URLs) and the OAuth 2
// "state". A parameter is removed when the query also has one of them. A
// switch rather than a map: static code, nothing built at start-up.
func companions(key string) []string {
	switch key {
	// Azure Storage shared access signature (sig is the signature).
	case "sv", "ss", "srt", "sp", "se", "st", "spr", "sip", "si", "sr", "sdd",
		"skoid", "sktid", "skt", "ske", "sks", "skv", "saoid", "suoid", "scid", "ses",
		"skn", "rscc", "rscd", "rsce", "rscl", "rsct":
		return azureSAS
	// CloudFront signed URLs.
	case "policy":
		return cloudFront
	// OAuth 2: "state" is also a filter in ordinary URLs (?state=closed).
	case "state":
		return oauthMarkers
	// OAuth 1: the rest of a signed request.
	case "oauthtimestamp", "oauthconsumerkey":
		return oauth1
	}
	return nil
}

var (
	azureSAS   = []string{"sig"}
	cloudFront = []string{"signature", "keypairid"}
	oauth1     = []string{"oauthsignature", "oauthnonce"}
)

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
var nestedParams = []string{
	"next", "redirect", "redirecturi", "redirecturl", "returnto",
	"returnurl", "return", "continue", "url", "dest",
	"destination", "target", "goto", "callback", "service",
	"successurl", "cancelurl", "backurl", "from", "r", "u",
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
	if slices.Contains(SecretParams, n) {
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
