//go:build js && wasm

package lookup

// defaultDoer is nil inside the Worker: the Worker must pass its own Doer
// over the Workers fetch API (net/http's Transport is not linked there), and
// without one every archive's outcome is an error.
func defaultDoer() Doer { return nil }
