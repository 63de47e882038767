package diagnose

// The kinds of action, the values of Action.Kind. Diagnose emits login,
// reset, https, parent, home and reload (ActionKinds); package plan adds
// the others.
const (
	ActionLogin       = "login"        // sign in: a link, or reload for the browser's sign-in box
	ActionRegister    = "register"     // create an account
	ActionReset       = "reset"        // reset a forgotten password
	ActionHTTPS       = "https"        // the same page over HTTPS
	ActionParent      = "parent"       // a parent folder
	ActionHome        = "home"         // the site's home page
	ActionTypo        = "typo"         // an existing page for a likely typing mistake
	ActionReload      = "reload"       // load the page again
	ActionClearReload = "clear-reload" // clear the site's data, then reload
	ActionWatch       = "watch"        // check again later and tell
	ActionContact     = "contact"      // the site's contact or imprint page
	ActionReport      = "report"       // write to the webmaster
	ActionArchive     = "archive"      // look for archived copies
)
