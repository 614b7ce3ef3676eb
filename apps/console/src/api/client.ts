import type { ErrorBody, FieldError } from '@preau/contracts';

const CSRF_COOKIE = 'preau-csrf';
const CSRF_HEADER = 'x-csrf-token';
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** An error answered by the server, with its stable code and the fields that caused it. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields: Record<string, FieldError>;

  constructor(status: number, code: string, message: string, fields: Record<string, FieldError> = {}) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.fields = fields;
  }

  /** Message for one field, whether the server named it `/name`, `name` or `/emails/0`. */
  fieldMessage(field: string): string | undefined {
    const key = Object.keys(this.fields).find((k) => k === field || k === `/${field}` || k.startsWith(`/${field}/`));
    return key === undefined ? undefined : this.fields[key]?.message;
  }
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  signal?: AbortSignal;
}

/** Value of a cookie readable by scripts (the CSRF double-submit token). */
export function readCookie(name: string): string | undefined {
  const prefix = `${name}=`;
  const entry = document.cookie.split('; ').find((c) => c.startsWith(prefix));
  return entry === undefined ? undefined : decodeURIComponent(entry.slice(prefix.length));
}

/** Calls the Préau API: sends cookies and the CSRF header, parses JSON, throws `ApiError` on failure. */
export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (UNSAFE_METHODS.has(method)) {
    const token = readCookie(CSRF_COOKIE);
    if (token !== undefined) headers[CSRF_HEADER] = token;
  }
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError(0, 'network_error', 'The server could not be reached.');
  }
  const payload: unknown = await readJson(response);
  if (!response.ok) {
    const error = toApiError(response.status, payload);
    // Sent without a CSRF cookie (first write of a fresh browser, cookie cleared): the refusal
    // itself set one, so the same request succeeds once more.
    if (error.code === 'csrf_failed' && headers[CSRF_HEADER] === undefined && readCookie(CSRF_COOKIE) !== undefined) {
      return apiRequest<T>(path, options);
    }
    throw error;
  }
  return payload as T;
}

async function readJson(response: Response): Promise<unknown> {
  if (response.status === 204) return undefined;
  const text = await response.text();
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Préau answers `{"error":{code,message,fields}}`; the identity routes answer `{code,message}`. */
export function toApiError(status: number, payload: unknown): ApiError {
  if (isErrorBody(payload)) {
    const { code, message, fields } = payload.error;
    return new ApiError(status, code, message, fields);
  }
  if (typeof payload === 'object' && payload !== null && 'message' in payload) {
    const { code, message } = payload as { code?: unknown; message?: unknown };
    return new ApiError(status, typeof code === 'string' ? code : `http_${status}`, String(message));
  }
  return new ApiError(status, `http_${status}`, `HTTP ${status}`);
}

function isErrorBody(payload: unknown): payload is ErrorBody {
  if (typeof payload !== 'object' || payload === null || !('error' in payload)) return false;
  const error = (payload as { error: unknown }).error;
  return typeof error === 'object' && error !== null && 'code' in error && 'message' in error;
}
