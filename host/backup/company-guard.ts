/**
 * Opening a company file through the directory, guarded: first a restore a crash interrupted is completed (its
 * journal says how far it got), then the process lock is taken (host/company-lock.ts: the app and the web host
 * exclusively, the CLI shared), and it is released when the company closes.
 */
import { resolve } from 'node:path';
import type { CompanyDirectory, OpenCompany } from '../../core/api/context';
import type { CompanyLock, LockManager } from '../company-lock';
import { recoverInterruptedRestore } from './restore';

export interface GuardOptions {
  /** Called after a company was opened or created (the automatic backup schedule checks it). */
  onOpened?(company: OpenCompany): void;
}

export function guardCompanyDirectory(directory: CompanyDirectory, locks: LockManager, o: GuardOptions = {}): CompanyDirectory {
  const wrap = (open: OpenCompany, lock: CompanyLock): OpenCompany => {
    let closed = false;
    const wrapped: OpenCompany = {
      file: open.file,
      store: open.store,
      close() {
        if (closed) return;
        closed = true;
        try {
          open.close();
        } finally {
          lock.release();
        }
      },
    };
    o.onOpened?.(wrapped);
    return wrapped;
  };
  return {
    ...directory,
    list: () => directory.list(),
    create(file, company, accounting) {
      const open = directory.create(file, company, accounting);
      let lock: CompanyLock;
      try {
        lock = locks.acquire(resolve(open.file));
      } catch (e) {
        open.close();
        throw e;
      }
      return wrap(open, lock);
    },
    open(file) {
      const target = resolve(file);
      const lock = locks.acquire(target);
      try {
        recoverInterruptedRestore(target);
        return wrap(directory.open(file), lock);
      } catch (e) {
        lock.release();
        throw e;
      }
    },
    remember: (s) => directory.remember(s),
    forget: (f) => directory.forget(f),
    discard: (open) => directory.discard(open),
  };
}
