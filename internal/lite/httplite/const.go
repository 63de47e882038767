package httplite

// The methods and statuses the relay uses, with net/http's values (untyped
// constants, so they mix with net/http's in native code).
const (
	MethodGet     = "GET"
	MethodHead    = "HEAD"
	MethodOptions = "OPTIONS"

	StatusSwitchingProtocols         = 101
	StatusOK                         = 200
	StatusNoContent                  = 204
	StatusResetContent               = 205
	StatusMovedPermanently           = 301
	StatusFound                      = 302
	StatusSeeOther                   = 303
	StatusNotModified                = 304
	StatusTemporaryRedirect          = 307
	StatusPermanentRedirect          = 308
	StatusBadRequest                 = 400
	StatusForbidden                  = 403
	StatusNotFound                   = 404
	StatusMethodNotAllowed           = 405
	StatusGone                       = 410
	StatusTooManyRequests            = 429
	StatusUnavailableForLegalReasons = 451
	StatusInternalServerError        = 500
	StatusServiceUnavailable         = 503
	TimeFormat                       = "Mon, 02 Jan 2006 15:04:05 GMT"
)
