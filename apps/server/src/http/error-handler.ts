import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import type { ErrorBody } from '@preau/contracts';
import { AppError } from '../shared/app-error.ts';

/** Sends `{"error":{"code","message","fields?"}}` with `status`. */
export function sendError(reply: FastifyReply, status: number, body: ErrorBody['error']): FastifyReply {
  return reply.status(status).type('application/json; charset=utf-8').send({ error: body });
}

const CODE_BY_STATUS: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  406: 'not_acceptable',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
};

/**
 * The one error handler: AppError → its status and code; schema validation → 400 `validation_failed`
 * with `fields` (JSON pointer → message); Fastify's own 4xx errors keep their status; anything else is
 * logged and answered 500 `internal` without details.
 */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof AppError) {
      return sendError(reply, error.status, {
        code: error.code,
        message: error.message,
        ...(error.fields ? { fields: error.fields } : {}),
      });
    }
    if (error.validation) {
      return sendError(reply, 400, {
        code: 'validation_failed',
        message: 'Some fields are invalid.',
        fields: validationFields(error),
      });
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      return sendError(reply, status, { code: CODE_BY_STATUS[status] ?? 'bad_request', message: error.message });
    }
    request.log.error({ err: error }, 'unhandled error');
    return sendError(reply, 500, { code: 'internal', message: 'Something went wrong on our side. Try again later.' });
  });
}

/** Ajv errors → `{ "/pointer/to/field": "message" }`; body fields are pointed at from the body's root. */
function validationFields(error: FastifyError): Record<string, string> {
  const fields: Record<string, string> = {};
  const context = error.validationContext;
  const prefix = context === undefined || context === 'body' ? '' : `/${context}`;
  for (const issue of error.validation ?? []) {
    const missing = (issue.params as { missingProperty?: unknown }).missingProperty;
    const pointer = `${prefix}${issue.instancePath}${typeof missing === 'string' ? `/${missing}` : ''}` || '/';
    fields[pointer] ??= issue.message ?? 'is invalid';
  }
  return fields;
}
