import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { renderMessage, type ErrorBody, type ErrorCode, type FieldError, type Locale, type MessageParams } from '@preau/contracts';
import { AppError, type FieldMessages } from '../shared/app-error.ts';
import { schemaFieldMessages } from '../shared/schema-problems.ts';
import { answerLocale } from './answer-locale.ts';

/** An error answer before rendering: a catalogue code, its parameters and field problems. */
export interface ErrorAnswer {
  code: ErrorCode;
  params?: MessageParams;
  fields?: FieldMessages;
}

/** Sends `{"error":{"code","message","params"?,"fields"?}}` with `status`, messages in the caller's language. */
export function sendError(reply: FastifyReply, status: number, answer: ErrorAnswer): FastifyReply {
  const locale = answerLocale(reply.request);
  const body: ErrorBody['error'] = { ...renderedMessage(answer, locale) };
  if (answer.fields) {
    body.fields = Object.fromEntries(Object.entries(answer.fields).map(([pointer, field]) => [pointer, renderedMessage(field, locale)]));
  }
  return reply.status(status).type('application/json; charset=utf-8').send({ error: body });
}

/** `{ code, message, params? }`: the message rendered in `locale`, params left out when there are none. */
export function renderedMessage(message: { code: string; params?: MessageParams }, locale: Locale): FieldError {
  const params = message.params ?? {};
  const rendered = { code: message.code, message: renderMessage({ code: message.code, params }, locale) };
  return Object.keys(params).length > 0 ? { ...rendered, params } : rendered;
}

/** The catalogue code of Fastify's own 4xx errors, by status (any other 4xx reads `bad_request`). */
export const CODE_BY_STATUS: Readonly<Record<number, ErrorCode>> = {
  400: 'bad_request',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  406: 'not_acceptable',
  409: 'conflict',
  413: 'payload_too_large',
  414: 'uri_too_long',
  415: 'unsupported_media_type',
  422: 'unprocessable',
  429: 'rate_limited',
};

/**
 * busboy's errors about a multipart body that is not one (no boundary, cut short), raised while the
 * upload route reads it; they carry no status. Matched by their text, which the hostile-input test
 * pins: a busboy that words them otherwise turns them back into 500s there.
 */
const MALFORMED_MULTIPART = /^(Multipart: Boundary not found|Boundary required|Unexpected end of multipart data|\w+ terminated early due to unexpected end of multipart data|The needle cannot (be an empty String\/Buffer|have a length bigger than 256)\.)$/;

function isMalformedMultipart(request: FastifyRequest, error: FastifyError): boolean {
  return /^multipart\//i.test(request.headers['content-type'] ?? '') && error.statusCode === undefined && MALFORMED_MULTIPART.test(error.message);
}

/**
 * The one error handler: AppError → its status, code and params; schema validation → 400
 * `validation_failed` with `fields` (JSON pointer → `validation.*` code and params); Fastify's own 4xx
 * errors keep their status with a catalogue code, a malformed multipart body is a 400 `bad_request`;
 * anything else is logged and answered 500 `internal` without details.
 */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof AppError) {
      return sendError(reply, error.status, { code: error.code, params: error.params, ...(error.fields ? { fields: error.fields } : {}) });
    }
    if (error.validation) {
      const context = error.validationContext;
      const prefix = context === undefined || context === 'body' ? '' : `/${context}`;
      return sendError(reply, 400, { code: 'validation_failed', fields: Object.fromEntries(schemaFieldMessages(error.validation, prefix)) });
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      return sendError(reply, status, { code: CODE_BY_STATUS[status] ?? 'bad_request' });
    }
    if (isMalformedMultipart(request, error)) return sendError(reply, 400, { code: 'bad_request' });
    request.log.error({ err: error }, 'unhandled error');
    return sendError(reply, 500, { code: 'internal' });
  });
}

/**
 * Fastify's `frameworkErrors`: the refusals it makes before routing, hooks and the error handler (a
 * URL that does not decode, a path parameter over 100 characters), in the one error shape.
 */
export function answerFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    void sendError(reply, status, { code: CODE_BY_STATUS[status] ?? 'bad_request' });
    return;
  }
  request.log.error({ err: error }, 'framework error');
  void sendError(reply, 500, { code: 'internal' });
}
