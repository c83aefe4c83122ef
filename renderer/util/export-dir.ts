/**
 * The folder the manual channel writes files to for the Agenzia's portal. The channel itself has no setting for it
 * (outbox.exportManual takes the folder per call), so the last one used is remembered on this computer, per company.
 */
const KEY = 'fatturadesk.exportDir';

function read(): Record<string, string> {
  try {
    const v = JSON.parse(localStorage.getItem(KEY) ?? '{}') as unknown;
    return v && typeof v === 'object' ? (v as Record<string, string>) : {};
  } catch {
    return {};
  }
}

export function getExportDir(companyFile: string | undefined): string {
  return (companyFile && read()[companyFile]) || '';
}

export function setExportDir(companyFile: string | undefined, dir: string): void {
  if (!companyFile) return;
  const all = read();
  if (dir.trim()) all[companyFile] = dir.trim();
  else delete all[companyFile];
  try {
    localStorage.setItem(KEY, JSON.stringify(all));
  } catch {
    // Storage disabled: the folder is asked again next time.
  }
}
