import { describe, expect, it } from 'vitest';
import { addressesIn, decodeBase64Strict, decodeEncodedWords, decodeQuotedPrintable, parseHeaderParams, parseMime, partBody, walkParts } from './mime';

const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array | undefined) => new TextDecoder().decode(b);

describe('MIME reader', () => {
  it('splits a multipart with CRLF lines, a preamble and an epilogue, and decodes base64 and quoted-printable parts', () => {
    const msg = [
      'From: a@b.it',
      'Subject: prova',
      'Content-Type: multipart/mixed;',
      ' boundary="XYZ"',
      '',
      'preambolo da ignorare',
      '--XYZ',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: quoted-printable',
      '',
      'caff=C3=A8 lungo=',
      ' riga',
      '--XYZ',
      'Content-Type: application/octet-stream; name=IT01234567890_11111_RC_001.xml',
      'Content-Transfer-Encoding: base64',
      'Content-Disposition: attachment; filename=IT01234567890_11111_RC_001.xml',
      '',
      'PD94bWwgdmVyc2lvbj0i',
      'MS4wIj8+PGEvPg==',
      '--XYZ--',
      'epilogo',
    ].join('\r\n');
    const root = parseMime(enc(msg));
    expect(root.contentType).toBe('multipart/mixed');
    expect(root.problems).toEqual([]);
    expect(root.parts).toHaveLength(2);
    expect(dec(partBody(root.parts[0]!))).toBe('caffè lungo riga');
    expect(root.parts[1]!.fileName).toBe('IT01234567890_11111_RC_001.xml');
    expect(dec(partBody(root.parts[1]!))).toBe('<?xml version="1.0"?><a/>');
  });

  it('reads LF-only messages, nested message/rfc822 parts and a boundary that prefixes another one', () => {
    const inner = ['From: sdi01@pec.fatturapa.it', 'Content-Type: multipart/mixed; boundary="in"', '', '--in', 'Content-Type: text/plain', '', 'dentro', '--in--', ''].join('\n');
    const msg = ['Content-Type: multipart/mixed; boundary="b"', '', '--b', 'Content-Type: text/plain', '', '--bb non è un delimitatore', '--b', 'Content-Type: message/rfc822; name="postacert.eml"', '', inner, '--b--'].join('\n');
    const root = parseMime(enc(msg));
    expect(root.parts).toHaveLength(2);
    expect(dec(partBody(root.parts[0]!))).toBe('--bb non è un delimitatore');
    const eml = root.parts[1]!;
    expect(eml.fileName).toBe('postacert.eml');
    expect(eml.message?.parts[0] && dec(partBody(eml.message.parts[0]))).toBe('dentro');
    expect(walkParts(root, true).length).toBe(walkParts(root).length + 2);
  });

  it('keeps 8-bit bodies byte for byte (no charset round trip)', () => {
    const head = enc('Content-Type: application/octet-stream\r\nContent-Transfer-Encoding: binary\r\n\r\n');
    const body = new Uint8Array([0x00, 0x80, 0x9f, 0xff, 0x0d, 0x0a, 0xe8]);
    const all = new Uint8Array(head.length + body.length);
    all.set(head);
    all.set(body, head.length);
    expect([...partBody(parseMime(all))!]).toEqual([...body]);
  });

  it('decodes RFC 2231 and RFC 2047 file names', () => {
    expect(parseHeaderParams(`attachment; filename*=utf-8''caff%C3%A8.xml`).params.filename).toBe('caffè.xml');
    expect(parseHeaderParams(`attachment; filename*0="IT0123"; filename*1="_00001.xml"`).params.filename).toBe('IT0123_00001.xml');
    expect(decodeEncodedWords('=?UTF-8?B?Y2FmZsOo?= =?iso-8859-1?Q?_lungo?=')).toBe('caffè lungo');
    expect(parseHeaderParams('text/plain; charset="utf-8"; format=flowed')).toEqual({ value: 'text/plain', params: { charset: 'utf-8', format: 'flowed' } });
  });

  it('refuses broken base64 (noted on the part) and never throws on broken structure', () => {
    expect(decodeBase64Strict('PD94!bWw=')).toBeUndefined();
    expect(decodeBase64Strict('PD9')).toBeDefined();
    expect(decodeBase64Strict('P')).toBeUndefined();
    expect(decodeBase64Strict('PA==PA==')).toBeUndefined();
    const part = parseMime(enc('Content-Transfer-Encoding: base64\r\n\r\n@@@@'));
    expect(partBody(part)).toBeUndefined();
    expect(part.problems).toContain('contenuto base64 non valido');
    expect(parseMime(enc('Content-Type: multipart/mixed\r\n\r\n--x')).problems).toContain('multipart senza boundary');
    expect(parseMime(enc('Content-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\nContent-Type: text/plain\r\n\r\nnon chiuso')).problems).toContain('multipart non chiuso');
    expect(parseMime(new Uint8Array(0)).contentType).toBe('text/plain');
  });

  it('bounds nesting depth and the number of parts', () => {
    let m = 'Content-Type: text/plain\r\n\r\nfondo';
    for (let i = 0; i < 30; i++) m = `Content-Type: message/rfc822\r\n\r\n${m}`;
    const root = parseMime(enc(m));
    const all = walkParts(root, true);
    expect(all.length).toBeLessThanOrEqual(14);
    expect(all.some((p) => p.problems.includes('struttura MIME troppo annidata'))).toBe(true);
    const many = ['Content-Type: multipart/mixed; boundary=b', '', ...Array.from({ length: 50 }, () => '--b\r\n\r\nx'), '--b--'].join('\r\n');
    const r = parseMime(enc(many), { maxParts: 10 });
    expect(r.parts.length).toBeLessThan(10);
    expect(r.problems).toContain('troppe parti MIME');
  });

  it('decodes quoted-printable soft breaks and keeps malformed escapes', () => {
    expect(dec(decodeQuotedPrintable(enc('a=3Db=\r\nc =ZZ=\n')))).toBe('a=bc =ZZ');
  });

  it('finds addresses in From headers, "Per conto di" included', () => {
    expect(addressesIn('"Per conto di: sdi03@pec.fatturapa.it" <posta-certificata@pcert.sogei.it>')).toEqual(['sdi03@pec.fatturapa.it', 'posta-certificata@pcert.sogei.it']);
    expect(addressesIn(undefined)).toEqual([]);
  });
});
