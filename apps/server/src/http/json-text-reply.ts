import type { FastifyReply } from 'fastify';
import type { JsonText } from '../shared/json-text.ts';

/** Sends JSON written beforehand (shared/json-text.ts) as the response body, unserialised. */
export function sendJsonText<Shape>(reply: FastifyReply, body: JsonText<Shape>): FastifyReply {
  return reply.type('application/json; charset=utf-8').send(body.text);
}
