/**
 * A finding of the checks on a FatturaPA document (dinero/beancount style: validators return a list, the caller decides
 * what blocks). `code` is the SdI control code when one exists ("00423"), "00200" for schema structure problems.
 */
export type FindingSeverity = 'error' | 'warning';

export interface Finding {
  code: string;
  severity: FindingSeverity;
  /** Element path, e.g. "FatturaElettronicaBody[0]/DatiBeniServizi/DettaglioLinee[2]/PrezzoTotale". */
  path: string;
  /** Italian explanation of what is wrong. */
  message: string;
  /** Italian hint on how to fix it. */
  fix?: string;
}

export const hasErrors = (findings: readonly Finding[]): boolean => findings.some((f) => f.severity === 'error');
