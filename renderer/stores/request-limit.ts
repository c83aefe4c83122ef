/**
 * How much file content one API request may carry, as base64 characters: under the web host's 25 MB body limit with
 * room for the JSON around it. Archiviazione and the vault send bigger batches as several requests. Kept apart from
 * the stores (no Vue, no API client) so that tests outside the renderer can plan batches the way the page does.
 */
export const MAX_REQUEST_CHARS = 20 * 1024 * 1024;
