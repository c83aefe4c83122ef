/** Element paths for findings: the shared PathStack, plus the body-level shorthand the SdI controls use. */
export { PathStack } from '../io/path-stack';

/** Path of a body-level element: `bodyPath(0, 'DatiBeniServizi/DettaglioLinee[2]/PrezzoTotale')`. */
export function bodyPath(body: number, rest: string): string {
  return `FatturaElettronicaBody[${body}]/${rest}`;
}
