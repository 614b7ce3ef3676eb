/** HTTP status each stable error code maps to; the one error handler reads it. */
export const ERROR_STATUS = {
  validation_failed: 400,
  bad_request: 400,
  unauthenticated: 401,
  csrf_failed: 403,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  unprocessable: 422,
  payload_too_large: 413,
  rate_limited: 429,
  internal: 500,
} as const;

export type ErrorKind = keyof typeof ERROR_STATUS;

/**
 * The one error type of the server. `code` is a stable, documented string the console and API
 * clients can switch on (e.g. `member.last_owner`); `kind` picks the HTTP status.
 */
export class AppError extends Error {
  readonly code: string;
  readonly kind: ErrorKind;
  readonly fields: Record<string, string> | undefined;

  constructor(kind: ErrorKind, code: string, message: string, fields?: Record<string, string>) {
    super(message);
    this.name = 'AppError';
    this.kind = kind;
    this.code = code;
    this.fields = fields;
  }

  get status(): number {
    return ERROR_STATUS[this.kind];
  }
}

/** Throws `AppError(kind, code, message)` unless `condition` holds. */
export function assertThat(condition: unknown, kind: ErrorKind, code: string, message: string): asserts condition {
  if (!condition) throw new AppError(kind, code, message);
}
