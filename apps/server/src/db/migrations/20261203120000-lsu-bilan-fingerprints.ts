import { sql, type Kysely } from 'kysely';

/**
 * A fingerprint on each imported bilan (decision 0007): a SHA-256 of the bilan's bytes as the file
 * wrote them and of everything its verdict depends on (the file's declarations before the bilans, the
 * base's structure, the accepted versions). A re-import compares the fingerprints of its bilans with
 * those of the base's stored ones and leaves out the identical ones. Null for bilans imported before,
 * or whose bytes could not be told apart safely: those are always compared and sent.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations work on any schema.
export async function up(db: Kysely<any>): Promise<void> {
  // On the partitioned parent: the column reaches `lsu_import_bilans_unscoped` with it.
  await sql`alter table lsu_import_bilans add column fingerprint text`.execute(db);
}
