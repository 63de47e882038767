package diagnose

import "strconv"

// This file is the single list of message keys the package emits. Every
// key is a constant below with its name and parameter count in keyTable;
// Keys returns the table, and a test checks it against the words in
// messages/locales. A Message can only be made from a key (key.msg), so no
// other key can reach a report. The table is static data: it costs no
// work when the WebAssembly helper starts.

// key is a message key: an index into keyTable.
type key uint8

// keyInfo is a message key's name and the number of parameters its words
// use.
type keyInfo struct {
	name   string
	params int
}

// name is the key's name, as in messages.json.
func (k key) name() string { return keyTable[k].name }

// Keys returns every message key Diagnose can emit, with the number of
// positional parameters ($1 … $n) its message takes.
func Keys() map[string]int {
	m := make(map[string]int, len(keyTable))
	for _, k := range keyTable {
		m[k.name] = k.params
	}
	return m
}

// msg makes a Message from the key. It always carries exactly the key's
// number of parameters: missing ones are "", extra ones are dropped (tests
// check that neither happens).
func (k key) msg(params ...string) Message {
	p := make([]string, keyTable[k].params)
	copy(p, params)
	return Message{Key: keyTable[k].name, Params: p}
}

// msgInt is msg with one integer parameter.
func (k key) msgInt(n int) Message { return k.msg(strconv.Itoa(n)) }

// Message keys, grouped by family; see messages/locales/en.json for the
// words.
const (
	kKindOk key = iota
	kKindBasic
	kKindDigest
	kKindBearer
	kKindNegotiate
	kKindAuthOther
	kKindAuthSeveral
	kKindLoginRequired
	kKindLoginFailed
	kKindIIS
	kKindProxy
	kKindForbidden
	kKindBlocked
	kKindDirectoryListing
	kKindRateLimited
	kKindOther
	kKindNotHTTP
	kKindNotURL

	kAuthRealm
	kAuthCharsetUTF8
	kAuthDigestAlgorithm
	kAuthStale
	kAuthInsecureHTTP
	kAuthBearerInvalidToken
	kAuthBearerInsufficientScope
	kAuthBearerInvalidRequest
	kAuthBearerError
	kAuthBearerScope
	kAuthErrorDescription
	kAuthWindowsSettings
	kAuthPostRetry

	kIIS4011
	kIIS4012
	kIIS4013
	kIIS4014
	kIIS4015
	kIISIP
	kIISBusy
	kIIS403Permission
	kIIS403Ssl
	kIIS403Cert
	kIIS403Password
	kIIS40314
	kIISUnknown

	kBlockVendor
	kBlockReference
	kBlockWaf
	kBlockChallenge
	kBlockBot
	kBlockIP
	kBlockCountry
	kBlockRateLimit
	kBlockDirectoryListing
	kBlockAccessDenied
	kBlockExpiredLink

	kRetryAfterNow
	kRetryAfterSeconds
	kRetryAfterMinutes
	kRetryAfterHours
	kRetryAfterDate

	kActionLoginBox
	kActionLoginLink
	kActionLoginLinkHost
	kActionReset
	kActionHTTPS
	kActionParentUp
	kActionParent
	kActionHome
	kActionReload

	kNoteBodyTruncated
	kNoteHeadersTruncated
	kNoteHeaderMalformed
	kNoteRetryAfterInvalid
	kNoteStatusInvalid
	kNoteCredentialsRemoved
	kNoteRedirected

	// Proxies' refusals and sign-in forms on the error page.
	kBlockProxy
	kActionLoginForm
	kNoteProxyConnect

	numKeys // the number of keys
)

// keyTable holds each key's name and parameter count.
var keyTable = [numKeys]keyInfo{
	kKindOk:               {"kind_ok", 1},
	kKindBasic:            {"kind_basic", 0},
	kKindDigest:           {"kind_digest", 0},
	kKindBearer:           {"kind_bearer", 0},
	kKindNegotiate:        {"kind_negotiate", 0},
	kKindAuthOther:        {"kind_auth_other", 1},
	kKindAuthSeveral:      {"kind_auth_several", 1},
	kKindLoginRequired:    {"kind_login_required", 0},
	kKindLoginFailed:      {"kind_login_failed", 0},
	kKindIIS:              {"kind_iis", 1},
	kKindProxy:            {"kind_proxy", 0},
	kKindForbidden:        {"kind_forbidden", 0},
	kKindBlocked:          {"kind_blocked", 0},
	kKindDirectoryListing: {"kind_directory_listing", 0},
	kKindRateLimited:      {"kind_rate_limited", 0},
	kKindOther:            {"kind_other", 1},
	kKindNotHTTP:          {"kind_not_http", 1},
	kKindNotURL:           {"kind_not_url", 0},

	kAuthRealm:                   {"auth_realm", 1},
	kAuthCharsetUTF8:             {"auth_charset_utf8", 0},
	kAuthDigestAlgorithm:         {"auth_digest_algorithm", 1},
	kAuthStale:                   {"auth_stale", 0},
	kAuthInsecureHTTP:            {"auth_insecure_http", 0},
	kAuthBearerInvalidToken:      {"auth_bearer_invalid_token", 0},
	kAuthBearerInsufficientScope: {"auth_bearer_insufficient_scope", 0},
	kAuthBearerInvalidRequest:    {"auth_bearer_invalid_request", 0},
	kAuthBearerError:             {"auth_bearer_error", 1},
	kAuthBearerScope:             {"auth_bearer_scope", 1},
	kAuthErrorDescription:        {"auth_error_description", 1},
	kAuthWindowsSettings:         {"auth_windows_settings", 0},
	kAuthPostRetry:               {"auth_post_retry", 0},

	kIIS4011:          {"iis_401_1", 1},
	kIIS4012:          {"iis_401_2", 1},
	kIIS4013:          {"iis_401_3", 1},
	kIIS4014:          {"iis_401_4", 1},
	kIIS4015:          {"iis_401_5", 1},
	kIISIP:            {"iis_ip", 1},
	kIISBusy:          {"iis_busy", 1},
	kIIS403Permission: {"iis_403_permission", 1},
	kIIS403Ssl:        {"iis_403_ssl", 1},
	kIIS403Cert:       {"iis_403_cert", 1},
	kIIS403Password:   {"iis_403_password", 1},
	kIIS40314:         {"iis_403_14", 1},
	kIISUnknown:       {"iis_unknown", 1},

	kBlockVendor:           {"block_vendor", 1},
	kBlockReference:        {"block_reference", 1},
	kBlockWaf:              {"block_waf", 0},
	kBlockChallenge:        {"block_challenge", 0},
	kBlockBot:              {"block_bot", 0},
	kBlockIP:               {"block_ip", 0},
	kBlockCountry:          {"block_country", 0},
	kBlockRateLimit:        {"block_rate_limit", 0},
	kBlockDirectoryListing: {"block_directory_listing", 0},
	kBlockAccessDenied:     {"block_access_denied", 0},
	kBlockExpiredLink:      {"block_expired_link", 0},

	kRetryAfterNow:     {"retry_after_now", 0},
	kRetryAfterSeconds: {"retry_after_seconds", 1},
	kRetryAfterMinutes: {"retry_after_minutes", 1},
	kRetryAfterHours:   {"retry_after_hours", 1},
	kRetryAfterDate:    {"retry_after_date", 1},

	kActionLoginBox:      {"action_login_box", 0},
	kActionLoginLink:     {"action_login_link", 0},
	kActionLoginLinkHost: {"action_login_link_host", 1},
	kActionReset:         {"action_reset", 0},
	kActionHTTPS:         {"action_https", 0},
	kActionParentUp:      {"action_parent_up", 1},
	kActionParent:        {"action_parent", 1},
	kActionHome:          {"action_home", 1},
	kActionReload:        {"action_reload", 0},

	kNoteBodyTruncated:      {"note_body_truncated", 1},
	kNoteHeadersTruncated:   {"note_headers_truncated", 0},
	kNoteHeaderMalformed:    {"note_header_malformed", 1},
	kNoteRetryAfterInvalid:  {"note_retry_after_invalid", 1},
	kNoteStatusInvalid:      {"note_status_invalid", 1},
	kNoteCredentialsRemoved: {"note_credentials_removed", 0},
	kNoteRedirected:         {"note_redirected", 1},

	kBlockProxy:       {"block_proxy", 0},
	kActionLoginForm:  {"action_login_form", 0},
	kNoteProxyConnect: {"note_proxy_connect", 0},
}
