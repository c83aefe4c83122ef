/**
 * Attachments (Allegati) of an imported invoice: decoded from base64 and given a SAFE file name, because the name
 * comes from whoever made the file and ends up as a download name on the user's disk. A safe name has no folder part,
 * no "..", no control or reserved characters, is not a reserved Windows device name (CON, NUL, COM1...), is at most
 * MAX_NAME_LENGTH characters with its extension kept, and is unique within its document.
 */
import type { Allegati } from '../fatturapa/schema.generated';
import { Base64Error, decodeBase64 } from './base64';

export const MAX_NAME_LENGTH = 120;

export interface ExtractedAttachment {
  /** Safe and unique within the document. */
  fileName: string;
  /** NomeAttachment as written in the invoice. */
  originalName: string;
  formato?: string;
  descrizione?: string;
  algoritmoCompressione?: string;
  bytes: Uint8Array;
}

const RESERVED_WINDOWS = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$|clock\$)$/i;
// Characters Windows refuses in names, plus the path separators; control characters are handled apart.
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[<>:"/\\|?*\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;

function splitExtension(name: string): [string, string] {
  const dot = name.lastIndexOf('.');
  if (dot <= 0 || name.length - dot > 16) return [name, ''];
  return [name.slice(0, dot), name.slice(dot)];
}

/**
 * A safe file name for `raw` (NomeAttachment). `fallbackExtension` (from FormatoAttachment, e.g. "PDF") is added when
 * the name has none. Never returns an empty name.
 */
export function safeAttachmentName(raw: string, fallbackExtension?: string, index = 1): string {
  // Only the last path segment counts, whatever the separator.
  let name = String(raw ?? '').normalize('NFC');
  const cut = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
  if (cut >= 0) name = name.slice(cut + 1);
  name = name.replace(FORBIDDEN, '_');
  // No leading dots (hidden files, "..") and no trailing dots or spaces (Windows drops them silently).
  name = name.replace(/^[.\s]+/, '').replace(/[.\s]+$/, '').replace(/\s+/g, ' ');
  let [stem, ext] = splitExtension(name);
  if (ext === '' && fallbackExtension) {
    const e = fallbackExtension.toLowerCase().replace(/[^a-z0-9]/g, '').slice(0, 10);
    if (e) ext = `.${e}`;
  }
  ext = ext.replace(/[^\p{L}\p{N}._-]/gu, '_');
  if (stem === '' || /^_+$/.test(stem)) stem = `allegato-${index}`;
  // "CON.txt" is as reserved as "CON": the device name is the part before the first dot.
  const firstPart = stem.split('.')[0]!;
  if (RESERVED_WINDOWS.test(firstPart.trim())) stem = `_${stem}`;
  const room = MAX_NAME_LENGTH - ext.length;
  if (stem.length > room) stem = [...stem].slice(0, room).join('').replace(/[.\s]+$/, '') || `allegato-${index}`;
  return stem + ext;
}

/** Makes `name` unique among `taken` (case-insensitively: "A.pdf" and "a.pdf" are one file on Windows and macOS). */
export function uniqueName(name: string, taken: Set<string>): string {
  let candidate = name;
  const [stem, ext] = splitExtension(name);
  for (let n = 2; taken.has(candidate.toLowerCase()); n++) {
    const suffix = ` (${n})`;
    candidate = stem.slice(0, MAX_NAME_LENGTH - ext.length - suffix.length) + suffix + ext;
  }
  taken.add(candidate.toLowerCase());
  return candidate;
}

export interface AttachmentProblem {
  index: number;
  message: string;
}

/** Decodes the attachments of one body; an attachment that is not valid base64 is reported and skipped. */
export function extractAttachments(allegati: readonly Allegati[] | undefined): { attachments: ExtractedAttachment[]; problems: AttachmentProblem[] } {
  const attachments: ExtractedAttachment[] = [];
  const problems: AttachmentProblem[] = [];
  const taken = new Set<string>();
  (allegati ?? []).forEach((a, i) => {
    const originalName = typeof a?.NomeAttachment === 'string' ? a.NomeAttachment : '';
    let bytes: Uint8Array;
    try {
      bytes = decodeBase64(typeof a?.Attachment === 'string' ? a.Attachment : '');
    } catch (e) {
      if (!(e instanceof Base64Error)) throw e;
      problems.push({ index: i, message: `L’allegato «${originalName.slice(0, 100)}» non è codificato correttamente in base64 (${e.message}): non è stato estratto (resta nel file originale).` });
      return;
    }
    const out: ExtractedAttachment = { fileName: uniqueName(safeAttachmentName(originalName, a.FormatoAttachment, i + 1), taken), originalName, bytes };
    if (a.FormatoAttachment) out.formato = a.FormatoAttachment;
    if (a.DescrizioneAttachment) out.descrizione = a.DescrizioneAttachment;
    if (a.AlgoritmoCompressione) out.algoritmoCompressione = a.AlgoritmoCompressione;
    attachments.push(out);
  });
  return { attachments, problems };
}
