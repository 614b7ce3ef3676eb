import { sql, type CreateTableBuilder, type Kysely } from 'kysely';

/**
 * LSU imports: API tokens of a base, the imports (history, progress, file-level verdict), each
 * bilan's outcome in an import (staged, then switched in as the base's current version), and the
 * helper function the job queue runs its multi-statement scripts through.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations work on any schema.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('api_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('base_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    // sha-256 of the token, hex; the token itself is never stored.
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_by_user_id', 'text', (c) => c.references('user.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('last_used_at', 'timestamptz')
    .addColumn('revoked_at', 'timestamptz')
    .$call(belongsToBase('api_tokens'))
    .execute();
  await db.schema.createIndex('api_tokens_base_idx').on('api_tokens').columns(['base_id', 'created_at']).execute();

  await db.schema
    .createTable('lsu_imports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('base_id', 'text', (c) => c.notNull())
    .addColumn('school_year', 'text', (c) => c.notNull())
    .addColumn('mode', 'text', (c) => c.notNull().check(sql`mode in ('manual', 'automatic')`))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('file_size', 'bigint', (c) => c.notNull())
    .addColumn('submitted_by', 'text', (c) => c.notNull())
    .addColumn('submitted_by_user_id', 'text', (c) => c.references('user.id').onDelete('set null'))
    .addColumn('api_token_id', 'text', (c) => c.references('api_tokens.id').onDelete('set null'))
    .addColumn('state', 'text', (c) =>
      c.notNull().defaultTo('queued').check(sql`state in ('queued', 'running', 'done', 'error', 'failed')`),
    )
    .addColumn('job_id', 'text')
    .addColumn('editor', 'text')
    .addColumn('application', 'text')
    .addColumn('source_kind', 'text', (c) => c.check(sql`source_kind in ('public', 'private')`))
    .addColumn('schema_version', 'text')
    .addColumn('classes', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .$call(countColumns)
    .addColumn('bytes_read', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('bilans_processed', 'integer', (c) => c.notNull().defaultTo(0))
    // Written with the progress (about every second) while running: a stale one means a dead worker.
    .addColumn('heartbeat_at', 'timestamptz')
    .addColumn('errors', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('error_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('started_at', 'timestamptz')
    .addColumn('finished_at', 'timestamptz')
    .$call(belongsToBase('lsu_imports'))
    .execute();
  await db.schema
    .createIndex('lsu_imports_history_idx')
    .on('lsu_imports')
    .columns(['base_id', 'school_year', 'created_at desc', 'id desc'])
    .execute();
  await db.schema
    .createIndex('lsu_imports_active_idx')
    .on('lsu_imports')
    .column('state')
    .where(sql.ref('state'), 'in', ['queued', 'running'])
    .execute();

  await db.schema
    .createTable('lsu_import_bilans')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('base_id', 'text', (c) => c.notNull())
    .addColumn('import_id', 'text', (c) => c.notNull().references('lsu_imports.id').onDelete('cascade'))
    .addColumn('ordinal', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('periodic', 'cycle')`))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('success', 'alert', 'rejected')`))
    .addColumn('pupil_national_id', 'text', (c) => c.notNull())
    .addColumn('pupil_last_name', 'text', (c) => c.notNull())
    .addColumn('pupil_first_name', 'text', (c) => c.notNull())
    .addColumn('pupil_id', 'text', (c) => c.references('pupils.id').onDelete('set null'))
    .addColumn('class_code', 'text', (c) => c.notNull())
    .addColumn('period_id', 'text', (c) => c.references('periods.id').onDelete('set null'))
    .addColumn('period_index', 'integer')
    .addColumn('period_count', 'integer')
    .addColumn('cycle', 'integer')
    .addColumn('messages', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    // Full content while staged or current; dropped when a newer version replaces it. `json`, not
    // `jsonb`: it is only ever read whole, and PostgreSQL takes it in about twice as fast (10⁴ bilans
    // of a few KB per import) and stores it smaller.
    .addColumn('content', 'json')
    .addColumn('content_hash', 'text')
    // The base's stored version of this bilan (one per base + pupil + period, or base + pupil + cycle).
    .addColumn('current', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .$call(belongsToBase('lsu_import_bilans'))
    .execute();
  // A row long enough to be toasted (over ~2 KB, most bilans) is shrunk to 512 bytes, not ~2 KB: its
  // content goes out of line, so switching an import in (a flag on every accepted row, a full new row
  // version each) writes about a quarter less; 512 still holds the other columns, which must stay in line.
  await sql`alter table lsu_import_bilans set (toast_tuple_target = 512)`.execute(db);
  // Pages of an import's bilans in file order; a status filter reads along it (a few 10⁴ rows at most).
  await db.schema
    .createIndex('lsu_import_bilans_page_idx')
    .on('lsu_import_bilans')
    .columns(['import_id', 'kind', 'ordinal'])
    .execute();
  await db.schema
    .createIndex('lsu_import_bilans_current_period_unique')
    .on('lsu_import_bilans')
    .columns(['base_id', 'pupil_id', 'period_id'])
    .unique()
    .where(sql<boolean>`current and kind = 'periodic'`)
    .execute();
  await db.schema
    .createIndex('lsu_import_bilans_current_cycle_unique')
    .on('lsu_import_bilans')
    .columns(['base_id', 'pupil_id', 'cycle'])
    .unique()
    .where(sql<boolean>`current and kind = 'cycle'`)
    .execute();

  // pg-boss sends its schema and maintenance scripts as several statements in one string; PGlite runs
  // a parameterised query as one statement, so the queue adapter passes such scripts through here.
  await sql`
    create function preau_run_script(script text) returns void language plpgsql as $body$
    begin
      execute script;
    end
    $body$
  `.execute(db);
}

function countColumns<T extends string>(table: CreateTableBuilder<T>): CreateTableBuilder<T, never> {
  let builder = table as CreateTableBuilder<T, never>;
  for (const kind of ['periodic', 'cycle']) {
    for (const status of ['success', 'alert', 'rejected']) {
      builder = builder.addColumn(`${kind}_${status}`, 'integer', (c) => c.notNull().defaultTo(0));
    }
  }
  return builder;
}

/** The (base_id, organization_id) foreign key to `school_bases`, deleting the rows with their base. */
function belongsToBase(table: string) {
  return <T extends string>(builder: CreateTableBuilder<T, never>) =>
    builder.addForeignKeyConstraint(
      `${table}_base_fkey`,
      ['base_id', 'organization_id'] as never,
      'school_bases',
      ['id', 'organization_id'],
      (fk) => fk.onDelete('cascade'),
    );
}
