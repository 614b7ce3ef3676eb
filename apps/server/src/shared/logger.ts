import Fastify, { type FastifyBaseLogger } from 'fastify';
import type { Config } from '../config.ts';

/** The process's logger (pino, configured as Fastify configures it), for what logs before or beside the HTTP application. */
export function createLogger(level: Config['logLevel']): FastifyBaseLogger {
  return Fastify({ logger: { level } }).log;
}
