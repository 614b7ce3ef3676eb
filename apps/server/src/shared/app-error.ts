import { renderMessage, type CatalogueMessage, type ErrorCode, type MessageParams, type ParamsArg } from '@preau/contracts';

/** HTTP status each kind of error maps to; the one error handler reads it. */
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
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const satisfies Record<string, number>;

export type ErrorKind = keyof typeof ERROR_STATUS;

/** Field problems of an error: JSON pointer (or CSV line and column) → a catalogue message. */
export type FieldMessages = Readonly<Record<string, CatalogueMessage>>;

export interface AppErrorOptions {
  fields?: FieldMessages;
}

/** What follows the code: its parameters (omittable when its text has none), then the options. */
export type AppErrorArgs<C extends ErrorCode> = [...ParamsArg<C>, options?: AppErrorOptions];

/**
 * The one error type of the server. `code` is a stable code of the message catalogue the console and
 * API clients switch on (e.g. `member.last_owner`), `params` fill its text; `kind` picks the HTTP
 * status. Its `message` is the French text (for logs); answers and the CLI render the code again in
 * their own language.
 */
export class AppError<C extends ErrorCode = ErrorCode> extends Error {
  readonly code: C;
  readonly kind: ErrorKind;
  readonly params: MessageParams;
  readonly fields: FieldMessages | undefined;

  constructor(kind: ErrorKind, code: C, ...args: AppErrorArgs<C>) {
    const params = args[0] as MessageParams | undefined;
    const options = args[1] as AppErrorOptions | undefined;
    super(renderMessage({ code, params: params ?? {} }, 'fr'));
    this.name = 'AppError';
    this.kind = kind;
    this.code = code;
    this.params = params ?? {};
    this.fields = options?.fields;
  }

  get status(): number {
    return ERROR_STATUS[this.kind];
  }
}

