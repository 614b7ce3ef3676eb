/**
 * `npm run bench:audit`: what the audit log costs a write route, in process. The same write route
 * (a pupil's record replaced through the API, as the console does) is called in rounds, the audit
 * triggers on and off by turns (`alter table … disable trigger audit_changes`), on PostgreSQL when
 * TEST_DATABASE_URL names one (as the tests connect: a role under row-level security), else on
 * PGlite. Prints the median time per call of each and the overhead; the goal is under 10 %. The
 * connection's `preau.audit` setting travels with `preau.tenant` in one round trip either way, so it
 * is not part of the difference measured. Options (environment): BENCH_CALLS (per round, default
 * 200), BENCH_ROUNDS (default 6).
 */
import { performance } from 'node:perf_hooks';
import { loadavg } from 'node:os';
import { sql } from 'kysely';
import { createTestApp, makeBase, makeOrganization } from '../apps/server/test/support/index.ts';

const CALLS = Number(process.env.BENCH_CALLS ?? 200);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 6);
const log = (line = '') => console.log(line);

const t = await createTestApp();
try {
  const org = await makeOrganization(t, { owner: 'owner' });
  const owner = org.people.owner.agent;
  const base = await makeBase(owner, org.organization.id);
  const schoolClass = (await owner.post(`/api/bases/${base.id}/classes`, { code: '6A', label: '6e A' })).json<{ id: string }>();
  const pupil = (await owner.post(`/api/bases/${base.id}/pupils`, { nationalId: '1', lastName: 'Martin', firstName: 'Éloïse', classId: schoolClass.id })).json<{ id: string }>();
  const audited = (await sql<{ table: string }>`select c.relname as table from pg_trigger g join pg_class c on c.oid = g.tgrelid where g.tgname = 'audit_changes'`.execute(t.db)).rows.map((r) => r.table);
  const setTriggers = async (on: boolean) => {
    for (const table of audited) await sql`alter table ${sql.table(table)} ${sql.raw(on ? 'enable' : 'disable')} trigger audit_changes`.execute(t.db);
  };
  let n = 0;
  const round = async (): Promise<number> => {
    const start = performance.now();
    for (let i = 0; i < CALLS; i += 1) {
      n += 1;
      const response = await owner.put(`/api/bases/${base.id}/pupils/${pupil.id}`, { nationalId: '1', lastName: `Martin ${n}`, firstName: 'Éloïse', classId: schoolClass.id });
      if (response.statusCode !== 200) throw new Error(`write failed: ${response.statusCode} ${response.body}`);
    }
    return (performance.now() - start) / CALLS;
  };
  await round(); // warm-up
  const on: number[] = [];
  const off: number[] = [];
  for (let r = 0; r < ROUNDS; r += 1) {
    await setTriggers(r % 2 === 1);
    (r % 2 === 1 ? on : off).push(await round());
    await setTriggers(r % 2 === 0);
    (r % 2 === 0 ? on : off).push(await round());
  }
  await setTriggers(true);
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const withAudit = median(on);
  const without = median(off);
  const overhead = (withAudit - without) / without;
  log(`audit overhead on ${t.databaseKind}: ${CALLS} × ${ROUNDS * 2} calls of PUT /api/bases/:baseId/pupils/:pupilId`);
  log(`  with the audit triggers    ${withAudit.toFixed(3)} ms per call (median of rounds)`);
  log(`  without the audit triggers ${without.toFixed(3)} ms per call`);
  log(`  overhead ${(overhead * 100).toFixed(1)} % (goal < 10 %: ${overhead < 0.1 ? 'PASS' : 'MISS'}); load ${loadavg().map((v) => v.toFixed(2)).join(' ')}`);
} finally {
  await t.close();
}
