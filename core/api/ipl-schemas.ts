/**
 * Argument schemas of the invoicing-plan methods (IPL). Shapes only: amounts as decimal text, dates "YYYY-MM-DD"; the
 * business rules (residuals, percentages within 100%, registered advances...) are the services', in Italian.
 */
import { z } from 'zod';
import './define';
import { decimalText, isoDate } from './schemas';
import type { PlanTemplateInput, SalesOrderInput } from '../ipl/types';

const idNum = z.number().int().positive();
const code = z.string().min(1).max(40);
const planLineType = z.enum(['advance', 'partial', 'partial_deductions', 'closing']);
/** Percent of the order: up to 3 integer digits and 4 decimals. */
const percentText = z.string().trim().regex(/^\d{1,3}(\.\d{1,4})?$/, { message: 'Percentuale non valida: usa il punto per i decimali (es. 30 o 12.5)' });
const amountText = z.string().trim().regex(/^\d{1,13}(\.\d{1,2})?$/, { message: 'Importo non valido: cifre e al più 2 decimali (es. 1234.50)' });

export const orderLineInput = z
  .object({
    id: idNum.optional(),
    itemId: idNum.optional(),
    itemCode: z.string().max(35).optional(),
    description: z.string().min(1).max(1000),
    quantity: decimalText,
    unitOfMeasure: z.string().max(10).optional(),
    unitPrice: decimalText,
    discountPercent: decimalText.optional(),
    vatCode: code,
  })
  .strict();

export const orderInput = z
  .object({
    id: idNum.optional(),
    date: isoDate,
    customerId: idNum,
    divisa: z.string().length(3).optional(),
    exchangeRate: decimalText.optional(),
    customerReference: z.string().max(20).optional(),
    customerReferenceDate: isoDate.optional(),
    description: z.string().max(200).optional(),
    lines: z.array(orderLineInput).max(9000),
  })
  .strict() satisfies z.ZodType<SalesOrderInput, unknown>;

export const shipmentInput = z
  .object({
    orderId: idNum,
    date: isoDate,
    lines: z.array(z.object({ orderLineId: idNum, quantity: decimalText }).strict()).min(1).max(9000),
  })
  .strict();

export const templateInput = z
  .object({
    id: idNum.optional(),
    name: z.string().min(1).max(80),
    description: z.string().max(200).optional(),
    lines: z
      .array(
        z
          .object({
            type: planLineType,
            percent: percentText,
            daysOffset: z.number().int().min(0).max(3650),
            paymentTerm: code.optional(),
            paymentMethod: code.optional(),
            text: z.string().max(1000).optional(),
          })
          .strict(),
      )
      .min(1)
      .max(100),
  })
  .strict() satisfies z.ZodType<PlanTemplateInput, unknown>;

export const planLinePatch = z
  .object({
    type: planLineType.optional(),
    percent: percentText.optional(),
    amount: amountText.optional(),
    plannedDate: isoDate.nullable().optional(),
    paymentTerm: code.nullable().optional(),
    paymentMethod: code.nullable().optional(),
    text: z.string().max(1000).nullable().optional(),
    execute: z.boolean().optional(),
    shipmentIds: z.array(idNum).max(1000).optional(),
  })
  .strict();

export const planLineNew = planLinePatch.extend({ type: planLineType });

export const applyEntries = z.array(z.object({ entryId: idNum, amount: amountText.optional() }).strict()).min(1).max(10_000);

export const paymentInput = z
  .object({
    customerId: idNum,
    date: isoDate,
    amount: amountText,
    method: code.optional(),
    reference: z.string().max(140).optional(),
    notes: z.string().max(1000).optional(),
    /** false: record only; otherwise applied to `entries`, or oldest due first. */
    apply: z.boolean().default(true),
    entries: applyEntries.optional(),
  })
  .strict();
