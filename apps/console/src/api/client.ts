import type { ErrorBody, FieldError, MessageParams } from '@preau/contracts';

const CSRF_COOKIE = 'preau-csrf';
const CSRF_HEADER = 'x-csrf-token';
const UNSAFE_METHODS = new Set<Method>(['POST', 'PUT', 'PATCH', 'DELETE']);

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * An error answered by the server: its stable code and parameters (rendered by the console, see
 * `i18n/messages.ts`), the server's own text of it, and the fields that caused it.
 */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly params: MessageParams;
  readonly fields: Record<string, FieldError>;

  constructor(status: number, code: string, message: string, details: { params?: MessageParams; fields?: Record<string, FieldError> } = {}) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.params = details.params ?? {};
    this.fields = details.fields ?? {};
  }

  /** What is wrong with one field, whether the server named it `/name`, `name` or `/emails/0`. */
  fieldError(field: string): FieldError | undefined {
    const key = Object.keys(this.fields).find((k) => k === field || k === `/${field}` || k.startsWith(`/${field}/`));
    return key === undefined ? undefined : this.fields[key];
  }
}

export interface RequestOptions {
  method?: Method;
  /** Sent as JSON. */
  body?: unknown;
  signal?: AbortSignal;
}

/** Bytes of a request body sent so far. */
export interface UploadProgress {
  loaded: number;
  total: number;
}

export interface UploadOptions {
  method?: 'POST' | 'PUT';
  /** A file as it is (with its `contentType`), or a multipart form. */
  body: Blob | FormData;
  /** Content type of a raw file body (a form sets its own). */
  contentType?: string;
  /** Called as the body is sent; the upload then goes through XMLHttpRequest (fetch cannot report it). */
  onProgress?: (progress: UploadProgress) => void;
  signal?: AbortSignal;
}

/** Calls the Préau API with a JSON body (or none): see `send`. */
export function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const { method = 'GET', body, signal } = options;
  return send<T>(path, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal,
  });
}

/** Sends a file (raw or in a multipart form) to the Préau API, reporting progress when asked: see `send`. */
export function apiUpload<T>(path: string, options: UploadOptions): Promise<T> {
  const { method = 'POST', body, contentType, onProgress, signal } = options;
  const size = body instanceof Blob ? body.size : undefined;
  return send<T>(path, {
    method,
    headers: contentType === undefined ? {} : { 'content-type': contentType },
    body,
    signal,
    ...(onProgress ? { onProgress: (loaded: number, total?: number) => onProgress({ loaded, total: total ?? size ?? loaded }) } : {}),
  });
}

interface Request {
  method: Method;
  headers: Record<string, string>;
  body: string | Blob | FormData | undefined;
  signal: AbortSignal | undefined;
  onProgress?: (loaded: number, total?: number) => void;
}

interface Answer {
  status: number;
  text: string;
}

/**
 * The one way to the API: sends the session cookie and, on writes, the CSRF header; reads the JSON
 * answer; turns an error answer into `ApiError`. A write sent without a CSRF cookie (the first of a
 * fresh browser, or after the cookie was cleared) is refused with a new one set: it is sent once more.
 */
async function send<T>(path: string, request: Request): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...request.headers };
  const write = UNSAFE_METHODS.has(request.method);
  const token = write ? readCookie(CSRF_COOKIE) : undefined;
  if (token !== undefined) headers[CSRF_HEADER] = token;
  const answer = await (request.onProgress ? transmitWithProgress : transmit)(path, { ...request, headers });
  const payload = parseBody(answer);
  if (answer.status >= 200 && answer.status < 300) return payload as T;
  const error = toApiError(answer.status, payload);
  if (write && token === undefined && error.code === 'csrf_failed' && readCookie(CSRF_COOKIE) !== undefined) return send<T>(path, request);
  throw error;
}

async function transmit(path: string, request: Request): Promise<Answer> {
  let response: Response;
  try {
    response = await fetch(path, { method: request.method, headers: request.headers, body: request.body, signal: request.signal, credentials: 'same-origin' });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw unreachable();
  }
  return { status: response.status, text: await response.text() };
}

function transmitWithProgress(path: string, request: Request): Promise<Answer> {
  return new Promise<Answer>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(request.method, path);
    xhr.withCredentials = true;
    for (const [name, value] of Object.entries(request.headers)) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (event) => request.onProgress?.(event.loaded, event.lengthComputable ? event.total : undefined);
    xhr.onerror = () => reject(unreachable());
    xhr.onabort = () => reject(new DOMException('The upload was aborted.', 'AbortError'));
    xhr.onload = () => resolve({ status: xhr.status, text: xhr.responseText });
    request.signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(request.body ?? null);
  });
}

function unreachable(): ApiError {
  return new ApiError(0, 'network_error', 'The server could not be reached.');
}

/** Value of a cookie readable by scripts (the CSRF double-submit token). */
function readCookie(name: string): string | undefined {
  const prefix = `${name}=`;
  const entry = document.cookie.split('; ').find((c) => c.startsWith(prefix));
  return entry === undefined ? undefined : decodeURIComponent(entry.slice(prefix.length));
}

function parseBody({ status, text }: Answer): unknown {
  if (status === 204 || text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Préau answers `{"error":{code,message,params,fields}}`; anything else in front of it may answer `{code,message}`. */
function toApiError(status: number, payload: unknown): ApiError {
  if (isErrorBody(payload)) {
    const { code, message, params, fields } = payload.error;
    return new ApiError(status, code, message, { params, fields });
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
