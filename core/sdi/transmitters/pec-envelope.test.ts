import { describe, expect, it } from 'vitest';
import { isSdiAddress, parseDatiCert, readPecMessage, sdiAttachments, sdiFileKind } from './pec-envelope';

const enc = (s: string) => new TextEncoder().encode(s);
const b64 = (s: string) => btoa(s).replace(/.{1,60}/g, (l) => `${l}\r\n`).trimEnd();

const DATICERT = `<?xml version="1.0" encoding="UTF-8"?>
<postacert tipo="posta-certificata" errore="nessuno">
    <intestazione>
        <mittente>sdi03@pec.fatturapa.it</mittente>
        <destinatari tipo="certificato">fatture@pec.esempio.it</destinatari>
        <risposte>sdi03@pec.fatturapa.it</risposte>
        <oggetto>Invio File 7339338 &amp; altro</oggetto>
    </intestazione>
    <dati>
        <gestore-emittente>Gestore di prova</gestore-emittente>
        <data zona="+0100"><giorno>08/12/2018</giorno><ora>12:26:18</ora></data>
        <identificativo>opec288.1@pcert.example.it</identificativo>
        <msgid>&lt;4163125586355393.1544268377979@pec.fatturapa.it&gt;</msgid>
        <ricevuta tipo="breve" />
    </dati>
</postacert>`;

const RC = '<?xml version="1.0" encoding="UTF-8"?><ns3:RicevutaConsegna xmlns:ns3="http://ivaservizi.agenziaentrate.gov.it/docs/xsd/fattura/messaggi/v1.0" versione="1.0"><IdentificativoSdI>6782414</IdentificativoSdI><NomeFile>IT03339130126_00009.xml</NomeFile></ns3:RicevutaConsegna>';

/** Shaped like a real SdI message as a PEC provider delivers it (multipart/signed > mixed > alternative, daticert, postacert). */
function envelope(attachments: string, opts: { trasporto?: string; ricevuta?: string; from?: string } = {}): Uint8Array {
  const original = [
    'From: sdi03@pec.fatturapa.it',
    'To: fatture@pec.esempio.it',
    'Subject: Invio File 7339338',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; ',
    '\tboundary="----=_Part_1"',
    'Message-ID: <opec288.1@pcert.example.it>',
    '',
    attachments,
    '------=_Part_1',
    'Content-Type: text/plain; charset=UTF-8',
    '',
    'Il file è stato trasmesso.',
    '------=_Part_1--',
    '',
  ].join('\r\n');
  return enc(
    [
      'Return-Path: <sdi03@pec.fatturapa.it>',
      'Subject: POSTA CERTIFICATA: Invio File 7339338',
      'X-Riferimento-Message-ID: <4163125586355393.1544268377979@pec.fatturapa.it>',
      ...(opts.trasporto === undefined ? ['X-Trasporto: posta-certificata'] : opts.trasporto ? [opts.trasporto] : []),
      ...(opts.ricevuta ? [`X-Ricevuta: ${opts.ricevuta}`] : []),
      `From: ${opts.from ?? '"Per conto di: sdi03@pec.fatturapa.it" <posta-certificata@pcert.example.it>'}`,
      'MIME-Version: 1.0',
      'Content-Type: multipart/signed; protocol="application/x-pkcs7-signature"; micalg="sha1"; boundary="----SIG"',
      'Message-ID: <opec288.2@pcert.example.it>',
      '',
      'This is an S/MIME signed message',
      '',
      '------SIG',
      'Content-Type: multipart/mixed; boundary="------------=_1"',
      '',
      '--------------=_1',
      'Content-Type: multipart/alternative; boundary="------------=_2"',
      '',
      '--------------=_2',
      'Content-Type: text/plain; charset="iso-8859-1"',
      'Content-Transfer-Encoding: quoted-printable',
      '',
      'Messaggio di posta certificata',
      '--------------=_2--',
      '',
      '--------------=_1',
      'Content-Type: application/xml; name="daticert.xml"',
      'Content-Disposition: inline; filename="daticert.xml"',
      'Content-Transfer-Encoding: base64',
      '',
      b64(DATICERT),
      '',
      '--------------=_1',
      'Content-Type: message/rfc822; name="postacert.eml"',
      'Content-Disposition: inline; filename="postacert.eml"',
      'Content-Transfer-Encoding: 7bit',
      '',
      original,
      '--------------=_1--',
      '',
      '------SIG',
      'Content-Type: application/x-pkcs7-signature; name="smime.p7s"',
      'Content-Transfer-Encoding: base64',
      '',
      'MIIamAYJKoZIhvcNAQcCoIIaiTCCGoUCAQExCzAJBgUrDgMCGgUAMAsGCSqGSIb3',
      '------SIG--',
      '',
    ].join('\r\n'),
  );
}

const attachment = (name: string, body: string, cte: 'base64' | 'quoted-printable' | '7bit') =>
  ['------=_Part_1', `Content-Type: application/octet-stream; name=${name}`, `Content-Transfer-Encoding: ${cte}`, `Content-Disposition: attachment; filename=${name}`, '', body].join('\r\n');

describe('PEC envelopes', () => {
  it('reads the envelope: kind, daticert, the SdI sender and the files of postacert.eml', () => {
    const qpInvoice = '<?xml version=3D"1.0"?><FatturaElettronica versione=3D"FPR12"><a>caff=C3=\r\n=A8</a></FatturaElettronica>';
    const m = readPecMessage(
      envelope([attachment('IT02652600210_00007_MT_002.xml', '<FileMetadati/>', '7bit'), attachment('IT02652600210_00007.xml', qpInvoice, 'quoted-printable'), attachment('IT03339130126_00009_RC_003.xml', b64(RC), 'base64')].join('\r\n')),
    );
    expect(m.kind).toBe('posta-certificata');
    expect(m.problems).toEqual([]);
    expect(m.sender).toBe('sdi03@pec.fatturapa.it');
    expect(m.subject).toBe('POSTA CERTIFICATA: Invio File 7339338');
    expect(m.daticert).toMatchObject({ tipo: 'posta-certificata', mittente: 'sdi03@pec.fatturapa.it', destinatari: ['fatture@pec.esempio.it'], oggetto: 'Invio File 7339338 & altro', msgid: '<4163125586355393.1544268377979@pec.fatturapa.it>', giorno: '08/12/2018', zona: '+0100' });
    const { files, problems } = sdiAttachments(m.original!);
    expect(problems).toEqual([]);
    expect(files.map((f) => [f.fileName, f.kind])).toEqual([
      ['IT02652600210_00007_MT_002.xml', 'metadata'],
      ['IT02652600210_00007.xml', 'invoice'],
      ['IT03339130126_00009_RC_003.xml', 'notification'],
    ]);
    expect(new TextDecoder().decode(files[1]!.bytes)).toBe('<?xml version="1.0"?><FatturaElettronica versione="FPR12"><a>caffè</a></FatturaElettronica>');
    expect(new TextDecoder().decode(files[2]!.bytes)).toBe(RC);
  });

  it('passes a broken attachment on as it came, with a problem line, and keeps the others', () => {
    const m = readPecMessage(envelope([attachment('IT03339130126_00009_NS_001.xml', '@@@ non base64 @@@', 'base64'), attachment('IT03339130126_00009_RC_003.xml', b64(RC), 'base64')].join('\r\n')));
    const { files, problems } = sdiAttachments(m.original!);
    expect(files.map((f) => f.fileName)).toEqual(['IT03339130126_00009_NS_001.xml', 'IT03339130126_00009_RC_003.xml']);
    expect(new TextDecoder().decode(files[0]!.bytes)).toBe('@@@ non base64 @@@');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/IT03339130126_00009_NS_001.xml non leggibile/);
  });

  it('ignores attachments that are not SdI files and refuses unsafe names', () => {
    const m = readPecMessage(envelope([attachment('fattura.pdf', 'JVBERi0=', 'base64'), attachment('../../etc/IT01234567890_00001.xml', 'PGEvPg==', 'base64')].join('\r\n')));
    const { files, problems } = sdiAttachments(m.original!);
    expect(files).toEqual([]);
    expect(problems[0]).toMatch(/nome non valido/);
  });

  it('tells provider receipts and plain mail apart', () => {
    expect(readPecMessage(envelope('', { trasporto: '', ricevuta: 'accettazione', from: 'posta-certificata@pcert.example.it' })).kind).toBe('accettazione');
    expect(readPecMessage(envelope('', { trasporto: '', ricevuta: 'avvenuta-consegna' })).kind).toBe('avvenuta-consegna');
    const plain = readPecMessage(enc('From: Mario <mario@esempio.it>\r\nSubject: ciao\r\n\r\ntesto'));
    expect(plain).toMatchObject({ kind: 'plain', sender: 'mario@esempio.it' });
    expect(readPecMessage(enc('X-Trasporto: posta-certificata\r\nContent-Type: text/plain\r\n\r\nx')).problems).toEqual(expect.arrayContaining(['daticert.xml mancante', 'postacert.eml mancante']));
  });

  it('reads daticert without processing any DTD', () => {
    const d = parseDatiCert(enc('<!DOCTYPE x [<!ENTITY a "b">]><postacert tipo="accettazione" errore="nessuno"><intestazione><mittente>A@B.IT</mittente></intestazione></postacert>'));
    expect(d).toMatchObject({ tipo: 'accettazione', mittente: 'a@b.it', destinatari: [] });
  });

  it('recognises the SdI addresses and file kinds', () => {
    expect(isSdiAddress('sdi07@pec.fatturapa.it', 'pec.fatturapa.it')).toBe(true);
    expect(isSdiAddress('sdi07@pec.fatturapa.it.evil.it', 'pec.fatturapa.it')).toBe(false);
    expect(isSdiAddress('mario@pec.fatturapa.it', 'pec.fatturapa.it')).toBe(false);
    expect(sdiFileKind('IT01234567890_11111_MT_001.xml')).toBe('metadata');
    expect(sdiFileKind('IT01234567890_11111_EC_001.xml')).toBe('notification');
    expect(sdiFileKind('IT01234567890_11111.xml.p7m')).toBe('invoice');
    expect(sdiFileKind('leggimi.txt')).toBeUndefined();
  });
});
