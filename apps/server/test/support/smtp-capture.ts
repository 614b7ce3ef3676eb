import { SMTPServer } from 'smtp-server';
import PostalMime from 'postal-mime';
import { findLinks } from '../../src/modules/mail/outbox.ts';

/** One message the test SMTP server received, parsed. */
export interface CapturedMail {
  /** Envelope recipients, lower-cased. */
  to: string[];
  from: string;
  subject: string;
  text: string;
  html: string;
  /** http(s) links of the text body, in order. */
  links: string[];
  raw: string;
}

export interface MailFilter {
  to?: string;
  /** Substring or pattern the subject must match. */
  subject?: string | RegExp;
}

/** A real SMTP server on a random local port that keeps what it receives. */
export interface SmtpCapture {
  url: string;
  messages: CapturedMail[];
  /** Resolves with the first message (already received or to come) matching the filter. */
  waitFor(filter?: MailFilter): Promise<CapturedMail>;
  /** Messages received so far that match the filter. */
  find(filter?: MailFilter): CapturedMail[];
  clear(): void;
  close(): Promise<void>;
}

const matches = (mail: CapturedMail, filter: MailFilter) =>
  (filter.to === undefined || mail.to.includes(filter.to.toLowerCase())) &&
  (filter.subject === undefined ||
    (typeof filter.subject === 'string' ? mail.subject.includes(filter.subject) : filter.subject.test(mail.subject)));

/** Starts the capture server (plain SMTP, no auth, no TLS: local tests only). */
export async function startSmtpCapture(): Promise<SmtpCapture> {
  const messages: CapturedMail[] = [];
  let waiters: { filter: MailFilter; resolve: (mail: CapturedMail) => void }[] = [];

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        PostalMime.parse(raw).then(
          (email) => {
            const mail: CapturedMail = {
              to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              subject: email.subject ?? '',
              text: email.text ?? '',
              html: email.html ?? '',
              links: findLinks(email.text ?? ''),
              raw: raw.toString('utf8'),
            };
            messages.push(mail);
            const ready = waiters.filter((w) => matches(mail, w.filter));
            waiters = waiters.filter((w) => !ready.includes(w));
            for (const w of ready) w.resolve(mail);
            callback();
          },
          (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
        );
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    find: (filter = {}) => messages.filter((m) => matches(m, filter)),
    waitFor: (filter = {}) => {
      const found = messages.find((m) => matches(m, filter));
      if (found) return Promise.resolve(found);
      return new Promise((resolve) => waiters.push({ filter, resolve }));
    },
    clear: () => {
      messages.length = 0;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
