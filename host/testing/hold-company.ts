/**
 * Child process of the lock tests: opens a company file through the composition root as the app or the web host
 * would (exclusive lock) or as a `fatturadesk` command (shared), prints "aperta" and waits until it is killed.
 * Usage: node --import tsx hold-company.ts FILE DATA_DIR web|cli
 */
import { createAppApi } from '../app';

async function main(): Promise<void> {
  const [file, dataDir, host] = process.argv.slice(2);
  if (!file || !dataDir || (host !== 'web' && host !== 'cli')) throw new Error('uso: FILE DATA_DIR web|cli');
  const api = createAppApi({ host, dataDir });
  const r = await api.call('companies.open', { file });
  if (!r.ok) {
    process.stdout.write(`errore ${r.error.code}\n`);
    process.exit(1);
  }
  process.stdout.write('aperta\n');
  setInterval(() => undefined, 60_000);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
