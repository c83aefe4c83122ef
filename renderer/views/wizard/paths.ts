/** Which wizard step owns a field of the draft or an element of the FatturaPA document (to send the user there). */
import type { WizardStep } from '../../stores/wizard';

export function stepOfField(field: string): WizardStep {
  if (field === 'customerId' || field.startsWith('customer')) return 1;
  if (field.startsWith('lines') || field.startsWith('discount')) return 3;
  return 2;
}

export function stepOfPath(path: string): WizardStep {
  if (/CessionarioCommittente|DatiTrasmissione\/(CodiceDestinatario|PECDestinatario)/.test(path)) return 1;
  if (/DettaglioLinee|DatiRiepilogo/.test(path)) return 3;
  return 2;
}
