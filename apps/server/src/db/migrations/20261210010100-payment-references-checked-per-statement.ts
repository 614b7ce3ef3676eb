import { sql, type Kysely } from 'kysely';

/**
 * A bank statement's import (modules/payments, decision 0016) inserts its entries and decisions by
 * the ten thousand, 2,000 to a statement. A foreign key checks each inserted row on its own (a query
 * per row: about 10 µs), even when the statement's 2,000 rows name one parent: every entry names its
 * statement, every decision one of a hundred organisations. These two keys made a quarter of the
 * import's database time (20,000 entries: 0.38 s of 1.45 s); they are checked here once per
 * statement, on its rows together, with the same guarantees:
 *
 * - inserting or updating a child: the parents it names are locked `for key share` (as a foreign
 *   key's check locks them: none can go before the transaction ends), and each must exist;
 * - deleting a parent still named, or changing its id: refused.
 *
 * Both raise SQLSTATE 23503 (foreign_key_violation), as a foreign key does. The keys whose rows name
 * as many parents as there are rows (a decision's entry and invoice, a payment's invoice) stay
 * foreign keys: a check per statement costs them as much (locking and finding 2,000 rows).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations work on any schema.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create function preau_check_references() returns trigger language plpgsql as $$
    declare
      child_column text := tg_argv[0];
      parent_table text := tg_argv[1];
      missing text;
    begin
      -- Few distinct keys a statement (one statement, a hundred organisations): locked as a foreign key's check
      -- locks them, then checked.
      execute format('select count(*) from (select 1 from %2$I p where p.id in (select %1$I from new_rows) for key share of p) locked',
        child_column, parent_table);
      execute format('select c.k from (select distinct %1$I as k from new_rows where %1$I is not null) c
        where not exists (select 1 from %2$I p where p.id = c.k) limit 1', child_column, parent_table) into missing;
      if missing is not null then
        raise exception 'insert or update on table "%" violates foreign key "%": key (%)=(%) is not present in table "%"',
          tg_table_name, tg_name, child_column, missing, parent_table using errcode = '23503';
      end if;
      return null;
    end $$`.execute(db);
  // The parent's side: deleting rows still named (one check per statement), or changing the id of one (per row, only
  // when an update sets the id: never in Préau's code).
  await sql`
    create function preau_check_referenced() returns trigger language plpgsql as $$
    declare
      named text;
      i integer := 0;
    begin
      while i < tg_nargs loop
        if tg_level = 'STATEMENT' then
          execute format('select o.id from old_rows o where exists (select 1 from %1$I c where c.%2$I = o.id) limit 1', tg_argv[i], tg_argv[i + 1]) into named;
        else
          execute format('select $1 where exists (select 1 from %1$I c where c.%2$I = $1)', tg_argv[i], tg_argv[i + 1]) into named using old.id;
        end if;
        if named is not null then
          raise exception 'update or delete on table "%" violates foreign key "%.%": key (id)=(%) is still referenced',
            tg_table_name, tg_argv[i], tg_argv[i + 1], named using errcode = '23503';
        end if;
        i := i + 2;
      end loop;
      return null;
    end $$`.execute(db);

  const children: [string, string, string][] = [
    ['billing_bank_entries', 'statement_id', 'billing_bank_statements'],
    ['billing_payment_decisions', 'organization_id', 'organization'],
  ];
  for (const [table, column, parent] of children) {
    await sql`alter table ${sql.table(table)} drop constraint ${sql.ref(`${table}_${column}_fkey`)}`.execute(db);
    for (const event of ['insert', 'update'] as const) {
      await sql`create trigger ${sql.ref(`${table}_${column}_${event}_references`)} after ${sql.raw(event)} on ${sql.table(table)}
        referencing new table as new_rows for each statement execute function preau_check_references(${sql.lit(column)}, ${sql.lit(parent)})`.execute(db);
    }
  }
  const parents: [string, string[]][] = [
    ['billing_bank_statements', ['billing_bank_entries', 'statement_id']],
    ['organization', ['billing_payment_decisions', 'organization_id']],
  ];
  for (const [table, named] of parents) {
    const args = sql.join(named.map((name) => sql.lit(name)));
    await sql`create trigger ${sql.ref(`${table}_delete_referenced`)} after delete on ${sql.table(table)}
      referencing old table as old_rows for each statement execute function preau_check_referenced(${args})`.execute(db);
    await sql`create trigger ${sql.ref(`${table}_id_referenced`)} after update of id on ${sql.table(table)}
      for each row when (old.id is distinct from new.id) execute function preau_check_referenced(${args})`.execute(db);
  }
}
