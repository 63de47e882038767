package challenge_test

import (
	"fmt"

	"github.com/sesame-help/sesame/internal/response/challenge"
)

func ExampleParse() {
	cs, err := challenge.Parse(
		`Newauth realm="apps", type=1, title="Login to \"apps\"", Basic realm="simple"`,
		`Negotiate`,
	)
	for _, c := range cs {
		fmt.Printf("%s realm=%q\n", challenge.Canonical(c.Scheme), c.Realm())
	}
	fmt.Println(err)
	// Output:
	// Newauth realm="apps"
	// Basic realm="simple"
	// Negotiate realm=""
	// <nil>
}
