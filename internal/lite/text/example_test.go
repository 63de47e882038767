package text_test

import (
	"fmt"

	"github.com/sesame-help/sesame/internal/lite/text"
)

func ExampleClip() {
	fmt.Println(text.Clip("Zugriff verweigert", 100))
	fmt.Println(text.Clip("Zugriff verweigert", 7))
	// "è" is two bytes: a cut after 4 bytes would split it.
	fmt.Println(text.Clip("Accès refusé", 4))
	// Output:
	// Zugriff verweigert
	// Zugriff…
	// Acc…
}
