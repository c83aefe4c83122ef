/**
 * Test helper: text and word positions of a PDF through poppler's pdftotext (an independent reader, so the tests do
 * not check our output with our own code). Tests skip with a reason where pdftotext is not installed.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const HAS_PDFTOTEXT = (() => {
  const r = spawnSync('pdftotext', ['-v'], { encoding: 'utf8' });
  return r.error === undefined;
})();

function withFile<T>(pdf: Uint8Array, fn: (path: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'fd-pdf-'));
  try {
    const path = join(dir, 'doc.pdf');
    writeFileSync(path, pdf);
    return fn(path);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Text of each page (pdftotext separates pages with a form feed); `layout` keeps table rows on one line. */
export function pageTexts(pdf: Uint8Array, layout = false): string[] {
  const args = [...(layout ? ['-layout'] : []), '-enc', 'UTF-8'];
  const out = withFile(pdf, (path) => execFileSync('pdftotext', [...args, path, '-'], { encoding: 'utf8' }));
  const pages = out.split('\f');
  if (pages.length > 0 && pages[pages.length - 1]!.trim() === '') pages.pop();
  return pages;
}

/** All text with every run of whitespace (including line breaks from wrapping) collapsed to one space. */
export function flatText(pdf: Uint8Array, layout = false): string {
  return pageTexts(pdf, layout).join(' ').replace(/\s+/g, ' ');
}

/**
 * The document's text read twice: in reading order (keeps wrapped paragraphs together) and in physical layout (keeps
 * table rows together). `shows(s)` is true when either reading has `s`.
 */
export function readPdf(pdf: Uint8Array): { raw: string; layout: string; shows: (s: string) => boolean } {
  const raw = flatText(pdf);
  const layout = flatText(pdf, true);
  return { raw, layout, shows: (s) => raw.includes(s) || layout.includes(s) };
}

export interface Word {
  page: number;
  text: string;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

/** Every word with its box in points, y from the top of the page (pdftotext -bbox). */
export function words(pdf: Uint8Array): Word[] {
  const html = withFile(pdf, (path) => execFileSync('pdftotext', ['-bbox', '-enc', 'UTF-8', path, '-'], { encoding: 'utf8' }));
  const out: Word[] = [];
  let page = -1;
  const re = /<page\b|<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g;
  for (let m = re.exec(html); m !== null; m = re.exec(html)) {
    if (m[0].startsWith('<page')) {
      page++;
      continue;
    }
    out.push({ page, text: m[5]!, xMin: Number(m[1]), yMin: Number(m[2]), xMax: Number(m[3]), yMax: Number(m[4]) });
  }
  return out;
}
