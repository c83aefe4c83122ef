/**
 * One sender per company file at a time, across processes (the app and `fatturadesk send` may both have the file
 * open): the sender takes a lease stored in the file and renews it as it goes. A lease left by a crashed process is
 * taken over when it expires, or at once when the host can tell that its process is gone.
 */
import { fail } from '../../errors';
import type { CompanyStore, SdiLease } from '../../ports';

export const OUTBOX_LEASE = 'outbox-send';
export const LEASE_TTL_MS = 120_000;

export interface LeaseHolder {
  owner: string;
  pid?: number;
  host?: string;
  /** True when process `pid` on this computer still runs (host-provided; without it only expiry frees a lease). */
  isAlive?(pid: number): boolean;
}

function leaseFor(h: LeaseHolder, nowMs: number, ttlMs: number): SdiLease {
  const lease: SdiLease = { owner: h.owner, expiresAt: new Date(nowMs + ttlMs).toISOString() };
  if (h.pid !== undefined) lease.pid = h.pid;
  if (h.host !== undefined) lease.host = h.host;
  return lease;
}

function heldByOther(cur: SdiLease | undefined, h: LeaseHolder, nowMs: number): boolean {
  if (!cur || cur.owner === h.owner) return false;
  if (Date.parse(cur.expiresAt) <= nowMs) return false;
  const sameComputer = cur.host !== undefined && cur.host === h.host;
  if (sameComputer && cur.pid !== undefined && h.isAlive && !h.isAlive(cur.pid)) return false;
  return true;
}

export function acquireLease(store: CompanyStore, name: string, h: LeaseHolder, nowMs: number, ttlMs = LEASE_TTL_MS): void {
  store.transaction(() => {
    const cur = store.sdiState.getLease(name);
    if (heldByOther(cur, h, nowMs)) {
      fail('INVIO_GIA_IN_CORSO', 'Un altro invio della coda è già in corso per questa azienda (in questa o in un’altra finestra di FatturaDesk).', {
        fix: 'Attendi che finisca; se il programma che inviava si è chiuso male, riprova tra due minuti.',
        details: { lease: cur },
      });
    }
    store.sdiState.setLease(name, leaseFor(h, nowMs, ttlMs));
  });
}

/** Extends the lease; call it inside the transaction that records progress, so renewing costs nothing extra. */
export function renewLease(store: CompanyStore, name: string, h: LeaseHolder, nowMs: number, ttlMs = LEASE_TTL_MS): void {
  store.sdiState.setLease(name, leaseFor(h, nowMs, ttlMs));
}

export function releaseLease(store: CompanyStore, name: string, owner: string): void {
  store.transaction(() => {
    if (store.sdiState.getLease(name)?.owner === owner) store.sdiState.setLease(name, undefined);
  });
}
