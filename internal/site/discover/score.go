package discover

import (
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/sesame-help/sesame/internal/urls/redact"
	url "github.com/sesame-help/sesame/internal/urls/weburl"
)

// Score values; the package documentation lists them as a table.
const (
	scoreTextFull    = 60
	scoreTextPart    = 40
	scoreAccountText = 20
	scorePathStrong  = 30
	scorePathWeak    = 10
	scoreRel         = 40
	scoreForm        = 50
	scoreFormHidden  = 35 // above sign-on buttons, below a link labelled "Log in"
	scoreSSO         = MinScore
	penaltyPost      = 20
	penaltyCross     = 20
	penaltyLookLike  = 60
)

// signals gathers what labels one link.
type signals struct {
	text   string   // display text, or raw text to clip (see display)
	raw    bool     // text still needs clip
	labels []string // folded labels: text, aria-label, title, alt
	rel    string   // lower-case rel attribute
	// form is set for a form's own candidate: 1 for a form with one
	// password field, 2 for one with several (or a new-password field),
	// formReset for a form on a reset page.
	form   int
	hidden bool // the form is hidden until a script shows it
	// emailOnly is set for the action of a form that asks only for an
	// e-mail address.
	emailOnly bool
	action    bool // the URL is a form's action
	self      bool // a form's action that is the page itself
	postURL   bool // the URL is the action of a POST form
}

func (s *signals) addLabel(v string) {
	if len(v) > 8*MaxTextRunes {
		v = v[:8*MaxTextRunes]
	}
	if len(s.labels) < 8 {
		if f := fold(v); f != "" {
			s.labels = append(s.labels, f)
		}
	}
}

// display returns the text to show for the link.
func (s *signals) display() string {
	if s.raw {
		s.text, s.raw = displayText(s.text), false
	}
	return s.text
}

func (s *signals) relHas(tokens ...string) bool {
	if s.rel == "" {
		return false
	}
	for _, f := range strings.Fields(s.rel) {
		for _, t := range tokens {
			if f == t {
				return true
			}
		}
	}
	return false
}

// Phrase groups, indexes into features.text.
const (
	grpLogin = iota
	grpLogout
	grpRegister
	grpReset
	grpContact
	grpAccount    // "my account": a weak sign-in hint
	grpNewsletter // newsletters and subscriptions, never registration
	grpChange     // "change password", never a reset
	grpAuthor     // "the author": never the site's contact
	grpHelp       // "sign-in problems": no sign-in link
	grpContinue   // "continue with" and the like, for sign-on buttons
	grpProvider   // names of sign-on providers
	numGroups
)

// phrases is the index of every phrase group, built on first use rather
// than when the WebAssembly helper starts.
var phrases = sync.OnceValue(func() *phraseIndex {
	return newPhraseIndex(map[int][]string{
		grpLogin: loginPhrases, grpLogout: logoutPhrases, grpRegister: registerPhrases,
		grpReset: resetPhrases, grpContact: contactPhrases, grpAccount: accountPhrases,
		grpNewsletter: newsletterPhrases, grpChange: changePasswordPhrases, grpAuthor: authorPhrases,
		grpHelp:     signInHelpPhrases,
		grpContinue: continueWith, grpProvider: providerNames(),
	})
})

func providerNames() []string {
	var n []string
	for k := range ssoNames {
		n = append(n, k)
	}
	return n
}

// features are what scoring needs to know about one link, computed once
// for all kinds.
type features struct {
	segBuf   [maxSegs]string
	segs     []string
	class    uint16 // segment classes (see classes)
	wpAction string // action= of wp-login.php, lower case
	host     hostInfo
	text     [numGroups]int // best match of any label per phrase group
	sso      string
	share    bool // a share or feed dialog, a plug-in or a relay of a social site
	reset    bool // the query names a reset (?do=lostpw, ?main_page=password_forgotten)
}

func (c *collector) features(u *url.URL, s *signals, f *features) {
	f.segs = pathSegments(u.EscapedPath(), &f.segBuf)
	f.class = classes(f.segs)
	for _, sg := range f.segs {
		if sg == "wp-login" {
			f.wpAction = strings.ToLower(u.Query().Get("action"))
		}
	}
	f.host = c.host(u.Hostname())
	f.share = f.host.social && shareURL(f.segs)
	f.reset = u.RawQuery != "" && resetQuery(u.RawQuery)
	for _, l := range s.labels {
		m := phrases().match(l)
		long := false
		for g := range m {
			if m[g] == partMatch && positive(g) {
				long = longLabel(l)
				break
			}
		}
		for g := range m {
			if long && m[g] == partMatch && positive(g) {
				// A sentence (an article's title, an image's
				// description) that happens to hold "register" or
				// "sign in" labels no such link.
				continue
			}
			if s.form != 0 && m[g] == partMatch {
				// The page's own candidate is labelled by its title,
				// which adds the site's name: "Sign in · Example".
				m[g] = fullMatch
			}
			f.text[g] = max(f.text[g], m[g])
		}
	}
	f.sso = c.ssoProvider(u, f, s)
}

// score rates a link with its features as a candidate of kind k.
func (c *collector) score(k Kind, u *url.URL, s *signals, f *features) (Link, bool) {
	segs := f.segs
	score := 0
	sso := ""
	if f.share || f.class&segTopic != 0 || (s.form == formReset && k != KindReset) {
		// A share dialog; a tag, category or topic page lists
		// articles about "login" or "contact", it is none; a reset
		// page is only a reset page.
		return Link{}, false
	}
	switch k {
	case KindLogin:
		if f.class&segLogout != 0 || f.text[grpLogout] != noMatch || (f.wpAction != "" && f.wpAction != "login") {
			return Link{}, false
		}
		if f.text[grpReset] == noMatch && f.text[grpHelp] == noMatch {
			// "Can't sign in?", "Forgot your login?" and "Sign-in
			// problems" lead to a reset or help, not to the sign-in
			// page.
			score += textScore(f.text[grpLogin])
		}
		if f.text[grpLogin] == noMatch && f.text[grpAccount] != noMatch &&
			f.text[grpRegister] == noMatch && f.text[grpReset] == noMatch {
			score += scoreAccountText
		}
		switch {
		case f.text[grpRegister] != noMatch && f.text[grpLogin] == noMatch:
			// "Register" on a link to /login?action=register: the
			// label tells what the person sees.
		case f.class&segLogin != 0 || (f.class&segNew != 0 && (hasSegPair(segs, "session", "new") || hasSegPair(segs, "sessions", "new"))):
			score += scorePathStrong
		case f.class&segLoginWeak != 0:
			score += scorePathWeak
		}
		if s.relHas("login", "signin", "sign-in") {
			score += scoreRel
		}
		if s.form == 1 {
			score += formScore(s)
		}
		if f.sso == "" && authPathProtocol(segs) {
			// /users/auth/open_id, /auth/saml: a sign-on route of
			// the site, after its own sign-in page.
			score = min(score, scoreSSO)
		}
		if sso = f.sso; sso != "" {
			// Whatever its label and path, a sign-on button ranks
			// after the site's own sign-in.
			score = scoreSSO
			if f.host.cross {
				// The provider's sign-in page is expected elsewhere.
				score += penaltyCross
			}
		}
	case KindRegister:
		if f.wpAction != "" && f.wpAction != "register" {
			return Link{}, false
		}
		if s.form == 0 && (f.text[grpNewsletter] != noMatch || f.class&segNewsletter != 0 || f.host.mailing ||
			segContains(segs, "newsletter") || segContains(segs, "conference") || segContains(segs, "webinar")) {
			return Link{}, false // a newsletter, a subscription or an event
		}
		if s.self {
			// A form without a password sent to its own page: a
			// newsletter box far more often than a sign-up page,
			// which asks for a password.
			return Link{}, false
		}
		if !s.emailOnly {
			score += textScore(f.text[grpRegister])
		}
		if (f.class&segRegister != 0 || f.wpAction == "register" || (f.class&segNew != 0 && hasSegPair(segs, "users", "new"))) &&
			(f.text[grpLogin] == noMatch || f.text[grpRegister] != noMatch) {
			// (Not for "Sign in" on a link to /users/new.)
			score += scorePathStrong
		}
		if s.relHas("register", "signup", "sign-up") {
			score += scoreRel
		}
		if s.form == 2 || (s.form == 1 && f.text[grpRegister] != noMatch) {
			// A form with a new password, or any on a page whose
			// title says sign-up.
			score += formScore(s)
		}
	case KindReset:
		switch f.wpAction {
		case "", "lostpassword", "rp", "resetpass":
		default:
			return Link{}, false
		}
		wellKnown := hasSegPair(segs, ".well-known", "change-password")
		if f.text[grpReset] == noMatch && !wellKnown &&
			(f.text[grpChange] != noMatch || f.class&segChangePassword != 0) {
			return Link{}, false // changing a known password
		}
		score += textScore(f.text[grpReset])
		if s.form == formReset {
			score += formScore(s)
		}
		switch {
		case wellKnown, f.reset:
			score += scorePathStrong
		case f.class&segReset != 0 || f.wpAction != "" || (f.class&segResetWeak != 0 && (hasSegPair(segs, "password", "new") ||
			hasSegPair(segs, "password", "reset"))):
			score += scorePathStrong
		case f.class&segResetWeak != 0:
			score += scorePathWeak
		}
	case KindContact:
		if isHumansTxt(segs) {
			// humans.txt names the people behind a site, but a
			// visible contact link comes first.
			score = MinScore
			break
		}
		if hasAuthorSeg(segs) || f.text[grpAuthor] != noMatch {
			return Link{}, false // a writer's page, not the site's contact
		}
		if f.class&segNotContact != 0 && f.class&segContact == 0 && f.text[grpContact] == noMatch {
			return Link{}, false // an about page or a feedback form
		}
		score += textScore(f.text[grpContact])
		switch {
		case f.class&segContact != 0:
			score += scorePathStrong
		case f.class&segContactWeak != 0 || segContains(segs, "contact") || segContains(segs, "kontakt"):
			score += scorePathWeak
		}
		if s.relHas("contact") {
			score += scoreRel
		}
	}
	if s.postURL {
		score -= penaltyPost
	}
	if f.host.cross {
		score -= penaltyCross
	}
	if score < MinScore {
		return Link{}, false
	}
	if f.host.lookAlike {
		score = max(score-penaltyLookLike, 1)
	}
	return Link{
		URL: u.String(), Text: s.display(), Score: score, CrossSite: f.host.cross,
		Host: u.Hostname(), SSO: sso, LookAlike: f.host.lookAlike,
	}, true
}

// Bounds of a label that can name a link: longer ones are sentences.
const (
	maxLabelWords = 12 // words, in scripts with spaces
	maxLabelRunes = 30 // characters, in scripts without spaces
)

// longLabel reports whether a folded label is too long to name a link
// by a phrase it merely contains.
func longLabel(l string) bool {
	if strings.Count(l, " ")+1 > maxLabelWords {
		return true
	}
	if strings.IndexFunc(l, noSpaceScript) < 0 {
		return false
	}
	return utf8.RuneCountInString(l) > maxLabelRunes
}

// positive reports the phrase groups that make a link a candidate, as
// opposed to those that rule one out or name a provider.
func positive(g int) bool {
	switch g {
	case grpLogin, grpRegister, grpReset, grpContact, grpAccount:
		return true
	}
	return false
}

// formReset marks the own candidate of a page whose form resets a
// forgotten password (signals.form).
const formReset = 3

// formScore is what a form with a password field gives its page: less
// when the form is hidden until a script shows it.
func formScore(s *signals) int {
	if s.hidden {
		return scoreFormHidden
	}
	return scoreForm
}

// authPathProtocol reports a path that names an identity protocol after
// an auth segment: /users/auth/open_id, /auth/saml, /login/cas.
func authPathProtocol(segs []string) bool {
	for i := 0; i+1 < len(segs); i++ {
		switch segs[i] {
		case "auth", "login", "oauth", "sso":
			switch segs[i+1] {
			case "openid", "open_id", "open-id", "saml", "saml2", "cas", "oidc":
				return true
			}
		}
	}
	return false
}

// isHumansTxt reports the path /humans.txt.
func isHumansTxt(segs []string) bool {
	return len(segs) == 1 && segs[0] == "humans"
}

// hasAuthorSeg reports a path to an author's page.
func hasAuthorSeg(segs []string) bool {
	for _, sg := range segs {
		switch sg {
		case "author", "authors", "autor", "autoren", "auteur", "auteurs", "autore", "autori":
			return true
		}
	}
	return false
}

func textScore(m int) int {
	switch m {
	case fullMatch:
		return scoreTextFull
	case partMatch:
		return scoreTextPart
	}
	return 0
}

// ssoHosts maps host names (or suffixes after a dot) to providers.
var ssoHosts = []struct{ host, name string }{
	{"accounts.google.com", "google"}, {"login.microsoftonline.com", "microsoft"},
	{"login.live.com", "microsoft"}, {"login.microsoft.com", "microsoft"},
	{"appleid.apple.com", "apple"}, {"okta.com", "okta"}, {"oktapreview.com", "okta"},
	{"facebook.com", "facebook"}, {"linkedin.com", "linkedin"}, {"github.com", "github"},
	{"gitlab.com", "gitlab"},
}

// socialSite reports the registrable domains of social networks and
// sign-on providers whose share dialogs, feed dialogs, plug-ins and
// relay frames appear on other sites' pages. (A switch, not a map, so
// that nothing is built when the WebAssembly helper starts.)
func socialSite(s string) bool {
	switch s {
	case "facebook.com", "fb.com", "twitter.com", "x.com", "linkedin.com", "google.com",
		"pinterest.com", "reddit.com", "vk.com", "tumblr.com", "xing.com", "t.me", "telegram.me",
		"wa.me", "whatsapp.com", "threads.net", "bsky.app", "line.me", "weibo.com", "qq.com",
		"ok.ru", "getpocket.com":
		return true
	}
	return false
}

// mailingHost reports hosts that serve newsletters and subscriptions:
// mailing-list services (Mailchimp's eepurl.com and list-manage.com, …)
// and a site's own host whose first label says so (email.example.com,
// newsletter.example.com, subscriptions.example.com). h is lower case, s
// its registrable domain.
func mailingHost(h, s string) bool {
	switch s {
	case "eepurl.com", "list-manage.com", "mailchi.mp", "campaign-archive.com", "createsend.com",
		"sibforms.com", "mailerlite.com", "convertkit.com", "beehiiv.com", "substack.com":
		return true
	}
	if len(h) <= len(s) {
		return false
	}
	first, _, _ := strings.Cut(h, ".")
	switch first {
	case "email", "emails", "newsletter", "newsletters", "news-letter", "lists", "list",
		"subscribe", "subscription", "subscriptions", "abo", "abonnement":
		return true
	}
	return false
}

// resetQueries are parts of query strings that name a reset page in
// forum and shop software (vBulletin's do=lostpw, Invision's
// section=lostpass, Zen Cart's main_page=password_forgotten, …).
var resetQueries = []string{"lostpw", "lostpass", "forgotten_password", "password_forgotten",
	"forgotpassword", "forgot_password", "passremind", "remind_password", "lostpassword",
	"resendpwd", "resetpwd", "resetpassword", "reset_password"}

// resetQuery reports whether a raw query names a reset page.
func resetQuery(q string) bool {
	for _, r := range resetQueries {
		if containsFold(q, r) {
			return true
		}
	}
	return false
}

// segContains reports whether a path segment contains part.
func segContains(segs []string, part string) bool {
	for _, sg := range segs {
		if strings.Contains(sg, part) {
			return true
		}
	}
	return false
}

// shareURL reports whether the path of a URL on a socialSite is a share
// or feed dialog, a plug-in or a relay frame: neither a sign-in nor
// anything else a person who was refused a page needs.
func shareURL(segs []string) bool {
	for _, sg := range segs {
		switch sg {
		case "sharer", "share", "sharing", "sharearticle", "share-offsite", "shareoffsite",
			"intent", "plugins", "postmessagerelay", "iframerpc", "iframe", "widgets", "feed",
			"like", "tr", "send", "pin", "submit", "msg", "save":
			return true
		}
	}
	return false
}

// ssoNames maps words naming a provider to the provider.
var ssoNames = map[string]string{
	"google": "google", "microsoft": "microsoft", "azure": "microsoft", "apple": "apple",
	"github": "github", "gitlab": "gitlab", "okta": "okta", "facebook": "facebook",
	"linkedin": "linkedin",
}

// continueWith are phrases that, with a provider's name, make a single
// sign-on button.
var continueWith = []string{"continue with", "weiter mit", "continuer avec", "continuar con", "continua con"}

// ssoProvider names the single-sign-on provider a login link leads to, or
// returns "".
func (c *collector) ssoProvider(u *url.URL, f *features, s *signals) string {
	h := strings.ToLower(u.Hostname())
	authPath := f.class&(segLogin|segLoginWeak) != 0
	for _, p := range ssoHosts {
		if !f.host.cross && c.pageSite != "" {
			break // a provider's hosts are other sites
		}
		if h == p.host || (strings.HasSuffix(h, p.host) && h[len(h)-len(p.host)-1] == '.') {
			switch p.name {
			case "github", "gitlab", "facebook", "linkedin":
				// Their own pages are not sign-on unless the path
				// says so (/dialog/oauth, not /dialog/feed).
				oauth := f.class&segDialog != 0
				if p.name == "facebook" {
					oauth = hasSegPair(f.segs, "dialog", "oauth")
				}
				if !authPath && !oauth {
					return ""
				}
			}
			return p.name
		}
	}
	// A provider named in the path of an auth route: /auth/google,
	// /users/auth/github, /login/microsoft, /accounts/google/login.
	if authPath {
		for _, sg := range f.segs {
			if i := strings.IndexAny(sg, "-_"); i > 0 {
				sg = sg[:i]
			}
			if p, ok := ssoNames[sg]; ok {
				return p
			}
		}
	}
	// "Sign in with Google", "Continue with Microsoft", "Mit Apple anmelden".
	if f.text[grpProvider] == noMatch || (f.text[grpLogin] == noMatch && f.text[grpContinue] == noMatch && !authPath) {
		return ""
	}
	for _, l := range s.labels {
		for l != "" {
			var w string
			w, l, _ = strings.Cut(l, " ")
			if p, ok := ssoNames[w]; ok {
				return p
			}
		}
	}
	return ""
}

type hostInfo struct {
	cross, lookAlike bool
	social           bool // on a socialSite
	mailing          bool // a mailing-list service or a newsletter host (mailingHost)
}

// collector walks one page.
type collector struct {
	page     *url.URL // the page's own URL (nil if unknown)
	base     *url.URL // base for resolving links
	pageSite string
	hosts    map[string]hostInfo

	cands   [len(kinds)]map[string]int // URL → index in lists
	lists   [len(kinds)][]Link
	order   int
	links   []string
	linkSet map[string]bool
	mailto  []string
	mailSet map[string]bool
	pwForm  bool
	seen    int // link-like elements considered
	baseSet bool
	pend    pending // reused for <a> elements
	sig     signals // reused for links
	hid     hiddenTracker

	titleBuf           []byte // text of the document's first <title>
	titleSeen, inTitle bool
}

func newCollector(page *url.URL) *collector {
	c := &collector{hosts: map[string]hostInfo{}, linkSet: make(map[string]bool, 512), mailSet: map[string]bool{}}
	if page != nil && (page.Scheme == "http" || page.Scheme == "https") && page.Host != "" {
		c.page = redact.Credentials(page)
		c.base = c.page
		c.pageSite = site(page.Hostname())
	}
	for i := range c.cands {
		c.cands[i] = map[string]int{}
	}
	return c
}

func (c *collector) result() Page {
	p := Page{
		Login:        rank(c.lists[0]),
		Register:     rank(c.lists[1]),
		Reset:        rank(c.lists[2]),
		Contact:      rank(c.lists[3]),
		Mailto:       c.mailto,
		PasswordForm: c.pwForm,
		Links:        c.links,
	}
	if p.Mailto == nil {
		p.Mailto = []string{}
	}
	if p.Links == nil {
		p.Links = []string{}
	}
	return p
}

// resolve turns an attribute value into an absolute http(s) URL without
// user-info or fragment.
func (c *collector) resolve(raw string) (*url.URL, bool) {
	raw = cleanHref(raw)
	if raw == "" || len(raw) > MaxURLBytes || badScheme(raw) {
		return nil, false
	}
	u, err := url.Parse(raw)
	if err != nil {
		return nil, false
	}
	if !u.IsAbs() {
		if c.base == nil {
			return nil, false
		}
		if ep := u.EscapedPath(); u.Host == "" && strings.HasPrefix(raw, "/") && strings.HasPrefix(ep, "/") &&
			!strings.Contains(ep, "/.") && u.Opaque == "" {
			// An absolute path without dot segments: what
			// ResolveReference would return, without its work.
			r := *c.base
			r.Path, r.RawPath, r.RawQuery, r.ForceQuery = u.Path, u.RawPath, u.RawQuery, u.ForceQuery
			r.Fragment, r.RawFragment, r.User = "", "", nil
			u = &r
		} else {
			u = c.base.ResolveReference(u)
		}
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, false
	}
	if u.User != nil || u.Fragment != "" || u.RawFragment != "" {
		u = redact.Credentials(u)
	}
	u.Scheme = strings.ToLower(u.Scheme)
	return u, true
}

// cleanHref strips what browsers strip from a URL attribute: leading and
// trailing spaces and control characters, and tabs and newlines inside.
func cleanHref(s string) string {
	s = strings.TrimFunc(s, func(r rune) bool { return r <= ' ' })
	if strings.ContainsAny(s, "\t\n\r") {
		b := make([]byte, 0, len(s))
		for i := 0; i < len(s); i++ {
			if c := s[i]; c != '\t' && c != '\n' && c != '\r' {
				b = append(b, c)
			}
		}
		s = string(b)
	}
	return s
}

func badScheme(s string) bool {
	for _, p := range []string{"javascript:", "data:", "vbscript:", "file:", "blob:", "about:"} {
		if len(s) >= len(p) && strings.EqualFold(s[:len(p)], p) {
			return true
		}
	}
	return false
}

// sameOrigin reports whether u has the page's scheme, host and port.
func (c *collector) sameOrigin(u *url.URL) bool {
	return c.page != nil && u.Scheme == c.page.Scheme && strings.EqualFold(u.Host, c.page.Host)
}

func (c *collector) host(h string) hostInfo {
	if hi, ok := c.hosts[h]; ok {
		return hi
	}
	var hi hostInfo
	lh := strings.ToLower(h)
	s := site(lh)
	hi.social = socialSite(s)
	hi.mailing = mailingHost(lh, s)
	if c.pageSite != "" {
		hi.cross = s != c.pageSite
		hi.lookAlike = hi.cross && lookAlike(c.pageSite, s, lh)
	}
	if len(c.hosts) < 1000 {
		c.hosts[h] = hi
	}
	return hi
}

// add scores u for every kind and records it where it qualifies.
func (c *collector) add(u *url.URL, s *signals) {
	c.order++
	var f features
	c.features(u, s, &f)
	for i, k := range kinds {
		l, ok := c.score(k, u, s, &f)
		if !ok {
			continue
		}
		l.order = c.order
		if j, dup := c.cands[i][l.URL]; dup {
			if l.Score > c.lists[i][j].Score {
				l.order = c.lists[i][j].order
				c.lists[i][j] = l
			}
			continue
		}
		c.cands[i][l.URL] = len(c.lists[i])
		c.lists[i] = append(c.lists[i], l)
	}
}
