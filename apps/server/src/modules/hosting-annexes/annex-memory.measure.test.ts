// A measure, not a check run with the suite (PREAU_MEASURE=1): the memory a large document costs
// through an annex file, written and then completed, against the process's resident size before.
// The document's bytes go from storage to the file and from the upload to storage one line at a time.
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { getHeapStatistics } from 'node:v8';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { afterAll, describe, expect, it } from 'vitest';
import type { AnnexReport } from '@preau/contracts';
import { createTestApp, hostingAgent, makeOrganization, type TestApp } from '../../../test/support/index.ts';
import { createLocalStorage } from '../storage/local-storage.ts';
import { createAnnexExport } from './annex-export.ts';

const MB = 1024 * 1024;
const SIZE = Number(process.env.PREAU_MEASURE_MB ?? 200) * MB;

/** Peak resident size while `run` runs, sampled every 20 ms. */
async function peakRss<T>(run: () => Promise<T>): Promise<{ result: T; peak: number; seconds: number }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const started = performance.now();
  try {
    const result = await run();
    return { result, peak: Math.max(peak, process.memoryUsage().rss), seconds: (performance.now() - started) / 1000 };
  } finally {
    clearInterval(timer);
  }
}

describe.skipIf(process.env.PREAU_MEASURE !== '1')('annex files: memory of a large document', () => {
  let t: TestApp;
  afterAll(() => t?.close());

  it('writes and completes a document of PREAU_MEASURE_MB (200) MB with a flat memory', async () => {
    t = await createTestApp({ mailMode: 'outbox' });
    const org = await makeOrganization(t, { owner: 'owner' });
    const target = await makeOrganization(t, { owner: 'owner' });
    const storage = createLocalStorage(path.join(t.config.dataDir, 'objects'));
    const uai = '0931234Z';
    const [sourceBase, targetBase, classId, targetClass, fileId] = [randomUUID(), randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    for (const [base, orgId, cls] of [[sourceBase, org.organization.id, classId], [targetBase, target.organization.id, targetClass]] as const) {
      await t.db.insertInto('school_bases').values({ id: base, organization_id: orgId, uai, name: 'Collège', degree: 'college', school_year: '2025-2026', state: 'in_service' }).execute();
      await t.db.insertInto('classes').values({ id: cls, organization_id: orgId, base_id: base, code: '3A', label: '3e A' }).execute();
    }
    // Pseudo-random bytes (gzip cannot shrink them): the worst case for the file's size.
    const key = `bases/${sourceBase}/document/${fileId}`;
    async function* bytes() {
      let seed = createHash('sha256').update('seed').digest();
      for (let sent = 0; sent < SIZE; sent += MB) {
        const chunk = Buffer.alloc(MB);
        for (let at = 0; at < MB; at += 32) {
          seed = createHash('sha256').update(seed).digest();
          seed.copy(chunk, at);
        }
        yield chunk;
      }
    }
    const stored = await storage.put(key, Readable.from(bytes()));
    await t.db.insertInto('base_files').values({ id: fileId, organization_id: org.organization.id, base_id: sourceBase, kind: 'document', storage_key: key, content_type: 'application/pdf', size_bytes: stored.size, sha256: stored.sha256, pupil_id: null, class_id: classId, created_by_user_id: null }).execute();
    await t.db.insertInto('base_documents').values({ id: randomUUID(), organization_id: org.organization.id, base_id: sourceBase, file_id: fileId, title: 'Gros document', category: 'other', visible_to: [], file_name: 'gros.pdf', created_by_user_id: null }).execute();
    global.gc?.();
    const before = process.memoryUsage().rss;

    const out = path.join(t.config.dataDir, 'annex.preau-documents');
    const exported = await peakRss(async () => {
      const file = await createAnnexExport({ db: t.db, storage, now: () => new Date(), source: { instance: 'x', preauVersion: '0' } }).openAnnexFile(org.organization.id, sourceBase, 'documents', target.organization.hostingNumber);
      await pipeline(file.stream, createWriteStream(out));
    });
    const fileSize = (await stat(out)).size;

    const hosting = await hostingAgent(t, target.organization.id);
    const completed = await peakRss(async () => {
      const metadata = `purpose ${Buffer.from('hosting-annex').toString('base64')},filename ${Buffer.from('annex.preau-documents').toString('base64')}`;
      const created = await hosting.request({ method: 'POST', url: '/api/hosting/uploads', headers: { 'tus-resumable': '1.0.0', 'upload-length': String(fileSize), 'upload-metadata': metadata } });
      const url = created.headers.location as string;
      // 8 MB PATCHes, as the console sends them.
      for (let offset = 0; offset < fileSize; offset += 8 * MB) {
        const end = Math.min(fileSize, offset + 8 * MB) - 1;
        const sent = await hosting.request({ method: 'PATCH', url, body: createReadStream(out, { start: offset, end }) as never, headers: { 'tus-resumable': '1.0.0', 'upload-offset': String(offset), 'content-type': 'application/offset+octet-stream', 'content-length': String(end - offset + 1) } });
        expect(sent.statusCode, sent.body).toBe(204);
      }
      const answer = await hosting.post('/api/hosting/annexes', { uploadId: url.split('/').at(-1) });
      expect(answer.statusCode, answer.body).toBe(200);
      return answer.json<AnnexReport>();
    });
    expect(completed.result.counts.attached).toBe(1);
    const mb = (n: number) => Math.round(n / MB);
    // eslint-disable-next-line no-console -- the measure's output
    console.log(`document ${mb(SIZE)} MB, annex file ${mb(fileSize)} MB; rss before ${mb(before)} MB; export ${exported.seconds.toFixed(1)} s, peak +${mb(exported.peak - before)} MB; upload and completion ${completed.seconds.toFixed(1)} s, peak +${mb(completed.peak - before)} MB; heap limit ${mb(getHeapStatistics().heap_size_limit)} MB`);
  }, 600_000);
});
