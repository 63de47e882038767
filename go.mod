module github.com/sesame-help/sesame

go 1.26.8

require (
	github.com/syumai/workers v0.32.0
	golang.org/x/net v0.62.0
)

// npm installs a Go package inside dev/node_modules (flatted's Go port);
// it is not part of this module.
ignore ./dev/node_modules
