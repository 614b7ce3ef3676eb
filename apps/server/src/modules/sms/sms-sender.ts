import type { Config } from '../../config.ts';
import { AppError } from '../../shared/app-error.ts';
import type { Clock } from '../../shared/clock.ts';
import { maskPhoneNumber, textablePhoneNumber } from './phone-numbers.ts';
import { smsOutboxFolder, writeToSmsOutbox } from './sms-outbox.ts';

/** One text to send: `to` is a phone number (normalised to E.164 before sending), `text` often comes from `renderSms`. */
export interface SmsMessage {
  to: string;
  text: string;
}

/** Sends texts through the HTTP gateway of `SMS_URL`, or writes them to the SMS outbox folder when none is configured. */
export interface SmsSender {
  mode: 'http' | 'outbox';
  /** Outbox folder (outbox mode only). */
  outboxDir: string | undefined;
  /**
   * Sends one text; 400 `sms.recipient_invalid` for a number that cannot take one, 503
   * `sms.send_failed` when the gateway refuses it, fails or does not answer in time. The text (it
   * may hold a code or a password) is never logged, the number only masked.
   */
  send(message: SmsMessage): Promise<void>;
}

interface SmsLog {
  info(details: object, message: string): void;
  error(details: object, message: string): void;
}

const DEFAULT_TIMEOUT_MS = 10_000;

/** Builds the sender from SMS_URL (JSON POST with the optional bearer SMS_TOKEN) or, when unset, the `<dataDir>/sms-outbox` folder. */
export function createSmsSender(
  config: Pick<Config, 'smsUrl' | 'smsToken' | 'smsTimeoutMs' | 'dataDir'>,
  { log, now }: { log: SmsLog; now: Clock },
): SmsSender {
  const recipientOf = (to: string): string => {
    const e164 = textablePhoneNumber(to);
    if (e164 === undefined) throw new AppError('bad_request', 'sms.recipient_invalid');
    return e164;
  };

  const { smsUrl, smsToken } = config;
  if (smsUrl !== undefined) {
    const timeoutMs = config.smsTimeoutMs ?? DEFAULT_TIMEOUT_MS;
    return {
      mode: 'http',
      outboxDir: undefined,
      async send(message) {
        const to = recipientOf(message.to);
        const masked = maskPhoneNumber(to);
        let response: Response;
        try {
          response = await fetch(smsUrl, {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...(smsToken !== undefined ? { authorization: `Bearer ${smsToken}` } : {}) },
            body: JSON.stringify({ to, text: message.text }),
            signal: AbortSignal.timeout(timeoutMs),
            redirect: 'error',
          });
        } catch (error) {
          log.error({ to: masked, reason: failureReason(error) }, 'SMS not sent: the gateway could not be reached');
          throw new AppError('unavailable', 'sms.send_failed');
        }
        // The gateway's answer is not read: it may echo the text back.
        await response.body?.cancel().catch(() => undefined);
        if (!response.ok) {
          log.error({ to: masked, status: response.status }, 'SMS not sent: the gateway refused it');
          throw new AppError('unavailable', 'sms.send_failed');
        }
        log.info({ to: masked }, 'SMS sent');
      },
    };
  }

  const dir = smsOutboxFolder(config.dataDir);
  return {
    mode: 'outbox',
    outboxDir: dir,
    async send(message) {
      const to = recipientOf(message.to);
      const written = await writeToSmsOutbox(dir, { to, text: message.text }, now());
      log.info({ to: maskPhoneNumber(to), id: written.id }, 'SMS written to the outbox');
    },
  };
}

/** Why a call did not get an answer, in words that hold nothing of the request (`timeout`, `ECONNREFUSED`…). */
function failureReason(error: unknown): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return 'timeout';
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  if (typeof cause?.code === 'string') return cause.code;
  return error instanceof Error ? error.name : 'unknown';
}
