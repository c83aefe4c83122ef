/** Shared by the crash-safety test and its child process (host/testing/crash-driver.ts). */
export const CRASH_TODAY = '2026-11-23';
export const CRASH_VAULT_PASSWORD = 'Trapano-Viola!Nuvola-83';
