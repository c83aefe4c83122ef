/** What the section renderers of the courtesy copy share, and the page geometry. */
import type { FatturaElettronica, FatturaElettronicaBody } from '../fatturapa/schema.generated';
import { A4, type PdfCanvas } from './canvas';
import type { PdfLocale } from './format';
import type { PdfLabels } from './labels';
import type { Flow } from './layout';

/** Everything the section renderers share. */
export interface RenderContext {
  flow: Flow;
  canvas: PdfCanvas;
  L: PdfLabels;
  locale: PdfLocale;
  fattura: FatturaElettronica;
  body: FatturaElettronicaBody;
  divisa: string;
  heading: string;
}

export const PAGE = {
  marginX: 40,
  marginTop: 36,
  /** Content stops here; the footer sits below. */
  contentBottom: A4.height - 50,
  footerRule: A4.height - 38,
  footerBaseline: A4.height - 28,
  /** Running header of continuation pages. */
  runningBaseline: 36 + 8,
  runningRule: 36 + 13,
  continuationTop: 36 + 24,
} as const;

