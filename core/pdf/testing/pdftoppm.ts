/**
 * Test helper: pictures of a PDF's pages through poppler's pdftoppm (Debian's poppler-utils), for a human to look at
 * the layout and for tests to check a page was really painted. Tests skip with a reason where pdftoppm is missing.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const HAS_PDFTOPPM = (() => {
  const r = spawnSync('pdftoppm', ['-v'], { encoding: 'utf8' });
  return r.error === undefined;
})();

export const NO_PDFTOPPM = '(pdftoppm di poppler-utils non installato: saltato)';

/** Where the pictures go: gitignored (e2e/screenshots/), beside the browser screenshots. */
export const PDF_PICTURES_DIR = join(process.cwd(), 'e2e', 'screenshots', 'pdf');

export interface PagePicture {
  page: number;
  path: string;
  width: number;
  height: number;
  bytes: number;
}

/** Width and height from a PNG's IHDR chunk (always the first chunk, right after the 8-byte signature). */
export function pngSize(png: Uint8Array): { width: number; height: number } {
  const sig = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (png.length < 24 || sig.some((b, i) => png[i] !== b)) throw new Error('non è un file PNG');
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/**
 * Renders every page of `pdf` to `<dir>/<name>-<n>.png` (n from 1, as many digits as pdftoppm uses for the page
 * count), replacing the pictures of an earlier run with the same name. `dpi` 100 makes an A4 page 827 × 1170 pixels.
 */
export function renderPdfPages(pdf: Uint8Array, name: string, opts: { dir?: string; dpi?: number } = {}): PagePicture[] {
  const dir = opts.dir ?? PDF_PICTURES_DIR;
  mkdirSync(dir, { recursive: true });
  const mine = (f: string) => f.startsWith(`${name}-`) && /^-\d+\.png$/.test(f.slice(name.length));
  for (const f of readdirSync(dir).filter(mine)) rmSync(join(dir, f));
  const source = join(dir, `${name}.pdf`);
  writeFileSync(source, pdf);
  try {
    execFileSync('pdftoppm', ['-png', '-r', String(opts.dpi ?? 100), source, join(dir, name)], { stdio: ['ignore', 'ignore', 'pipe'] });
  } finally {
    rmSync(source, { force: true });
  }
  return readdirSync(dir)
    .filter(mine)
    .map((f) => {
      const path = join(dir, f);
      const png = readFileSync(path);
      return { page: Number(f.slice(name.length + 1, -'.png'.length)), path, bytes: png.length, ...pngSize(png) };
    })
    .sort((a, b) => a.page - b.page);
}

/**
 * Share of non-white pixels on each page (a coarse grey rendering, pdftoppm -gray at 30 dpi): a page that came out
 * blank is 0, a page of text and table rules a few percent.
 */
export function inkPerPage(pdf: Uint8Array): number[] {
  const out = execFileSync('pdftoppm', ['-gray', '-r', '30', '-'], { input: pdf, maxBuffer: 256 * 1024 * 1024 });
  const ratios: number[] = [];
  let at = 0;
  // The output is one binary PGM ("P5 width height maxval" + one byte per pixel) after another.
  while (at < out.length) {
    const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(out.subarray(at, at + 64).toString('latin1'));
    if (!header) throw new Error('uscita di pdftoppm non riconosciuta');
    const [w, h] = [Number(header[1]), Number(header[2])];
    const start = at + header[0].length;
    let inked = 0;
    for (let i = start; i < start + w * h; i++) if (out[i]! < 200) inked++;
    ratios.push(inked / (w * h));
    at = start + w * h;
  }
  return ratios;
}
