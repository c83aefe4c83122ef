import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { octetStringValue, oidOf, parseAsn1 } from './asn1';
import { concat, integer, octets, oid, seq, tlv, tlvIndefinite } from './testing/der';

const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return e instanceof AppError ? e.code : `non-AppError: ${String(e)}`;
  }
  return 'no error';
};

describe('parseAsn1', () => {
  it('reads definite lengths, short and long, and nested children', () => {
    const big = new Uint8Array(300).fill(7);
    const der = seq(integer(5), octets(big), oid('1.2.840.113549.1.7.2'));
    const root = parseAsn1(der);
    expect(root.children.map((c) => c.tag)).toEqual([2, 4, 6]);
    expect(root.end).toBe(der.length);
    expect(octetStringValue(der, root.children[1]!)).toEqual(big);
    expect(oidOf(der, root.children[2]!)).toBe('1.2.840.113549.1.7.2');
  });

  it('reads indefinite lengths and concatenates a segmented (constructed) OCTET STRING, nested segments included', () => {
    const a = new TextEncoder().encode('<?xml ');
    const b = new TextEncoder().encode('version="1.0"?>');
    const ber = tlvIndefinite(0x30, tlvIndefinite(0x24, octets(a), tlvIndefinite(0x24, octets(b))));
    const root = parseAsn1(ber);
    expect(root.indefinite).toBe(true);
    expect(root.end).toBe(ber.length);
    expect(new TextDecoder().decode(octetStringValue(ber, root.children[0]!))).toBe('<?xml version="1.0"?>');
  });

  it('reads multi-byte tag numbers', () => {
    const der = concat(Uint8Array.of(0x9f, 0x81, 0x01, 0x01, 0xaa));
    const n = parseAsn1(der);
    expect(n.tag).toBe(129);
    expect(n.tagClass).toBe(2);
  });

  it('refuses lengths beyond the data, missing end-of-contents, indefinite primitive, and too deep nesting', () => {
    expect(code(() => parseAsn1(Uint8Array.of(0x04, 0x05, 1, 2)))).toBe('P7M_NON_VALIDO');
    expect(code(() => parseAsn1(Uint8Array.of(0x30, 0x80, 0x02, 0x01, 0x01)))).toBe('P7M_NON_VALIDO');
    expect(code(() => parseAsn1(Uint8Array.of(0x04, 0x80, 0x00, 0x00)))).toBe('P7M_NON_VALIDO');
    expect(code(() => parseAsn1(Uint8Array.of(0x30, 0x85, 1, 1, 1, 1, 1)))).toBe('P7M_NON_VALIDO');
    let deep: Uint8Array = Uint8Array.of(0x05, 0x00);
    for (let i = 0; i < 100; i++) deep = seq(deep);
    expect(code(() => parseAsn1(deep))).toBe('P7M_NON_VALIDO');
    expect(code(() => parseAsn1(new Uint8Array(0)))).toBe('P7M_NON_VALIDO');
  });

  it('bounds the number of elements', () => {
    const many = tlv(0x30, concat(...Array.from({ length: 50 }, () => Uint8Array.of(0x05, 0x00))));
    expect(code(() => parseAsn1(many, { maxDepth: 10, maxNodes: 20 }))).toBe('P7M_NON_VALIDO');
    expect(parseAsn1(many, { maxDepth: 10, maxNodes: 100 }).children).toHaveLength(50);
  });
});
