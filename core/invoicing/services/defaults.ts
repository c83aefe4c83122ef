/** E-invoicing settings of a new company (the accounting defaults are in ../defaults.ts). */
import type { EInvoicingSettings } from '../types';

/**
 * New companies (and the demo) send through the sandbox SdI: a full round trip works out of the box, and nothing
 * reaches a real customer until the user picks a real channel in the settings.
 */
export function defaultEInvoicingSettings(): EInvoicingSettings {
  return { sendImportedXml: false, publishImportedXml: true, transmitter: 'sandbox' };
}
