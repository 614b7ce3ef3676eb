import { createElement, type ReactNode } from 'react';
import { ApiError } from '../api/client.ts';
import { MessageText, type MessageRef } from '../i18n/messages.ts';

interface FieldErrorTarget { setFieldError: (path: string, error: ReactNode) => void }

/** A message kept as a node that renders itself, so a language switch re-renders a field's error. */
const messageNode = (message: MessageRef): ReactNode => createElement(MessageText, { message });

/**
 * Puts the server's field errors next to the named fields, or the whole error next to the field its
 * code is about (`codeToField`); returns true when a field took one (otherwise the caller shows the
 * error at the top of the form).
 */
export function showFieldErrors(form: FieldErrorTarget, error: unknown, fields: readonly string[], codeToField: Record<string, string> = {}): boolean {
  if (!(error instanceof ApiError)) return false;
  let shown = false;
  for (const field of fields) {
    const fieldError = error.fieldError(field);
    if (fieldError !== undefined) {
      form.setFieldError(field, messageNode(fieldError));
      shown = true;
    }
  }
  const field = codeToField[error.code];
  if (!shown && field !== undefined) {
    form.setFieldError(field, messageNode(error));
    shown = true;
  }
  return shown;
}
