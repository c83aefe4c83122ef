/**
 * Backups, restore, the integrity check and the accountant's export: thin handlers over the host's BackupHost
 * (host/backup). The export runs as a job (progress, cancel).
 */
import { fail } from '../../errors';
import type { BackupHost } from '../../backup/host';
import type { BackupSettings } from '../../backup/types';
import { currentCompany, type ApiContext } from '../context';
import type { Handlers } from '../dispatch';

type H = Pick<
  Handlers<ApiContext>,
  'backup.list' | 'backup.create' | 'backup.runDue' | 'backup.configure' | 'backup.verify' | 'backup.restore' | 'backup.undoRestore' | 'integrity.check' | 'export.accountant'
>;

function host(ctx: ApiContext): BackupHost {
  if (!ctx.backup) fail('BACKUP_NON_DISPONIBILE', 'Copie di sicurezza ed esportazioni non sono disponibili in questo ambiente.', { fix: 'Usa l’app FatturaDesk o il comando fatturadesk.' });
  return ctx.backup;
}

export const maintenanceHandlers: H = {
  'backup.list': (_a, ctx) => host(ctx).overview(currentCompany(ctx)),
  'backup.create': (_a, ctx) => host(ctx).create(currentCompany(ctx)),
  'backup.runDue': (_a, ctx) => host(ctx).runDue(currentCompany(ctx)),
  'backup.configure': (a, ctx) => {
    const h = host(ctx);
    const company = currentCompany(ctx);
    const current = h.overview(company).settings;
    const { dir, ...rest } = a;
    const next: BackupSettings = { ...current, ...rest };
    if (dir === null) delete next.dir;
    else if (dir !== undefined) next.dir = dir;
    return h.configure(company, next);
  },
  'backup.verify': ({ path }, ctx) => host(ctx).verify(path),
  'backup.restore': ({ path, file }, ctx) => host(ctx).restore(path, file),
  'backup.undoRestore': ({ file }, ctx) => host(ctx).undoRestore(file),
  'integrity.check': (_a, ctx) => host(ctx).check(currentCompany(ctx)),
  'export.accountant': ({ from, to, path }, ctx) => {
    const h = host(ctx);
    const company = currentCompany(ctx);
    return ctx.jobs.start('export.accountant', (ctl) => h.exportForAccountant(company, { from, to, ...(path ? { path } : {}) }, ctl));
  },
};
