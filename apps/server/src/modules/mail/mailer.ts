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
  if (config.smtpUrl) {
    const transport = nodemailer.createTransport(config.smtpUrl);
    return {
      mode: 'smtp',
      outboxDir: undefined,
      send: async (message) => {
        await transport.sendMail({ from: config.mailFrom, ...message });
      },
      close: async () => transport.close(),
    };
  }
  const dir = outboxFolder(config.dataDir);
  // streamTransport builds the same RFC 822 message SMTP would carry, without sending it anywhere.
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    mode: 'outbox',
    outboxDir: dir,
    send: async (message) => {
      const info = await transport.sendMail({ from: config.mailFrom, ...message });
      await writeToOutbox(dir, info.message as Buffer, { ...message, from: config.mailFrom });
    },
    close: async () => transport.close(),
  };
}
