#!/usr/bin/env node
/**
 * Draws FatturaDesk's placeholder icon (a white invoice on a blue rounded square) and writes it in the three formats
 * electron-builder uses: icon.png (1024 px, Linux and the source of last resort), icon.ico (Windows, PNG entries
 * 16–256 px) and icon.icns (macOS, PNG entries 128–1024 px). Plain Node, no image library: shapes are rasterised with
 * 4×4 supersampling and encoded as PNG by hand. Run `node build/icons/make-icons.mjs` after changing the drawing.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));

// ---- drawing, in a 1024×1024 design space ------------------------------------------------------------------------

const inRoundRect = (x, y, l, t, r, b, radius) => {
  if (x < l || x > r || y < t || y > b) return false;
  const cx = Math.min(Math.max(x, l + radius), r - radius);
  const cy = Math.min(Math.max(y, t + radius), b - radius);
  return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2;
};

/** The sheet: a rectangle whose top-right corner is cut by the fold. */
const SHEET = { l: 300, t: 210, r: 724, b: 814, fold: 120 };
const inSheet = (x, y) =>
  inRoundRect(x, y, SHEET.l, SHEET.t, SHEET.r, SHEET.b, 24) && x - (SHEET.r - SHEET.fold) <= y - SHEET.t;
/** The folded flap: the half of the corner square that stays on the sheet. */
const inFold = (x, y) => x >= SHEET.r - SHEET.fold && y <= SHEET.t + SHEET.fold && inSheet(x, y);
const LINES = [
  [370, 400, 600],
  [370, 480, 654],
  [370, 560, 654],
  [370, 640, 560],
];
const inLine = (x, y) => LINES.some(([l, cy, r]) => inRoundRect(x, y, l, cy - 14, r, cy + 14, 14));
const inTotal = (x, y) => inRoundRect(x, y, 500, 716, 654, 752, 18);

/** Colour (r, g, b, a in 0..1) at a design-space point; later layers cover earlier ones. */
function colourAt(x, y) {
  if (!inRoundRect(x, y, 100, 100, 924, 924, 185)) return null;
  const t = (y - 100) / 824;
  let c = [0x1d + (0x2f - 0x1d) * t, 0x4f + (0x7d - 0x4f) * t, 0x9c + (0xd1 - 0x9c) * t];
  if (inSheet(x, y)) c = [255, 255, 255];
  if (inFold(x, y)) c = [0xc9, 0xd9, 0xee];
  if (inSheet(x, y) && inLine(x, y)) c = [0x9d, 0xb7, 0xd5];
  if (inSheet(x, y) && inTotal(x, y)) c = [0x2e, 0x9d, 0x5b];
  return c;
}

function render(size) {
  const rgba = Buffer.alloc(size * size * 4);
  const scale = 1024 / size;
  const n = 4;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0, g = 0, b = 0, hits = 0;
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const c = colourAt((px + (sx + 0.5) / n) * scale, (py + (sy + 0.5) / n) * scale);
          if (c) {
            r += c[0];
            g += c[1];
            b += c[2];
            hits++;
          }
        }
      }
      const o = (py * size + px) * 4;
      if (hits) {
        rgba[o] = Math.round(r / hits);
        rgba[o + 1] = Math.round(g / hits);
        rgba[o + 2] = Math.round(b / hits);
        rgba[o + 3] = Math.round((255 * hits) / (n * n));
      }
    }
  }
  return rgba;
}

// ---- PNG, ICO and ICNS encoders ---------------------------------------------------------------------------------

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

export function encodePng(rgba, size) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** ICO with PNG-compressed entries (supported since Windows Vista). */
function encodeIco(pngs) {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(1, 2); // type: icon
  header.writeUInt16LE(pngs.length, 4);
  let offset = 6 + 16 * pngs.length;
  const entries = pngs.map(({ size, png }) => {
    const e = Buffer.alloc(16);
    e[0] = size >= 256 ? 0 : size; // 0 means 256
    e[1] = size >= 256 ? 0 : size;
    e.writeUInt16LE(1, 4); // colour planes
    e.writeUInt16LE(32, 6); // bits per pixel
    e.writeUInt32LE(png.length, 8);
    e.writeUInt32LE(offset, 12);
    offset += png.length;
    return e;
  });
  return Buffer.concat([header, ...entries, ...pngs.map((p) => p.png)]);
}

/** ICNS with PNG entries: ic07 128, ic08 256, ic09 512, ic10 1024 (512@2x). */
function encodeIcns(pngs) {
  const types = { 128: 'ic07', 256: 'ic08', 512: 'ic09', 1024: 'ic10' };
  const blocks = pngs.map(({ size, png }) => {
    const head = Buffer.alloc(8);
    head.write(types[size], 0, 'ascii');
    head.writeUInt32BE(png.length + 8, 4);
    return Buffer.concat([head, png]);
  });
  const body = Buffer.concat(blocks);
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'ascii');
  head.writeUInt32BE(body.length + 8, 4);
  return Buffer.concat([head, body]);
}

const pngOf = (size) => ({ size, png: encodePng(render(size), size) });
const big = [pngOf(128), pngOf(256), pngOf(512), pngOf(1024)];
const small = [16, 24, 32, 48, 64].map(pngOf);

writeFileSync(join(here, 'icon.png'), big[3].png);
writeFileSync(join(here, 'icon.ico'), encodeIco([...small, big[0], big[1]]));
writeFileSync(join(here, 'icon.icns'), encodeIcns(big));
console.log('Icone scritte in build/icons: icon.png, icon.ico, icon.icns');
