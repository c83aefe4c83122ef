import { describe, expect, it } from 'vitest';
import { extractAttachments, MAX_NAME_LENGTH, safeAttachmentName, uniqueName } from './attachments';

describe('safeAttachmentName', () => {
  it.each([
    ['../../etc/passwd', 'passwd.pdf'],
    ['..\\..\\Windows\\win.ini', 'win.ini'],
    ['C:\\Users\\x\\fattura.pdf', 'fattura.pdf'],
    ['/etc/shadow', 'shadow.pdf'],
    ['..', 'allegato-1.pdf'],
    ['  ..  ', 'allegato-1.pdf'],
    ['', 'allegato-1.pdf'],
    ['CON', '_CON.pdf'],
    ['con.txt', '_con.txt'],
    ['NUL.tar.gz', '_NUL.tar.gz'],
    ['com1', '_com1.pdf'],
    ['LPT9.pdf', '_LPT9.pdf'],
    ['consulenza.pdf', 'consulenza.pdf'],
    ['a\u0000b\u001fc\u007f.pdf', 'a_b_c_.pdf'],
    ['fattura:1?<>|*".pdf', 'fattura_1______.pdf'],
    ['nome.\u202egpj.exe', 'nome._gpj.exe'],
    ['ordine.', 'ordine.pdf'],
    ['.nascosto', 'nascosto.pdf'],
  ])('%j -> %j', (raw, safe) => {
    expect(safeAttachmentName(raw, 'PDF')).toBe(safe);
  });

  it('keeps the extension and stays within the length limit', () => {
    const name = safeAttachmentName(`${'è'.repeat(500)}.xlsx`);
    expect(name.length).toBeLessThanOrEqual(MAX_NAME_LENGTH);
    expect(name.endsWith('.xlsx')).toBe(true);
  });

  it('never returns a name with a separator, "..", a control character or a reserved device name', () => {
    const hostile = ['../', '..\\..\\', 'a/../../b', '\u0000', 'AUX', 'prn.', ' . . ', 'x'.repeat(10_000), '\\\\server\\share\\f', 'COM¹'];
    for (const raw of hostile) {
      const n = safeAttachmentName(raw, 'PDF');
      expect(n).not.toMatch(/[/\\\u0000-\u001f]/);
      expect(n).not.toBe('..');
      expect(n.startsWith('.')).toBe(false);
      expect(/^(con|prn|aux|nul|com\d|lpt\d)(\.|$)/i.test(n)).toBe(false);
      expect(n.length).toBeGreaterThan(0);
      expect(n.length).toBeLessThanOrEqual(MAX_NAME_LENGTH);
    }
  });
});

describe('uniqueName and extractAttachments', () => {
  it('makes names unique per document, case-insensitively', () => {
    const taken = new Set<string>();
    expect(['a.pdf', 'A.pdf', 'a.pdf'].map((n) => uniqueName(n, taken))).toEqual(['a.pdf', 'A (2).pdf', 'a (3).pdf']);
  });

  it('decodes base64 (line-wrapped too) and reports, without failing, an attachment that is not base64', () => {
    const { attachments, problems } = extractAttachments([
      { NomeAttachment: 'doc.pdf', Attachment: 'JVBE\nRi0x', FormatoAttachment: 'PDF', DescrizioneAttachment: 'Contratto' },
      { NomeAttachment: 'doc.pdf', Attachment: 'JVBERi0x' },
      { NomeAttachment: 'rotto.pdf', Attachment: '***' },
    ]);
    expect(attachments.map((a) => a.fileName)).toEqual(['doc.pdf', 'doc (2).pdf']);
    expect(new TextDecoder().decode(attachments[0]!.bytes)).toBe('%PDF-1');
    expect(attachments[0]).toMatchObject({ originalName: 'doc.pdf', formato: 'PDF', descrizione: 'Contratto' });
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toMatch(/rotto\.pdf.*base64/);
  });
});
