import { Decimal } from './decimal';

/**
 * Splits `total` into parts proportional to `weights`, each rounded to `scale` decimals, so that the parts always sum
 * exactly to `total` (largest-remainder method: the cents lost by rounding go to the parts that lost the most, earlier
 * parts first on ties). Used to split an advance by VAT code, a document discount across rates, and the like.
 */
export function allocate(total: Decimal, weights: readonly Decimal[], scale = 2): Decimal[] {
  if (weights.length === 0) return [];
  const target = total.round(scale);
  const weightSum = Decimal.sum(weights);
  if (weightSum.isZero()) {
    // No basis for a proportion: everything on the first part.
    return weights.map((_, i) => (i === 0 ? target : Decimal.fromUnits(0n, scale)));
  }
  // Work in integer units at `scale`: exact shares are target.units * w / weightSum, floored toward zero.
  const precision = 12;
  const exact = weights.map((w) => target.mul(w).div(weightSum, scale + precision, 'DOWN'));
  const floors = exact.map((e) => e.round(scale, 'DOWN'));
  let remainder = target.sub(Decimal.sum(floors)).round(scale).units; // in units of 10^-scale, same sign as target
  const step = remainder < 0n ? -1n : 1n;
  const order = exact
    .map((e, i) => ({ i, frac: e.sub(floors[i]!).abs() }))
    .sort((a, b) => b.frac.cmp(a.frac) || a.i - b.i);
  const units = floors.map((f) => f.round(scale).units);
  for (let k = 0; remainder !== 0n; k = (k + 1) % order.length) {
    units[order[k]!.i]! += step;
    remainder -= step;
  }
  return units.map((u) => Decimal.fromUnits(u, scale));
}
