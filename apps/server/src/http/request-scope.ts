import { AsyncResource } from 'node:async_hooks';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { runInSystemScope } from '../db/tenant-scope.ts';

/**
 * Runs each request in a tenant scope of its own (db/tenant-scope.ts): the system scope until the
 * access layer narrows it to the organisation the route acts on. Fastify reads a body from stream
 * events, which run outside the request's async context, so the context opened in onRequest is
 * entered again in preValidation, before any route hook and the handler (as @fastify/request-context
 * does). Installed before any other onRequest hook that queries the database.
 */
export function installRequestScopes(app: FastifyInstance): void {
  const contexts = new WeakMap<FastifyRequest, AsyncResource>();
  app.addHook('onRequest', (request, _reply, done) => {
    runInSystemScope(() => {
      contexts.set(request, new AsyncResource('preau-request-scope'));
      done();
    });
  });
  app.addHook('preValidation', (request, _reply, done) => {
    const context = contexts.get(request);
    if (context) context.runInAsyncScope(done);
    else done();
  });
}
