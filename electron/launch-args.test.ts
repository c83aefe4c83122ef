import { describe, expect, it } from 'vitest';
import { companyFileFromArgv } from './launch-args';

describe('companyFileFromArgv', () => {
  it('finds the .fdesk path among the arguments, ignoring flags and the executable', () => {
    expect(companyFileFromArgv(['C:\\Programmi\\FatturaDesk.exe', '--allow-file-access', 'C:\\Aziende\\Rossi.FDESK'])).toBe('C:\\Aziende\\Rossi.FDESK');
    expect(companyFileFromArgv(['/usr/bin/fatturadesk', '/home/a/x.fdesk', '--no-sandbox'])).toBe('/home/a/x.fdesk');
  });

  it('returns null when no company file was passed', () => {
    expect(companyFileFromArgv(['/app/fatturadesk.fdesk'])).toBeNull();
    expect(companyFileFromArgv(['electron', '.', '--flag=a.fdesk'])).toBeNull();
  });
});
