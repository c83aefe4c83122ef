import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../errors';
import { openTestCompany } from '../../../db/testing';
import { defaultAccountingSettings } from '../defaults';
import {
  getAccountingSettings,
  getCompany,
  getEInvoicingSettings,
  insertBank,
  listBanks,
  requireCompany,
  setDefaultBank,
  updateAccountingSettings,
  updateBank,
  updateCompany,
  updateEInvoicingSettings,
} from './company';
import { closeTestCompanies, COMPANY, dumpDatabase, ITALIAN_IBAN } from './test-support';

afterEach(closeTestCompanies);

function appError(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('atteso AppError');
}

describe('company registry', () => {
  it('starts empty, saves and reads back (normalizing the P.IVA)', () => {
    const { store } = openTestCompany();
    expect(getCompany(store)).toBeUndefined();
    expect(appError(() => requireCompany(store)).code).toBe('AZIENDA_NON_CONFIGURATA');
    const saved = updateCompany(store, { ...COMPANY, partitaIva: 'IT01234567897' });
    expect(saved.partitaIva).toBe('01234567897');
    expect(getCompany(store)).toEqual(saved);
    updateCompany(store, { ...COMPANY, denominazione: 'Studio Alfa Due S.r.l.' });
    expect(getCompany(store)?.denominazione).toBe('Studio Alfa Due S.r.l.');
  });

  it('refuses a wrong P.IVA checksum, an unknown regime fiscale and bad REA data, all at once', () => {
    const { store, handle } = openTestCompany();
    const before = dumpDatabase(handle.sqlite);
    const e = appError(() =>
      updateCompany(store, {
        ...COMPANY,
        partitaIva: '01234567890',
        regimeFiscale: 'RF03' as never,
        rea: { ufficio: 'Milano', numero: '', capitaleSociale: '10.000,00', statoLiquidazione: 'XX' as never },
      }),
    );
    expect(e.code).toBe('AZIENDA_NON_VALIDA');
    expect((e.details as { field: string }[]).map((d) => d.field)).toEqual([
      'partitaIva',
      'regimeFiscale',
      'rea.ufficio',
      'rea.numero',
      'rea.capitaleSociale',
      'rea.statoLiquidazione',
    ]);
    expect(e.field).toBe('partitaIva');
    expect(dumpDatabase(handle.sqlite)).toEqual(before);
  });
});

describe('settings', () => {
  it('returns the defaults until saved, then the saved settings', () => {
    const { store } = openTestCompany();
    expect(getAccountingSettings(store)).toEqual(defaultAccountingSettings());
    const s = defaultAccountingSettings();
    s.series.push({ code: 'B', description: 'Sezionale B', format: 'B{n:4}/{yy}' });
    updateAccountingSettings(store, s);
    expect(getAccountingSettings(store).series.map((x) => x.code)).toEqual(['FT', 'NC', 'B']);
    expect(getEInvoicingSettings(store)).toMatchObject({ transmitter: 'sandbox' });
    updateEInvoicingSettings(store, { sendImportedXml: true, publishImportedXml: false, transmitter: 'manual' });
    expect(getEInvoicingSettings(store)).toEqual({ sendImportedXml: true, publishImportedXml: false, transmitter: 'manual' });
  });

  it('refuses inconsistent accounting settings', () => {
    const { store } = openTestCompany();
    const s = defaultAccountingSettings();
    s.series.push({ code: 'FT', description: 'doppia', format: '{yyyy}' });
    s.vatCodes.push({ code: 'ZERO', description: 'zero senza natura', aliquota: '0.00' });
    s.defaults.vatCode = 'NON_ESISTE';
    const e = appError(() => updateAccountingSettings(store, s));
    expect(e.code).toBe('IMPOSTAZIONI_NON_VALIDE');
    const codes = (e.details as { code: string }[]).map((d) => d.code);
    expect(codes).toEqual(expect.arrayContaining(['FORMATO_NUMERO_NON_VALIDO', 'SERIE_DUPLICATA', 'NATURA_MANCANTE', 'CODICE_IVA_PREDEFINITO']));
    expect(getAccountingSettings(store)).toEqual(defaultAccountingSettings());
  });
});

describe('bank accounts', () => {
  it('makes the first account the default, keeps exactly one default, fills ABI/CAB', () => {
    const { store } = openTestCompany();
    const a = insertBank(store, { istituto: 'Banca Uno', iban: 'it60 x054 2811 1010 0000 0123 456', isDefault: false });
    expect(a).toMatchObject({ isDefault: true, iban: ITALIAN_IBAN, abi: '05428', cab: '11101' });
    const b = insertBank(store, { istituto: 'Banca Due', iban: 'DE89370400440532013000', isDefault: false });
    expect(b.isDefault).toBe(false);
    setDefaultBank(store, b.id);
    expect(listBanks(store).map((x) => [x.istituto, x.isDefault])).toEqual([
      ['Banca Uno', false],
      ['Banca Due', true],
    ]);
    const c = insertBank(store, { istituto: 'Banca Tre', iban: 'GB82WEST12345698765432', isDefault: true });
    expect(listBanks(store).filter((x) => x.isDefault).map((x) => x.id)).toEqual([c.id]);
    const renamed = updateBank(store, { ...a, istituto: 'Banca Uno S.p.A.', isDefault: false });
    expect(renamed.istituto).toBe('Banca Uno S.p.A.');
    expect(listBanks(store).filter((x) => x.isDefault)).toHaveLength(1);
  });

  it('refuses a wrong IBAN (check digits, Italian length), a duplicate IBAN and an unknown account', () => {
    const { store, handle } = openTestCompany();
    insertBank(store, { istituto: 'Banca Uno', iban: ITALIAN_IBAN, isDefault: true });
    const before = dumpDatabase(handle.sqlite);
    const wrong = appError(() => insertBank(store, { istituto: 'X', iban: 'IT61X0542811101000000123456', isDefault: false }));
    expect(wrong).toMatchObject({ code: 'IBAN_NON_VALIDO', field: 'iban' });
    expect(wrong.message).toMatch(/cifre di controllo/);
    expect(appError(() => insertBank(store, { istituto: 'X', iban: 'IT60X054281110100000012345', isDefault: false })).message).toMatch(/27 caratteri/);
    expect(appError(() => insertBank(store, { istituto: 'X', iban: ITALIAN_IBAN, isDefault: false })).code).toBe('IBAN_DUPLICATO');
    expect(appError(() => setDefaultBank(store, 99)).code).toBe('BANCA_NON_TROVATA');
    expect(dumpDatabase(handle.sqlite)).toEqual(before);
  });

  it('the database itself refuses two default accounts', () => {
    const { store, handle } = openTestCompany();
    insertBank(store, { istituto: 'Banca Uno', iban: ITALIAN_IBAN, isDefault: true });
    expect(() => handle.sqlite.prepare("INSERT INTO bank_accounts (istituto, iban, is_default) VALUES ('B', 'DE89370400440532013000', 1)").run()).toThrow(/UNIQUE/);
  });
});
