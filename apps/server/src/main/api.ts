import { startPreau, type RunningPreau } from '../boot.ts';
import { isLocalOnly } from '../config.ts';

/** `preau start`: starts Préau from `env`, prints its address and stops cleanly on SIGINT/SIGTERM. */
export async function runApi(
  io: { stdout: (text: string) => void } = { stdout: (text) => process.stdout.write(text) },
  env: Record<string, string | undefined> = process.env,
): Promise<RunningPreau> {
  const started = performance.now();
  const preau = await startPreau({}, { env });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  io.stdout(`Préau is ready on ${preau.url} (${preau.config.databaseUrl ? 'PostgreSQL' : `embedded database in ${preau.config.dataDir}`}, started in ${seconds} s)\n`);
  if (!preau.config.smtpUrl) {
    const where = isLocalOnly(preau.config) ? `open ${preau.url}/dev/outbox` : 'set SMTP_URL to send them; the outbox pages are served on localhost only';
    io.stdout(`E-mails are written to ${preau.config.dataDir}/outbox (${where})\n`);
  }

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    io.stdout(`${signal} received, stopping…\n`);
    preau.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return preau;
}
