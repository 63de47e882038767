package diagnose

import "strconv"

// This file is the single list of message keys the package emits. Every
// key is created here by newKey, which records it; Keys returns the record,
// and a test checks it against the words in messages/locales. A Message can
// only be made from a key (key.msg), so no other key can reach a report.

// key is a message key and the number of parameters its words use.
type key struct {
	name   string
	params int
}

var registry []key

func newKey(name string, params int) key {
	k := key{name, params}
	registry = append(registry, k)
	return k
}

// Keys returns every message key Diagnose can emit, with the number of
// positional parameters ($1 … $n) its message takes.
func Keys() map[string]int {
	m := make(map[string]int, len(registry))
	for _, k := range registry {
		m[k.name] = k.params
	}
	return m
}

// msg makes a Message from the key. It always carries exactly k.params
// parameters: missing ones are "", extra ones are dropped (tests check
// that neither happens).
func (k key) msg(params ...string) Message {
	p := make([]string, k.params)
	copy(p, params)
	return Message{Key: k.name, Params: p}
}

// msgInt is msg with one integer parameter.
func (k key) msgInt(n int) Message { return k.msg(strconv.Itoa(n)) }

// Message keys, grouped by family; see messages/locales/en.json for the
// words.
var (
	kKindOk               = newKey("kind_ok", 1)
	kKindBasic            = newKey("kind_basic", 0)
	kKindDigest           = newKey("kind_digest", 0)
	kKindBearer           = newKey("kind_bearer", 0)
	kKindNegotiate        = newKey("kind_negotiate", 0)
	kKindAuthOther        = newKey("kind_auth_other", 1)
	kKindAuthSeveral      = newKey("kind_auth_several", 1)
	kKindLoginRequired    = newKey("kind_login_required", 0)
	kKindLoginFailed      = newKey("kind_login_failed", 0)
	kKindIIS              = newKey("kind_iis", 1)
	kKindProxy            = newKey("kind_proxy", 0)
	kKindForbidden        = newKey("kind_forbidden", 0)
	kKindBlocked          = newKey("kind_blocked", 0)
	kKindDirectoryListing = newKey("kind_directory_listing", 0)
	kKindRateLimited      = newKey("kind_rate_limited", 0)
	kKindOther            = newKey("kind_other", 1)
	kKindNotHTTP          = newKey("kind_not_http", 1)
	kKindNotURL           = newKey("kind_not_url", 0)

	kAuthRealm                   = newKey("auth_realm", 1)
	kAuthCharsetUTF8             = newKey("auth_charset_utf8", 0)
	kAuthDigestAlgorithm         = newKey("auth_digest_algorithm", 1)
	kAuthStale                   = newKey("auth_stale", 0)
	kAuthInsecureHTTP            = newKey("auth_insecure_http", 0)
	kAuthBearerInvalidToken      = newKey("auth_bearer_invalid_token", 0)
	kAuthBearerInsufficientScope = newKey("auth_bearer_insufficient_scope", 0)
	kAuthBearerInvalidRequest    = newKey("auth_bearer_invalid_request", 0)
	kAuthBearerError             = newKey("auth_bearer_error", 1)
	kAuthBearerScope             = newKey("auth_bearer_scope", 1)
	kAuthErrorDescription        = newKey("auth_error_description", 1)
	kAuthWindowsSettings         = newKey("auth_windows_settings", 0)
	kAuthPostRetry               = newKey("auth_post_retry", 0)

	kIIS4011          = newKey("iis_401_1", 1)
	kIIS4012          = newKey("iis_401_2", 1)
	kIIS4013          = newKey("iis_401_3", 1)
	kIIS4014          = newKey("iis_401_4", 1)
	kIIS4015          = newKey("iis_401_5", 1)
	kIISIP            = newKey("iis_ip", 1)
	kIISBusy          = newKey("iis_busy", 1)
	kIIS403Permission = newKey("iis_403_permission", 1)
	kIIS403Ssl        = newKey("iis_403_ssl", 1)
	kIIS403Cert       = newKey("iis_403_cert", 1)
	kIIS403Password   = newKey("iis_403_password", 1)
	kIIS40314         = newKey("iis_403_14", 1)
	kIISUnknown       = newKey("iis_unknown", 1)

	kBlockVendor           = newKey("block_vendor", 1)
	kBlockReference        = newKey("block_reference", 1)
	kBlockWaf              = newKey("block_waf", 0)
	kBlockChallenge        = newKey("block_challenge", 0)
	kBlockBot              = newKey("block_bot", 0)
	kBlockIP               = newKey("block_ip", 0)
	kBlockCountry          = newKey("block_country", 0)
	kBlockRateLimit        = newKey("block_rate_limit", 0)
	kBlockDirectoryListing = newKey("block_directory_listing", 0)
	kBlockAccessDenied     = newKey("block_access_denied", 0)
	kBlockExpiredLink      = newKey("block_expired_link", 0)

	kRetryAfterNow     = newKey("retry_after_now", 0)
	kRetryAfterSeconds = newKey("retry_after_seconds", 1)
	kRetryAfterMinutes = newKey("retry_after_minutes", 1)
	kRetryAfterHours   = newKey("retry_after_hours", 1)
	kRetryAfterDate    = newKey("retry_after_date", 1)

	kActionLoginBox      = newKey("action_login_box", 0)
	kActionLoginLink     = newKey("action_login_link", 0)
	kActionLoginLinkHost = newKey("action_login_link_host", 1)
	kActionReset         = newKey("action_reset", 0)
	kActionHTTPS         = newKey("action_https", 0)
	kActionParentUp      = newKey("action_parent_up", 1)
	kActionParent        = newKey("action_parent", 1)
	kActionHome          = newKey("action_home", 1)
	kActionReload        = newKey("action_reload", 0)

	kNoteBodyTruncated      = newKey("note_body_truncated", 1)
	kNoteHeadersTruncated   = newKey("note_headers_truncated", 0)
	kNoteHeaderMalformed    = newKey("note_header_malformed", 1)
	kNoteRetryAfterInvalid  = newKey("note_retry_after_invalid", 1)
	kNoteStatusInvalid      = newKey("note_status_invalid", 1)
	kNoteCredentialsRemoved = newKey("note_credentials_removed", 0)
	kNoteRedirected         = newKey("note_redirected", 1)
)
