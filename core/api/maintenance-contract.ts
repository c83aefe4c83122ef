/**
 * The contract section of backups, restore, the integrity check and the accountant's export (spread into
 * apiContract in ./contract.ts). The backup format and the lock rules are in core/backup/README.md.
 */
import { z } from 'zod';
import { method } from './define';
import * as S from './schemas';
import type { BackupInfo, BackupOverview, IntegrityReport, RestoreResult } from '../backup/types';

const none = z.object({}).strict();
const path = z.string().min(1).max(4096);

export const maintenanceContract = {
  'backup.list': method<BackupOverview>()({
    scope: 'company',
    args: none,
    doc: 'Copie di sicurezza dell’azienda (più recenti prima), impostazioni, prossimo backup automatico e ripristino annullabile',
  }),
  'backup.create': method<BackupInfo>()({
    scope: 'company',
    mutates: true,
    args: none,
    doc: '«Backup ora»: copia dell’archivio (API di backup di SQLite), dei file della cassaforte e manifesto con le impronte SHA-256',
  }),
  'backup.runDue': method<{ created: BackupInfo | null; pruned: string[] }>()({
    scope: 'company',
    mutates: true,
    args: none,
    doc: 'Backup automatico, se è dovuto (uno al giorno di norma), poi elimina le copie automatiche oltre la conservazione (7 giornaliere, 4 settimanali, 12 mensili)',
  }),
  'backup.configure': method<BackupOverview>()({
    scope: 'company',
    mutates: true,
    doc: 'Imposta i backup automatici: attivi, ogni quante ore, cartella (null = accanto al file dell’azienda) e quante copie conservare',
    args: z
      .object({
        enabled: z.boolean().optional(),
        intervalHours: z.number().int().min(1).max(168).optional(),
        dir: path.nullable().optional(),
        keepDaily: z.number().int().min(0).max(365).optional(),
        keepWeekly: z.number().int().min(0).max(520).optional(),
        keepMonthly: z.number().int().min(0).max(1200).optional(),
      })
      .strict(),
  }),
  'backup.verify': method<IntegrityReport>()({
    scope: 'app',
    args: z.object({ path }).strict(),
    doc: 'Verifica una copia di sicurezza senza ripristinarla: impronte del manifesto, integrità SQLite, catena delle impronte, cassaforte',
  }),
  'backup.restore': method<RestoreResult>()({
    scope: 'app',
    mutates: true,
    args: z.object({ path, file: path.optional() }).strict(),
    doc: '«Ripristina»: verifica la copia, mette da parte i dati attuali (annullabile) e la rimette al posto dell’azienda (predefinita: quella aperta, che viene chiusa e riaperta)',
  }),
  'backup.undoRestore': method<RestoreResult>()({
    scope: 'app',
    mutates: true,
    args: z.object({ file: path.optional() }).strict(),
    doc: '«Annulla ripristino»: rimette i dati che l’ultimo ripristino aveva messo da parte',
  }),
  'integrity.check': method<IntegrityReport>()({
    scope: 'company',
    args: none,
    doc: 'Controllo di integrità: struttura SQLite, collegamenti, catena delle impronte, coerenza dei dati e file della cassaforte, con l’esito in italiano',
  }),
  'export.accountant': method<{ jobId: string }>()({
    scope: 'company',
    doc: '«Esporta per il commercialista»: zip del periodo con XML inviati e ricevuti, PDF, notifiche SdI, registri IVA in CSV e manifesto SHA-256 (lavoro)',
    args: z
      .object({ from: S.isoDate, to: S.isoDate, path: path.optional() })
      .strict()
      .refine((a) => a.from <= a.to, { message: 'La data iniziale non può essere dopo quella finale', path: ['to'] }),
  }),
} as const;
