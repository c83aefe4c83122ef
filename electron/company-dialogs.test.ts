import { describe, expect, it } from 'vitest';
import { chooseCompanyToOpen, chooseNewCompanyFile, COMPANY_FILE_FILTER, withCompanyExtension, type DialogLike } from './company-dialogs';

function fakeDialog(answer: { open?: { canceled: boolean; filePaths: string[] }; save?: { canceled: boolean; filePath?: string } }) {
  const seen: Array<{ kind: string; window: unknown; options: unknown }> = [];
  const dialog: DialogLike<string> = {
    async showOpenDialog(window, options) {
      seen.push({ kind: 'open', window, options });
      return answer.open!;
    },
    async showSaveDialog(window, options) {
      seen.push({ kind: 'save', window, options });
      return answer.save!;
    },
  };
  return { dialog, seen };
}

describe('company dialogs', () => {
  it('opens a .fdesk file with the Italian filter, parented to the window', async () => {
    const { dialog, seen } = fakeDialog({ open: { canceled: false, filePaths: ['/a/rossi.fdesk'] } });
    expect(await chooseCompanyToOpen(dialog, 'win', '/a')).toBe('/a/rossi.fdesk');
    expect(seen).toEqual([
      {
        kind: 'open',
        window: 'win',
        options: {
          title: 'Apri azienda',
          defaultPath: '/a',
          buttonLabel: 'Apri',
          filters: [{ name: 'Azienda FatturaDesk (*.fdesk)', extensions: ['fdesk'] }],
          properties: ['openFile'],
        },
      },
    ]);
    expect(COMPANY_FILE_FILTER.name).toBe('Azienda FatturaDesk (*.fdesk)');
  });

  it('returns null when the user cancels', async () => {
    expect(await chooseCompanyToOpen(fakeDialog({ open: { canceled: true, filePaths: [] } }).dialog, 'w')).toBeNull();
    expect(await chooseNewCompanyFile(fakeDialog({ save: { canceled: true, filePath: '' } }).dialog, 'w')).toBeNull();
  });

  it('chooses where to create a new company and adds the extension when missing', async () => {
    const { dialog, seen } = fakeDialog({ save: { canceled: false, filePath: '/a/Nuova' } });
    expect(await chooseNewCompanyFile(dialog, 'w')).toBe('/a/Nuova.fdesk');
    expect(seen[0]!.options).toMatchObject({ filters: [{ extensions: ['fdesk'] }], properties: ['createDirectory', 'showOverwriteConfirmation'] });
    expect(withCompanyExtension('C:\\x\\Rossi.FDESK')).toBe('C:\\x\\Rossi.FDESK');
  });
});
