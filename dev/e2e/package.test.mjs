// package.test.mjs checks that the store packages are reproducible: the
// source archive `make source` writes is unpacked twice, in two different
// folders, and `make package RELAY_URL=…` is run in each under conditions a
// second machine would differ in — the folder's path, a git checkout or
// none (Go stamps VCS details into a binary built inside a checkout unless
// told not to), file times, umask, time zone, locale, GOFLAGS at Go's default — and
// the two zips of each browser must be byte-identical (same SHA-256). The
// same run checks what the zips hold (sorted names, one timestamp, mode
// 0644, the relay the build was given) and BUILD.md in the archive.
//
// No browser is needed; Go's build cache is shared, so after `make build`
// the two builds take seconds (a cold cache gives the same bytes, see the
// README). node --test dev/e2e/package.test.mjs
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, utimesSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { inflateRawSync } from "node:zlib";
import { repoRoot } from "./lib/paths.mjs";

const relay = "https://relay.example.org";

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: "utf8", maxBuffer: 64 << 20, ...opts });
  if (r.error) throw r.error;
  if (r.status !== 0) {
    throw new Error(`${cmd} ${args.join(" ")} (in ${opts.cwd ?? process.cwd()}) exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
  }
  return r.stdout;
}

// cleanEnv is this process's environment with the given changes and
// GOFLAGS=-buildvcs=auto, Go's default: a reviewer's machine sets nothing,
// while this machine's go env file may say -buildvcs=false (an empty
// GOFLAGS would not override that file).
function cleanEnv(changes) {
  const env = { ...process.env, ...changes, GOFLAGS: "-buildvcs=auto" };
  delete env.MAKEFLAGS;
  delete env.MAKELEVEL;
  return env;
}

function sha256(file) {
  return createHash("sha256").update(readFileSync(file)).digest("hex");
}

// touchAll sets every file's times under dir to when (seconds).
function touchAll(dir, when) {
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    const st = statSync(full);
    if (st.isDirectory()) touchAll(full, when);
    utimesSync(full, when, when);
  }
}

// entries reads a ZIP's central directory: [{name, time, date, mode, method, data}].
function entries(buf) {
  const end = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  assert.ok(end >= 0, "no end of central directory");
  const count = buf.readUInt16LE(end + 10);
  let p = buf.readUInt32LE(end + 16);
  const out = [];
  for (let i = 0; i < count; i++) {
    assert.equal(buf.readUInt32LE(p), 0x02014b50, "central directory entry");
    const method = buf.readUInt16LE(p + 10);
    const time = buf.readUInt16LE(p + 12);
    const date = buf.readUInt16LE(p + 14);
    const size = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const mode = buf.readUInt32LE(p + 38) >>> 16;
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString("utf8", p + 46, p + 46 + nameLen);
    const lname = buf.readUInt16LE(local + 26);
    const lextra = buf.readUInt16LE(local + 28);
    const body = buf.subarray(local + 30 + lname + lextra, local + 30 + lname + lextra + size);
    const data = method === 8 ? inflateRawSync(body) : body;
    out.push({ name, time, date, mode, method, extraLen, commentLen, data });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

test("make package gives byte-identical zips from the source archive in two different places", () => {
  const tmp = mkdtempSync(path.join(tmpdir(), "sesame-package-"));
  try {
    run("make", ["--no-print-directory", "source"], { cwd: repoRoot, env: cleanEnv({}) });
    const archive = path.join(repoRoot, "dist", "sesame-source.tar.gz");
    const version = JSON.parse(readFileSync(path.join(repoRoot, "extension", "manifest.json"), "utf8")).version;

    // BUILD.md tells a reviewer the tools and the commands.
    const buildMD = run("tar", ["xzf", archive, "-O", `sesame-${version}/BUILD.md`]);
    for (const want of ["go build", "-trimpath", "-buildvcs=false", "-buildid=", "make package RELAY_URL=", "sha256sum", "Node.js v", "Go go1."]) {
      assert.ok(buildMD.includes(want), `BUILD.md lacks ${JSON.stringify(want)}`);
    }

    // Place A: a plain unpacked archive (no git), UTC, C locale, umask 022.
    const a = path.join(tmp, "a");
    mkdirSync(a);
    run("sh", ["-c", `umask 022 && tar xzf "$0" -C "$1"`, archive, a]);
    // Place B: a deeper folder with another name, inside a fresh git
    // checkout, other file times, umask 077, another time zone and locale.
    const b = path.join(tmp, "elsewhere", "with a longer path", "b");
    mkdirSync(b, { recursive: true });
    run("sh", ["-c", `umask 077 && tar xzf "$0" -C "$1" --no-same-permissions`, archive, b]);
    const srcA = path.join(a, `sesame-${version}`);
    const srcB = path.join(b, `sesame-${version}`);
    touchAll(srcB, 1700000000);
    const git = (...args) => run("git", ["-c", "user.name=t", "-c", "user.email=t@example.org", "-c", "commit.gpgsign=false", ...args], { cwd: srcB });
    git("init", "-q");
    git("add", "-A");
    git("commit", "-q", "-m", "unpacked");

    const zips = {};
    for (const [place, dir, env] of [
      ["A", srcA, { TZ: "UTC", LC_ALL: "C", LANG: "C" }],
      ["B", srcB, { TZ: "Pacific/Kiritimati", LC_ALL: "C.UTF-8", LANG: "de_DE.UTF-8" }],
    ]) {
      run("sh", ["-c", `umask ${place === "A" ? "022" : "077"} && exec make --no-print-directory package RELAY_URL="$0"`, relay], {
        cwd: dir, env: cleanEnv(env),
      });
      zips[place] = {
        chrome: path.join(dir, "dist", "sesame-chrome.zip"),
        firefox: path.join(dir, "dist", "sesame-firefox.zip"),
        sums: readFileSync(path.join(dir, "dist", "SHA256SUMS"), "utf8"),
      };
    }
    for (const browser of ["chrome", "firefox"]) {
      const [ha, hb] = [sha256(zips.A[browser]), sha256(zips.B[browser])];
      if (ha !== hb) {
        const ea = new Map(entries(readFileSync(zips.A[browser])).map((e) => [e.name, e.data]));
        const eb = new Map(entries(readFileSync(zips.B[browser])).map((e) => [e.name, e.data]));
        const differ = [...new Set([...ea.keys(), ...eb.keys()])].filter((n) => !ea.get(n) || !eb.get(n) || !ea.get(n).equals(eb.get(n)));
        assert.fail(`sesame-${browser}.zip differs between the two places (${ha} vs ${hb}); files that differ: ${differ.join(", ") || "none (zip structure)"}`);
      }
      console.log(`package: sesame-${browser}.zip sha256 ${ha} in both places`);
    }
    assert.equal(zips.A.sums, zips.B.sums, "SHA256SUMS differ");
    assert.match(zips.A.sums, new RegExp(`^# node v\\S+, zlib \\S+, relay ${relay.replace(/\./g, "\\.")}\\n[0-9a-f]{64}  sesame-chrome\\.zip\\n[0-9a-f]{64}  sesame-firefox\\.zip\\n$`));

    // What the zips hold: sorted, one timestamp, -rw-r--r--, no extras,
    // and the relay the build was given.
    for (const browser of ["chrome", "firefox"]) {
      const list = entries(readFileSync(zips.A[browser]));
      const names = list.map((e) => e.name);
      assert.ok(names.includes("sesame.wasm") && names.includes("manifest.json"), `${browser}: ${names.join(", ")}`);
      assert.ok(!names.some((n) => n.split("/").some((part) => part.startsWith("."))), `${browser}: a hidden file is packed`);
      assert.equal(new Set(list.map((e) => `${e.time}/${e.date}`)).size, 1, `${browser}: more than one timestamp`);
      assert.deepEqual([...new Set(list.map((e) => e.mode))], [0o100644], `${browser}: modes`);
      assert.ok(list.every((e) => e.extraLen === 0 && e.commentLen === 0), `${browser}: extra fields or comments`);
      const config = JSON.parse(list.find((e) => e.name === "config.json").data.toString("utf8"));
      assert.equal(config.relayURL, relay, `${browser}: config.json relayURL`);
      const manifest = JSON.parse(list.find((e) => e.name === "manifest.json").data.toString("utf8"));
      if (browser === "chrome") assert.ok(manifest.background.service_worker && !manifest.background.scripts && !manifest.browser_specific_settings);
      else assert.ok(!manifest.background.service_worker && manifest.background.scripts && manifest.browser_specific_settings);
    }

    // A second make package for another relay rebuilds for that relay
    // (the unpacked extension does not depend on RELAY_URL's value, so a
    // finished build must not be reused as it is).
    const other = "https://other-relay.example.net";
    run("make", ["--no-print-directory", "package", `RELAY_URL=${other}`], { cwd: srcA, env: cleanEnv({}) });
    for (const browser of ["chrome", "firefox"]) {
      const config = entries(readFileSync(zips.A[browser])).find((e) => e.name === "config.json");
      assert.equal(JSON.parse(config.data.toString("utf8")).relayURL, other, `${browser}: rebuilt for the other relay`);
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});
