import { describe, expect, it } from 'vitest';
import { parseViesAddress } from './address';

describe('parseViesAddress, Italian addresses as VIES prints them', () => {
  const cases: Array<[string, Record<string, string | undefined>]> = [
    ['VIA ROMA 1 \n00100 ROMA RM\n', { indirizzo: 'VIA ROMA', numeroCivico: '1', cap: '00100', comune: 'ROMA', provincia: 'RM' }],
    ['VIA DEI MILLE 12/B \n20121 MILANO MI', { indirizzo: 'VIA DEI MILLE', numeroCivico: '12/B', cap: '20121', comune: 'MILANO', provincia: 'MI' }],
    ['PIAZZA GARIBALDI SNC \n80142 NAPOLI NA', { indirizzo: 'PIAZZA GARIBALDI', numeroCivico: 'SNC', cap: '80142', comune: 'NAPOLI', provincia: 'NA' }],
    ['CORSO VITTORIO EMANUELE II 45 \n10128 TORINO TO', { indirizzo: 'CORSO VITTORIO EMANUELE II', numeroCivico: '45', comune: 'TORINO' }],
    ['VIA EMILIA 3 \n40017 SAN GIOVANNI IN PERSICETO BO', { indirizzo: 'VIA EMILIA', numeroCivico: '3', comune: 'SAN GIOVANNI IN PERSICETO', provincia: 'BO' }],
    ['VIA XX SETTEMBRE 20 \n16121 GENOVA GE', { indirizzo: 'VIA XX SETTEMBRE', numeroCivico: '20' }],
    ['VIA 4 NOVEMBRE \n00187 ROMA RM', { indirizzo: 'VIA 4 NOVEMBRE', numeroCivico: undefined }],
    ['VIA ROMA N. 5\n00100 ROMA', { indirizzo: 'VIA ROMA', numeroCivico: '5', comune: 'ROMA', provincia: undefined }],
    ['STRADA STATALE 16 KM 12,500 \n70100 BARI BA', { indirizzo: 'STRADA STATALE 16 KM 12,500', numeroCivico: undefined, cap: '70100' }],
    ['VIA ROMA 1 00100 ROMA RM', { indirizzo: 'VIA ROMA', numeroCivico: '1', cap: '00100', comune: 'ROMA', provincia: 'RM' }],
    ['VIA ROMA 1\r\nFRAZ. PONTE\r\n06012 CITTA DI CASTELLO PG', { indirizzo: 'VIA ROMA 1 FRAZ. PONTE', cap: '06012', comune: 'CITTA DI CASTELLO' }],
  ];
  for (const [raw, expected] of cases) {
    it(JSON.stringify(raw), () => {
      const a = parseViesAddress(raw, 'IT');
      expect(a).toBeDefined();
      const present = Object.fromEntries(Object.entries(expected).filter(([, v]) => v !== undefined));
      expect(a).toMatchObject({ ...present, nazione: 'IT', raw });
      for (const [k, v] of Object.entries(expected)) if (v === undefined) expect(a![k as keyof typeof a]).toBeUndefined();
    });
  }

  it('gives up (undefined) on text it cannot read, instead of guessing', () => {
    expect(parseViesAddress('---', 'IT')).toBeUndefined();
    expect(parseViesAddress('', 'IT')).toBeUndefined();
    expect(parseViesAddress(undefined, 'IT')).toBeUndefined();
    expect(parseViesAddress('INDIRIZZO NON DISPONIBILE', 'IT')).toBeUndefined();
  });
});

describe('parseViesAddress, other member states', () => {
  it('reads a "postcode city" last line', () => {
    expect(parseViesAddress('KÖNIGSTRASSE 28\n70173 STUTTGART', 'DE')).toMatchObject({
      indirizzo: 'KÖNIGSTRASSE', numeroCivico: '28', cap: '70173', comune: 'STUTTGART', nazione: 'DE',
    });
    expect(parseViesAddress('TESTSTRAAT 00001\n1000 AA AMSTERDAM', 'NL')).toMatchObject({ cap: '1000 AA', comune: 'AMSTERDAM' });
    expect(parseViesAddress('12 RUE DE LA PAIX\n75002 PARIS', 'FR')).toMatchObject({ indirizzo: '12 RUE DE LA PAIX', cap: '75002', comune: 'PARIS' });
    expect(parseViesAddress('1 RUE DU FORT\nL-1234 LUXEMBOURG', 'LU')).toMatchObject({ cap: 'L-1234', comune: 'LUXEMBOURG' });
  });

  it('uses ISO GR for Greece (VIES says EL)', () => {
    expect(parseViesAddress('ΟΔΟΣ 1\n10431 ΑΘΗΝΑ', 'EL')?.nazione).toBe('GR');
  });

  it('gives up on a single line', () => {
    expect(parseViesAddress('MUSTERWEG 1 BERLIN', 'DE')).toBeUndefined();
  });
});
