/**
 * The decrypted view of an unlocked vault: categories, reasons and document metadata (with each document's content
 * key), built once at unlock and kept in step with the file. Writes made through this session update it directly;
 * writes of another process (the CLI while the app is open) are noticed through PRAGMA data_version and re-read
 * record by record, comparing revisions, so only what changed is decrypted again. Wiped on lock.
 */
import type { VaultRecordKind, VaultRepository, VaultSealedRecord } from '../ports';
import { wipe } from './crypto';
import type { CategoryData, DocumentMeta, ReasonData, VaultSealer } from './records';
import type { ReasonRequirement } from './types';

interface Base {
  id: string;
  position: number;
  revision: number;
  createdAt: string;
  updatedAt: string;
}

export interface CategoryEntry extends Base {
  name: string;
  description?: string;
  damaged?: boolean;
}

export interface ReasonEntry extends Base {
  name: string;
  requirements: ReasonRequirement[];
  damaged?: boolean;
}

export type DocEntry = Base & ({ damaged: false; meta: DocumentMeta; dek: Uint8Array } | { damaged: true });

const DAMAGED_CATEGORY = 'Categoria illeggibile';
const DAMAGED_REASON = 'Causale illeggibile';

export class VaultIndex {
  readonly categories = new Map<string, CategoryEntry>();
  readonly reasons = new Map<string, ReasonEntry>();
  readonly docs = new Map<string, DocEntry>();
  private seen: number;

  constructor(
    private readonly repo: VaultRepository,
    private readonly sealer: VaultSealer,
  ) {
    this.seen = repo.dataVersion();
    for (const r of repo.list('category')) this.categories.set(r.id, this.category(r));
    for (const r of repo.list('reason')) this.reasons.set(r.id, this.reason(r));
    for (const r of repo.list('document')) this.docs.set(r.id, this.document(r));
  }

  /** Re-reads what another connection changed since the last look (cheap when nothing did). */
  refreshIfChanged(): void {
    const now = this.repo.dataVersion();
    if (now === this.seen) return;
    this.seen = now;
    this.sync('category', this.categories, (r) => this.category(r));
    this.sync('reason', this.reasons, (r) => this.reason(r));
    this.sync('document', this.docs, (r) => this.document(r), (e) => e.damaged || wipe(e.dek));
  }

  private sync<E extends Base>(kind: VaultRecordKind, map: Map<string, E>, decode: (r: VaultSealedRecord) => E, drop?: (e: E) => void): void {
    const versions = this.repo.versions(kind);
    const present = new Set<string>();
    for (const { id, revision } of versions) {
      present.add(id);
      const known = map.get(id);
      if (known && known.revision === revision) continue;
      const row = this.repo.get(kind, id);
      if (!row) continue;
      if (known && drop) drop(known);
      map.set(id, decode(row));
    }
    for (const [id, e] of map) {
      if (present.has(id)) continue;
      drop?.(e);
      map.delete(id);
    }
  }

  category(r: VaultSealedRecord): CategoryEntry {
    const base = { id: r.id, position: r.position, revision: r.revision, createdAt: r.createdAt, updatedAt: r.updatedAt };
    try {
      const d = this.sealer.openJson<CategoryData>('category', r.id, r.nonce, r.box);
      return { ...base, name: String(d.name), ...(d.description ? { description: String(d.description) } : {}) };
    } catch {
      return { ...base, name: DAMAGED_CATEGORY, damaged: true };
    }
  }

  reason(r: VaultSealedRecord): ReasonEntry {
    const base = { id: r.id, position: r.position, revision: r.revision, createdAt: r.createdAt, updatedAt: r.updatedAt };
    try {
      const d = this.sealer.openJson<ReasonData>('reason', r.id, r.nonce, r.box);
      return { ...base, name: String(d.name), requirements: Array.isArray(d.requirements) ? d.requirements : [] };
    } catch {
      return { ...base, name: DAMAGED_REASON, requirements: [], damaged: true };
    }
  }

  document(r: VaultSealedRecord): DocEntry {
    const base = { id: r.id, position: r.position, revision: r.revision, createdAt: r.createdAt, updatedAt: r.updatedAt };
    try {
      const { dek, meta } = this.sealer.openDocument(r.id, r.nonce, r.box);
      return { ...base, damaged: false, meta, dek };
    } catch {
      return { ...base, damaged: true };
    }
  }

  /** Overwrites every content key and forgets the decrypted metadata. */
  wipe(): void {
    for (const e of this.docs.values()) if (!e.damaged) wipe(e.dek);
    this.docs.clear();
    this.categories.clear();
    this.reasons.clear();
  }
}
