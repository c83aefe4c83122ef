import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { describeWithShared, listShared, readShared } from '../testing/shared-files';
import { explainNotification, isDuplicateOnlyScarto, notificationKindFromFileName, parseNotification, type SdiNotification } from './notifications';

const PA_NS = 'http://www.fatturapa.gov.it/sdi/messaggi/v1.0';
const B2B_NS = 'http://ivaservizi.agenziaentrate.gov.it/docs/xsd/fattura/messaggi/v1.0';

function errorOf(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('nessun errore');
}

describeWithShared('parseNotification: official PA-family examples', () => {
  const files = listShared('messaggi/examples');

  it('finds all nine examples', () => {
    expect(files.map((f) => notificationKindFromFileName(f.split('/').pop()!))).toEqual(['AT', 'DT', 'EC', 'MC', 'MT', 'NE', 'NS', 'RC', 'SE']);
  });

  it.each(files)('%s parses to the kind its name announces', (path) => {
    const n = parseNotification(readShared(path));
    expect(n.kind).toBe(notificationKindFromFileName(path.split('/').pop()!));
    expect(n.family).toBe('pa-v1.1');
    expect(n.sdiId).toBe('111');
  });

  it('reads every field of the RC, NS, NE, AT, MT, DT, SE and EC examples', () => {
    const read = (kind: string): SdiNotification => parseNotification(readShared(`messaggi/examples/IT01234567890_11111_${kind}_001.xml`));
    expect(read('RC')).toEqual({
      kind: 'RC', family: 'pa-v1.1', sdiId: '111', invoiceFileName: 'IT01234567890_11111.xml.p7m',
      receivedAt: '2013-06-06T12:00:00Z', deliveredAt: '2013-06-06T12:01:00Z', codiceDestinatario: 'AAA111',
      destinatarioDescrizione: 'Amministrazione di prova', messageId: '123456', note: 'Esempio', signed: true, intermediarioConDupliceRuolo: true,
    });
    expect(read('NS')).toEqual({
      kind: 'NS', family: 'pa-v1.1', sdiId: '111', invoiceFileName: 'IT01234567890_11111.xml.p7m', receivedAt: '2013-06-06T12:00:00Z',
      riferimentoArchivio: { sdiId: '100', fileName: 'IT01234567890_11111.zip' },
      errors: [{ code: '00100', description: 'Certificato di firma scaduto' }], messageId: '123456', note: 'Note', signed: true,
    });
    const ne = read('NE');
    expect([ne.esito, ne.description, ne.riferimentoFattura, ne.messageIdCommittente, ne.note]).toEqual([
      'EC01', 'Notifica di esempio', { numero: '1111', anno: '2013', posizione: '2' }, '123456', 'Notifica di esito di esempio',
    ]);
    const at = read('AT');
    expect([at.hash, at.codiceDestinatario, at.destinatarioDescrizione, at.receivedAt]).toEqual([
      '2c1f3a240a056d9537a8608fed310812ef7b1b7a410d0152f5c9c9e93486ae44', 'AAAAAA', 'Pubblica Amministrazione di prova', '2014-04-01T12:00:00',
    ]);
    expect(read('MT')).toEqual({
      kind: 'MT', family: 'pa-v1.1', sdiId: '111', invoiceFileName: 'IT01234567890_11111.xml.p7m', codiceDestinatario: 'AAA111',
      formato: 'SDI10', tentativiInvio: '1', messageId: '123456', note: 'Esempio',
    });
    expect(read('DT')).toMatchObject({ description: 'Notifica di esempio', intermediarioConDupliceRuolo: true, signed: true });
    expect(read('SE')).toMatchObject({ scarto: 'EN00', invoiceFileName: '', messageIdCommittente: '123456' });
    expect(read('EC')).toMatchObject({ esito: 'EC01', invoiceFileName: '', riferimentoFattura: { numero: '1111', anno: '2013', posizione: '2' } });
    expect(read('EC').signed).toBeUndefined();
    expect(read('MC')).toMatchObject({ receivedAt: '2013-06-06T12:00:00', description: 'Notifica di esempio' });
  });
});

describeWithShared('parseNotification: real 2018 B2B receipts without Hash', () => {
  it('reads the RicevutaConsegna with an empty Destinatario', () => {
    expect(parseNotification(readShared('messaggi/examples-b2b-real/IT03339130126_00009_RC_003.xml'))).toEqual({
      kind: 'RC', family: 'b2b-v1.0', sdiId: '6782414', invoiceFileName: 'IT03339130126_00009.xml',
      receivedAt: '2018-11-13T16:47:26.000+01:00', deliveredAt: '2018-11-13T16:47:32.000+01:00', messageId: '1269788243', signed: true,
    });
  });

  it('reads the FileMetadati without Hash and CodiceDestinatario', () => {
    expect(parseNotification(readShared('messaggi/examples-b2b-real/IT02652600210_00007_MT_002.xml'))).toEqual({
      kind: 'MT', family: 'b2b-v1.0', sdiId: '7339338', invoiceFileName: 'IT02652600210_00007.xml', formato: 'FPR12', tentativiInvio: '1', messageId: '1809491993',
    });
  });

  it('reads the same receipt given as text', () => {
    const text = readShared('messaggi/examples-b2b-real/IT03339130126_00009_RC_003.xml').toString('utf8');
    expect(parseNotification(text).sdiId).toBe('6782414');
  });
});

const ricevutaScarto = (prefixOpen: string, prefixClose = prefixOpen, extra = ''): string => `<?xml version="1.0" encoding="UTF-8"?>
<${prefixOpen}RicevutaScarto ${extra} versione="1.0">
  <IdentificativoSdI>42</IdentificativoSdI>
  <NomeFile>IT01234567890_00001.xml</NomeFile>
  <Hash>abc</Hash>
  <DataOraRicezione>2026-05-04T10:00:00.000+02:00</DataOraRicezione>
  <ListaErrori>
    <Errore><Codice>00404</Codice><Descrizione>Fattura duplicata</Descrizione><Suggerimento>Verifica &amp; controlla</Suggerimento></Errore>
    <Errore><Codice>00423</Codice><Descrizione>Prezzo totale errato</Descrizione><Suggerimento></Suggerimento></Errore>
  </ListaErrori>
  <MessageId>7</MessageId>
</${prefixClose}RicevutaScarto>`;

describe('parseNotification: prefixes, encodings, tolerance', () => {
  it('accepts any namespace prefix, or none with a default namespace', () => {
    const expected = {
      kind: 'NS', family: 'b2b-v1.0', sdiId: '42', invoiceFileName: 'IT01234567890_00001.xml', hash: 'abc', receivedAt: '2026-05-04T10:00:00.000+02:00',
      errors: [
        { code: '00404', description: 'Fattura duplicata', suggestion: 'Verifica & controlla' },
        { code: '00423', description: 'Prezzo totale errato' },
      ],
      messageId: '7',
    };
    expect(parseNotification(ricevutaScarto('ns3:', 'ns3:', `xmlns:ns3="${B2B_NS}"`))).toEqual(expected);
    expect(parseNotification(ricevutaScarto('zz:', 'zz:', `xmlns:zz="${B2B_NS}"`))).toEqual(expected);
    expect(parseNotification(ricevutaScarto('', '', `xmlns="${B2B_NS}"`))).toEqual(expected);
  });

  it('reads ISO-8859-1 bytes as declared', () => {
    const xml = `<?xml version="1.0" encoding="ISO-8859-1"?><t:NotificaMancataConsegna xmlns:t="${PA_NS}" versione="1.0"><IdentificativoSdI>5</IdentificativoSdI><NomeFile>IT01234567890_00002.xml</NomeFile><DataOraRicezione>2026-05-04T10:00:00</DataOraRicezione><Descrizione>Casella piena: città irraggiungibile</Descrizione><MessageId>1</MessageId></t:NotificaMancataConsegna>`;
    const bytes = Uint8Array.from(xml, (c) => c.charCodeAt(0));
    expect(bytes.includes(0xe0)).toBe(true);
    expect(parseNotification(bytes).description).toBe('Casella piena: città irraggiungibile');
  });
});

describe('parseNotification: refusals', () => {
  it('refuses a DOCTYPE (XXE, entity bombs) before parsing anything', () => {
    const xml = `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><t:RicevutaConsegna xmlns:t="${PA_NS}" versione="1.0"><IdentificativoSdI>&e;</IdentificativoSdI></t:RicevutaConsegna>`;
    expect(errorOf(() => parseNotification(xml)).code).toBe('XML_DOCTYPE_VIETATO');
  });

  it('refuses undeclared entities', () => {
    const xml = `<t:RicevutaConsegna xmlns:t="${PA_NS}" versione="1.0"><IdentificativoSdI>&bomb;</IdentificativoSdI></t:RicevutaConsegna>`;
    expect(errorOf(() => parseNotification(xml)).code).toBe('XML_MALFORMATO');
  });

  it.each([
    ['an unrelated XML file', '<ordine><numero>1</numero></ordine>', /non è una notifica del Sistema di Interscambio: l’elemento radice è "ordine"/],
    ['a known root without namespace', '<RicevutaConsegna versione="1.0"><IdentificativoSdI>1</IdentificativoSdI></RicevutaConsegna>', /senza namespace/],
    ['a root the family does not define', `<t:NotificaEsito xmlns:t="${B2B_NS}" versione="1.0"/>`, /non è un messaggio previsto dallo schema MessaggiFatturaTypes/],
    ['an invoice', '<p:FatturaElettronica xmlns:p="http://ivaservizi.agenziaentrate.gov.it/docs/xsd/fatture/v1.2" versione="FPR12"/>', /è una fattura elettronica, non una notifica/],
    ['an empty file', '   ', /vuoto/],
    ['two roots', `<a/><b/>`, /XML|radice/],
  ])('refuses %s with NOTIFICA_NON_RICONOSCIUTA or XML_MALFORMATO', (_name, xml, message) => {
    const e = errorOf(() => parseNotification(xml));
    expect(['NOTIFICA_NON_RICONOSCIUTA', 'XML_MALFORMATO']).toContain(e.code);
    expect(e.message).toMatch(message);
    expect(e.fix).toBeTruthy();
  });

  it('refuses an unrelated root with NOTIFICA_NON_RICONOSCIUTA specifically', () => {
    expect(errorOf(() => parseNotification('<ordine/>')).code).toBe('NOTIFICA_NON_RICONOSCIUTA');
  });

  it('refuses malformed XML with its position', () => {
    const e = errorOf(() => parseNotification(`<t:RicevutaConsegna xmlns:t="${PA_NS}">\n<IdentificativoSdI>1</Identificativo>`));
    expect(e.code).toBe('XML_MALFORMATO');
    expect(e.message).toMatch(/riga 2/);
  });

  it('refuses absurdly deep nesting with an AppError, not a crash', () => {
    const depth = 200_000;
    const xml = `<t:RicevutaConsegna xmlns:t="${PA_NS}">${'<a>'.repeat(depth)}${'</a>'.repeat(depth)}</t:RicevutaConsegna>`;
    expect(errorOf(() => parseNotification(xml)).code).toBe('XML_MALFORMATO');
  });

  it('refuses byte input larger than any SdI message', () => {
    expect(errorOf(() => parseNotification(new Uint8Array(3 * 1024 * 1024))).code).toBe('NOTIFICA_NON_RICONOSCIUTA');
  });

  it('refuses messages without the identifiers every message has', () => {
    const noId = `<t:RicevutaConsegna xmlns:t="${PA_NS}" versione="1.0"><NomeFile>IT01234567890_00001.xml</NomeFile></t:RicevutaConsegna>`;
    const e = errorOf(() => parseNotification(noId));
    expect(e.code).toBe('NOTIFICA_NON_VALIDA');
    expect(e.message).toMatch(/IdentificativoSdI/);
    const noName = `<t:RicevutaConsegna xmlns:t="${PA_NS}" versione="1.0"><IdentificativoSdI>1</IdentificativoSdI></t:RicevutaConsegna>`;
    expect(errorOf(() => parseNotification(noName)).message).toMatch(/NomeFile/);
  });

  it('refuses an NE whose esito is not EC01/EC02, and an SE whose scarto is unknown', () => {
    const ne = `<t:NotificaEsito xmlns:t="${PA_NS}" versione="1.0"><IdentificativoSdI>1</IdentificativoSdI><NomeFile>IT01234567890_00001.xml</NomeFile><EsitoCommittente versione="1.0"><IdentificativoSdI>1</IdentificativoSdI><Esito>EC03</Esito></EsitoCommittente><MessageId>1</MessageId></t:NotificaEsito>`;
    expect(errorOf(() => parseNotification(ne)).message).toMatch(/EC03/);
    const se = `<t:ScartoEsitoCommittente xmlns:t="${PA_NS}" versione="1.0"><IdentificativoSdI>1</IdentificativoSdI><Scarto>EN09</Scarto><MessageId>1</MessageId></t:ScartoEsitoCommittente>`;
    expect(errorOf(() => parseNotification(se)).code).toBe('NOTIFICA_NON_VALIDA');
  });
});

describe('notificationKindFromFileName', () => {
  it.each([
    ['IT01234567890_11111_RC_001.xml', 'RC'],
    ['IT01234567890_11111_NS_002.xml', 'NS'],
    ['IT01234567890_a1B2_MT_001.xml', 'MT'],
    ['IT01234567890_00001_ne_003.XML', 'NE'],
    ['IT01234567890_11111.xml', undefined],
    ['IT01234567890_11111_XX_001.xml', undefined],
    ['IT01234567890_11111_RC_1.xml', undefined],
    ['IT01234567890_11111_RC_001.xml.p7m', undefined],
    ['notifica.xml', undefined],
  ])('%s → %s', (name, kind) => {
    expect(notificationKindFromFileName(name)).toBe(kind);
  });
});

describe('explainNotification (Italian)', () => {
  const base = { family: 'b2b-v1.0' as const, sdiId: '9', invoiceFileName: 'IT01234567890_00001.xml' };

  it('RC: delivered', () => {
    const x = explainNotification({ ...base, kind: 'RC', deliveredAt: '2026-05-04T10:00:00Z', destinatarioDescrizione: 'Beta S.p.A.' });
    expect(x).toMatchObject({ title: 'Consegnata al cliente', severity: 'ok' });
    expect(x.message).toContain('04/05/2026');
    expect(x.message).toContain('Beta S.p.A.');
    expect(explainNotification({ ...base, kind: 'RC' }, { pa: true }).message).toMatch(/15 giorni/);
  });

  it('MC: issued anyway, tell the customer', () => {
    const x = explainNotification({ ...base, kind: 'MC', dataMessaADisposizione: '2026-05-05' });
    expect(x.title).toBe('Non consegnata');
    expect(x.severity).toBe('warning');
    expect(x.message).toContain('Non consegnata: la fattura è comunque emessa ed è a disposizione del cliente nel suo cassetto fiscale; avvisalo');
    expect(x.message).toContain('05/05/2026');
    expect(x.fix).toMatch(/Non reinviarla/);
    expect(explainNotification({ ...base, kind: 'MC' }, { pa: true }).message).toMatch(/10 giorni/);
  });

  it('NS: not issued, each error explained with describeSdiCode plus the SdI text', () => {
    const x = explainNotification({
      ...base,
      kind: 'NS',
      errors: [
        { code: '00423', description: 'Prezzo totale errato', suggestion: 'Ricalcola' },
        { code: '99999', description: 'Controllo sconosciuto', suggestion: 'Fai così' },
        { code: '88888', description: 'Altro controllo' },
      ],
    });
    expect(x.title).toBe('Scartata');
    expect(x.severity).toBe('error');
    expect(x.message).toContain('Scartata: la fattura NON è emessa; correggila e reinviala entro 5 giorni con lo stesso numero e la stessa data');
    expect(x.errors).toHaveLength(3);
    const [known, unknown, bare] = x.errors!;
    expect(known).toMatchObject({ code: '00423', description: 'Prezzo totale errato', suggestion: 'Ricalcola' });
    expect(known!.explanation).toMatch(/PrezzoTotale|prezzo/i);
    expect(known!.fix).not.toBe('Ricalcola'); // our advice for a known code
    expect(unknown).toEqual({ code: '99999', description: 'Controllo sconosciuto', explanation: 'Controllo sconosciuto', fix: 'Fai così', suggestion: 'Fai così' });
    expect(bare!.fix).toMatch(/Correggi/);
  });

  it('NS with only duplicate codes: a reconciled duplicate, not a failure', () => {
    const n: SdiNotification = { ...base, kind: 'NS', errors: [{ code: '00002', description: 'Nome file duplicato' }] };
    expect(isDuplicateOnlyScarto(n)).toBe(true);
    const x = explainNotification(n);
    expect(x.severity).toBe('warning');
    expect(x.title).toMatch(/duplicato/);
    expect(isDuplicateOnlyScarto({ ...n, errors: [...n.errors!, { code: '00423', description: 'x' }] })).toBe(false);
  });

  it('NE: accepted or refused with the PA’s reason; DT; AT', () => {
    const pa = { ...base, family: 'pa-v1.1' as const };
    expect(explainNotification({ ...pa, kind: 'NE', esito: 'EC01' })).toMatchObject({ title: 'Accettata dalla PA', severity: 'ok' });
    const refused = explainNotification({ ...pa, kind: 'NE', esito: 'EC02', description: 'Manca il CIG' });
    expect(refused).toMatchObject({ title: 'Rifiutata dalla PA', severity: 'error' });
    expect(refused.message).toContain('Manca il CIG');
    expect(refused.fix).toMatch(/nota di credito/);
    expect(explainNotification({ ...pa, kind: 'DT' }).message).toMatch(/15 giorni/);
    const at = explainNotification({ ...pa, kind: 'AT' });
    expect(at.message).toMatch(/Attestazione di avvenuta trasmissione con impossibilità di recapito/);
    expect(at.fix).toMatch(/PEC/);
  });

  it('receiving-side messages', () => {
    const pa = { ...base, family: 'pa-v1.1' as const };
    expect(explainNotification({ ...pa, kind: 'MT', formato: 'FPR12' }).message).toContain('FPR12');
    expect(explainNotification({ ...pa, kind: 'EC', esito: 'EC02' }).severity).toBe('warning');
    expect(explainNotification({ ...pa, kind: 'SE', scarto: 'EN01' }).message).toMatch(/non ammissibile/);
  });
});
