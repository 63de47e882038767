# Sesame: one entry point. `make` lists the targets.

GO        ?= go
# Reproducible: no paths (-trimpath), no VCS stamp (a git clone and the
# source archive build alike, whatever GOFLAGS says), no build id.
GOFLAGS_WASM = -trimpath -buildvcs=false -ldflags='-s -w -buildid='
# The extension's helper is built with inlining on: -gcflags=all=-l would
# save 80 KB of gzip but make discovery on a 1 MB page about 35 % slower
# (measured; see README, Performance).
GOFLAGS_EXT_WASM = $(GOFLAGS_WASM)
# The relay the extension asks for archived copies (baked in at build time).
RELAY_URL ?= http://127.0.0.1:8787
DEMO_ADDR ?= 127.0.0.1:8080
CHROMIUM  ?= /usr/lib/chromium/chromium
FIREFOX   ?= /usr/lib/firefox-esr/firefox-esr

# Every Go package of the module (go.mod ignores dev/node_modules, where npm
# puts a Go package of its own).
GO_PKGS    = ./...
EXT_SRC   := $(shell find extension -type f 2>/dev/null)
GO_SRC    := $(shell find cmd internal wasm worker dev -name '*.go' -not -path 'dev/node_modules/*' 2>/dev/null) go.mod go.sum
NPM_STAMP  = dev/node_modules/.stamp

.DEFAULT_GOAL := help
.PHONY: help build run relay demo test unit e2e lint package source deploy screenshots bench accuracy size deps clean fuzz chaos

help: ## list every target with one line
	@awk 'BEGIN {FS = ":.*## "} /^[a-z][a-zA-Z0-9_-]*:.*## / {printf "  make %-11s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

build: dist/extension/.stamp bin/sesame bin/sesame-demo worker/build/app.wasm ## build the extension, the command line, the demo site and the relay

deps: $(NPM_STAMP) ## install npm and Go dependencies (Go modules, npm ci in dev/)
	$(GO) mod download

$(NPM_STAMP): dev/package.json dev/package-lock.json
	cd dev && npm ci --no-audit --no-fund
	@touch $@

bin/sesame: $(GO_SRC)
	$(GO) build -trimpath -o $@ ./cmd/sesame

bin/sesame-demo: $(GO_SRC)
	$(GO) build -trimpath -o $@ ./dev/demosite/cmd/sesame-demo

# The unpacked extension both browsers load: sources, the Go helper and its loader.
dist/extension/.stamp: $(EXT_SRC) $(GO_SRC) $(wildcard internal/messages/locales/*.json) internal/archive/registry/archives.json dev/scripts/configure-extension.mjs
	rm -rf dist/extension && mkdir -p dist/extension
	cp -R extension/. dist/extension/
	GOOS=js GOARCH=wasm $(GO) build $(GOFLAGS_EXT_WASM) -o dist/extension/sesame.wasm ./wasm
	cp "$$($(GO) env GOROOT)/lib/wasm/wasm_exec.js" dist/extension/wasm_exec.js
	node dev/scripts/configure-extension.mjs dist/extension "$(RELAY_URL)"
	@touch $@

worker/build/app.wasm: $(GO_SRC)
	cd worker && $(GO) run github.com/syumai/workers/cmd/workers-assets-gen -mode=go
	cd worker && GOOS=js GOARCH=wasm $(GO) build $(GOFLAGS_WASM) -o build/app.wasm .

run: build $(NPM_STAMP) ## build everything, start the demo site and the relay, open Chromium with the extension
	dev/scripts/run.sh

relay: worker/build/app.wasm $(NPM_STAMP) ## start the relay in workerd (wrangler dev) on 127.0.0.1:8787
	dev/scripts/relay.sh

demo: bin/sesame-demo ## start only the demo site on $(DEMO_ADDR)
	bin/sesame-demo -addr $(DEMO_ADDR)

unit: ## Go vet and unit tests (native and GOOS=js under Node)
	$(GO) vet $(GO_PKGS)
	$(GO) test $(GO_PKGS)
	dev/scripts/test-wasm.sh

test: deps build unit e2e lint ## run every test (installs npm and Go dependencies first)

e2e: deps build ## end-to-end tests: extension in headless Chromium and Firefox, relay in workerd (with a short chaos run), real Debian servers on loopback
	dev/scripts/need.sh
	node --test --test-concurrency=1 dev/e2e/*.test.mjs
	node --test --test-concurrency=1 dev/e2e/relay/
	node --test --test-concurrency=1 dev/e2e/servers/

chaos: deps worker/build/app.wasm ## the relay in workerd under 5,000 uncached lookups against failing fake archives, with cool-downs and without (CHAOS_LOOKUPS)
	node dev/e2e/relay/chaos.mjs --lookups $(or $(CHAOS_LOOKUPS),5000) --min 8 --max 50 --timeout 1500
	node dev/e2e/relay/chaos.mjs --lookups $(or $(CHAOS_LOOKUPS),5000) --min 8 --max 50 --timeout 1500 --no-cooldown

lint: deps dist/extension/.stamp ## gofmt, go vet and web-ext lint
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { gofmt -l $$(git ls-files '*.go'); echo "gofmt: files above need formatting"; exit 1; }
	$(GO) vet $(GO_PKGS)
	node dev/scripts/lint-extension.mjs dist/extension

package: ## write reproducible Chrome and Firefox zips and their SHA256SUMS to dist/ (RELAY_URL=https://…)
	@rm -f dist/extension/.stamp
	@$(MAKE) --no-print-directory dist/extension/.stamp RELAY_URL="$(RELAY_URL)"
	node dev/scripts/package.mjs dist/extension dist

deploy: ## deploy the relay to Cloudflare (needs CLOUDFLARE_API_TOKEN, CLOUDFLARE_ACCOUNT_ID; RELAY_DOMAIN, SESAME_SALT)
	@dev/scripts/deploy.sh --check
	@$(MAKE) --no-print-directory worker/build/app.wasm $(NPM_STAMP)
	dev/scripts/deploy.sh

screenshots: dist/extension/.stamp bin/sesame-demo $(NPM_STAMP) ## write the store screenshots (1280×800, headless Chromium on the demo site) to store/screenshots/
	node dev/scripts/screenshots.mjs store/screenshots

source: ## write dist/sesame-source.tar.gz: the tracked tree and BUILD.md, for a store's review
	GOFLAGS_EXT_WASM="$(GOFLAGS_EXT_WASM)" dev/scripts/source.sh dist

bench: deps build accuracy ## print the performance figures the issues ask for
	dev/scripts/bench.sh

accuracy: ## print sign-in/register/reset/contact accuracy on the real-page corpus and typo-fix accuracy on real sitemaps
	$(GO) run ./dev/accuracy
	$(GO) test -count=1 -run '^TestAccuracy$$' -v ./internal/site/typo

size: worker/build/app.wasm $(NPM_STAMP) ## print the relay bundle size (wrangler deploy --dry-run)
	dev/scripts/size.sh

fuzz: ## run every fuzz target for FUZZTIME each (default 60s)
	dev/scripts/fuzz.sh $(or $(FUZZTIME),60s)

clean: ## remove build outputs
	rm -rf dist bin worker/build
