package securitytxt

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var now = time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)

func TestParseFiles(t *testing.T) {
	tests := []struct {
		file    string
		err     error
		contact []string
		expires string // RFC 3339, "" for zero
		expired bool
		signed  bool
		notes   []string
		check   func(t *testing.T, f File)
	}{
		{file: "plain.txt",
			contact: []string{"mailto:security@example.com", "https://example.com/security-contact.html", "tel:+1-201-555-0123"},
			expires: "2027-03-31T23:00:00Z", notes: []string{},
			check: func(t *testing.T, f File) {
				want := File{
					Encryption:         []string{"https://example.com/pgp-key.txt", "openpgp4fpr:5f2de5521c63a801ab59ccb603d49de44b29100f"},
					Acknowledgments:    []string{"https://example.com/hall-of-fame.html"},
					PreferredLanguages: []string{"en", "de", "fr"},
					Canonical:          []string{"https://example.com/.well-known/security.txt"},
					Policy:             []string{"https://example.com/security-policy.html"},
					Hiring:             []string{"https://example.com/jobs.html"},
					CSAF:               []string{"https://example.com/.well-known/csaf/provider-metadata.json"},
				}
				for _, p := range [][2][]string{{f.Encryption, want.Encryption}, {f.Acknowledgments, want.Acknowledgments},
					{f.PreferredLanguages, want.PreferredLanguages}, {f.Canonical, want.Canonical}, {f.Policy, want.Policy},
					{f.Hiring, want.Hiring}, {f.CSAF, want.CSAF}} {
					if fmt.Sprint(p[0]) != fmt.Sprint(p[1]) {
						t.Errorf("got %q, want %q", p[0], p[1])
					}
				}
			}},
		{file: "crlf.txt", contact: []string{"mailto:security@example.org"}, expires: "2026-12-31T11:00:00Z", notes: []string{},
			check: func(t *testing.T, f File) {
				if fmt.Sprint(f.PreferredLanguages) != "[nl]" {
					t.Errorf("languages %q", f.PreferredLanguages)
				}
			}},
		{file: "signed.txt", contact: []string{"mailto:security@bank.example", "https://hackerone.example/bank"},
			expires: "2027-01-01T00:00:00Z", signed: true, notes: []string{}},
		{file: "unterminated-signed.txt", contact: []string{"mailto:sec@half.example"}, expires: "2027-06-01T00:00:00Z",
			signed: true, notes: []string{NoteBadSignature}},
		{file: "expired.txt", contact: []string{"mailto:webmaster@oldsite.example"}, expires: "2021-01-01T00:00:00Z",
			expired: true, notes: []string{}},
		{file: "sloppy.txt",
			contact: []string{"mailto:security@sloppy.example", "http://sloppy.example/contact"},
			notes:   []string{NoteContactNotURI, NoteInsecureURI, NoteBadScheme, NoteDuplicateField, NoteInvalidExpires, NoteInvalidLine},
			check: func(t *testing.T, f File) {
				if fmt.Sprint(f.PreferredLanguages) != "[en de]" || len(f.Policy) != 0 {
					t.Errorf("languages %q policy %q", f.PreferredLanguages, f.Policy)
				}
			}},
		{file: "html.txt", err: ErrHTML},
		{file: "empty-comments.txt", err: ErrNoFields},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", tc.file))
			if err != nil {
				t.Fatal(err)
			}
			f, err := Parse(data, now)
			if !errors.Is(err, tc.err) {
				t.Fatalf("err = %v, want %v", err, tc.err)
			}
			if err != nil {
				return
			}
			if fmt.Sprint(f.Contact) != fmt.Sprint(tc.contact) {
				t.Errorf("contact = %q, want %q", f.Contact, tc.contact)
			}
			got := ""
			if !f.Expires.IsZero() {
				got = f.Expires.UTC().Format(time.RFC3339)
			}
			if got != tc.expires || f.Expired != tc.expired {
				t.Errorf("expires = %q %v, want %q %v", got, f.Expired, tc.expires, tc.expired)
			}
			if f.Signed != tc.signed {
				t.Errorf("signed = %v", f.Signed)
			}
			if fmt.Sprint(f.Notes) != fmt.Sprint(tc.notes) {
				t.Errorf("notes = %q, want %q", f.Notes, tc.notes)
			}
			if tc.check != nil {
				tc.check(t, f)
			}
		})
	}
}

func TestParseInputs(t *testing.T) {
	tests := []struct {
		name, in string
		err      error
		notes    string
	}{
		{"too large", "Contact: mailto:a@b.example\n" + strings.Repeat("#", MaxBytes), ErrTooLarge, ""},
		{"binary", "Contact: mailto:a@b.example\x00\x01", ErrBinary, ""},
		{"empty", "", ErrNoFields, ""},
		{"only unknown fields", "Foo: bar\n", ErrNoFields, ""},
		{"only expires", "Expires: 2027-01-01T00:00:00Z\n", nil, "[missing-contact]"},
		{"bom", "\uFEFFContact: mailto:a@b.example\nExpires: 2027-01-01T00:00:00Z\n", nil, "[]"},
		{"invalid utf8", "Contact: mailto:a@b.example\xff\nExpires: 2027-01-01T00:00:00Z\n", nil, "[invalid-utf8]"},
		{"too far", "Contact: mailto:a@b.example\nExpires: 2030-01-01T00:00:00Z\n", nil, "[expires-too-far]"},
		{"duplicate expires", "Contact: mailto:a@b.example\nExpires: 2027-01-01T00:00:00Z\nExpires: 2027-02-01T00:00:00Z\n", nil, "[duplicate-field]"},
		{"many lines", strings.Repeat("Contact: mailto:a@b.example\n", MaxLines+5), nil, "[too-many-lines duplicate-field missing-expires]"},
		{"many values", func() string {
			var b strings.Builder
			for i := 0; i < MaxValues+3; i++ {
				fmt.Fprintf(&b, "Contact: mailto:s%d@b.example\n", i)
			}
			return b.String() + "Expires: 2027-01-01T00:00:00Z\n"
		}(), nil, "[too-many-values]"},
		{"control char", "Contact: mailto:a@b.example\x1b[31m\nExpires: 2027-01-01T00:00:00Z\n", nil, "[invalid-line missing-contact]"},
		{"unsigned content after signature", "-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\nContact: mailto:a@b.example\nExpires: 2027-01-01T00:00:00Z\n-----BEGIN PGP SIGNATURE-----\nx\n-----END PGP SIGNATURE-----\nContact: mailto:evil@evil.example\n", nil, "[unsigned-content]"},
		{"https without host", "Contact: https:relative\nExpires: 2027-01-01T00:00:00Z\n", nil, "[bad-scheme missing-contact]"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f, err := Parse([]byte(tc.in), now)
			if !errors.Is(err, tc.err) {
				t.Fatalf("err = %v, want %v", err, tc.err)
			}
			if err == nil && fmt.Sprint(f.Notes) != tc.notes {
				t.Errorf("notes = %q, want %s", f.Notes, tc.notes)
			}
			b, _ := json.Marshal(f)
			if bytes.Contains(b, []byte("null")) {
				t.Errorf("null in %s", b)
			}
		})
	}
}

func TestExpiredBoundary(t *testing.T) {
	f, err := Parse([]byte("Contact: mailto:a@b.example\nExpires: 2026-11-28T12:00:00Z\n"), now)
	if err != nil || !f.Expired {
		t.Errorf("expiring exactly now: expired=%v err=%v", f.Expired, err)
	}
	f, _ = Parse([]byte("Contact: mailto:a@b.example\nExpires: 2026-11-28T12:00:01Z\n"), now)
	if f.Expired {
		t.Error("expires in a second: expired")
	}
}

func TestURLs(t *testing.T) {
	got, err := URLs("https://Example.com:8443/some/page?x#y")
	want := []string{"https://Example.com:8443/.well-known/security.txt", "https://Example.com:8443/security.txt"}
	if err != nil || fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("URLs = %q, %v", got, err)
	}
	for _, bad := range []string{"", "example.com", "ftp://example.com/", "javascript:alert(1)"} {
		if _, err := URLs(bad); err == nil {
			t.Errorf("URLs(%q) accepted", bad)
		}
	}
}

func ExampleParse() {
	data := []byte("Contact: mailto:security@example.com\r\nContact: https://example.com/report\r\nExpires: 2025-01-01T00:00:00Z\r\n")
	f, err := Parse(data, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(f.Contact, f.Expired, f.Notes)
	// Output: [mailto:security@example.com https://example.com/report] true []
}

func ExampleURLs() {
	urls, _ := URLs("https://example.com/private/report.pdf")
	fmt.Println(urls)
	// Output: [https://example.com/.well-known/security.txt https://example.com/security.txt]
}

func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.txt")
	for _, name := range files {
		data, _ := os.ReadFile(name)
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := Parse(data, now)
		if file.Contact == nil || file.Notes == nil || file.PreferredLanguages == nil {
			t.Fatal("nil slice")
		}
		if err != nil {
			return
		}
		for _, c := range file.Contact {
			if !strings.HasPrefix(c, "mailto:") && !strings.HasPrefix(strings.ToLower(c), "https:") &&
				!strings.HasPrefix(strings.ToLower(c), "http:") && !strings.HasPrefix(strings.ToLower(c), "tel:") {
				t.Fatalf("contact %q", c)
			}
		}
		if len(file.Contact) > MaxValues {
			t.Fatal("too many contacts")
		}
	})
}
