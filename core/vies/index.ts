/** VIES lookup of EU VAT numbers (name and address to pre-fill a customer). */
export {
  checkVat,
  interpretViesAnswer,
  normalizeViesInput,
  VIES_BASE_URL,
  VIES_COUNTRIES,
  VIES_DEFAULT_TIMEOUT_MS,
  type CheckVatOptions,
  type ViesResult,
  type ViesUnavailableReason,
} from './client';
export { parseViesAddress, type ParsedAddress } from './address';
