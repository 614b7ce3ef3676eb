import nodemailer from 'nodemailer';
import type { Config } from '../../config.ts';
import { writeToOutbox, outboxFolder } from './outbox.ts';

/** One message to send; `text` and `html` usually come from `renderMail`. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
}

/** Sends e-mail over SMTP, or writes it to the outbox folder when no SMTP server is configured. */
export interface Mailer {
  mode: 'smtp' | 'outbox';
  /** Outbox folder (outbox mode only). */
  outboxDir: string | undefined;
  send(message: MailMessage): Promise<void>;
  close(): Promise<void>;
}

/** Builds the mailer from SMTP_URL (nodemailer) or, when unset, the `<dataDir>/outbox` folder. */
export function createMailer(config: Pick<Config, 'smtpUrl' | 'mailFrom' | 'dataDir'>): Mailer {
  // Messages still leaving (identity mails go in the background): closing waits for them, so a
  // stopping process neither drops one nor removes its folder while one is being written.
  const inFlight = new Set<Promise<unknown>>();
  const tracked = (send: Mailer['send']): Mailer['send'] => (message) => {
    const sending = send(message);
    inFlight.add(sending);
    void sending.finally(() => inFlight.delete(sending)).catch(() => undefined);
    return sending;
  };
  const settle = () => Promise.allSettled([...inFlight]);
  if (config.smtpUrl) {
    const transport = nodemailer.createTransport(config.smtpUrl);
    return {
      mode: 'smtp',
      outboxDir: undefined,
      send: tracked(async (message) => {
        await transport.sendMail({ from: config.mailFrom, ...message });
      }),
      close: async () => {
        await settle();
        transport.close();
      },
    };
  }
  const dir = outboxFolder(config.dataDir);
  // streamTransport builds the same RFC 822 message SMTP would carry, without sending it anywhere.
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    mode: 'outbox',
    outboxDir: dir,
    send: tracked(async (message) => {
      const info = await transport.sendMail({ from: config.mailFrom, ...message });
      await writeToOutbox(dir, info.message as Buffer, { ...message, from: config.mailFrom });
    }),
    close: async () => {
      await settle();
      transport.close();
    },
  };
}
