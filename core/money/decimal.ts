/**
 * Exact decimal numbers for money, quantities and rates: an integer count of units (bigint) and a scale (number of
 * decimals). Nothing here ever goes through a binary float. Values are immutable; every operation that can lose
 * precision takes the scale and the rounding mode explicitly.
 */
export type RoundingMode = 'HALF_UP' | 'DOWN' | 'UP';

const POW10: bigint[] = [];
function pow10(n: number): bigint {
  let p = POW10[n];
  if (p === undefined) {
    p = 10n ** BigInt(n);
    POW10[n] = p;
  }
  return p;
}

export class Decimal {
  static readonly ZERO = new Decimal(0n, 0);
  static readonly ONE = new Decimal(1n, 0);
  static readonly HUNDRED = new Decimal(100n, 0);

  private constructor(
    /** The value times 10^scale. */
    readonly units: bigint,
    readonly scale: number,
  ) {}

  /** Parses a plain decimal string ("12", "-0.50", "1234.56789"). Throws on anything else, floats included. */
  static parse(value: string): Decimal {
    const d = parsePlain(value.trim());
    if (d === undefined) throw new RangeError(`Numero decimale non valido: "${value}"`);
    return d;
  }

  /** Parses when the text is a decimal, otherwise returns undefined (for reading untrusted documents). */
  static tryParse(value: string | undefined | null): Decimal | undefined {
    if (value === undefined || value === null) return undefined;
    return parsePlain(value.trim());
  }

  static fromInt(n: number | bigint): Decimal {
    if (typeof n === 'number' && !Number.isSafeInteger(n)) throw new RangeError(`Intero non valido: ${n}`);
    return new Decimal(BigInt(n), 0);
  }

  static fromUnits(units: bigint, scale: number): Decimal {
    return new Decimal(units, scale);
  }

  static from(value: Decimal | string | number | bigint): Decimal {
    if (value instanceof Decimal) return value;
    if (typeof value === 'string') return Decimal.parse(value);
    return Decimal.fromInt(value);
  }

  static sum(values: Iterable<Decimal>): Decimal {
    let acc = Decimal.ZERO;
    for (const v of values) acc = acc.add(v);
    return acc;
  }

  static max(a: Decimal, b: Decimal): Decimal {
    return a.cmp(b) >= 0 ? a : b;
  }

  static min(a: Decimal, b: Decimal): Decimal {
    return a.cmp(b) <= 0 ? a : b;
  }

  add(other: Decimal | string): Decimal {
    const o = Decimal.from(other);
    if (this.scale === o.scale) return new Decimal(this.units + o.units, this.scale);
    if (this.scale > o.scale) return new Decimal(this.units + o.units * pow10(this.scale - o.scale), this.scale);
    return new Decimal(this.units * pow10(o.scale - this.scale) + o.units, o.scale);
  }

  sub(other: Decimal | string): Decimal {
    const o = Decimal.from(other);
    if (this.scale === o.scale) return new Decimal(this.units - o.units, this.scale);
    if (this.scale > o.scale) return new Decimal(this.units - o.units * pow10(this.scale - o.scale), this.scale);
    return new Decimal(this.units * pow10(o.scale - this.scale) - o.units, o.scale);
  }

  /** Exact product (scale is the sum of the scales). */
  mul(other: Decimal | string): Decimal {
    const o = Decimal.from(other);
    return new Decimal(this.units * o.units, this.scale + o.scale);
  }

  /** Quotient rounded to `scale` decimals with `mode`. */
  div(other: Decimal | string, scale: number, mode: RoundingMode = 'HALF_UP'): Decimal {
    const o = Decimal.from(other);
    if (o.units === 0n) throw new RangeError('Divisione per zero');
    // value = (a/10^sa) / (b/10^sb); we want units at `scale`: a * 10^(scale + sb - sa) / b.
    const shift = scale + o.scale - this.scale;
    let num = this.units;
    let den = o.units;
    if (shift >= 0) num *= pow10(shift);
    else den *= pow10(-shift);
    return new Decimal(divRound(num, den, mode), scale);
  }

  neg(): Decimal {
    return new Decimal(-this.units, this.scale);
  }

  abs(): Decimal {
    return this.units < 0n ? this.neg() : this;
  }

  sign(): -1 | 0 | 1 {
    return this.units === 0n ? 0 : this.units < 0n ? -1 : 1;
  }

  isZero(): boolean {
    return this.units === 0n;
  }

  isNegative(): boolean {
    return this.units < 0n;
  }

  cmp(other: Decimal | string): -1 | 0 | 1 {
    const o = Decimal.from(other);
    let a = this.units;
    let b = o.units;
    if (this.scale > o.scale) b *= pow10(this.scale - o.scale);
    else if (this.scale < o.scale) a *= pow10(o.scale - this.scale);
    return a === b ? 0 : a < b ? -1 : 1;
  }

  eq(other: Decimal | string): boolean {
    return this.cmp(other) === 0;
  }

  lt(other: Decimal | string): boolean {
    return this.cmp(other) < 0;
  }

  lte(other: Decimal | string): boolean {
    return this.cmp(other) <= 0;
  }

  gt(other: Decimal | string): boolean {
    return this.cmp(other) > 0;
  }

  gte(other: Decimal | string): boolean {
    return this.cmp(other) >= 0;
  }

  /** Rounds to `scale` decimals (half-up by default: the "arrotondamento commerciale", ties away from zero). */
  round(scale: number, mode: RoundingMode = 'HALF_UP'): Decimal {
    if (scale === this.scale) return this; // values are immutable: the same value, no new bigint
    if (scale > this.scale) return new Decimal(this.units * pow10(scale - this.scale), scale);
    return new Decimal(divRound(this.units, pow10(this.scale - scale), mode), scale);
  }

  /** Same value with at least `min` and at most `max` decimals, dropping trailing zeros in between (never rounds
   *  unless the value has more than `max` decimals, then half-up). */
  normalize(min: number, max: number): Decimal {
    let d = this.scale > max ? this.round(max) : this;
    while (d.scale > min && d.units % 10n === 0n) d = new Decimal(d.units / 10n, d.scale - 1);
    if (d.scale < min) d = d.round(min);
    return d;
  }

  /** Decimals actually needed to represent the value (trailing zeros dropped). */
  significantScale(): number {
    return this.normalize(0, this.scale).scale;
  }

  /** Plain text at the given number of decimals (rounded half-up when shorter). */
  toFixed(scale: number): string {
    return this.round(scale).toString();
  }

  /** Plain text at the value's own scale: "-12.50". Never exponent notation. */
  toString(): string {
    const neg = this.units < 0n;
    let digits = (neg ? -this.units : this.units).toString();
    if (this.scale === 0) return (neg ? '-' : '') + digits;
    if (digits.length <= this.scale) digits = '0'.repeat(this.scale - digits.length + 1) + digits;
    const int = digits.slice(0, digits.length - this.scale);
    const frac = digits.slice(digits.length - this.scale);
    return `${neg ? '-' : ''}${int}.${frac}`;
  }

  toJSON(): string {
    return this.toString();
  }

  /** For display and charts only: never feed the result back into money arithmetic. */
  toNumber(): number {
    return Number(this.toString());
  }
}

/**
 * The value of `s` when it is /^[+-]?\d+(\.\d+)?$/ (ASCII digits), else undefined. One scan of the characters; up to
 * 15 digits the units are added up as an exact JavaScript integer and turned into a bigint once (much cheaper than
 * BigInt of a string, and amounts, rates and quantities are almost always that short).
 */
function parsePlain(s: string): Decimal | undefined {
  const len = s.length;
  let i = 0;
  let c = s.charCodeAt(0);
  const negative = c === 45; /* - */
  if (negative || c === 43 /* + */) i = 1;
  const intStart = i;
  let n = 0;
  while (i < len && (c = s.charCodeAt(i)) >= 48 && c <= 57) {
    n = n * 10 + (c - 48);
    i++;
  }
  const intEnd = i;
  if (intEnd === intStart) return undefined;
  let scale = 0;
  if (i < len) {
    if (c !== 46 /* . */) return undefined;
    i++;
    while (i < len && (c = s.charCodeAt(i)) >= 48 && c <= 57) {
      n = n * 10 + (c - 48);
      i++;
    }
    scale = i - intEnd - 1;
    if (scale === 0 || i < len) return undefined;
  }
  const units = intEnd - intStart + scale <= 15 ? BigInt(n) : BigInt(scale === 0 ? s.slice(intStart) : s.slice(intStart, intEnd) + s.slice(intEnd + 1));
  return Decimal.fromUnits(negative ? -units : units, scale);
}

function divRound(num: bigint, den: bigint, mode: RoundingMode): bigint {
  if (den < 0n) {
    num = -num;
    den = -den;
  }
  const q = num / den; // truncates toward zero
  const r = num % den;
  if (r === 0n) return q;
  const away = num < 0n ? -1n : 1n;
  switch (mode) {
    case 'DOWN':
      return q;
    case 'UP':
      return q + away;
    case 'HALF_UP': {
      const twice = (r < 0n ? -r : r) * 2n;
      return twice >= den ? q + away : q;
    }
  }
}

/** Shorthand: `dec('12.50')`. */
export function dec(value: Decimal | string | number | bigint): Decimal {
  return Decimal.from(value);
}
