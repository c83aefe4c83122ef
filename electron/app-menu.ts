/**
 * The Italian application menu. Items that concern the company (new, open, recent, close) do not act here: they ask
 * main.ts (dialogs) and then send an event to the renderer, which owns the flow and shows any error in context.
 * Built as plain data so it is tested without Electron; the shape is a subset of Electron's MenuItemConstructorOptions.
 */
export type MenuRole =
  | 'undo'
  | 'redo'
  | 'cut'
  | 'copy'
  | 'paste'
  | 'selectAll'
  | 'reload'
  | 'toggleDevTools'
  | 'resetZoom'
  | 'zoomIn'
  | 'zoomOut'
  | 'togglefullscreen'
  | 'about'
  | 'services'
  | 'hide'
  | 'hideOthers'
  | 'unhide'
  | 'quit'
  | 'minimize'
  | 'zoom'
  | 'front'
  | 'close';

export interface MenuTemplateItem {
  label?: string;
  role?: MenuRole;
  type?: 'normal' | 'separator' | 'submenu';
  accelerator?: string;
  enabled?: boolean;
  click?: () => void;
  submenu?: MenuTemplateItem[];
}

export interface MenuActions {
  newCompany(): void;
  openCompany(): void;
  openRecent(file: string): void;
  closeCompany(): void;
  about(): void;
}

export interface MenuOptions {
  platform: NodeJS.Platform;
  recents: readonly { file: string; name: string }[];
  devTools: boolean;
  actions: MenuActions;
}

export const MAX_RECENTS = 10;
const APP_NAME = 'FatturaDesk';
const separator: MenuTemplateItem = { type: 'separator' };

/** On Windows and Linux '&' marks a keyboard mnemonic: a company called "Rossi & Figli" must show its '&'. */
export function menuLabel(text: string, platform: NodeJS.Platform): string {
  return platform === 'darwin' ? text : text.replace(/&/g, '&&');
}

function fileName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

function recentItems(opts: MenuOptions): MenuTemplateItem[] {
  if (opts.recents.length === 0) return [{ label: 'Nessuna azienda recente', enabled: false }];
  return opts.recents.slice(0, MAX_RECENTS).map((c) => ({
    label: menuLabel(`${c.name} — ${fileName(c.file)}`, opts.platform),
    click: () => opts.actions.openRecent(c.file),
  }));
}

export function buildMenuTemplate(opts: MenuOptions): MenuTemplateItem[] {
  const mac = opts.platform === 'darwin';
  const { actions } = opts;
  const template: MenuTemplateItem[] = [];

  if (mac) {
    template.push({
      label: APP_NAME,
      submenu: [
        { role: 'about', label: `Informazioni su ${APP_NAME}` },
        separator,
        { role: 'services', label: 'Servizi' },
        separator,
        { role: 'hide', label: `Nascondi ${APP_NAME}` },
        { role: 'hideOthers', label: 'Nascondi altre' },
        { role: 'unhide', label: 'Mostra tutte' },
        separator,
        { role: 'quit', label: `Esci da ${APP_NAME}` },
      ],
    });
  }

  template.push({
    label: 'File',
    submenu: [
      { label: 'Nuova azienda…', accelerator: 'CmdOrCtrl+N', click: () => actions.newCompany() },
      { label: 'Apri azienda…', accelerator: 'CmdOrCtrl+O', click: () => actions.openCompany() },
      { label: 'Aziende recenti', submenu: recentItems(opts) },
      separator,
      { label: 'Chiudi azienda', click: () => actions.closeCompany() },
      ...(mac ? [] : [separator, { role: 'quit', label: 'Esci', accelerator: 'Ctrl+Q' } satisfies MenuTemplateItem]),
    ],
  });

  template.push({
    label: 'Modifica',
    submenu: [
      { role: 'undo', label: 'Annulla' },
      { role: 'redo', label: 'Ripeti' },
      separator,
      { role: 'cut', label: 'Taglia' },
      { role: 'copy', label: 'Copia' },
      { role: 'paste', label: 'Incolla' },
      { role: 'selectAll', label: 'Seleziona tutto' },
    ],
  });

  template.push({
    label: 'Visualizza',
    submenu: [
      { role: 'reload', label: 'Ricarica' },
      ...(opts.devTools ? [{ role: 'toggleDevTools', label: 'Strumenti per sviluppatori' } satisfies MenuTemplateItem] : []),
      separator,
      { role: 'resetZoom', label: 'Dimensione reale' },
      { role: 'zoomIn', label: 'Ingrandisci' },
      { role: 'zoomOut', label: 'Riduci' },
      separator,
      { role: 'togglefullscreen', label: 'Schermo intero' },
    ],
  });

  if (mac) {
    template.push({
      label: 'Finestra',
      submenu: [
        { role: 'minimize', label: 'Contrai' },
        { role: 'zoom', label: 'Zoom' },
        separator,
        { role: 'front', label: 'Porta tutto in primo piano' },
      ],
    });
  }

  template.push({
    label: 'Aiuto',
    submenu: [{ label: `Informazioni su ${APP_NAME}`, click: () => actions.about() }],
  });

  return template;
}
