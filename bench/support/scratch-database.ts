/**
 * A scratch PostgreSQL database for a benchmark, owned by a role that is not a superuser, so that
 * row-level security applies to Préau and to the references (psql, pgbench) alike, as in production
 * (decision 0006).
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const BENCH_ROLE = 'preau_bench';

export interface ScratchDatabase {
  name: string;
  /** Préau's connection: the bench role on the scratch database. */
  url: string;
  /** A superuser connection to the scratch database (for what the role may not do, e.g. EXPLAIN as another role). */
  adminUrl: string;
  /** Runs one statement as the superuser, on the server's default database unless `url` says otherwise. */
  admin(text: string, url?: string, values?: unknown[]): Promise<pg.QueryResult>;
  drop(): Promise<void>;
}

export async function createScratchDatabase(kind: string, serverAdminUrl: string): Promise<ScratchDatabase> {
  const name = `preau_bench_${kind}_${randomBytes(4).toString('hex')}`;
  const adminUrl = new URL(serverAdminUrl);
  adminUrl.pathname = `/${name}`;
  const url = new URL(adminUrl);
  url.username = BENCH_ROLE;
  url.password = BENCH_ROLE;
  const admin = async (text: string, connectionString = serverAdminUrl, values?: unknown[]) => {
    const client = new pg.Client({ connectionString });
    await client.connect();
    try {
      return await client.query(text, values);
    } finally {
      await client.end();
    }
  };
  await admin(`create role ${BENCH_ROLE} login password '${BENCH_ROLE}' nosuperuser nobypassrls`).catch((error: { code?: string }) => {
    if (error.code !== '42710') throw error; // already exists
  });
  await admin(`create database "${name}" owner ${BENCH_ROLE}`);
  return { name, url: url.toString(), adminUrl: adminUrl.toString(), admin, drop: async () => void (await admin(`drop database if exists "${name}" with (force)`)) };
}
