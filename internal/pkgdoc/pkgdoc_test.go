package pkgdoc

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/sesame-help/sesame/internal/sample"
)

// skipDir reports directories that hold no package of the module: npm's
// node_modules (dev/node_modules holds a Go port of an npm package, which
// go.mod ignores), testdata, hidden and '_' directories, which the go
// command ignores too.
func skipDir(name string) bool {
	return name == "node_modules" || name == "testdata" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")
}

// pkg is one package found in a directory.
type pkg struct {
	dir, name string
	docs      []string // the package doc comments of its files
}

// packages parses the package clauses of every non-test Go file of the
// module under root, whatever its build constraints, and returns its
// packages sorted by directory.
func packages(t *testing.T, root string) []*pkg {
	t.Helper()
	byKey := map[string]*pkg{}
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if p == root {
				return nil
			}
			if skipDir(d.Name()) {
				return filepath.SkipDir
			}
			if _, err := os.Stat(filepath.Join(p, "go.mod")); err == nil {
				return filepath.SkipDir // another module
			}
			return nil
		}
		if !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, p, nil, parser.PackageClauseOnly|parser.ParseComments)
		if err != nil {
			return err
		}
		if ignored(f) {
			return nil
		}
		rel, _ := filepath.Rel(root, filepath.Dir(p))
		key := filepath.ToSlash(rel) + " " + f.Name.Name
		k := byKey[key]
		if k == nil {
			k = &pkg{dir: filepath.ToSlash(rel), name: f.Name.Name}
			byKey[key] = k
		}
		if f.Doc != nil {
			k.docs = append(k.docs, f.Doc.Text())
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var out []*pkg
	for _, k := range byKey {
		out = append(out, k)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].dir < out[j].dir })
	return out
}

// ignored reports a file excluded from every build ("//go:build ignore").
func ignored(f *ast.File) bool {
	for _, g := range f.Comments {
		if g.Pos() > f.Package {
			break
		}
		for _, c := range g.List {
			if c.Text == "//go:build ignore" {
				return true
			}
		}
	}
	return false
}

// wantPrefix is how the doc comment of k must begin.
func wantPrefix(k *pkg) string {
	if k.name == "main" {
		return "Command "
	}
	return "Package " + k.name + " "
}

func TestPackageDocs(t *testing.T) {
	pkgs := packages(t, sample.Root(t))
	if len(pkgs) < 30 {
		t.Fatalf("found only %d packages", len(pkgs))
	}
	for _, k := range pkgs {
		switch {
		case len(k.docs) == 0:
			t.Errorf("%s: package %s has no package doc comment", k.dir, k.name)
		case !slices.ContainsFunc(k.docs, func(d string) bool { return strings.HasPrefix(d, wantPrefix(k)) }):
			t.Errorf("%s: the doc comment of package %s begins %q, want %q", k.dir, k.name, firstLine(k.docs[0]), wantPrefix(k)+"…")
		}
	}
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

// TestPackagesFound checks the walk itself on this package and on one
// that has several files and build constraints.
func TestPackagesFound(t *testing.T) {
	found := map[string]*pkg{}
	for _, k := range packages(t, sample.Root(t)) {
		found[path.Join(k.dir, k.name)] = k
	}
	for _, want := range []string{"internal/pkgdoc/pkgdoc", "internal/archive/lookup/lookup", "cmd/sesame/main", "internal/sample/sample"} {
		if found[want] == nil {
			t.Errorf("package %s not found", want)
		}
	}
	for key := range found {
		if strings.Contains(key, "node_modules") || strings.Contains(key, "testdata") {
			t.Errorf("walked into %s", key)
		}
	}
}
