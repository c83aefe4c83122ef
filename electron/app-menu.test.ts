import { describe, expect, it } from 'vitest';
import { buildMenuTemplate, MAX_RECENTS, menuLabel, type MenuActions, type MenuTemplateItem } from './app-menu';

function recordingActions() {
  const log: string[] = [];
  const actions: MenuActions = {
    newCompany: () => log.push('new'),
    openCompany: () => log.push('open'),
    openRecent: (file) => log.push(`recent:${file}`),
    closeCompany: () => log.push('close'),
    about: () => log.push('about'),
  };
  return { log, actions };
}

const find = (items: MenuTemplateItem[], label: string) => items.find((i) => i.label === label);

describe('buildMenuTemplate', () => {
  it('has the Italian menus File, Modifica, Visualizza, Aiuto on Windows', () => {
    const { actions } = recordingActions();
    const t = buildMenuTemplate({ platform: 'win32', recents: [], devTools: false, actions });
    expect(t.map((m) => m.label)).toEqual(['File', 'Modifica', 'Visualizza', 'Aiuto']);
    const file = find(t, 'File')!.submenu!;
    expect(file.filter((i) => i.type !== 'separator').map((i) => i.label)).toEqual([
      'Nuova azienda…',
      'Apri azienda…',
      'Aziende recenti',
      'Chiudi azienda',
      'Esci',
    ]);
    expect(find(file, 'Esci')!.role).toBe('quit');
    expect(find(file, 'Aziende recenti')!.submenu).toEqual([{ label: 'Nessuna azienda recente', enabled: false }]);
    expect(find(t, 'Visualizza')!.submenu!.some((i) => i.role === 'toggleDevTools')).toBe(false);
  });

  it('routes company actions to the handlers (which then send events to the renderer)', () => {
    const { log, actions } = recordingActions();
    const recents = [
      { file: 'C:\\Aziende\\rossi.fdesk', name: 'Rossi & Figli' },
      { file: '/Users/a/bianchi.fdesk', name: 'Bianchi srl' },
    ];
    const t = buildMenuTemplate({ platform: 'win32', recents, devTools: true, actions });
    const file = find(t, 'File')!.submenu!;
    find(file, 'Nuova azienda…')!.click!();
    find(file, 'Apri azienda…')!.click!();
    const recent = find(file, 'Aziende recenti')!.submenu!;
    expect(recent.map((i) => i.label)).toEqual(['Rossi && Figli — rossi.fdesk', 'Bianchi srl — bianchi.fdesk']);
    recent[1]!.click!();
    find(file, 'Chiudi azienda')!.click!();
    find(t, 'Aiuto')!.submenu![0]!.click!();
    expect(log).toEqual(['new', 'open', 'recent:/Users/a/bianchi.fdesk', 'close', 'about']);
    expect(find(t, 'Visualizza')!.submenu!.some((i) => i.role === 'toggleDevTools')).toBe(true);
  });

  it('follows macOS conventions: app menu first with Esci, a Finestra menu, no Esci under File', () => {
    const { actions } = recordingActions();
    const t = buildMenuTemplate({ platform: 'darwin', recents: [], devTools: false, actions });
    expect(t.map((m) => m.label)).toEqual(['FatturaDesk', 'File', 'Modifica', 'Visualizza', 'Finestra', 'Aiuto']);
    expect(t[0]!.submenu!.at(-1)).toEqual({ role: 'quit', label: 'Esci da FatturaDesk' });
    expect(find(t, 'File')!.submenu!.some((i) => i.role === 'quit')).toBe(false);
  });

  it('lists at most the ten most recent companies', () => {
    const { actions } = recordingActions();
    const recents = Array.from({ length: 15 }, (_, i) => ({ file: `/a/${i}.fdesk`, name: `Azienda ${i}` }));
    const t = buildMenuTemplate({ platform: 'linux', recents, devTools: false, actions });
    expect(find(find(t, 'File')!.submenu!, 'Aziende recenti')!.submenu).toHaveLength(MAX_RECENTS);
  });

  it('escapes & only where it is a mnemonic', () => {
    expect(menuLabel('A & B', 'win32')).toBe('A && B');
    expect(menuLabel('A & B', 'linux')).toBe('A && B');
    expect(menuLabel('A & B', 'darwin')).toBe('A & B');
  });
});
