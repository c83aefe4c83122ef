import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { folderHasNotificationFor, NotificationFolderWriter, readNotificationFolder } from './notification-folder';
import { classifyImapError, classifySmtpError } from './pec-driver';
import { classifyTlsError } from './sdicoop-driver';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'fatturadesk-folder-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const enc = (s: string) => new TextEncoder().encode(s);

describe('the endpoint’s notification folder', () => {
  it('writes each NomeFile once, in order; the reader pages by sequence; a restart continues the numbering', () => {
    const w = new NotificationFolderWriter(dir);
    expect(w.write('IT01234567897_00001_RC_001.xml', enc('a'))).toEqual({ written: true, seq: 1 });
    expect(w.write('IT01234567897_00001_RC_001.xml', enc('a'))).toEqual({ written: false });
    w.write('IT01234567897_00002_NS_001.xml', enc('b'));
    w.write('IT09876543210_00001_MT_001.xml', enc('c'));
    const first = readNotificationFolder(dir, undefined, 2);
    expect(first.files.map((f) => [f.fileName, f.kind])).toEqual([
      ['IT01234567897_00001_RC_001.xml', 'notification'],
      ['IT01234567897_00002_NS_001.xml', 'notification'],
    ]);
    const second = readNotificationFolder(dir, first.cursor, 2);
    expect(second).toMatchObject({ cursor: '3', files: [{ fileName: 'IT09876543210_00001_MT_001.xml', kind: 'metadata' }] });
    expect(readNotificationFolder(dir, second.cursor, 2)).toEqual({ files: [], cursor: '3' });
    // A write cut short leaves a temporary file: never read, removed on the next start.
    writeFileSync(join(dir, '.tmp-abc'), 'mezzo');
    const again = new NotificationFolderWriter(dir);
    expect(readdirSync(dir).some((n) => n.startsWith('.tmp-'))).toBe(false);
    expect(again.write('IT01234567897_00003_RC_001.xml', enc('d'))).toEqual({ written: true, seq: 4 });
    expect(again.write('IT01234567897_00002_NS_001.xml', enc('b'))).toEqual({ written: false });
    expect(folderHasNotificationFor(dir, 'IT01234567897_00002')).toBe(true);
    expect(folderHasNotificationFor(dir, 'IT01234567897_0000')).toBe(false);
    expect(() => again.write('../evil.xml', enc('x'))).toThrow(/NomeFile non valido/);
  });
});

describe('failure classification (Italian, retry or not)', () => {
  it('SMTP', () => {
    expect(classifySmtpError({ code: 'EAUTH', responseCode: 535 })).toMatchObject({ kind: 'AUTH', temporary: false });
    expect(classifySmtpError({ code: 'EENVELOPE', responseCode: 452, response: '452 mailbox full' })).toMatchObject({ kind: 'REFUSED', temporary: true });
    expect(classifySmtpError({ code: 'EMESSAGE', responseCode: 552, response: '552 message too big' })).toMatchObject({ kind: 'REFUSED', temporary: false });
    expect(classifySmtpError({ code: 'ESOCKET', originalCode: 'ECONNREFUSED', message: 'connect ECONNREFUSED' })).toMatchObject({ kind: 'NETWORK', temporary: true, message: 'SMTP: connessione rifiutata' });
  });
  it('IMAP', () => {
    expect(classifyImapError({ authenticationFailed: true, message: 'Command failed' })).toMatchObject({ kind: 'AUTH', temporary: false });
    expect(classifyImapError({ code: 'ECONNREFUSED' })).toMatchObject({ kind: 'NETWORK', temporary: true });
    expect(classifyImapError({ code: 'GREETING_TIMEOUT' })).toMatchObject({ kind: 'TIMEOUT', temporary: true });
    expect(classifyImapError({ code: 'DEPTH_ZERO_SELF_SIGNED_CERT', message: 'self-signed certificate' })).toMatchObject({ kind: 'TLS', temporary: false });
  });
  it('TLS for SDICoop', () => {
    const before = { secureConnected: false, gotResponse: false };
    expect(classifyTlsError({ code: 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED' }, before)).toMatchObject({ kind: 'CLIENT_CERT', temporary: false });
    expect(classifyTlsError({ code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' }, before)).toMatchObject({ kind: 'SERVER_CERT' });
    expect(classifyTlsError({ code: 'ECONNRESET' }, before)).toMatchObject({ kind: 'CLIENT_CERT' });
    expect(classifyTlsError({ code: 'ECONNRESET' }, { secureConnected: true, gotResponse: true })).toMatchObject({ kind: 'NETWORK', temporary: true });
    expect(classifyTlsError({ code: 'ENOTFOUND' }, before)).toMatchObject({ kind: 'NETWORK', temporary: true });
  });
});
