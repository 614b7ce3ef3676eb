import { sql, type Kysely } from 'kysely';

/**
 * A bilan's content (its XML, 4-5 kB) compresses to about 1.6 kB with lz4, and its row then weighs
 * about 2.05 kB: just over the 2,032 bytes past which PostgreSQL moves a value out of the row, into
 * the TOAST table. Half the bilans of a collège file went there, each costing a second row and an
 * index entry of the TOAST table, and a read of both when shown. With a target of 2,600 bytes, a
 * compressed bilan stays in its row; only rows between 2,032 and 2,600 bytes before compression
 * (a bilan of 1.7-2.2 kB, rare) stay uncompressed. The rows live in the default partition (decision
 * 0006), where storage parameters go: a partitioned table takes none.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations work on any schema.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table lsu_import_bilans_unscoped set (toast_tuple_target = 2600)`.execute(db);
}

