// Package discover finds, in the HTML of a page, the links a person who was
// refused a page needs next: the site's login page, its registration and
// forgot-password pages, and its contact or imprint pages, plus the mailto:
// addresses and the same-origin links (for typo suggestions).
//
// Candidates come from <a href>, <area href>, <link rel href>, <form action>,
// buttons and submit inputs with formaction, and <frame>/<iframe src>. A
// link is labelled by its visible text, its aria-label and title, and the
// alt text of images inside it. Labels are folded (lower case, Latin and
// Greek diacritics removed, punctuation turned into spaces) and matched
// against phrases in many languages (see words.go): "log in", "sign in",
// "anmelden", "einloggen", "connexion", "se connecter", "iniciar sesión",
// "accedi", "entrar", "inloggen", "zaloguj", "войти", "вход", "登录",
// "ログイン", "로그인", "giriş yap", "logga in", "kirjaudu", "přihlásit",
// "bejelentkezés", …; "sign up", "registrieren", "s'inscrire", "crear
// cuenta", "注册", …; "forgot password", "passwort vergessen", "mot de passe
// oublié", "パスワードを忘れ", …; "contact", "impressum", "kontakt",
// "mentions légales", "aviso legal", "contacto", "contatti", "контакты",
// "お問い合わせ", "客服", …. Phrases in scripts without word spaces (Chinese,
// Japanese, Korean, Thai) match anywhere; others match whole words.
// "My account", "Mein Konto", "Mon compte", "マイページ", … are only a weak
// sign-in hint. A label naming a newsletter, a mailing list, alerts or a
// subscription ("Sign up for our newsletter", "Subscribe", "S'abonner"),
// a path such as /newsletter, /subscribe, /push or a conference's or
// webinar's, a newsletter host (email.example.com, subscriptions.…) or
// a mailing-list service (eepurl.com, list-manage.com, …), a form that
// asks only for an e-mail address (by its buttons' labels) and a form
// without a password sent to its own page are never a registration;
// "change password" (text or path) is never a reset; "Contact the
// author" is never the site's contact. A phrase that is only contained in
// a long label (more than 12 words, or 30 characters in scripts without
// spaces: an article's title, an image's description) does not count.
// When a label names one kind and the path another ("Sign in" on
// /users/new), the path's points are not given. Tag, category and topic
// pages (/tags/login) are no candidates.
//
// # Scoring
//
// Each link is scored once per kind; the points add up:
//
//	Signal                                        login  register  reset  contact
//	a label is exactly a phrase of the kind         60      60       60      60
//	a label contains a phrase of the kind           40      40       40      40
//	a label names the account ("my account"), and   20       -        -       -
//	  no phrase of another kind
//	a strong path segment (/login, /signin,          30      30       30      30
//	  /users/sign_in, /session/new, /wp-login.php,
//	  /user/login, /signup, /register,
//	  /password/new, /forgot-password, /contact,
//	  /impressum, /imprint, …)
//	a weak path segment (/auth, /sso, /oauth,        10       -       10      10
//	  /account, /session; /password, /reset;
//	  /support, /help, /legal)
//	rel="login"/"signin", "register"/"signup",       40      40        -      40
//	  "contact"
//	the page's own URL, when it holds a form with    50       -        -       -
//	  one password field (35 when hidden, see below)
//	the page's own URL, when a form has two          -       50        -       -
//	  password fields or autocomplete=new-password,
//	  or one and the page's title says sign-up
//	  (35 when hidden)
//	the page's own URL, when a form without          -        -       50       -
//	  password is there and the page's address,
//	  title, the form's buttons or words name a
//	  reset (35 when hidden)
//	/humans.txt (a link or rel="author")             -        -        -  exactly 30
//	single sign-on (Google, Microsoft, Apple,      exactly   -        -       -
//	  GitHub, GitLab, Okta, Facebook, LinkedIn):     30
//	  the provider's host, /auth/google, or
//	  "continue with"/"sign in with" + provider
//	the action URL of a POST form                   −20     −20      −20     −20
//	another registrable domain (cross-site),        −20     −20      −20     −20
//	  except for a single sign-on link
//
// Contact leaves out about pages, feedback forms and team pages (/about,
// /feedback, …, unless the label or path also says contact) and authors'
// pages (/author/…), whatever their label.
//
// Some links have no target a person could use and are never candidates:
// an href that is only a fragment ("#", "#signin") or that leads back to
// the page itself with a fragment (buttons a script opens), javascript:
// links, and share and feed dialogs, plug-ins and relay frames of social
// sites and sign-on providers (facebook.com/sharer, /dialog/feed,
// accounts.google.com/o/oauth2/postmessageRelay, twitter.com/intent,
// linkedin.com/shareArticle, …). Frames hidden or of at most one pixel
// are ignored. The action of a POST form with a password field takes the
// password and often refuses GET: it is no candidate, the page holding
// the form is. Of <link> elements only rel login, signin, register,
// signup, contact and author count (a style sheet named register.css
// does not).
//
// The page's own candidate is labelled by the page's <title>, not by the
// form's buttons, and a phrase the title contains counts as exact: a page
// titled "Sign in · Example" is the sign-in page, while a sign-in box
// beside a shop's products ranks after the page's link labelled "Log
// in". A form in a modal window or a dropdown menu (hints: the hidden
// attribute, aria-hidden, an inline display:none, a closed <dialog> or
// <details>, role="dialog" or "menu", class or id names such as modal,
// dropdown, popup, overlay, d-none; see hidden.go) gives its page fewer
// points still, though more than a sign-on button.
//
// A link needs MinScore (30) to become a candidate. A cross-site link
// whose host resembles the page's (see Link.LookAlike) then loses 60 more
// points (never below 1), so it sorts after every honest candidate and is
// flagged for the interface to warn about. Links that log out (text "log
// out", "abmelden", "déconnexion", …, or paths /logout, /signout,
// wp-login.php?action=logout) are never login candidates; wp-login.php
// with action=register or action=lostpassword counts as a register or
// reset path instead. Lists are sorted by score, then same-site before
// cross-site, then document order; duplicates keep their best score.
//
// Single sign-on links thus rank after the site's own login link, which
// the person probably has an account for.
//
// # Sites and look-alikes
//
// Two hosts are the same site when their registrable domains match: the
// public suffix and one more label, where the suffix is the last label,
// or the last two for a second-level label such as co, com, ac, gov, ne
// under a two-letter country code (example.co.uk), or a listed hosting
// suffix (github.io, pages.dev, netlify.app, okta.com, …) — a heuristic,
// because the Public Suffix List's Go package would pull net/http into
// the WebAssembly build. Link.LookAlike is set for a cross-site link whose
// host imitates the page's site (see lookAlike in lookalike.go for the
// exact rule). The page's brand is its registrable label without the
// suffix (paypal for www.paypal.co.uk), compared after punycode is decoded
// and confusable characters are mapped. Flagged are a label that reads
// like the brand (paypa1, pаypal with a Cyrillic а, rnicrosoft,
// xn--pple-43d) or is one edit away from a brand of five or more letters
// (paypai, paypall); the page's registrable domain inside another site's
// host (paypal.com.evil.example, paypal-com.example); the brand as a label
// or hyphen-separated word of another site's subdomain
// (paypal.evil.example, paypal.security-check.example); and the brand
// beside lure words (login, secure, account, verify, security, check, id,
// support, …) in another registrable label, hyphenated or glued
// (paypal-login.com, secure-paypal.com, paypallogin.com). Not flagged: the
// same label under another suffix (example.de for example.com), the brand
// beside other words (paypal-community.com, google-analytics.com,
// microsoftonline.com), tenants of listed hosting suffixes
// (contoso.okta.com), and the brand-as-word rules when the brand is itself
// a lure or common host word (login.gov, mail.example). Names alone cannot
// tell a company's own sign-in host from an imitation: one named like
// paypal-login.example is flagged even when genuine; it stays listed,
// with a warning, but no action uses it. testdata/lookalike.txt holds the
// cases.
//
// Score rates a single URL the same way, for candidates found without a
// page: probes of CommonLoginPaths that answered 2xx, or ChangePasswordPath
// (a reset candidate) once NonexistentPath was shown not to answer 2xx.
// Merge joins the lists of several pages.
//
// A page whose form has a password field is itself a login candidate (its
// own URL, labelled by the form's submit button): right for a fetched home
// page with a login box; a caller that scans the refused page may drop the
// entry whose URL is that page and show Page.PasswordForm instead.
//
// # Bounds and safety
//
// HTML reads at most MaxBytes (2 MiB) of a page, looks at most at
// MaxConsidered (50,000) link-like elements, keeps MaxTextRunes (200) runes
// of text per link, MaxCandidates (20) per list, MaxLinks (5,000)
// same-origin links and MaxMailto (20) addresses. javascript:, data:,
// vbscript:, file:, blob: and about: links are dropped; user-info and
// fragments are removed (redact.Credentials). Text is plain text taken
// from text nodes (never from script, style, template or other raw-text
// elements) and is never HTML; the interface must still render it as text.
package discover
