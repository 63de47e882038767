module github.com/sesame-help/sesame

go 1.26.8

require (
	github.com/syumai/workers v0.32.0 // indirect
	golang.org/x/net v0.62.0 // indirect
)
