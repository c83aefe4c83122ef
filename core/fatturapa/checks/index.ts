/**
 * Checks on a FatturaPA document: the schema structure (00200, 00428) and the SdI content controls (004xx). Validators
 * return findings; the caller decides what blocks (see `hasErrors` in ../findings).
 */
import type { Finding } from '../findings';
import type { FatturaElettronica } from '../schema.generated';
import { checkSdiControls } from './sdi-controls';
import { checkStructure } from './structure';

export interface CheckOptions {
  /** Day the document is (or would be) received by the SdI, "YYYY-MM-DD"; default today's local date (00403). */
  today?: string;
}

/**
 * Structure + SdI controls. 00428 is reported once (by the structure checks); arithmetic controls skip values that
 * are not decimals, which the structure checks already report.
 */
export function checkFattura(f: FatturaElettronica, opts: CheckOptions = {}): Finding[] {
  const findings = checkStructure(f);
  const controls = checkSdiControls(f, opts, { skipVersione: true });
  for (let i = 0; i < controls.length; i++) findings.push(controls[i]!);
  return findings;
}

export { checkStructure, checkVersioneFormato } from './structure';
export { checkSdiControls } from './sdi-controls';
export { describeSdiCode, KNOWN_SDI_CODES, type SdiCodeDescription } from './sdi-codes';
export { TIPO_DOCUMENTO_RULES, type TipoDocumentoRule } from './tipo-documento-rules';
