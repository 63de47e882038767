package weburl

import (
	"bytes"
	"strings"
)

// Parse parses ref in the context of u: ref may be relative.
func (u *URL) Parse(ref string) (*URL, error) {
	r, err := Parse(ref)
	if err != nil {
		return nil, err
	}
	return u.ResolveReference(r), nil
}

// ResolveReference resolves ref against the base u as RFC 3986 section
// 5.2 says, and as net/url does: dot segments are removed from the
// result's path, and a reference with a scheme keeps its own (even when
// it is the base's scheme). u and ref are not changed.
func (u *URL) ResolveReference(ref *URL) *URL {
	out := *ref
	if ref.Scheme == "" {
		out.Scheme = u.Scheme
	}
	if ref.Scheme != "" || ref.Host != "" || ref.User != nil {
		out.setPath(removeDots(ref.EscapedPath(), ""))
		return &out
	}
	if ref.Opaque != "" {
		out.User, out.Host, out.Path = nil, "", ""
		return &out
	}
	if ref.Path == "" && !ref.ForceQuery && ref.RawQuery == "" {
		out.RawQuery = u.RawQuery
		if ref.Fragment == "" {
			out.Fragment, out.RawFragment = u.Fragment, u.RawFragment
		}
	}
	if ref.Path == "" && u.Opaque != "" {
		out.Opaque = u.Opaque
		out.User, out.Host, out.Path = nil, "", ""
		return &out
	}
	out.Host, out.User = u.Host, u.User
	out.setPath(removeDots(u.EscapedPath(), ref.EscapedPath()))
	return &out
}

// removeDots merges the encoded reference path ref with the encoded base
// path (when ref is relative) and removes "." and ".." segments. The
// result always begins with "/" unless it is empty; a final "." or ".."
// leaves a trailing "/".
func removeDots(base, ref string) string {
	full := ref
	switch {
	case ref == "":
		full = base
	case ref[0] != '/':
		full = base[:strings.LastIndexByte(base, '/')+1] + ref
	}
	if full == "" {
		return ""
	}
	out := make([]byte, 1, len(full)+1)
	out[0] = '/'
	// fresh is true while nothing follows the last "/" written.
	fresh := true
	last := ""
	for rest, more := full, true; more; {
		last, rest, more = strings.Cut(rest, "/")
		switch last {
		case ".":
			fresh = false
		case "..":
			if i := bytes.LastIndexByte(out[1:], '/'); i >= 0 {
				out = out[:i+1]
			} else {
				out = out[:1]
			}
			fresh = len(out) == 1
		default:
			if !fresh {
				out = append(out, '/')
			}
			out = append(out, last...)
			fresh = false
		}
	}
	if last == "." || last == ".." {
		out = append(out, '/')
	}
	if len(out) > 1 && out[1] == '/' {
		out = out[1:]
	}
	return string(out)
}
