import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** What the dev outbox pages show of one message (stored beside the .eml as JSON). */
export interface OutboxMessage {
  id: string;
  from: string;
  to: string;
  subject: string;
  date: string;
  text: string;
  html: string | null;
  links: string[];
}

const ID_PATTERN = /^[0-9]{13}-[0-9a-f]{8}$/;

/** `<dataDir>/outbox`. */
export function outboxFolder(dataDir: string): string {
  return path.join(dataDir, 'outbox');
}

/** Writes `<id>.eml` (the raw message) and `<id>.json` (its parsed summary) into the outbox folder. */
export async function writeToOutbox(
  dir: string,
  raw: Buffer,
  message: { from: string; to: string; subject: string; text: string; html?: string },
): Promise<OutboxMessage> {
  await mkdir(dir, { recursive: true });
  const now = new Date();
  const id = `${now.getTime()}-${randomBytes(4).toString('hex')}`;
  const summary: OutboxMessage = {
    id,
    from: message.from,
    to: message.to,
    subject: message.subject,
    date: now.toISOString(),
    text: message.text,
    html: message.html ?? null,
    links: findLinks(message.text),
  };
  await writeFile(path.join(dir, `${id}.eml`), raw);
  await writeFile(path.join(dir, `${id}.json`), JSON.stringify(summary, null, 2));
  return summary;
}

/** Every message of the outbox, newest first. */
export async function listOutbox(dir: string): Promise<OutboxMessage[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const ids = names.filter((n) => n.endsWith('.json')).map((n) => n.slice(0, -5)).filter((id) => ID_PATTERN.test(id));
  const messages = await Promise.all(ids.map((id) => readOutboxMessage(dir, id)));
  return messages.filter((m): m is OutboxMessage => m !== undefined).sort((a, b) => b.id.localeCompare(a.id));
}

/** One message by id, or undefined when there is none (ids are checked, never used as paths as given). */
export async function readOutboxMessage(dir: string, id: string): Promise<OutboxMessage | undefined> {
  if (!ID_PATTERN.test(id)) return undefined;
  const json = await readFile(path.join(dir, `${id}.json`), 'utf8').catch(() => undefined);
  return json === undefined ? undefined : (JSON.parse(json) as OutboxMessage);
}

/** The http(s) links of a text, in order, without duplicates. */
export function findLinks(text: string): string[] {
  return [...new Set(text.match(/https?:\/\/[^\s<>"')]+/g) ?? [])];
}
