#!/usr/bin/env node
// wasm-size.mjs shows what takes the room in a Go WebAssembly file: the size of
// each section and the code bytes of each Go package, from the function
// names in the "name" section, and the code our packages run before main
// (package init functions and map literals built at start-up). `go tool
// nm` does not read wasm files, and
// the shipped helper is stripped (-ldflags='-s -w'), so build an unstripped
// copy first:
//
//	GOOS=js GOARCH=wasm go build -trimpath -o /tmp/sesame-full.wasm ./wasm
//	node dev/scripts/wasm-size.mjs /tmp/sesame-full.wasm [how many packages, default 25]
//	SIZE_FUNCS=encoding_json. node dev/scripts/wasm-size.mjs /tmp/sesame-full.wasm 40
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";

const file = process.argv[2];
const top = Number(process.argv[3] ?? 25);
if (!file) {
  console.error("usage: wasm-size.mjs FILE.wasm [N]");
  process.exit(2);
}
const buf = readFileSync(file);
if (buf.readUInt32LE(0) !== 0x6d736100) {
  console.error(`${file} is not a WebAssembly module`);
  process.exit(1);
}

let p = 8;
const uleb = () => {
  let r = 0, shift = 0, b;
  do {
    b = buf[p++];
    r += (b & 0x7f) * 2 ** shift;
    shift += 7;
  } while (b & 0x80);
  return r;
};
const skipLimits = () => {
  const flags = buf[p++];
  uleb();
  if (flags & 1) uleb();
};

const SECTION = ["custom", "type", "import", "function", "table", "memory", "global", "export", "start", "element", "code", "data", "data count"];
const sections = [];
const bodies = [];
const names = new Map();
let importedFuncs = 0;
while (p < buf.length) {
  const id = buf[p++];
  const size = uleb();
  const end = p + size;
  let label = SECTION[id] ?? `section ${id}`;
  if (id === 0) {
    const len = uleb();
    const name = buf.toString("utf8", p, p + len);
    label = `custom "${name}"`;
    p += len;
    if (name === "name") {
      while (p < end) {
        const sub = buf[p++];
        const subSize = uleb();
        const subEnd = p + subSize;
        if (sub === 1) {
          for (let n = uleb(); n > 0; n--) {
            const idx = uleb();
            const l = uleb();
            names.set(idx, buf.toString("utf8", p, p + l));
            p += l;
          }
        }
        p = subEnd;
      }
    }
  } else if (id === 2) {
    for (let n = uleb(); n > 0; n--) {
      // (Not `p += uleb()`: that reads p before uleb advances it.)
      for (let k = 0; k < 2; k++) {
        const len = uleb();
        p += len;
      }
      const kind = buf[p++];
      if (kind === 0) { uleb(); importedFuncs++; }
      else if (kind === 1) { p++; skipLimits(); }
      else if (kind === 2) skipLimits();
      else if (kind === 3) p += 2;
    }
  } else if (id === 10) {
    for (let n = uleb(); n > 0; n--) {
      const s = uleb();
      bodies.push(s);
      p += s;
    }
  }
  sections.push([label, size]);
  p = end;
}

console.log(`${file}: ${buf.length} bytes, ${gzipSync(buf, { level: 9 }).length} gzip -9`);
for (const [label, size] of sections) console.log(`${String(size).padStart(10)}  ${label}`);
if (names.size === 0) {
  console.log("no function names: build without -ldflags='-s -w' to see packages");
  process.exit(0);
}

// Package of a Go symbol. The name section spells "/" and "-" as "_":
// "github.com_sesame_help_sesame_internal_plan.Decide", "encoding_json.Unmarshal".
const pkgOf = (sym) => {
  const m = /^([a-z0-9]+\.[a-z]+_[^.]*|[^.]*)\./.exec(sym);
  return m ? m[1] : sym;
};
const byPkg = new Map();
bodies.forEach((size, i) => {
  const pkg = pkgOf(names.get(i + importedFuncs) ?? "?");
  byPkg.set(pkg, (byPkg.get(pkg) ?? 0) + size);
});
// SIZE_FUNCS=prefix lists the largest functions whose names begin with
// prefix instead of the packages.
const prefix = process.env.SIZE_FUNCS;
if (prefix !== undefined) {
  const funcs = [];
  bodies.forEach((size, i) => {
    const name = names.get(i + importedFuncs) ?? "?";
    if (name.startsWith(prefix)) funcs.push([name, size]);
  });
  console.log(`\ncode bytes of functions beginning with "${prefix}" (top ${top}):`);
  for (const [name, size] of funcs.sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`${String(size).padStart(10)}  ${name}`);
  }
  process.exit(0);
}
console.log(`\ncode bytes by package (top ${top}):`);
for (const [pkg, size] of [...byPkg].sort((a, b) => b[1] - a[1]).slice(0, top)) {
  console.log(`${String(size).padStart(10)}  ${pkg}`);
}

// Package initialisation: code that runs before main, on every start of
// the helper ("init", "init.N", "map.init.N" for map literals built at
// start-up), and closures written in variable initialisers ("init.funcN":
// var x = func(){…}() runs at start-up, sync.OnceValue's on first use).
// The runtime's and the standard library's are left out.
const inits = [];
bodies.forEach((size, i) => {
  const name = names.get(i + importedFuncs) ?? "?";
  if (/\.(map\.)?init(\.|$)/.test(name) && !/^(runtime|internal_|sync|syscall|unicode|time|errors)/.test(name)) inits.push([name, size]);
});
console.log(`\npackage initialisation code outside the standard library (${inits.length} functions; init.funcN may run later, see above):`);
for (const [name, size] of inits.sort((a, b) => b[1] - a[1]).slice(0, top)) {
  console.log(`${String(size).padStart(10)}  ${name}`);
}
