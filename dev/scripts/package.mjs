#!/usr/bin/env node
// package.mjs writes the store packages of the built extension (usage:
// package.mjs DIST OUT): OUT/sesame-chrome.zip and OUT/sesame-firefox.zip.
//
// Both hold the same files. Only manifest.json differs, by the keys the
// other browser reads: the Chrome package drops browser_specific_settings
// and background.scripts, the Firefox package drops
// background.service_worker. The zips are reproducible: entries sorted
// by name (byte order), one fixed timestamp (2026-01-01 00:00, not the
// files' times nor SOURCE_DATE_EPOCH, so a source archive without git
// history rebuilds the same bytes), mode 0644 for every file, no extra
// fields, no directory entries. Deflate comes from Node's bundled zlib,
// whose output is the same for the same zlib build: the zlib version is
// printed and written to OUT/SHA256SUMS with the zips' SHA-256. Pure Node,
// no dependencies.
//
// A package built for a relay on this computer (the default RELAY_URL)
// gets a warning: a store package needs RELAY_URL=https://….
import { createHash } from "node:crypto";
import { deflateRawSync } from "node:zlib";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";

function fail(message) {
  console.error(`package: ${message}`);
  process.exit(1);
}

// byBytes orders names by their UTF-8 bytes, whatever the locale.
function byBytes(a, b) {
  return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}

// files lists the regular files under dir as sorted "/"-separated paths.
function files(dir, prefix = "") {
  const out = [];
  for (const name of readdirSync(dir).sort(byBytes)) {
    const full = path.join(dir, name);
    const rel = prefix ? `${prefix}/${name}` : name;
    const st = statSync(full);
    if (st.isDirectory()) out.push(...files(full, rel));
    else if (st.isFile() && !name.startsWith(".")) out.push(rel);
  }
  return out;
}

const crcTable = Array.from({ length: 256 }, (_, k) => {
  let c = k;
  for (let i = 0; i < 8; i++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf) {
  let c = 0xffffffff;
  for (let i = 0; i < buf.length; i++) c = crcTable[(c ^ buf[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

// DOS time and date of 2026-01-01 00:00:00, the same for every entry.
const DOS_TIME = 0;
const DOS_DATE = ((2026 - 1980) << 9) | (1 << 5) | 1;

// zip builds a ZIP archive of entries [{name, data}] (deflated, UTF-8 names).
function zip(entries) {
  const locals = [];
  const central = [];
  let offset = 0;
  for (const { name, data } of entries) {
    const nameBuf = Buffer.from(name, "utf8");
    const deflated = deflateRawSync(data, { level: 9 });
    const stored = deflated.length >= data.length;
    const body = stored ? data : deflated;
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(stored ? 0 : 8, 8);
    local.writeUInt16LE(DOS_TIME, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBuf.length, 26);
    local.writeUInt16LE(0, 28);
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt16LE((3 << 8) | 20, 4); // made by Unix, spec 2.0
    cd.writeUInt16LE(20, 6);
    cd.writeUInt16LE(0x0800, 8);
    cd.writeUInt16LE(stored ? 0 : 8, 10);
    cd.writeUInt16LE(DOS_TIME, 12);
    cd.writeUInt16LE(DOS_DATE, 14);
    cd.writeUInt32LE(crc, 16);
    cd.writeUInt32LE(body.length, 20);
    cd.writeUInt32LE(data.length, 24);
    cd.writeUInt16LE(nameBuf.length, 28);
    cd.writeUInt32LE((0o100644 << 16) >>> 0, 38); // -rw-r--r--
    cd.writeUInt32LE(offset, 42);
    locals.push(local, nameBuf, body);
    central.push(cd, nameBuf);
    offset += local.length + nameBuf.length + body.length;
  }
  const cdBuf = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cdBuf.length, 12);
  end.writeUInt32LE(offset, 16);
  if (offset > 0xffffffff || entries.length > 0xffff) fail("package too large for a ZIP without ZIP64");
  return Buffer.concat([...locals, cdBuf, end]);
}

// manifestFor returns manifest.json as the given browser should receive it.
function manifestFor(manifest, browser) {
  const m = structuredClone(manifest);
  if (browser === "chrome") {
    delete m.browser_specific_settings;
    delete m.background.scripts;
  } else {
    delete m.background.service_worker;
  }
  return Buffer.from(JSON.stringify(m, null, 2) + "\n");
}

function main() {
  const [dist, out] = process.argv.slice(2);
  if (!dist || !out) fail("usage: package.mjs DIST OUT");
  const manifestPath = path.join(dist, "manifest.json");
  if (!existsSync(manifestPath)) fail(`${dist} has no manifest.json (run make dist/extension/.stamp)`);
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
  if (!manifest.background?.service_worker || !manifest.background?.scripts) {
    fail("manifest.json needs both background.service_worker (Chrome) and background.scripts (Firefox)");
  }
  const names = files(dist);
  for (const need of ["sesame.wasm", "wasm_exec.js", "config.json", "archive-hosts.js", "ext-classic.js"]) {
    if (!names.includes(need)) fail(`${dist} lacks ${need}: build it with make dist/extension/.stamp`);
  }
  const config = JSON.parse(readFileSync(path.join(dist, "config.json"), "utf8"));
  const relay = new URL(config.relayURL);
  if (relay.protocol !== "https:") {
    console.warn(`package: warning: the packages ask the relay ${config.relayURL} on this computer; ` +
      "a store package needs make package RELAY_URL=https://<your relay>");
  }
  mkdirSync(out, { recursive: true });
  const sums = [];
  for (const browser of ["chrome", "firefox"]) {
    const entries = names.map((name) => ({
      name,
      data: name === "manifest.json" ? manifestFor(manifest, browser) : readFileSync(path.join(dist, name)),
    }));
    const file = path.join(out, `sesame-${browser}.zip`);
    const buf = zip(entries);
    writeFileSync(file, buf);
    const sum = createHash("sha256").update(buf).digest("hex");
    sums.push(`${sum}  ${path.basename(file)}`);
    console.log(`package: ${file}: ${entries.length} files, ${buf.length} bytes, sha256 ${sum}`);
  }
  const tools = `# node ${process.version}, zlib ${process.versions.zlib}, relay ${config.relayURL}`;
  writeFileSync(path.join(out, "SHA256SUMS"), `${tools}\n${sums.join("\n")}\n`);
  console.log(`package: ${path.join(out, "SHA256SUMS")} (${tools.slice(2)})`);
}

main();
