package diagnose

import (
	"strings"

	"github.com/sesame-help/sesame/internal/lite/htmlscan"
	url "github.com/sesame-help/sesame/internal/urls/weburl"
)

// maxForms caps how many POST forms of the error page postOnly remembers.
const maxForms = 50

// formHere returns the sign-in action when the error page is itself the
// sign-in form, as with Apache's mod_auth_form answering 401 with the form
// (ErrorDocument 401 /login.html) that posts to a handler: the way to sign
// in is the form on this page, so the action leads to the page itself,
// never to the form's target, which may only take the form (Apache's
// handler answers 405 to GET).
//
// The page is the sign-in form when it holds a password field and
// discover ranks the page itself above every sign-in link a person can
// open (a page whose form hides in a menu next to a real "Log in" link
// keeps the link), or when there is no such link. The answer to a POST is
// left out: its URL is the target of the form just sent, and the form is
// there to try again.
func (s *state) formHere() (Action, bool) {
	p := s.discover()
	if s.method() == "POST" || !p.PasswordForm {
		return Action{}, false
	}
	for _, l := range p.Login {
		if l.LookAlike || l.URL != s.r.URL && s.postOnly(l.URL) {
			continue
		}
		if l.URL != s.r.URL {
			return Action{}, false // a link ranks above the form
		}
		break
	}
	return Action{Kind: ActionLogin, URL: s.r.URL, Key: kActionLoginForm.name(), Params: []string{}}, true
}

// postOnly reports whether u is the target of a form on the error page
// that posts (method="post") and no link of the page leads there: a
// handler that may take only the form, not a page a person can open.
func (s *state) postOnly(u string) bool {
	if s.posts == nil {
		s.posts = PostOnly(s.in.Body, s.base, s.discover().Links)
	}
	return s.posts[u]
}

// PostOnly returns the targets of the POST forms (method="post") of page,
// the HTML of the document at base, that none of links (the page's links,
// as discover.Page.Links holds them) leads to: handlers that may take only
// the form, which a person cannot open (Apache's mod_auth_form handler
// answers 405 to GET), so never a link to offer. The URLs are in the form
// discover gives its candidates. A nil base gives an empty map.
func PostOnly(page string, base *url.URL, links []string) map[string]bool {
	posts := postTargets(page, base)
	for _, l := range links {
		delete(posts, l)
	}
	return posts
}

// postTargets returns the URLs the page's POST forms send to, resolved
// against the page's first http(s) <base href> and then against base, the
// page's URL (an empty action is the page itself), without user-info or fragment: the
// form discover.HTML gives its candidates. It reads at most MaxBody bytes
// and keeps at most maxForms targets.
func postTargets(page string, base *url.URL) map[string]bool {
	out := map[string]bool{}
	if base == nil {
		return out
	}
	if len(page) > MaxBody {
		page = page[:MaxBody]
	}
	docBase := base
	baseSeen := false
	z := htmlscan.NewTokenizer(page)
	for len(out) < maxForms {
		tt := z.Next()
		if tt == htmlscan.ErrorToken {
			break
		}
		if tt != htmlscan.StartTagToken && tt != htmlscan.SelfClosingTagToken {
			continue
		}
		switch z.TagName() {
		case "base":
			if baseSeen {
				continue
			}
			baseSeen = true
			if href, ok := attr(z, "href"); ok {
				if b, err := base.Parse(strings.TrimSpace(href)); err == nil && (b.Scheme == "http" || b.Scheme == "https") {
					docBase = b
				}
			}
		case "form":
			method, action := "", ""
			hasAction := false
			for {
				k, v, more := z.TagAttr()
				switch k {
				case "method":
					method = strings.ToLower(strings.TrimSpace(v))
				case "action":
					action, hasAction = v, true
				}
				if !more {
					break
				}
			}
			if method != "post" {
				continue
			}
			target := base // an empty action is the document's own URL
			if hasAction && strings.TrimSpace(action) != "" {
				t, err := docBase.Parse(strings.TrimSpace(action))
				if err != nil || (t.Scheme != "http" && t.Scheme != "https") {
					continue
				}
				target = t
			}
			t := *target
			t.User = nil
			t.Fragment, t.RawFragment = "", ""
			out[t.String()] = true
		}
	}
	return out
}

// attr returns the value of the current tag's attribute name.
func attr(z *htmlscan.Tokenizer, name string) (string, bool) {
	for {
		k, v, more := z.TagAttr()
		if k == name {
			return v, true
		}
		if !more {
			return "", false
		}
	}
}
