#!/bin/sh
# source.sh writes OUT/sesame-source.tar.gz (usage: source.sh OUT): the
# source archive a store's review asks for when an add-on ships compiled
# code (addons.mozilla.org: the Go helper sesame.wasm). It holds every file
# git tracks, under sesame-<version>/, and BUILD.md: the exact tools and
# commands that rebuild dist/sesame-chrome.zip and dist/sesame-firefox.zip
# byte for byte, and how to compare them.
#
# The archive is made from HEAD when the tracked files are unchanged, else
# from the working tree's tracked files (git stash create, which changes
# nothing) with a warning: commit before submitting. Untracked files are
# never included.
set -eu
out=${1:?usage: source.sh OUT}
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
command -v git >/dev/null || { echo "source: git is needed" >&2; exit 1; }
git rev-parse --git-dir >/dev/null 2>&1 || { echo "source: $root is not a git checkout" >&2; exit 1; }
mkdir -p "$out"
out=$(cd "$out" && pwd)

tree=$(git stash create 2>/dev/null || true)
if [ -n "$tree" ]; then
	echo "source: warning: tracked files have uncommitted changes; the archive holds them as they are now (commit before submitting)" >&2
	described="$(git rev-parse HEAD) with uncommitted changes"
else
	tree=HEAD
	described=$(git rev-parse HEAD)
fi

version=$(node -p 'JSON.parse(require("fs").readFileSync("extension/manifest.json","utf8")).version')
goversion=$(go env GOVERSION)
gomod=$(sed -n 's/^go //p' go.mod)
nodeversion=$(node --version)
zlibversion=$(node -p process.versions.zlib)
npmversion=$(npm --version 2>/dev/null || echo "(not installed)")
sums=""
relay="https://relay.example.org"
if [ -f dist/SHA256SUMS ]; then
	sums=$(cat dist/SHA256SUMS)
	relay=$(sed -n '1s/^#.* relay //p' dist/SHA256SUMS)
fi
# The Go flags come from the Makefile (make source passes them).
flags=${GOFLAGS_EXT_WASM:-"-trimpath -buildvcs=false -ldflags='-s -w -buildid='"}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
cat > "$tmp/BUILD.md" <<DOC
# Building Sesame $version from this source archive

Sesame's browser extension is JavaScript, HTML and CSS as written (nothing
is minified or bundled) plus one compiled file, \`sesame.wasm\`: the Go code
under \`internal/\` and \`wasm/\`, compiled to WebAssembly by the Go
toolchain. \`wasm_exec.js\` is Go's own loader, copied unchanged from the Go
installation. This archive is commit $described.

## Tools (the exact versions the published packages were built with)

- Go $goversion (go.mod asks for go $gomod): https://go.dev/dl/
- Node.js $nodeversion (its bundled zlib $zlibversion compresses the zips;
  another zlib build may compress differently); npm $npmversion
- GNU make, a POSIX shell, tar, coreutils (sha256sum); checked on Debian 12
  (x86-64). The packages need no npm packages: \`npm ci\` (in \`dev/\`) is
  only for the tests and the lint.

## Build

\`\`\`sh
tar xzf sesame-source.tar.gz && cd sesame-$version
go mod download                     # the Go modules listed in go.sum (checked by their hashes)
make package RELAY_URL=$relay   # the relay address of the published packages
sha256sum dist/sesame-chrome.zip dist/sesame-firefox.zip
\`\`\`

\`make package\` runs, in order:

1. \`cp -R extension/. dist/extension/\`
2. \`GOOS=js GOARCH=wasm go build $flags -o dist/extension/sesame.wasm ./wasm\`
3. \`cp "\$(go env GOROOT)/lib/wasm/wasm_exec.js" dist/extension/\`
4. \`node dev/scripts/configure-extension.mjs dist/extension RELAY_URL\`: merges
   the core's messages (\`internal/messages/locales/\`) into \`_locales/\`,
   writes \`config.json\` (the relay address, the archive list) and two
   generated scripts (\`archive-hosts.js\`, \`ext-classic.js\`)
5. \`node dev/scripts/package.mjs dist/extension dist\`: the two zips (files
   sorted, fixed timestamp and mode), and \`dist/SHA256SUMS\`

## Compare

The zips are byte-for-byte reproducible: the same tools and RELAY_URL give
the same SHA-256 on any machine, in any directory, at any time. Compare the
sums \`make package\` prints (and writes to \`dist/SHA256SUMS\`) with those of
the submitted packages, or unzip both and compare the trees
(\`diff -r\`): only \`manifest.json\` differs between the Chrome and the Firefox
package (each drops the background key the other browser reads).

The sums when this archive was made (the first line names the tools and
the relay address; empty if no package had been built):

\`\`\`
$sums
\`\`\`
DOC

file="$out/sesame-source.tar.gz"
git archive --format=tar.gz --prefix="sesame-$version/" --add-file="$tmp/BUILD.md" -o "$file" "$tree"
echo "source: $file ($(wc -c < "$file") bytes): $(git ls-tree -r --name-only "$tree" | wc -l) tracked files + BUILD.md, commit $described"
