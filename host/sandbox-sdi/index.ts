/** The sandbox SdI peer: see core/sdi/SANDBOX-PROTOCOL.md. */
export { startSandboxSdi, SANDBOX_PROTOCOL_VERSION, MAX_BODY_BYTES, type SandboxSdiServer, type StartSandboxOptions } from './server';
export { runSandboxCli, type SandboxCliIO } from './cli';
export {
  SandboxSdi,
  SANDBOX_OUTCOMES,
  MAX_UPDATES_PER_PAGE,
  validateRules,
  type SandboxOutcome,
  type SandboxRules,
  type SandboxFamily,
  type SandboxLogEntry,
  type UpdateFile,
} from './sandbox';
export { loadOrCreateIdentity, createSelfSignedCertificate, type SandboxIdentity } from './signer';
export { unwrapP7m } from './p7m';
