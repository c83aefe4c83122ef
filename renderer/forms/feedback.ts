/** Messages next to fiscal-id inputs, from their as-you-type state (see fiscal-hints.ts). */
import { codiceFiscaleState, partitaIvaState } from './fiscal-hints';

type T = (key: string, named?: Record<string, unknown>) => string;

export interface Feedback {
  error: string | null;
  hint: string | null;
  tone: 'muted' | 'success';
}

export function pivaFeedback(t: T, value: string | undefined, idPaese = 'IT', serverError?: string | null): Feedback {
  const s = partitaIvaState(value, idPaese);
  if (s.state === 'invalid') return { error: t('company.pivaInvalid'), hint: null, tone: 'muted' };
  if (serverError) return { error: serverError, hint: null, tone: 'muted' };
  if (s.state === 'typing') return { error: null, hint: t('company.pivaIncomplete', { n: s.digits }), tone: 'muted' };
  if (s.state === 'valid') return { error: null, hint: `✓ ${t('company.pivaValid')}`, tone: 'success' };
  return { error: null, hint: null, tone: 'muted' };
}

export function cfFeedback(t: T, value: string | undefined, serverError?: string | null): Feedback {
  const s = codiceFiscaleState(value);
  if (s.state === 'invalid') return { error: t('company.cfInvalid'), hint: null, tone: 'muted' };
  if (serverError) return { error: serverError, hint: null, tone: 'muted' };
  if (s.state === 'valid') return { error: null, hint: `✓ ${t('company.cfValid')}`, tone: 'success' };
  return { error: null, hint: null, tone: 'muted' };
}
