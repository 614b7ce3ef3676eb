/**
 * SQL of the base's stored bilans: the stored version of a key (pupil + slot) is the bilan of a
 * finished import that still has content (docs/decisions/0004-lsu-bilan-storage.md).
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { inlineParameters } from '../../db/copy-text.ts';
import { findCopyOut } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';
import { joinTransferable } from '../../shared/transferable-bytes.ts';

type StoredRef = { organizationId: string; baseId: string };

/**
 * The base's stored bilans that have a fingerprint (what a re-import compares its bilans with), read
 * along the partial index of stored versions, as the UTF-8 bytes of the text `readStoredFingerprints`
 * reads in the parse worker: PostgreSQL's COPY text format, one line per bilan (fingerprint, kind,
 * status, pupil, slot, class), fields separated by tabs. The bytes are in a buffer of their own, handed
 * to the worker without a copy: 35,000 rows as objects cost the import's thread about a tenth of a
 * second to read, and as much again to hand over; as a string (5 MB), a copy to hand over and a large
 * object that waits in the thread's heap for a full collection.
 * On PostgreSQL, `COPY … TO STDOUT` writes it: 50–55 ms for 35,000 rows, where `string_agg` took
 * 100–115 ms to build the same text (and `json_agg` 180–250 ms), while the parse waits for it at
 * the file's first bilan. PGlite (no COPY to a stream) builds it with `string_agg`, escaping as COPY
 * does the one field that can hold a tab, a line break or a backslash: the class, from an LSU file.
 */
export async function findStoredFingerprints(db: Kysely<Database>, ref: StoredRef): Promise<Uint8Array> {
  const copyOut = findCopyOut(db);
  if (copyOut) {
    const chunks: Buffer[] = [];
    for await (const chunk of await copyOut(storedFingerprintsCopy(db, ref))) chunks.push(chunk as Buffer);
    return joinTransferable(chunks);
  }
  const classCode = sql`replace(replace(replace(replace(b.class_code, '\\', '\\\\'), chr(9), '\\t'), chr(10), '\\n'), chr(13), '\\r')`;
  const { list } = await storedWithFingerprints(db, ref)
    // No field is null here: `concat_ws` builds each line in one step.
    .select(sql<string>`coalesce(string_agg(concat_ws(chr(9), b.fingerprint, b.kind, b.status, b.pupil_id, b.slot, ${classCode}) || chr(10), ''), '')`.as('list'))
    .executeTakeFirstOrThrow();
  return new TextEncoder().encode(list);
}

/** The statement `findStoredFingerprints` runs on PostgreSQL. */
export function storedFingerprintsCopy(db: Kysely<Database>, ref: StoredRef): string {
  const query = storedWithFingerprints(db, ref).select(['b.fingerprint', 'b.kind', 'b.status', 'b.pupil_id', 'b.slot', 'b.class_code']).compile();
  return `copy (${inlineParameters(query)}) to stdout`;
}

function storedWithFingerprints(db: Kysely<Database>, ref: StoredRef) {
  return db
    .selectFrom('lsu_import_bilans as b')
    .innerJoin('lsu_imports as i', (join) => join.onRef('i.id', '=', 'b.import_id').on('i.state', '=', 'done').on('i.organization_id', '=', ref.organizationId))
    .where('b.organization_id', '=', ref.organizationId)
    .where('b.base_id', '=', ref.baseId)
    .where('b.content', 'is not', null)
    .where('b.fingerprint', 'is not', null)
    .where('b.pupil_id', 'is not', null)
    .where('b.slot', 'is not', null);
}

/** What a parse says of the bilans it staged with content: whether a key (pupil + slot) came twice, and the pupils and periods they are of. */
export interface StagedKeys {
  keyTwice: boolean;
  pupils: string[];
  periods: string[];
}

/**
 * Each accepted bilan becomes the base's stored version of its key (pupil + slot; the last one in
 * the file when it holds a key twice) unless the stored one is identical (same content and verdict):
 * the versions it replaces lose their content, and so do the bilans that did not become stored
 * (copies of what is stored, duplicates, a pupil or period deleted meanwhile). The base row is locked
 * first, so two imports of a base switch in one after the other.
 *
 * With `staged`, only what can have happened is searched: the earlier bilan of a key held twice when
 * the parse saw one, the bilans of a pupil or period deleted since the parse began when one of those
 * `staged` names is gone. Each search reads every staged bilan (on a file of 35,000 bilans, 70–80 ms
 * for the first, 40–50 ms for the second, against 5 ms to look the pupils and periods up).
 */
export async function switchInBilans(trx: Kysely<Database>, ref: { organizationId: string; baseId: string; importId: string }, staged?: StagedKeys): Promise<void> {
  const { organizationId, baseId, importId } = ref;
  await trx.selectFrom('school_bases').select('id').where('id', '=', baseId).where('organization_id', '=', organizationId).forUpdate().execute();
  const conditions: RawBuilder<unknown>[] = [];
  // An earlier bilan of a key the file holds twice: not the stored version of its key.
  if (!staged || staged.keyTwice) {
    conditions.push(sql`id in (
        select id from (
          select id, row_number() over (partition by pupil_id, slot order by ordinal desc) as rank
          from lsu_import_bilans where import_id = ${importId} and content is not null
        ) ranked where rank > 1
      )`);
  }
  // A bilan whose pupil or period was deleted meanwhile.
  if (!staged || (await anyGone(trx, baseId, staged))) {
    conditions.push(sql`pupil_id not in (select id from pupils where base_id = ${baseId})`);
    conditions.push(sql`(kind = 'periodic' and period_id not in (select id from periods where base_id = ${baseId}))`);
  }
  if (conditions.length > 0) {
    await sql`
    update lsu_import_bilans set content = null
    where import_id = ${importId} and base_id = ${baseId} and organization_id = ${organizationId} and content is not null and (
      ${sql.join(conditions, sql`
      or `)}
    )
    `.execute(trx);
  }
  const earlier = await trx
    .selectFrom('lsu_imports')
    .select('id')
    .where('base_id', '=', baseId)
    .where('organization_id', '=', organizationId)
    .where('state', '=', 'done')
    .where('id', '<>', importId)
    .limit(1)
    .executeTakeFirst();
  if (!earlier) return; // the base's first import replaces nothing
  // The versions stored before for the same keys: replaced, unless identical (then this copy goes).
  await sql`
    with pairs as (
      select n.id as new_id, o.id as old_id,
        o.status = n.status and o.messages = n.messages and o.content = n.content as unchanged
      from lsu_import_bilans n
      join lsu_import_bilans o on o.base_id = n.base_id and o.pupil_id = n.pupil_id and o.slot = n.slot
        and o.content is not null and o.import_id <> n.import_id
      join lsu_imports oi on oi.id = o.import_id and oi.state = 'done'
      where n.import_id = ${importId} and n.base_id = ${baseId} and n.organization_id = ${organizationId} and n.content is not null
    )
    update lsu_import_bilans set content = null
    where id in (select old_id from pairs where not unchanged union all select new_id from pairs where unchanged)
  `.execute(trx);
}

/** Whether a pupil or period of `staged` is no longer in the base. Ids travel joined by commas (UUIDs): one text parameter rather than an array of 10,000. */
async function anyGone(trx: Kysely<Database>, baseId: string, staged: Pick<StagedKeys, 'pupils' | 'periods'>): Promise<boolean> {
  const { rows } = await sql<{ gone: boolean }>`
    select exists (
      select 1 from unnest(string_to_array(${staged.pupils.join(',')}, ',')) as staged(id)
      where not exists (select 1 from pupils p where p.id = staged.id and p.base_id = ${baseId})
    ) or exists (
      select 1 from unnest(string_to_array(${staged.periods.join(',')}, ',')) as staged(id)
      where not exists (select 1 from periods p where p.id = staged.id and p.base_id = ${baseId})
    ) as gone
  `.execute(trx);
  return rows[0]?.gone ?? true;
}
