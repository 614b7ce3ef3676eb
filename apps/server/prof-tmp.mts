import { checkLsu } from '@preau/lsu';
import { createReadStream } from 'node:fs';
import { createBilanScanner, type StoredFingerprint } from './src/modules/lsu-imports/bilan-fingerprints.ts';
const file = '/work/wt-import/.bench/lsu-10.0-10000p-49d75e04b4edf2ad.xml';
const stored = new Map<string, StoredFingerprint>();
for (const pass of [1, 2]) {
  const t0 = performance.now(); const c0 = process.cpuUsage();
  const s = createBilanScanner('x', pass === 1 ? new Map() : stored);
  let n = 0;
  const r = await checkLsu(s.filter(createReadStream(file, { highWaterMark: 256 * 1024 })), { content: 'xml', onBilan(b) { n++; const { fingerprint } = s.identify(b.kind, b.ordinal, b.xml!.byteLength); if (pass === 1 && fingerprint) stored.set(fingerprint, { kind: b.kind, status: 'success', pupilId: b.pupil.nationalId, slot: 's' + b.ordinal, classCode: 'x' }); } });
  const c = process.cpuUsage(c0);
  console.log(pass, r.verdict, r.errorCount, n, s.skipped, 'wall', (performance.now() - t0).toFixed(0), 'cpu', ((c.user + c.system) / 1000).toFixed(0));
}
