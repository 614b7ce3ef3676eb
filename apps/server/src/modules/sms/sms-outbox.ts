import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** One text written to the development SMS outbox instead of being sent (a JSON file per text). */
export interface SmsOutboxMessage {
  id: string;
  to: string;
  text: string;
  date: string;
}

const ID_PATTERN = /^[0-9]{13}-[0-9a-f]{8}$/;

/** `<dataDir>/sms-outbox`. */
export function smsOutboxFolder(dataDir: string): string {
  return path.join(dataDir, 'sms-outbox');
}

/** Writes `<id>.json` into the SMS outbox folder (created when missing). */
export async function writeToSmsOutbox(dir: string, message: { to: string; text: string }, at: Date): Promise<SmsOutboxMessage> {
  await mkdir(dir, { recursive: true });
  const id = `${at.getTime()}-${randomBytes(4).toString('hex')}`;
  const stored: SmsOutboxMessage = { id, to: message.to, text: message.text, date: at.toISOString() };
  // `wx`: two texts never share a file, even written in the same millisecond.
  await writeFile(path.join(dir, `${id}.json`), JSON.stringify(stored, null, 2), { flag: 'wx' });
  return stored;
}

/** Every text of the SMS outbox, newest first; files that are not the outbox's own are skipped. */
export async function listSmsOutbox(dir: string): Promise<SmsOutboxMessage[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const ids = names.filter((n) => n.endsWith('.json')).map((n) => n.slice(0, -5)).filter((id) => ID_PATTERN.test(id));
  const messages = await Promise.all(
    ids.map(async (id) => {
      const json = await readFile(path.join(dir, `${id}.json`), 'utf8').catch(() => undefined);
      return json === undefined ? undefined : (JSON.parse(json) as SmsOutboxMessage);
    }),
  );
  return messages.filter((m): m is SmsOutboxMessage => m !== undefined).sort((a, b) => b.id.localeCompare(a.id));
}
