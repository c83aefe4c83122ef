/** Turns a list of field errors into one AppError (details = the list, field = the first error's field). */
import { AppError } from '../../errors';
import type { FieldError } from '../customers';

export function throwIfInvalid(code: string, message: string, errors: readonly FieldError[]): void {
  if (errors.length === 0) return;
  const first = errors[0]!;
  throw new AppError({
    code,
    message: `${message}: ${first.message}${errors.length > 1 ? ` (e altri ${errors.length - 1} problemi)` : ''}`,
    fix: first.fix,
    field: first.field,
    details: errors,
  });
}
