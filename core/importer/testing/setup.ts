/** Test helper: a company file for import tests (the corpus company), the node platform, and a one-call import. */
import { closeTestCompanies, dumpDatabase, openTestCompany, type TestCompany } from '../../../db/testing';
import { nodeImportPlatform } from '../../../host/import-platform';
import { updateCompany, updateEInvoicingSettings } from '../../invoicing/services/company';
import type { EInvoicingSettings } from '../../invoicing/types';
import { runImport, type ImportOptions, type ImportSummary } from '../service';
import { IMPORT_COMPANY } from './corpus';

export { closeTestCompanies, dumpDatabase };

export const TODAY = '2026-01-15';

export function importCompany(settings: Partial<EInvoicingSettings> = {}): TestCompany {
  const t = openTestCompany();
  updateCompany(t.store, IMPORT_COMPANY);
  updateEInvoicingSettings(t.store, { sendImportedXml: false, publishImportedXml: false, transmitter: 'manual', ...settings });
  return t;
}

export function importBytes(t: TestCompany, files: { name: string; bytes: Uint8Array }[], opts: Partial<ImportOptions> = {}): Promise<ImportSummary> {
  return runImport(
    t.store,
    files.map((f) => ({ name: f.name, load: () => f.bytes })),
    { platform: nodeImportPlatform, today: TODAY, source: 'upload', ...opts },
  );
}
