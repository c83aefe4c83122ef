import { describe, expect, it } from 'vitest';
import { documentCount, FULL_COUNT, parseBenchArgs, QUICK_COUNT } from './options';

const names = ['write', 'read'];

describe('parseBenchArgs', () => {
  it('defaults: full run, table output, every suite', () => {
    const o = parseBenchArgs([], names);
    expect(o).toEqual({ quick: false, json: false, help: false });
    expect(documentCount(o)).toBe(FULL_COUNT);
  });

  it('--quick lowers the document count; --count overrides it', () => {
    expect(documentCount(parseBenchArgs(['--quick'], names))).toBe(QUICK_COUNT);
    expect(documentCount(parseBenchArgs(['--quick', '--count', '50'], names))).toBe(50);
    expect(documentCount(parseBenchArgs(['--count=70'], names))).toBe(70);
  });

  it('--only and --json in both spellings', () => {
    expect(parseBenchArgs(['--only', 'read', '--json'], names)).toMatchObject({ only: 'read', json: true });
    expect(parseBenchArgs(['--only=write,read'], names).only).toBe('write,read');
  });

  it('refuses unknown options and missing or bad values, with the usage', () => {
    expect(() => parseBenchArgs(['--fast'], names)).toThrow(/unknown option --fast\nusage: npm run bench -- .*--only write\|read/);
    expect(() => parseBenchArgs(['--only'], names)).toThrow(/--only needs a value/);
    expect(() => parseBenchArgs(['--only', '--json'], names)).toThrow(/--only needs a value/);
    expect(() => parseBenchArgs(['--count', '0'], names)).toThrow(/positive integer/);
    expect(() => parseBenchArgs(['--count', '1e3x'], names)).toThrow(/positive integer/);
  });
});
