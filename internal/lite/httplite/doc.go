// Package httplite is the part of net/http's vocabulary the archive relay
// uses (Header, Request, Response, Handler, ResponseWriter, the status and
// method constants) without net/http itself in the relay's WebAssembly
// build.
//
// Importing net/http links its client, server, TLS and certificate code,
// whose package initialisers keep most of it alive even when nothing calls
// it: about 600 KB of gzip in a WebAssembly module, a third of the relay's
// bundle, and start-up work in every fresh isolate. The Worker needs none of
// it: workerd does the HTTP, and the relay only reads and writes headers and
// bodies.
//
// Natively (and in the relay's stock-glue bench build, tag stockglue) every
// name here is an alias of net/http's, so native code, the command line and
// tests use net/http, httptest and http.Client as before and pass their
// values to the relay's packages unchanged. In the Worker's build (js &&
// wasm, without stockglue) the names are small types of this package with
// the same fields and methods, behaving as net/http's do for what the relay
// uses: header names are canonicalised the same way, Get returns the first
// value, NoBody is an empty body.
package httplite
