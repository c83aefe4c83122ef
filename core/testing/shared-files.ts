/**
 * Conformance tests read the official FatturaPA files from ../shared/fatturapa (never copied into the repository).
 * A user's clone has no ../shared: those tests then say so and skip; CI always has it.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe } from 'vitest';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Absolute path of ../shared/fatturapa, or undefined when this checkout has none. */
export const FATTURAPA_DIR: string | undefined = (() => {
  const candidates = [process.env.FATTURAPA_SHARED_DIR, resolve(repoRoot, '../shared/fatturapa')].filter(Boolean) as string[];
  return candidates.find((p) => existsSync(join(p, 'xsd')));
})();

export const XSD_PATH = FATTURAPA_DIR && join(FATTURAPA_DIR, 'xsd/Schema_VFPR12_v1.2.3.xsd');

/** `describe` that skips, with a reason in its title, when ../shared/fatturapa is not there. */
export const describeWithShared: typeof describe = ((name: string, fn: () => void) => {
  if (FATTURAPA_DIR) return describe(name, fn);
  return describe.skip(`${name} (saltato: ../shared/fatturapa non presente in questa copia)`, fn);
}) as typeof describe;

export function sharedFile(relative: string): string {
  if (!FATTURAPA_DIR) throw new Error('../shared/fatturapa non presente');
  return join(FATTURAPA_DIR, relative);
}

export function readShared(relative: string): Buffer {
  return readFileSync(sharedFile(relative));
}

export function listShared(relativeDir: string, ext = '.xml'): string[] {
  if (!FATTURAPA_DIR) return [];
  return readdirSync(join(FATTURAPA_DIR, relativeDir))
    .filter((f) => f.endsWith(ext))
    .sort()
    .map((f) => join(relativeDir, f));
}
