import { AsyncResource } from 'node:async_hooks';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { runInSystemScope } from '../db/tenant-scope.ts';

/**
 * Runs each request in a tenant scope of its own (db/tenant-scope.ts): the system scope until the
 * access layer narrows it to the organisation the route acts on. A body is read from stream events,
 * which run outside the request's async context; Fastify 5 hands the parsed body back inside it, and
 * the context opened in onRequest is entered again in preValidation anyway (as
 * @fastify/request-context does), so the handler's scope does not depend on how the body was read.
 * Installed before any other onRequest hook that queries the database.
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
