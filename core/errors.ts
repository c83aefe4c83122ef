/**
 * Every error FatturaDesk shows carries a stable code (for tests, logs and support), an Italian message for the user and,
 * where one exists, the fix. `field` names the input the error belongs to, so a form can show it next to its cause.
 */
export interface AppErrorData {
  code: string;
  message: string;
  fix?: string;
  field?: string;
  details?: unknown;
}

export class AppError extends Error {
  readonly code: string;
  readonly fix?: string;
  readonly field?: string;
  readonly details?: unknown;

  constructor(data: AppErrorData) {
    super(data.message);
    this.name = 'AppError';
    this.code = data.code;
    this.fix = data.fix;
    this.field = data.field;
    this.details = data.details;
  }

  toJSON(): AppErrorData {
    const out: AppErrorData = { code: this.code, message: this.message };
    if (this.fix !== undefined) out.fix = this.fix;
    if (this.field !== undefined) out.field = this.field;
    if (this.details !== undefined) out.details = this.details;
    return out;
  }

  static is(e: unknown, code?: string): e is AppError {
    return e instanceof AppError && (code === undefined || e.code === code);
  }
}

/** Shorthand used by services: `fail('CODE', 'messaggio', { fix, field })`. */
export function fail(code: string, message: string, extra: Omit<AppErrorData, 'code' | 'message'> = {}): never {
  throw new AppError({ code, message, ...extra });
}

/** Turns anything thrown into the AppErrorData a host sends to the UI; unknown errors keep a generic code. */
export function toErrorData(e: unknown): AppErrorData {
  if (e instanceof AppError) return e.toJSON();
  const message = e instanceof Error ? e.message : String(e);
  return { code: 'ERRORE_INTERNO', message: `Errore imprevisto: ${message}`, fix: 'Riprova; se si ripete, contatta l’assistenza.' };
}
