package parents_test

import (
	"fmt"

	"github.com/sesame-help/sesame/internal/urls/parents"
)

func ExampleOf() {
	r, err := parents.Of("https://user:pw@Bücher.example:443/a/b/report.pdf?id=7#top")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(r.URL)
	for _, a := range r.Ancestors {
		fmt.Println(a)
	}
	fmt.Println(r.DisplayHost)
	// Output:
	// https://xn--bcher-kva.example/a/b/report.pdf
	// https://xn--bcher-kva.example/a/b/
	// https://xn--bcher-kva.example/a/
	// https://xn--bcher-kva.example/
	// bücher.example
}
