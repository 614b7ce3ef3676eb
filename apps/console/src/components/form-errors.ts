import { ApiError } from '../api/client.ts';

interface FieldErrorTarget { setFieldError: (path: string, error: string) => void }

/**
 * Puts the server's field messages next to the named fields; returns true when at least one
 * field took a message (otherwise the caller shows the error at the top of the form).
 */
export function showFieldErrors(
  form: FieldErrorTarget,
  error: unknown,
  fields: readonly string[],
  describe: (error: unknown) => string,
  codeToField: Record<string, string> = {},
): boolean {
  if (!(error instanceof ApiError)) return false;
  let shown = false;
  for (const field of fields) {
    const message = error.fieldMessage(field);
    if (message !== undefined) {
      form.setFieldError(field, message);
      shown = true;
    }
  }
  const field = codeToField[error.code];
  if (!shown && field !== undefined) {
    form.setFieldError(field, describe(error));
    shown = true;
  }
  return shown;
}
