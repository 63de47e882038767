// make-icons.mjs draws Sesame's toolbar icon — a white keyhole on a blue
// rounded square — at 16, 32, 48 and 128 pixels and writes
// extension/icons/icon-<n>.png. Run it with `node dev/scripts/make-icons.mjs`
// after changing the drawing; the PNGs are committed. Pure Node (zlib), no
// dependencies.
import { deflateSync } from "node:zlib";
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";

const icons = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "extension", "icons");
const BLUE = [31, 95, 191];
const WHITE = [255, 255, 255];

// inside reports which colour covers the point (x, y) of the unit square,
// or null outside the icon.
function inside(x, y) {
  // Rounded square with corner radius 0.2, a 0.03 margin.
  const m = 0.03, r = 0.2;
  const cx = Math.min(Math.max(x, m + r), 1 - m - r);
  const cy = Math.min(Math.max(y, m + r), 1 - m - r);
  if ((x - cx) ** 2 + (y - cy) ** 2 > r * r) return null;
  // Keyhole: a circle and a trapezoid below it.
  if ((x - 0.5) ** 2 + (y - 0.4) ** 2 <= 0.17 ** 2) return WHITE;
  if (y >= 0.42 && y <= 0.8) {
    const half = 0.07 + (0.13 - 0.07) * ((y - 0.42) / 0.38);
    if (Math.abs(x - 0.5) <= half) return WHITE;
  }
  return BLUE;
}

// render draws the icon at size×size with 8×8 supersampling.
function render(size) {
  const n = 8;
  const px = Buffer.alloc(size * size * 4);
  for (let j = 0; j < size; j++) {
    for (let i = 0; i < size; i++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let sj = 0; sj < n; sj++) {
        for (let si = 0; si < n; si++) {
          const c = inside((i + (si + 0.5) / n) / size, (j + (sj + 0.5) / n) / size);
          if (c) { r += c[0]; g += c[1]; b += c[2]; a++; }
        }
      }
      const o = (j * size + i) * 4;
      if (a > 0) {
        px[o] = Math.round(r / a); px[o + 1] = Math.round(g / a); px[o + 2] = Math.round(b / a);
        px[o + 3] = Math.round((255 * a) / (n * n));
      }
    }
  }
  return px;
}

const crcTable = Array.from({ length: 256 }, (_, k) => {
  let c = k;
  for (let i = 0; i < 8; i++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf) {
  let c = 0xffffffff;
  for (const byte of buf) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

// png encodes RGBA pixels as a PNG file (8-bit RGBA, no filtering).
function png(size, px) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let j = 0; j < size; j++) px.copy(rows, j * (size * 4 + 1) + 1, j * size * 4, (j + 1) * size * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(rows, { level: 9 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

for (const size of [16, 32, 48, 128]) {
  writeFileSync(path.join(icons, `icon-${size}.png`), png(size, render(size)));
}
