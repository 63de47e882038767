package discover

import "strings"

// A sign-in form in a modal window or a dropdown menu is hidden until a
// script shows it: the page that carries it is not a sign-in page for
// that, and a real "Log in" link must rank first. HTML cannot run the
// page's style sheets and scripts, so it goes by hints: the hidden
// attribute, aria-hidden="true", an inline display:none or
// visibility:hidden, a closed <dialog> or <details>, role="dialog" or
// "menu", and class or id names such as modal, dropdown, popup, popover,
// lightbox, flyout, offcanvas, overlay, hidden, d-none.

// hiddenTracker follows the outermost open element that hides its
// content. Only elements whose end tag is required can hide content
// here (see hidingElement): the nesting of elements of the same name is
// counted to find the end tag that closes it.
type hiddenTracker struct {
	on    bool
	name  string
	depth int
}

// start notes a start tag; a holds its attributes, or is nil when they
// were not read (they are not needed while a hiding element is open).
func (h *hiddenTracker) start(name []byte, a *attrs) {
	if !hidingElement(name) {
		return
	}
	if h.on {
		// Forms do not nest: browsers ignore a <form> inside another.
		if string(name) == h.name && h.name != "form" {
			h.depth++
		}
		return
	}
	if a != nil && a.hiddenHint(name) {
		h.on, h.name, h.depth = true, string(name), 0
	}
}

// end notes an end tag.
func (h *hiddenTracker) end(name []byte) {
	if !h.on || string(name) != h.name {
		return
	}
	if h.depth == 0 {
		h.on = false
		return
	}
	h.depth--
}

// hidingElement reports the elements that may hide their content for
// hiddenTracker: containers whose end tag may not be left out and that
// modal windows and menus are made of (not spans, articles or tables,
// which a page has many of and which hold no hidden sign-in form).
func hidingElement(name []byte) bool {
	switch string(name) {
	case "div", "section", "aside", "dialog", "details", "form", "nav", "ul", "ol", "menu",
		"fieldset":
		return true
	}
	return false
}

// hiddenHint reports whether an element with these attributes is hidden
// until a script shows it, or is a modal window or a menu.
func (a *attrs) hiddenHint(name []byte) bool {
	switch {
	case a.flags&flagHidden != 0,
		strings.EqualFold(strings.TrimSpace(a.ariaHidden), "true"),
		(string(name) == "dialog" || string(name) == "details") && a.flags&flagOpen == 0,
		styleHidden(a.style):
		return true
	}
	switch strings.ToLower(strings.TrimSpace(a.role)) {
	case "dialog", "alertdialog", "menu":
		return true
	}
	return hidingName(a.class) || hidingName(a.id)
}

// hidingParts are parts of class names and ids of modal windows and menus.
var hidingParts = []string{"modal", "dropdown", "drop-down", "popup", "pop-up", "popover",
	"lightbox", "flyout", "offcanvas", "off-canvas", "overlay"}

// hidingWords are whole class names that hide an element.
var hidingWords = []string{"hidden", "hide", "d-none", "is-hidden", "invisible", "js-hidden"}

// hidingName reports whether a class attribute or an id names a modal
// window, a menu or a hidden element.
func hidingName(v string) bool {
	if v == "" {
		return false
	}
	// One pass over v, comparing only where a part may begin.
	for i := 0; i < len(v); i++ {
		c := v[i] | 0x20
		if c != 'm' && c != 'd' && c != 'p' && c != 'l' && c != 'f' && c != 'o' {
			continue
		}
		for _, p := range hidingParts {
			if p[0] == c && len(v)-i >= len(p) && strings.EqualFold(v[i:i+len(p)], p) {
				return true
			}
		}
	}
	for v != "" {
		var w string
		w, v, _ = strings.Cut(strings.TrimLeft(v, " \t\n\f\r"), " ")
		w = strings.TrimRight(w, "\t\n\f\r")
		for _, h := range hidingWords {
			if strings.EqualFold(w, h) {
				return true
			}
		}
	}
	return false
}

// containsFold reports whether s contains sub (lower-case ASCII),
// ignoring the case of ASCII letters.
func containsFold(s, sub string) bool {
	n := len(sub)
	if n == 0 {
		return true
	}
	first := sub[0]
	for i := 0; i+n <= len(s); i++ {
		// Upper-case ASCII letters differ from lower-case ones only in
		// bit 0x20; EqualFold checks the rest.
		if s[i]|0x20 == first && strings.EqualFold(s[i:i+n], sub) {
			return true
		}
	}
	return false
}

// styleHidden reports whether an inline style hides the element:
// display:none, visibility:hidden, or a width or height of at most one
// pixel.
func styleHidden(style string) bool {
	for style != "" {
		var decl string
		decl, style, _ = strings.Cut(style, ";")
		prop, val, ok := strings.Cut(decl, ":")
		if !ok {
			continue
		}
		prop = strings.TrimSpace(prop)
		val = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(val), "!important"))
		switch {
		case strings.EqualFold(prop, "display") && strings.EqualFold(val, "none"),
			strings.EqualFold(prop, "visibility") && strings.EqualFold(val, "hidden"),
			(strings.EqualFold(prop, "width") || strings.EqualFold(prop, "height")) && tinySize(val):
			return true
		}
	}
	return false
}

// tinySize reports a CSS length or a width/height attribute of zero or
// one pixel.
func tinySize(v string) bool {
	v = strings.TrimSpace(v)
	if len(v) > 2 && strings.EqualFold(v[len(v)-2:], "px") {
		v = strings.TrimSpace(v[:len(v)-2])
	}
	return v == "0" || v == "1"
}
