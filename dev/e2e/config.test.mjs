// config.test.mjs checks the relay address rules of extension/lib/config.js
// (cleanRelay, relayOf) and that dev/scripts/configure-extension.mjs
// refuses the same addresses at build time. No browser is needed:
// node --test dev/e2e/config.test.mjs
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { cleanRelay, loopbackHost, relayOf } from "../../extension/lib/config.js";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

// [input, cleanRelay's answer (null: refused), why]
const relays = [
  ["https://relay.example.com", "https://relay.example.com", "https, any host"],
  ["https://relay.example.com/", "https://relay.example.com", "trailing slash dropped"],
  ["  https://relay.example.com/v1//  ", "https://relay.example.com/v1", "spaces and slashes dropped"],
  ["https://203.0.113.7:8443", "https://203.0.113.7:8443", "https to an address"],
  ["HTTPS://Relay.Example.COM", "https://relay.example.com", "case normalised"],
  ["http://127.0.0.1:8787", "http://127.0.0.1:8787", "http to loopback IPv4"],
  ["http://127.8.9.10:8787/", "http://127.8.9.10:8787", "all of 127.0.0.0/8"],
  ["http://127.1:8787", "http://127.0.0.1:8787", "short IPv4 form normalised"],
  ["http://2130706433:8787", "http://127.0.0.1:8787", "integer IPv4 form normalised"],
  ["http://localhost", "http://localhost", "http to localhost"],
  ["http://LOCALHOST:8787/", "http://localhost:8787", "localhost in capitals"],
  ["http://localhost.:8787", "http://localhost.:8787", "localhost with the root dot"],
  ["http://[::1]", "http://[::1]", "http to loopback IPv6"],
  ["http://[0:0:0:0:0:0:0:1]:8787", "http://[::1]:8787", "long IPv6 loopback normalised"],
  ["http://relay.example.com", null, "plain http across the network"],
  ["http://relay.example.com:8787/", null, "plain http with a port"],
  ["http://192.168.1.10:8787", null, "plain http to the local network"],
  ["http://10.0.0.1", null, "plain http to a private address"],
  ["http://128.0.0.1", null, "outside 127.0.0.0/8"],
  ["http://127.0.0.1.nip.io", null, "a name that only starts like loopback"],
  ["http://localhost.evil.example", null, "a name that only starts like localhost"],
  ["http://evil-localhost", null, "a name that ends like localhost"],
  ["http://[::2]", null, "IPv6 other than ::1"],
  ["http://[::ffff:127.0.0.1]", null, "IPv4-mapped IPv6 is not taken as loopback"],
  ["http://0.0.0.0:8787", null, "the unspecified address"],
  ["https://user:pw@relay.example.com", null, "credentials"],
  ["http://user@127.0.0.1:8787", null, "credentials, even on loopback"],
  ["https://relay.example.com/?k=1", null, "query"],
  ["https://relay.example.com/#x", null, "fragment"],
  ["ftp://relay.example.com", null, "not http(s)"],
  ["relay.example.com", null, "not absolute"],
  ["javascript:alert(1)", null, "script"],
  ["", null, "empty"],
  [null, null, "null"],
  [undefined, null, "undefined"],
];

test("cleanRelay: https anywhere, plain http only to this computer", () => {
  for (const [input, want, why] of relays) {
    assert.equal(cleanRelay(input), want, `${JSON.stringify(input)}: ${why}`);
  }
});

test("loopbackHost", () => {
  for (const h of ["localhost", "127.0.0.1", "127.255.255.255", "[::1]", "LocalHost"]) assert.ok(loopbackHost(h), h);
  for (const h of ["", "localhost.example", "127.0.0.1.example", "1127.0.0.1", "[::2]", "::1", "128.0.0.1", null]) {
    assert.ok(!loopbackHost(h), String(h));
  }
});

test("relayOf ignores a stored choice cleanRelay refuses", () => {
  const config = { relayURL: "https://relay.example.com/" };
  assert.equal(relayOf(config, { relayURL: null }), "https://relay.example.com");
  assert.equal(relayOf(config, { relayURL: "http://127.0.0.1:9999/" }), "http://127.0.0.1:9999");
  assert.equal(relayOf(config, { relayURL: "http://relay.evil.example" }), "https://relay.example.com");
  assert.equal(relayOf({ relayURL: "http://relay.example.com" }, { relayURL: null }), "");
  assert.equal(relayOf({ relayURL: "" }, { relayURL: null }), "");
});

// configure-extension.mjs writes config.json into a copy of extension/.
function configure(relay) {
  const dist = mkdtempSync(path.join(tmpdir(), "sesame-config-"));
  try {
    cpSync(path.join(repo, "extension"), dist, { recursive: true });
    const r = spawnSync(process.execPath, [path.join(repo, "dev/scripts/configure-extension.mjs"), dist, relay], { encoding: "utf8" });
    let config = null;
    try {
      config = JSON.parse(readFileSync(path.join(dist, "config.json"), "utf8"));
    } catch {}
    return { status: r.status, stderr: r.stderr, config };
  } finally {
    rmSync(dist, { recursive: true, force: true });
  }
}

test("configure-extension.mjs refuses a plain-http relay off this computer", () => {
  for (const relay of ["http://relay.example.com", "http://192.168.1.10:8787"]) {
    const r = configure(relay);
    assert.notEqual(r.status, 0, relay);
    assert.match(r.stderr, /plain http is only for a relay on this computer/, relay);
    assert.equal(r.config, null, `${relay}: no config.json written`);
  }
  const cred = configure("https://user:pw@relay.example.com");
  assert.notEqual(cred.status, 0);
  assert.match(cred.stderr, /credentials/);
  for (const [relay, want] of [["http://127.0.0.1:8787", "http://127.0.0.1:8787"], ["https://relay.example.com/", "https://relay.example.com"],
    ["http://localhost:8787", "http://localhost:8787"], ["http://[::1]:8787/", "http://[::1]:8787"]]) {
    const r = configure(relay);
    assert.equal(r.status, 0, `${relay}: ${r.stderr}`);
    assert.equal(r.config?.relayURL, want);
  }
});
