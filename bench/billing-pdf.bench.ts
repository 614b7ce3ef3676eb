/**
 * `tsx bench/billing-pdf.bench.ts`: renders 2,000 one-page invoices (3 lines, 2 VAT rates) one after
 * the other, with compressed page contents (what Préau stores) and without, and prints PDFs per second
 * of wall time and their mean size against the goal. `benchmarkPdfRendering` is the same measurement
 * for a caller that wants the figure.
 */
import { loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeBillingPdfInput } from '../apps/server/src/modules/billing/pdf/billing-pdf.factories.ts';
import { renderBillingPdf } from '../apps/server/src/modules/billing/pdf/billing-pdf.ts';

const GOAL_PER_SECOND = 300;
/** Renders before timing, so the measure sees code the JIT has compiled. */
const WARM_UP = 50;

/** A distinct invoice per index: its own number, payment reference and customer. */
function invoiceNumber(index: number) {
  const number = `F2026-${String(index + 1).padStart(6, '0')}`;
  return makeBillingPdfInput({
    number,
    paymentReference: `PREAU-${number}`,
    customer: { ...makeBillingPdfInput().customer, name: `Collège n° ${index + 1}` },
  });
}

/**
 * Renders `count` realistic invoices sequentially: PDFs per second of wall time, their mean size in
 * bytes, and PDFs per second of this process's CPU time (the one-core figure when other work shares the machine).
 */
export async function benchmarkPdfRendering(
  count: number,
  options: { compress?: boolean } = {},
): Promise<{ perSecond: number; meanBytes: number; perCpuSecond: number }> {
  const inputs = Array.from({ length: count }, (_, index) => invoiceNumber(index));
  for (let index = 0; index < Math.min(WARM_UP, count); index++) await renderBillingPdf(inputs[index]!, options);
  let bytes = 0;
  const start = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  for (const input of inputs) bytes += (await renderBillingPdf(input, options)).length;
  const cpu = process.cpuUsage(cpuStart);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { perSecond: count / seconds, meanBytes: bytes / count, perCpuSecond: count / ((cpu.user + cpu.system) / 1e6) };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const count = 2_000;
  for (const compress of [true, false]) {
    const { perSecond, meanBytes, perCpuSecond } = await benchmarkPdfRendering(count, { compress });
    const verdict = perSecond >= GOAL_PER_SECOND ? 'PASS' : 'MISS';
    console.log(
      `${count} invoices, ${compress ? 'compressed  ' : 'uncompressed'}: ${perSecond.toFixed(0)} PDFs/s (${perCpuSecond.toFixed(0)} per CPU second), ` +
        `mean ${(meanBytes / 1024).toFixed(1)} KiB (goal ≥ ${GOAL_PER_SECOND}/s: ${verdict}, load average ${loadavg()[0]!.toFixed(1)})`,
    );
  }
}
