import closeWithGrace from 'close-with-grace';
import { startPreau, type RunningPreau } from '../boot.ts';

/**
 * `preau start`: starts Préau from `env`, prints its address and closes gracefully (HTTP, running
 * import job, database) on SIGINT/SIGTERM or an uncaught error, within 10 s.
 */
export async function runApi(
  io: { stdout: (text: string) => void } = { stdout: (text) => process.stdout.write(text) },
  env: Record<string, string | undefined> = process.env,
): Promise<RunningPreau> {
  const started = performance.now();
  const preau = await startPreau({}, { env });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  io.stdout(`Préau is ready on ${preau.url} (${preau.config.databaseUrl ? 'PostgreSQL' : `embedded database in ${preau.config.dataDir}`}, started in ${seconds} s)\n`);
  if (!preau.config.smtpUrl) {
    io.stdout(`E-mails are written to ${preau.config.dataDir}/outbox: operators read them at ${preau.url}/dev/outbox (set SMTP_URL to send them)\n`);
  }
  closeWithGrace({ delay: 10_000, logger: false }, async ({ signal, err }) => {
    if (err) preau.app.log.error({ err }, 'stopping after an uncaught error');
    else io.stdout(`${signal ?? 'exit'} received, stopping…\n`);
    await preau.close();
  });
  return preau;
}
