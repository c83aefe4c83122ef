/** Test support for the IPL services (only tests import it): a released order, a plan, and "fails and writes nothing". */
import { expect } from 'vitest';
import { AppError } from '../../errors';
import { dumpDatabase, type Fixture } from '../../invoicing/services/test-support';
import type { SalesOrderLineInput } from '../types';
import { releaseOrder, saveOrder, type OrderDetail } from './orders';
import { addPlanLine, createPlanFromOrder } from './plans';
import type { PlanLinePatch } from './plans';
import type { PlanDetail } from './views';
import type { PlanLineType } from '../types';

export const TODAY = '2025-12-31';

/** 10 x 100.00 at IVA22 (1000.00) and 4 x 250.00 at IVA10 (1000.00): 2000.00 taxable. */
export function twoRateLines(): SalesOrderLineInput[] {
  return [
    { description: 'Armadio da ufficio', quantity: '10', unitPrice: '100.00', vatCode: 'IVA22' },
    { description: 'Libri tecnici', quantity: '4', unitPrice: '250.00', vatCode: 'IVA10' },
  ];
}

export function releasedOrder(f: Fixture, lines: SalesOrderLineInput[] = twoRateLines(), date = '2025-01-10'): OrderDetail {
  const o = saveOrder(f.store, { date, customerId: f.customer.id, lines });
  return releaseOrder(f.store, o.id);
}

export function planWith(f: Fixture, orderId: number, lines: (PlanLinePatch & { type: PlanLineType })[]): PlanDetail {
  let p = createPlanFromOrder(f.store, { orderId });
  for (const l of lines) p = addPlanLine(f.store, p.plan.id, l);
  return p;
}

/** Runs `fn`, expects an AppError with `code` and an Italian message, and proves no table changed. */
export function expectUnchanged(f: Fixture, code: string, fn: () => unknown): AppError {
  const before = dumpDatabase(f.handle.sqlite);
  let err: AppError | undefined;
  try {
    fn();
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    err = e;
  }
  if (!err) throw new Error(`atteso l’errore ${code}, nessun errore`);
  expect(err.code).toBe(code);
  expect(err.message.length).toBeGreaterThan(10);
  expect(dumpDatabase(f.handle.sqlite)).toEqual(before);
  return err;
}
