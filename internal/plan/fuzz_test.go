package plan

import (
	"strconv"
	"testing"
)

// FuzzDecide runs the whole loop (diagnosis, probes answered by a fake
// site, Decide) on arbitrary pages, files and statuses, seeded from the
// test cases, and checks the invariants every plan must meet.
func FuzzDecide(f *testing.F) {
	for _, c := range loadCases(f) {
		st, _ := strconv.Atoi(c.get("status"))
		f.Add(c.get("url"), st, c.get("method"), c.files["page"], c.files["/"],
			c.files["/.well-known/security.txt"]+c.files["/security.txt"], c.files["/sitemap.xml"], 200)
	}
	f.Fuzz(func(t *testing.T, u string, status int, method, page, home, sectxt, smap string, parentStatus int) {
		c := &testCase{name: "fuzz", files: map[string]string{"page": page}, site: map[string]siteAnswer{}}
		c.header = [][2]string{{"url", u}, {"status", strconv.Itoa(status)}, {"method", method}}
		if home != "" {
			c.files["/"] = home
		}
		if sectxt != "" {
			c.files["/.well-known/security.txt"] = sectxt
			c.files["/security.txt"] = sectxt
		}
		if smap != "" {
			c.files["/sitemap.xml"] = smap
		}
		c.site["*"] = siteAnswer{status: parentStatus % 1000}
		in, phases := c.input(t)
		checkInvariants(t, in, phases, Decide(in))
	})
}
