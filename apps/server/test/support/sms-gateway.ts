import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the gateway received. */
export interface GatewayRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: { to?: string; text?: string };
}

/**
 * A local HTTP server standing in for an SMS gateway (`SMS_URL`): it records every request and
 * answers per `answer`: `ok` (200), an HTTP status, or `hang` (never answers, for timeouts).
 */
export interface SmsGateway {
  url: string;
  requests: GatewayRequest[];
  answer: 'ok' | 'hang' | number;
  /** The 6-digit code of the last text sent to `to`. */
  lastCodeTo(to: string): string | undefined;
  close(): Promise<void>;
}

/** Starts the gateway on a free port of 127.0.0.1. */
export async function startSmsGateway(): Promise<SmsGateway> {
  const hanging = new Set<ServerResponse>();
  const gateway: SmsGateway = {
    url: '',
    requests: [],
    answer: 'ok',
    lastCodeTo: (to) => gateway.requests.filter((r) => r.body.to === to).at(-1)?.body.text?.match(/\b[0-9]{6}\b/)?.[0],
    close: async () => {
      for (const response of hanging) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      gateway.requests.push({ method: request.method ?? '', path: request.url ?? '', headers: request.headers, body: raw ? (JSON.parse(raw) as GatewayRequest['body']) : {} });
      if (gateway.answer === 'hang') {
        hanging.add(response);
        return;
      }
      const status = gateway.answer === 'ok' ? 200 : gateway.answer;
      // A gateway that echoes the text back: the sender must not log its answer either.
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ status, echo: raw }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  gateway.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/send`;
  return gateway;
}
