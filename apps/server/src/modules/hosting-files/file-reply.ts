import type { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';

/** A hosting file (base, profiles or annex file) sent as a download of its own name, never cached. */
export function sendHostingFile(reply: FastifyReply, file: { fileName: string; stream: Readable }): FastifyReply {
  return reply
    .type('application/octet-stream')
    .header('content-disposition', `attachment; filename="${file.fileName}"`)
    .header('cache-control', 'private, no-store')
    .send(file.stream);
}
