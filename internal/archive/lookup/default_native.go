//go:build !(js && wasm)

package lookup

// defaultClient is the Doer of lookups without Options.Client.
var defaultClient Doer = NewHTTPClient()

// defaultDoer returns the Doer of lookups without Options.Client.
func defaultDoer() Doer { return defaultClient }
