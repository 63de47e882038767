package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"net"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/sesame-help/sesame/internal/lite/text"
)

// hostileText are strings a server may choose, with what visible makes of
// them.
var hostileText = []struct{ name, in, want string }{
	{"plain", "Unauthorized", "Unauthorized"},
	{"non-Latin", "Доступ запрещён 禁止", "Доступ запрещён 禁止"},
	{"backslash kept", `C:\path\x1b`, `C:\path\x1b`},
	{"CSI colour", "\x1b[31mred\x1b[0m", `\x1b[31mred\x1b[0m`},
	{"clear screen", "\x1b[2J\x1b[H", `\x1b[2J\x1b[H`},
	{"OSC title and hyperlink", "\x1b]0;pwned\a\x1b]8;;https://evil.example\x1b\\x\x1b]8;;\x1b\\", `\x1b]0;pwned\x07\x1b]8;;https://evil.example\x1b\x\x1b]8;;\x1b\`},
	{"BEL", "ding\a", `ding\x07`},
	{"CR overwrite", "OK\rEvil", `OK\rEvil`},
	{"newline", "a\nWhat you can do:", `a\nWhat you can do:`},
	{"tab", "a\tb", `a\tb`},
	{"NUL and DEL", "a\x00b\x7f", `a\x00b\u007f`},
	{"backspace", "paypal\b\b\b\bevil", `paypal\x08\x08\x08\x08evil`},
	{"C1 CSI", "\u009b31mred", `\u009b31mred`},
	{"C1 NEL and OSC", "\u0085\u009d0;t\u009c", `\u0085\u009d0;t\u009c`},
	{"bidi override", "invoice\u202etxt.exe", `invoice\u202etxt.exe`},
	{"bidi isolates and marks", "\u2066a\u2069\u200e\u200f\u061c\u202a\u202b\u202c\u202d", `\u2066a\u2069\u200e\u200f\u061c\u202a\u202b\u202c\u202d`},
	{"separators and BOM", "a\u2028b\u2029c\ufeff", `a\u2028b\u2029c\ufeff`},
	{"invalid UTF-8", "a\xffb\xc3", `a\xffb\xc3`},
}

func TestVisible(t *testing.T) {
	for _, tc := range hostileText {
		t.Run(tc.name, func(t *testing.T) {
			if got := visible(tc.in); got != tc.want {
				t.Errorf("visible(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

// The terminal writer escapes the same as visible, except the newlines
// and tabs of the layout, also when a character is cut between writes.
func TestTerminalWriter(t *testing.T) {
	for _, tc := range hostileText {
		t.Run(tc.name, func(t *testing.T) {
			want := strings.NewReplacer(`\n`, "\n", `\t`, "\t").Replace(tc.want)
			if strings.Contains(tc.in, `\`) {
				want = tc.want // no escapes of its own to undo
			}
			var whole, bytewise bytes.Buffer
			w := &terminalWriter{w: &whole}
			fmt.Fprint(w, tc.in)
			w.Flush()
			w = &terminalWriter{w: &bytewise}
			for i := 0; i < len(tc.in); i++ {
				w.Write([]byte{tc.in[i]})
			}
			w.Flush()
			if whole.String() != want || bytewise.String() != want {
				t.Errorf("got %q and %q byte by byte, want %q", whole.String(), bytewise.String(), want)
			}
		})
	}
}

// FuzzVisible checks that nothing visible returns can drive a terminal,
// and that it keeps ordinary text unchanged.
func FuzzVisible(f *testing.F) {
	for _, tc := range hostileText {
		f.Add(tc.in)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v := visible(s)
		if !utf8.ValidString(v) {
			t.Fatalf("visible(%q) = %q: not UTF-8", s, v)
		}
		for _, r := range v {
			if escapeRune(r) {
				t.Fatalf("visible(%q) = %q: holds %U", s, v, r)
			}
		}
		clean := utf8.ValidString(s) && !strings.ContainsFunc(s, escapeRune)
		if clean != (v == s) {
			t.Fatalf("visible(%q) = %q", s, v)
		}
		var b bytes.Buffer
		w := &terminalWriter{w: &b}
		w.Write([]byte(s))
		w.Flush()
		for _, r := range b.String() {
			if r != '\n' && r != '\t' && escapeRune(r) {
				t.Fatalf("terminalWriter(%q) = %q: holds %U", s, b.String(), r)
			}
		}
	})
}

// rawServer answers every connection with resp, written as it is: no
// HTTP library in between to clean it up.
func rawServer(t *testing.T, resp string) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				r := bufio.NewReader(c)
				for {
					line, err := r.ReadString('\n')
					if err != nil || line == "\r\n" {
						break
					}
				}
				c.Write([]byte(resp))
			}()
		}
	}()
	return "http://" + l.Addr().String()
}

// sesame check prints the server's reason phrase, header values,
// references and page text with every control character escaped; --json
// stays valid JSON that carries the text unchanged.
func TestCheckEscapesServerText(t *testing.T) {
	for _, tc := range hostileText {
		if !strings.ContainsFunc(tc.in, escapeRune) && utf8.ValidString(tc.in) {
			continue
		}
		t.Run(tc.name, func(t *testing.T) {
			// Line breaks cannot travel inside an HTTP/1.1 status line
			// or header; the page text carries them.
			inLine := strings.NewReplacer("\r", "", "\n", "").Replace(tc.in)
			// Go's client refuses header values with C0 controls or DEL
			// (a clear error, tested elsewhere); C1 controls, bidi
			// overrides and bytes that are not UTF-8 pass.
			inHeader := strings.Map(func(r rune) rune {
				if r < 0x20 || r == 0x7f {
					return -1
				}
				return r
			}, inLine)
			body := "<html><body><h1>Sorry, you have been blocked</h1><p>Cloudflare Ray ID: 8a1b2c3d4e5f6a7b</p>" +
				"<a href=\"/login\">Log in " + tc.in + "</a></body></html>"
			resp := "HTTP/1.1 403 Forbidden " + inLine + "\r\n" +
				"Content-Type: text/html\r\n" +
				"cf-ray: 8a1b" + inHeader + "-AMS\r\n" +
				"cf-mitigated: block\r\n" +
				fmt.Sprintf("Content-Length: %d\r\n", len(body)) +
				"Connection: close\r\n\r\n" + body
			srv := rawServer(t, resp)
			code, out, errOut := runArgs("check", srv+"/private")
			if code != 0 {
				t.Fatalf("exit %d, stderr %q", code, errOut)
			}
			for _, s := range []string{out, errOut} {
				for _, r := range s {
					if r != '\n' && escapeRune(r) {
						t.Fatalf("raw %U in output:\n%s", r, s)
					}
				}
			}
			if want := visible(inLine); !strings.Contains(out, "Forbidden "+want) {
				t.Errorf("reason phrase not shown escaped as %q:\n%s", want, out)
			}
			if want := visible(text.Prefix("8a1b"+inHeader+"-AMS", 40)); !strings.Contains(out, "reference "+want) {
				t.Errorf("reference not shown escaped as %q:\n%s", want, out)
			}
			code, out, errOut = runArgs("check", "--json", srv+"/private")
			if code != 0 {
				t.Fatalf("--json: exit %d, stderr %q", code, errOut)
			}
			for _, r := range out {
				if r != '\n' && escapeRune(r) {
					t.Fatalf("--json: raw %U in output:\n%s", r, out)
				}
			}
			var rep struct {
				Block struct{ Reference string }
			}
			if err := json.Unmarshal([]byte(out), &rep); err != nil {
				t.Fatalf("--json: %v\n%s", err, out)
			}
			if want := text.Prefix("8a1b"+inHeader+"-AMS", 40); utf8.ValidString(inHeader) && rep.Block.Reference != want {
				t.Errorf("--json reference %q, want the server's %q", rep.Block.Reference, want)
			}
		})
	}
}
