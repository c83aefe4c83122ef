/**
 * A company file passed at launch: double-clicking a .fdesk file starts the app with its path as the last argument
 * (Windows, Linux), or forwards it to the running instance through `second-instance`. Flags (--foo) are Chromium's.
 */
import { COMPANY_EXTENSION } from './company-dialogs';

export function companyFileFromArgv(argv: readonly string[]): string | null {
  for (let i = argv.length - 1; i >= 1; i--) {
    const arg = argv[i]!;
    if (!arg.startsWith('-') && arg.toLowerCase().endsWith(`.${COMPANY_EXTENSION}`)) return arg;
  }
  return null;
}
