package weburl

import "testing"

// TestCleanPath checks removeDots' shortcut: wherever cleanPath says a
// path is clean, the full algorithm gives it back unchanged.
func TestCleanPath(t *testing.T) {
	for _, tt := range []struct {
		p     string
		clean bool
	}{
		{"/", true}, {"/a/b", true}, {"/a//b/", true}, {"/.a/..b/a.", true}, {"/a/...", true}, {"/a.b/c..d", true},
		{"/.", false}, {"/..", false}, {"/a/./b", false}, {"/a/../b", false}, {"/a/.", false}, {"/a/..", false},
		{"//a", false}, {"a/b", false}, {".", false}, {"..", false},
	} {
		if got := cleanPath(tt.p); got != tt.clean {
			t.Errorf("cleanPath(%q) = %v, want %v", tt.p, got, tt.clean)
		}
	}
}

// FuzzCleanPath: a path cleanPath calls clean comes out of removeDots
// unchanged.
func FuzzCleanPath(f *testing.F) {
	for _, s := range []string{"/a/b", "/a/./b", "/..", "//x", "/a.", "/.a/"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, p string) {
		if p == "" || !cleanPath(p) {
			return
		}
		// The long way, without the shortcut.
		if got := dotSegments(p); got != p {
			t.Fatalf("cleanPath(%q) but dotSegments gives %q", p, got)
		}
	})
}
