import { describe, expect, it } from 'vitest';
import { parseYamlSubset } from './yaml-subset';

describe('parseYamlSubset', () => {
  it('reads maps, lists of scalars and of maps, flow lists, quoting and comments', () => {
    const src = [
      '# comment',
      'name: FatturaDesk   # trailing comment',
      'version: "41.10.0"',
      "single: 'l''azienda'",
      'language: 1040',
      'on: true',
      'off: false',
      'none: null',
      'hash: "a#b"',
      'nested:',
      '  deeper:',
      '    key: value',
      'list:',
      '  - "dist/**/*"',
      '  - package.json',
      'targets:',
      '  - target: dmg',
      '    arch: [x64, arm64]',
      '  - target: zip',
      'empty:',
    ].join('\n');
    expect(parseYamlSubset(src)).toEqual({
      name: 'FatturaDesk',
      version: '41.10.0',
      single: "l'azienda",
      language: 1040,
      on: true,
      off: false,
      none: null,
      hash: 'a#b',
      nested: { deeper: { key: 'value' } },
      list: ['dist/**/*', 'package.json'],
      targets: [{ target: 'dmg', arch: ['x64', 'arm64'] }, { target: 'zip' }],
      empty: null,
    });
  });

  it('refuses what it does not understand instead of guessing', () => {
    expect(() => parseYamlSubset('a:\n\t- b')).toThrow(/tabulazione/);
    expect(() => parseYamlSubset('a: &x 1')).toThrow(/sottoinsieme/);
    expect(() => parseYamlSubset('a: *x')).toThrow(/sottoinsieme/);
    expect(() => parseYamlSubset('a: |\n  text')).toThrow(/sottoinsieme/);
    expect(() => parseYamlSubset('a: {b: 1}')).toThrow(/sottoinsieme/);
    expect(() => parseYamlSubset('a: 1\na: 2')).toThrow(/chiave ripetuta: a/);
    expect(() => parseYamlSubset('a: 1\n   b: 2')).toThrow(/riga 2: indentazione inattesa/);
    expect(() => parseYamlSubset('a: "open')).toThrow(/non chiusa/);
    expect(() => parseYamlSubset('just a line')).toThrow(/chiave: valore/);
  });
});
