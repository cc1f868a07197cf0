// Draws the add-in's icon — a claret-coloured wine glass on a transparent background — and writes
// assets/icon-{16,32,64,80,128}.png. No image tool is needed: the shape is described as a coverage
// function on the unit square, sampled 8×8 times per pixel for anti-aliasing, and written as an
// 8-bit RGBA PNG with node's zlib. Run: node scripts/make-icons.mjs (outputs are committed).
import { writeFileSync, mkdirSync } from "node:fs";
import { deflateSync } from "node:zlib";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

const SIZES = [16, 32, 64, 80, 128];
const CLARET = [0x7f, 0x17, 0x34]; // #7F1734
const SUPERSAMPLE = 8;

/** True when the point (x, y) of the unit square (y downwards) is ink. */
function inGlass(x, y) {
  // Bowl: an ellipse cut flat at the rim; drawn as an outline, with wine filling its lower part.
  const bx = (x - 0.5) / 0.3;
  const by = (y - 0.34) / 0.28;
  const outer = bx * bx + by * by <= 1;
  const ix = (x - 0.5) / 0.235;
  const iy = (y - 0.34) / 0.215;
  const inner = ix * ix + iy * iy <= 1;
  const belowRim = y >= 0.1;
  if (belowRim && outer && (!inner || y >= 0.36)) return true;
  // Stem.
  if (Math.abs(x - 0.5) <= 0.045 && y >= 0.6 && y <= 0.86) return true;
  // Foot: a flat ellipse.
  const fx = (x - 0.5) / 0.25;
  const fy = (y - 0.88) / 0.055;
  return fx * fx + fy * fy <= 1;
}

function render(size) {
  const rgba = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let hits = 0;
      for (let sy = 0; sy < SUPERSAMPLE; sy++) {
        for (let sx = 0; sx < SUPERSAMPLE; sx++) {
          const x = (px + (sx + 0.5) / SUPERSAMPLE) / size;
          const y = (py + (sy + 0.5) / SUPERSAMPLE) / size;
          if (inGlass(x, y)) hits++;
        }
      }
      const o = (py * size + px) * 4;
      rgba[o] = CLARET[0];
      rgba[o + 1] = CLARET[1];
      rgba[o + 2] = CLARET[2];
      rgba[o + 3] = Math.round((255 * hits) / (SUPERSAMPLE * SUPERSAMPLE));
    }
  }
  return rgba;
}

// CRC-32 as the PNG specification defines it (zlib.crc32 only exists from Node 20.15/22.2).
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
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

function encodePng(size, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0); // width
  ihdr.writeUInt32BE(size, 4); // height
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type: RGBA
  ihdr[10] = 0; // compression
  ihdr[11] = 0; // filter
  ihdr[12] = 0; // no interlace
  // Each scanline is prefixed with filter type 0 (None).
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(raw, { level: 9 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

const assets = join(dirname(fileURLToPath(import.meta.url)), "..", "assets");
mkdirSync(assets, { recursive: true });
for (const size of SIZES) {
  const file = join(assets, `icon-${size}.png`);
  writeFileSync(file, encodePng(size, render(size)));
  console.log(`wrote ${file}`);
}
