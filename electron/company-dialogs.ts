/**
 * The company file chooser: one file per company, extension .fdesk. The main process shows the native dialog (the
 * renderer cannot) and hands the chosen path to the renderer as an event.
 */
export const COMPANY_EXTENSION = 'fdesk';
export const COMPANY_FILE_FILTER = Object.freeze({ name: 'Azienda FatturaDesk (*.fdesk)', extensions: [COMPANY_EXTENSION] });

export interface OpenDialogOptionsLike {
  title: string;
  defaultPath?: string;
  buttonLabel: string;
  filters: { name: string; extensions: string[] }[];
  properties: Array<'openFile'>;
}

export interface SaveDialogOptionsLike {
  title: string;
  defaultPath?: string;
  buttonLabel: string;
  filters: { name: string; extensions: string[] }[];
  properties: Array<'createDirectory' | 'showOverwriteConfirmation'>;
}

/** The two dialog calls used, with the parent window first (a sheet on macOS, modal elsewhere). */
export interface DialogLike<W> {
  showOpenDialog(window: W, options: OpenDialogOptionsLike): Promise<{ canceled: boolean; filePaths: string[] }>;
  showSaveDialog(window: W, options: SaveDialogOptionsLike): Promise<{ canceled: boolean; filePath?: string }>;
}

const filters = () => [{ name: COMPANY_FILE_FILTER.name, extensions: [...COMPANY_FILE_FILTER.extensions] }];

/** Adds .fdesk when the user typed a name without it (Linux dialogs do not add it themselves). */
export function withCompanyExtension(file: string): string {
  return file.toLowerCase().endsWith(`.${COMPANY_EXTENSION}`) ? file : `${file}.${COMPANY_EXTENSION}`;
}

export async function chooseCompanyToOpen<W>(dialog: DialogLike<W>, window: W, defaultPath?: string): Promise<string | null> {
  const r = await dialog.showOpenDialog(window, {
    title: 'Apri azienda',
    defaultPath,
    buttonLabel: 'Apri',
    filters: filters(),
    properties: ['openFile'],
  });
  return r.canceled || r.filePaths.length === 0 ? null : r.filePaths[0]!;
}

export async function chooseNewCompanyFile<W>(dialog: DialogLike<W>, window: W, defaultPath?: string): Promise<string | null> {
  const r = await dialog.showSaveDialog(window, {
    title: 'Nuova azienda: dove salvare il file',
    defaultPath,
    buttonLabel: 'Crea',
    filters: filters(),
    properties: ['createDirectory', 'showOverwriteConfirmation'],
  });
  return r.canceled || !r.filePath ? null : withCompanyExtension(r.filePath);
}
