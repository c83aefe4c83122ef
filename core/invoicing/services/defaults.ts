/** E-invoicing settings of a new company (the accounting defaults are in ../defaults.ts). */
import type { EInvoicingSettings } from '../types';

export function defaultEInvoicingSettings(): EInvoicingSettings {
  return { sendImportedXml: false, publishImportedXml: true, transmitter: 'manual' };
}
