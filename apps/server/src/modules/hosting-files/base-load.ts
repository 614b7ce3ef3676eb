import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { type HostingLoad } from '@preau/contracts';
import type { BulkSession } from '../../db/bulk-session.ts';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../shared/app-error.ts';
import type { Clock } from '../../shared/clock.ts';
import { BASE_FILE_FORMAT, BASE_PARTS, SETTINGS_PART, loadedId, type BasePart } from './base-parts.ts';
import { fileError, HostingFileError, readContainer, type ContainerFault } from './container.ts';
import { createHostingFilesRepository, type HostingLoadRow } from './hosting-files.repository.ts';
import type { StoredLoadError } from './hosting-files.tables.ts';
import { rowInvalid, sessionWriter, statementWriter, type LoadWriter } from './load-writers.ts';

/** A running load writes its heartbeat at least this often… */
export const LOAD_HEARTBEAT_MS = 2_000;
/** …and one silent for this long belongs to a process that died. */
export const STALE_LOAD_MS = 30_000;

export interface BaseLoadDeps {
  db: Kysely<Database>;
  now: Clock;
  /** PostgreSQL: a connection holding one transaction, where the whole load is written (short statements on `db` without it). */
  openBulkSession?: () => Promise<BulkSession>;
  /** How long a running load may go without a heartbeat before another process calls it dead (0 at the start of a lone process). */
  staleAfterMs?: number;
  /** Heard after each batch of rows is written (the kill test pauses there). */
  afterRows?: (loadId: string, part: string, rowsLoaded: number) => Promise<void>;
}

const UAI = /^[0-9]{7}[A-Z]$/;
const SCHOOL_YEAR = /^([0-9]{4})-([0-9]{4})$/;

/**
 * Loads base files in the hosting console: beside the live data (a new base in state `loading`, its
 * rows given new ids), then switched in in one transaction (the replaced base kept `archived` with
 * `replaced_at`, the loaded one `stopped`, ready to be put in service); or failed whole, the loading
 * base deleted and the load's error naming the part and row. Every load is a `hosting_loads` row.
 */
export function createBaseLoad(deps: BaseLoadDeps) {
  const { db, now } = deps;
  const staleAfterMs = deps.staleAfterMs ?? STALE_LOAD_MS;
  const repository = createHostingFilesRepository(db);

  /** Marks failed the running loads with no heartbeat for `staleMs`, deleting the bases they were writing; how many. */
  async function recoverInterruptedLoads(organizationId: string | undefined, staleMs = staleAfterMs): Promise<number> {
    const stale = await repository.findStaleLoads(organizationId, new Date(now().getTime() - staleMs));
    for (const load of stale) {
      if (load.base_id) await repository.deleteLoadingBase(load.organization_id, load.base_id);
      const error: StoredLoadError = { code: 'hosting_load.interrupted', params: {}, part: null, row: null };
      await repository.updateLoad(load.organization_id, load.id, { state: 'failed', error: JSON.stringify(error), finished_at: now() });
    }
    return stale.length;
  }

  async function loadBaseFile(organizationId: string, input: AsyncIterable<Buffer>, fileName: string): Promise<HostingLoad> {
    await recoverInterruptedLoads(organizationId);
    if (await repository.hasLiveLoad(organizationId, new Date(now().getTime() - staleAfterMs))) throw new AppError('conflict', 'hosting_load.busy');
    const loadId = randomUUID();
    await repository.insertLoad(organizationId, { id: loadId, fileName, at: now() });
    const hostingNumber = await repository.findHostingNumber(organizationId);

    let bytesRead = 0;
    let rowsLoaded = 0;
    let lastBeat = now().getTime();
    let baseId: string | undefined;
    let meta: { uai: string; schoolYear: string } | undefined;
    let current: { part: BasePart | typeof SETTINGS_PART; rows: number } | undefined;
    let writer: LoadWriter | undefined;
    const parts: { name: string; rows: number }[] = [];
    const beat = async () => {
      if (now().getTime() - lastBeat < LOAD_HEARTBEAT_MS) return;
      lastBeat = now().getTime();
      await repository.updateLoad(organizationId, loadId, { heartbeat_at: now(), bytes_read: bytesRead, rows_loaded: rowsLoaded });
    };

    try {
      for await (const event of readContainer(input, BASE_FILE_FORMAT, (bytes) => (bytesRead += bytes))) {
        switch (event.kind) {
          case 'head': {
            const base = checkHead(event.head, hostingNumber);
            if (!(await repository.hasSchool(organizationId, base.uai))) throw fileError(new AppError('unprocessable', 'hosting_file.other_school', { uai: base.uai }));
            await refuseRunningBase(organizationId, base.uai, base.schoolYear);
            meta = base;
            baseId = randomUUID();
            await repository.insertLoadingBase(organizationId, { id: baseId, ...base }, now());
            await repository.updateLoad(organizationId, loadId, { base_id: baseId, uai: base.uai, school_year: base.schoolYear });
            const session = await deps.openBulkSession?.();
            writer = session ? await sessionWriter(session, organizationId, baseId) : statementWriter(db, organizationId, baseId);
            break;
          }
          case 'part': {
            const part = event.name === SETTINGS_PART.name ? SETTINGS_PART : BASE_PARTS.find((p) => p.name === event.name);
            if (!part || part.columns.join() !== event.columns.join()) throw fileError(new AppError('unprocessable', 'hosting_file.unreadable'), { part: event.name, row: null });
            current = { part, rows: 0 };
            parts.push({ name: part.name, rows: 0 });
            break;
          }
          case 'rows': {
            if (!current || !baseId || !writer) throw fileError(new AppError('unprocessable', 'hosting_file.unreadable'));
            if ('table' in current.part) {
              const part = current.part;
              await writer.insert(part, event.rows.map((row, i) => mapRow(part, loadId, row, { part: part.name, row: event.firstRow + i })), event.firstRow);
            } else {
              await loadSettings(writer, organizationId, baseId, event.rows, event.firstRow);
            }
            current.rows += event.rows.length;
            parts[parts.length - 1]!.rows = current.rows;
            rowsLoaded += event.rows.length;
            await deps.afterRows?.(loadId, current.part.name, rowsLoaded);
            break;
          }
          case 'end': {
            const expected = [SETTINGS_PART.name, ...BASE_PARTS.map((p) => p.name)];
            if (!baseId || !meta || expected.some((name) => !parts.some((p) => p.name === name))) throw fileError(new AppError('unprocessable', 'hosting_file.unreadable'));
            break;
          }
        }
        await beat();
      }
      if (!baseId || !meta || !writer) throw fileError(new AppError('unprocessable', 'hosting_file.unreadable'));
      const loaded = { baseId, ...meta };
      await writer.commit(async (trx) => {
        const r = createHostingFilesRepository(trx);
        const at = now();
        const active = await r.findActiveBase(organizationId, loaded.uai, loaded.schoolYear, true);
        if (active?.state === 'in_service') throw new AppError('conflict', 'hosting_load.base_running', { uai: loaded.uai, schoolYear: loaded.schoolYear });
        if (active) await r.setBaseState(organizationId, active.id, 'archived', at, at);
        await r.setBaseState(organizationId, loaded.baseId, 'stopped', null, at);
        await r.updateLoad(organizationId, loadId, {
          state: 'done',
          replaced_base_id: active?.id ?? null,
          bytes_read: bytesRead,
          rows_loaded: rowsLoaded,
          parts: JSON.stringify(parts),
          heartbeat_at: at,
          finished_at: at,
        });
      });
    } catch (error) {
      const fault: ContainerFault = error instanceof HostingFileError ? error.fault : { part: null, row: null };
      const stored: StoredLoadError = error instanceof AppError ? { code: error.code, params: { ...error.params }, ...fault } : { code: 'internal', params: {}, ...fault };
      await writer?.abandon();
      if (baseId) await repository.deleteLoadingBase(organizationId, baseId);
      await repository.updateLoad(organizationId, loadId, { state: 'failed', error: JSON.stringify(stored), bytes_read: bytesRead, rows_loaded: rowsLoaded, parts: JSON.stringify(parts), finished_at: now() });
      throw error;
    }
    return toHostingLoad((await repository.findLoad(organizationId, loadId))!);
  }

  /** Refuses (409) when the active base of this UAI and year is in service: it must be stopped first. */
  async function refuseRunningBase(organizationId: string, uai: string, schoolYear: string): Promise<void> {
    const active = await repository.findActiveBase(organizationId, uai, schoolYear);
    if (active?.state === 'in_service') throw fileError(new AppError('conflict', 'hosting_load.base_running', { uai, schoolYear }));
  }

  async function loadSettings(writer: LoadWriter, organizationId: string, baseId: string, rows: unknown[][], firstRow: number): Promise<void> {
    const [row] = rows;
    const [versions, provisional] = row ?? [];
    if (rows.length !== 1 || firstRow !== 1 || !Array.isArray(versions) || !versions.every((v) => typeof v === 'string') || typeof provisional !== 'boolean') {
      throw rowInvalid({ part: SETTINGS_PART.name, row: firstRow });
    }
    await createHostingFilesRepository(writer.db).setSettings(organizationId, baseId, { acceptedVersions: versions as string[], acceptNewerProvisionally: provisional });
  }

  return {
    loadBaseFile,
    recoverInterruptedLoads,

    async listLoads(organizationId: string): Promise<HostingLoad[]> {
      return (await repository.listLoads(organizationId, 20)).map(toHostingLoad);
    },

    async getLoad(organizationId: string, loadId: string): Promise<HostingLoad> {
      const row = await repository.findLoad(organizationId, loadId);
      if (!row) throw new AppError('not_found', 'not_found');
      return toHostingLoad(row);
    },

    /**
     * Switches back to a base a load replaced: the active base of its UAI and year (stopped first,
     * 409 otherwise) becomes a previously activated one, and this one the active one, stopped.
     */
    async switchBack(organizationId: string, baseId: string): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const r = createHostingFilesRepository(trx);
        const base = await r.findBase(organizationId, baseId);
        if (!base) throw new AppError('not_found', 'base.not_found');
        if (base.replaced_at === null) throw new AppError('conflict', 'hosting_load.not_replaced');
        const at = now();
        const active = await r.findActiveBase(organizationId, base.uai, base.school_year, true);
        if (active?.state === 'in_service') throw new AppError('conflict', 'hosting_load.active_in_service');
        if (active) await r.setBaseState(organizationId, active.id, 'archived', at, at);
        await r.setBaseState(organizationId, baseId, 'stopped', null, at);
      });
    },
  };
}

export type BaseLoad = ReturnType<typeof createBaseLoad>;

/** A row of the file as it is inserted: ids of the base's rows given their new ids, JSON columns as text. */
function mapRow(part: BasePart, salt: string, row: unknown[], fault: { part: string; row: number }): unknown[] {
  return part.columns.map((column, i) => {
    const value = row[i] ?? null;
    if (part.ids.includes(column)) {
      if (value === null && column !== 'id') return null;
      if (typeof value !== 'string' || value === '') throw rowInvalid(fault);
      return loadedId(salt, value);
    }
    if (part.json?.includes(column)) return JSON.stringify(value);
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) throw rowInvalid(fault);
    return value;
  });
}

/** The head's base metadata, checked: its shape (unreadable otherwise) and its hosting number. */
function checkHead(head: Record<string, unknown>, hostingNumber: string | undefined): { uai: string; schoolYear: string; name: string; degree: 'ecole' | 'college' } {
  const base = head.base as Record<string, unknown> | undefined;
  const year = typeof base?.schoolYear === 'string' ? SCHOOL_YEAR.exec(base.schoolYear) : null;
  if (
    typeof base !== 'object' || base === null ||
    typeof base.uai !== 'string' || !UAI.test(base.uai) ||
    !year || Number(year[2]) !== Number(year[1]) + 1 ||
    typeof base.name !== 'string' || base.name.trim() === '' ||
    (base.degree !== 'ecole' && base.degree !== 'college') ||
    typeof base.hostingNumber !== 'string'
  ) {
    throw fileError(new AppError('unprocessable', 'hosting_file.unreadable'));
  }
  if (base.hostingNumber !== hostingNumber) throw fileError(new AppError('unprocessable', 'hosting_file.other_hosting_number', { hostingNumber: base.hostingNumber }));
  return { uai: base.uai, schoolYear: year[0], name: base.name, degree: base.degree };
}

function toHostingLoad(row: HostingLoadRow): HostingLoad {
  return {
    id: row.id,
    state: row.state,
    fileName: row.file_name,
    uai: row.uai,
    schoolYear: row.school_year,
    baseId: row.state === 'done' ? row.base_id : null,
    replacedBaseId: row.replaced_base_id,
    bytesRead: Number(row.bytes_read),
    rowsLoaded: Number(row.rows_loaded),
    parts: row.parts,
    error: row.error,
    startedAt: row.started_at.toISOString(),
    finishedAt: row.finished_at?.toISOString() ?? null,
  };
}
