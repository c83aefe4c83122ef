/** Result types of the import.* and received.* API methods (core/api/contract.ts). */
export type { ImportedDocumentRow } from '../ports';
export type { ImportedDocumentDetail } from './views';
export type { DocumentImportResult, FileImportResult, ImportOutcome, ImportSummary } from './service';

export interface ImportedXml {
  fileName: string;
  /** The XML as text (decoded with its declared encoding). */
  xml: string;
  /** The file exactly as it came (a .p7m keeps its envelope), base64. */
  base64: string;
  signed: boolean;
}
