import { existsSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import { sendError } from './error-handler.ts';

const MISSING_BUILD_PAGE = `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Préau</title></head>
<body style="font-family:system-ui,sans-serif;max-width:40rem;margin:4rem auto">
<h1>Préau</h1><p>La console web n'est pas encore construite. Lancez <code>npm run build</code> puis rechargez la page.</p>
<p lang="en">The web console is not built yet. Run <code>npm run build</code>, then reload this page.</p></body></html>`;

/**
 * Serves the built console (apps/console/dist) from the not-found handler, so no route is registered
 * for it: an existing file is sent as is, any other non-/api GET gets index.html (client-side routing),
 * unknown /api paths answer 404 `not_found`.
 */
export async function registerConsoleFiles(app: FastifyInstance, { consoleDir }: { consoleDir: string }): Promise<void> {
  const built = existsSync(path.join(consoleDir, 'index.html'));
  if (built) await app.register(fastifyStatic, { root: consoleDir, serve: false });

  app.setNotFoundHandler(async (request, reply) => {
    const pathname = request.url.split('?')[0] ?? '/';
    if (pathname === '/api' || pathname.startsWith('/api/') || (request.method !== 'GET' && request.method !== 'HEAD')) {
      return sendError(reply, 404, { code: 'not_found' });
    }
    if (!built) return reply.type('text/html; charset=utf-8').send(MISSING_BUILD_PAGE);
    const file = safeDecode(pathname).replace(/^\/+/, '');
    if (file !== '' && !file.includes('..') && existsSync(path.join(consoleDir, file)) && path.extname(file) !== '') {
      const immutable = file.startsWith('assets/');
      return reply.sendFile(file, { immutable, maxAge: immutable ? 31_536_000_000 : 0 });
    }
    return reply.header('cache-control', 'no-cache').sendFile('index.html', { maxAge: 0 });
  });
}

function safeDecode(pathname: string): string {
  try {
    return decodeURIComponent(pathname);
  } catch {
    return '';
  }
}
