/**
 * Real XSD validation of FatturaPA documents for tests and benchmarks, with libxml2 (the same engine as xmllint)
 * compiled to WebAssembly. The official schema imports xmldsig-core-schema.xsd by a relative schemaLocation: the schema
 * is parsed with its own path as base URL and that one file is served from memory, so nothing is fetched from the
 * network. `validateWithXmllint` runs Debian's xmllint on the same input, for comparisons (timings are the bench's job).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { XSD_PATH } from './shared-files';

export interface XsdValidationResult {
  valid: boolean;
  /** One line per problem, "riga N: message" when libxml2 gives a line. */
  errors: string[];
}

export interface FatturaPAValidator {
  validate(xml: string | Uint8Array): XsdValidationResult;
  dispose(): void;
}

const registeredImports = new Set<string>();

/** Loads the FatturaPA schema (default: ../shared/fatturapa/xsd/Schema_VFPR12_v1.2.3.xsd) into a reusable validator. */
export async function loadFatturaPAValidator(xsdPath: string | undefined = XSD_PATH): Promise<FatturaPAValidator> {
  if (!xsdPath) throw new Error('schema FatturaPA non disponibile (../shared/fatturapa assente)');
  const lib = await import('libxml2-wasm');
  const dsigPath = join(dirname(xsdPath), 'xmldsig-core-schema.xsd');
  if (!registeredImports.has(dsigPath)) {
    // Input providers are process-wide in libxml2: register the import once.
    lib.xmlRegisterInputProvider(new lib.XmlBufferInputProvider({ [dsigPath]: readFileSync(dsigPath) }));
    registeredImports.add(dsigPath);
  }
  const schemaDoc = lib.XmlDocument.fromBuffer(readFileSync(xsdPath), { url: xsdPath });
  let validator: InstanceType<typeof lib.XsdValidator>;
  try {
    validator = lib.XsdValidator.fromDoc(schemaDoc);
  } catch (e) {
    schemaDoc.dispose();
    throw e;
  }

  const describe = (e: unknown): string[] => {
    const details = (e as { details?: { message: string; line?: number }[] }).details;
    if (Array.isArray(details) && details.length > 0) return details.map((d) => `${d.line ? `riga ${d.line}: ` : ''}${d.message.trim()}`);
    return [e instanceof Error ? e.message.trim() : String(e)];
  };

  return {
    validate(xml) {
      let doc: InstanceType<typeof lib.XmlDocument>;
      try {
        doc = typeof xml === 'string' ? lib.XmlDocument.fromString(xml) : lib.XmlDocument.fromBuffer(xml);
      } catch (e) {
        return { valid: false, errors: describe(e) };
      }
      try {
        validator.validate(doc);
        return { valid: true, errors: [] };
      } catch (e) {
        return { valid: false, errors: describe(e) };
      } finally {
        doc.dispose();
      }
    },
    dispose() {
      validator.dispose();
      schemaDoc.dispose();
    },
  };
}

/** True when Debian's xmllint is on the PATH. */
export function xmllintAvailable(): boolean {
  return spawnSync('xmllint', ['--version'], { stdio: 'ignore' }).status === 0;
}

/** Validates one document with `xmllint --noout --nonet --schema`, feeding it on stdin. */
export function validateWithXmllint(xml: string | Uint8Array, xsdPath: string | undefined = XSD_PATH): XsdValidationResult {
  if (!xsdPath) throw new Error('schema FatturaPA non disponibile (../shared/fatturapa assente)');
  const run = spawnSync('xmllint', ['--noout', '--nonet', '--schema', xsdPath, '-'], { input: xml, encoding: 'utf8' });
  if (run.error) throw run.error;
  const errors = run.stderr
    .split('\n')
    .filter((l) => l.trim() !== '' && !/^- (validates|fails to validate)$/.test(l.trim()));
  return { valid: run.status === 0, errors };
}

/**
 * Validates many files in one xmllint process (how a bench compares with libxml2-wasm: one schema load, N documents).
 * Returns the result per path, in the order given.
 */
export function validateFilesWithXmllint(paths: string[], xsdPath: string | undefined = XSD_PATH): Map<string, XsdValidationResult> {
  if (!xsdPath) throw new Error('schema FatturaPA non disponibile (../shared/fatturapa assente)');
  const results = new Map<string, XsdValidationResult>(paths.map((p) => [p, { valid: false, errors: [] }]));
  if (paths.length === 0) return results;
  let stderr: string;
  try {
    execFileSync('xmllint', ['--noout', '--nonet', '--schema', xsdPath, ...paths], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', maxBuffer: 1 << 28 });
    stderr = '';
    for (const p of paths) results.get(p)!.valid = true;
    return results;
  } catch (e) {
    stderr = String((e as { stderr?: string }).stderr ?? '');
  }
  for (const line of stderr.split('\n')) {
    if (line.endsWith(' validates')) {
      const r = results.get(line.slice(0, -' validates'.length));
      if (r) r.valid = true;
      continue;
    }
    // "path:LINE: element X: Schemas validity error : ..." (the path may itself contain ':').
    const m = /^(.*?):(\d+): /.exec(line);
    const r = m ? results.get(m[1]!) : undefined;
    if (r) r.errors.push(`riga ${m![2]}: ${line.slice(m![0].length)}`);
  }
  return results;
}
