/**
 * Child process of the crash test: opens a company file, unlocks its vault with whichever of two passwords works, then
 * changes the password back and forth forever, printing a line after each committed change, until it is killed.
 * Usage: node --import tsx change-password-child.ts FILE PASSWORD_A PASSWORD_B
 */
import { VaultSession } from '../../../core/vault/session';
import { createCompanyStore } from '../../../db/company-store';
import { openCompanyDb } from '../../../db/open';
import { createFileBlobStore, vaultFolderFor } from '../blob-store';
import { nodeScheduler } from '../host';
import { nodeVaultCrypto } from '../node-crypto';

async function main(): Promise<void> {
  const [file, a, b] = process.argv.slice(2);
  if (!file || !a || !b) throw new Error('uso: FILE PASSWORD_A PASSWORD_B');
  const store = createCompanyStore(openCompanyDb(file));
  const session = new VaultSession({
    store,
    blobs: createFileBlobStore(vaultFolderFor(file)),
    crypto: nodeVaultCrypto,
    scheduler: nodeScheduler,
    today: () => '2025-06-10',
    // Cheap derivations: the loop spends most of its time around the commit, where a kill matters most.
    kdf: { algorithm: 'scrypt', N: 1024, r: 8, p: 1 },
  });
  let current = a;
  let other = b;
  try {
    await session.unlock(a);
  } catch {
    await session.unlock(b);
    [current, other] = [b, a];
  }
  process.stdout.write(`ready ${current === a ? 'A' : 'B'}\n`);
  for (let n = 1; ; n++) {
    await session.changePassword(current, other, other);
    [current, other] = [other, current];
    process.stdout.write(`changed ${n} ${current === a ? 'A' : 'B'}\n`);
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
