import { sql, type Kysely } from 'kysely';

/**
 * The organisation's audit log (modules/audit, decision 0020): one append-only table written by the
 * database itself, in the transaction of the change it records.
 *
 * - `audit_log`: who (actor kind, id and name at the time, the support access an operator acted
 *   under), what (the route's access action, the operation, the object's kind and id, the changed
 *   fields before and after), when, from where (IP, user agent). Row-level security like every tenant
 *   table. A trigger refuses UPDATE and DELETE, and TRUNCATE; the two exceptions are the retention purge
 *   (`preau_audit_purge`), which may only delete entries older than the organisation's retention, and a
 *   pupil's erasure (`preau_audit_erase`), which may only blank the values of the entries about the pupil.
 * - The request's context (actor, action, IP, user agent, base) is the session setting `preau.audit`,
 *   set with `preau.tenant` on each connection the pool hands out (db/scoped-pool.ts); outside a
 *   request it is empty and the entry's actor is `system`.
 * - AFTER row triggers on every table an organisation's changes land in write one entry per row
 *   changed, with the changed fields only (secrets named, never their values; book-keeping columns
 *   such as `updated_at` ignored). Tables written by the thousand get one entry per statement and
 *   organisation instead (how many rows), and the bilans of an import none (the import's own row
 *   records what it stored); nor do the rows of a base being loaded from a base file (the load's own
 *   row records them), nor a row of no organisation (the operator's unidentified bank entries).
 * - `audit_settings`: the organisation's retention in days (365 when absent, 30 to 3650).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations work on any schema.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table audit_log (
      id bigint generated always as identity primary key,
      organization_id text not null,
      base_id text,
      at timestamptz not null default clock_timestamp(),
      actor_kind text not null check (actor_kind in ('account', 'api_token', 'operator_support', 'hosting', 'anonymous', 'system')),
      actor_id text,
      actor_name text,
      support_grant_id text,
      action text not null,
      operation text not null check (operation in ('insert', 'update', 'delete', 'read', 'summary')),
      object_kind text not null,
      object_id text,
      changes jsonb,
      ip text,
      user_agent text
    )`.execute(db);
  await sql`create index audit_log_organization_idx on audit_log (organization_id, id)`.execute(db);
  await sql`create index audit_log_base_idx on audit_log (organization_id, base_id, id) where base_id is not null`.execute(db);
  await sql`create index audit_log_object_idx on audit_log (organization_id, object_id, id)`.execute(db);
  await sql`create index audit_log_actor_idx on audit_log (organization_id, actor_id, id)`.execute(db);
  await sql`create index audit_log_at_idx on audit_log (organization_id, at)`.execute(db);
  await sql`
    create table audit_settings (
      organization_id text primary key references organization (id) on delete cascade,
      retention_days integer not null check (retention_days between 30 and 3650),
      updated_at timestamptz not null default now()
    )`.execute(db);
  for (const table of ['audit_log', 'audit_settings']) {
    await sql`alter table ${sql.table(table)} enable row level security`.execute(db);
    await sql`alter table ${sql.table(table)} force row level security`.execute(db);
    const tenant = sql`(select current_setting('preau.tenant', true))`;
    const visible = sql`${tenant} = '*' or organization_id = ${tenant}`;
    await sql`create policy tenant_scope on ${sql.table(table)} for all using (${visible}) with check (${visible})`.execute(db);
  }

  // Append-only for any role, the owner and superusers included (PGlite runs as one): a trigger, not privileges.
  await sql`
    create function preau_audit_guard() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' and current_setting('preau.audit_purge', true) = 'on' then
        if old.at < now() - make_interval(days => coalesce((select s.retention_days from audit_settings s where s.organization_id = old.organization_id), 365)) then
          return old;
        end if;
      end if;
      if tg_op = 'UPDATE' and current_setting('preau.audit_erasure', true) = 'on' and new.changes = '{"erased": true}'::jsonb
        and (to_jsonb(new) - 'changes') = (to_jsonb(old) - 'changes') then
        return new;
      end if;
      raise exception 'the audit log is append-only (% refused)', tg_op using errcode = 'insufficient_privilege';
    end $$`.execute(db);
  await sql`create trigger audit_log_append_only before update or delete on audit_log for each row execute function preau_audit_guard()`.execute(db);
  await sql`create trigger audit_log_no_truncate before truncate on audit_log for each statement execute function preau_audit_guard()`.execute(db);
  await sql`
    create function preau_audit_purge(p_organization_id text) returns integer language plpgsql as $$
    declare
      removed integer;
    begin
      perform set_config('preau.audit_purge', 'on', true);
      delete from audit_log l
        where l.organization_id = p_organization_id
          and l.at < now() - make_interval(days => coalesce((select s.retention_days from audit_settings s where s.organization_id = p_organization_id), 365));
      get diagnostics removed = row_count;
      perform set_config('preau.audit_purge', 'off', true);
      return removed;
    end $$`.execute(db);
  // A pupil's erasure (modules/minors-data): in its transaction, before its deletes, the row triggers fall
  // silent and the earlier entries about the pupils lose their values; the erasure writes its own entry.
  await sql`
    create function preau_audit_erase(p_organization_id text, p_pupil_ids text[]) returns integer language plpgsql as $$
    declare
      redacted integer;
    begin
      perform set_config('preau.audit_erasure', 'on', true);
      update audit_log l set changes = '{"erased": true}'::jsonb
        where l.organization_id = p_organization_id and l.changes is not null and l.changes <> '{"erased": true}'::jsonb
          and (l.object_id = any (p_pupil_ids) or exists (select 1 from unnest(p_pupil_ids) p where strpos(l.changes::text, p) > 0));
      get diagnostics redacted = row_count;
      return redacted;
    end $$`.execute(db);

  // Long values are cut: the entry says what changed, the object's page says the rest.
  await sql`
    create function preau_audit_short(j jsonb) returns jsonb language sql immutable as $$
      select coalesce(jsonb_object_agg(key, case
        when length(value::text) <= 200 then value
        when jsonb_typeof(value) = 'string' then to_jsonb(left(value #>> '{}', 197) || '…')
        else to_jsonb(left(value::text, 197) || '…') end), '{}'::jsonb)
      from jsonb_each(j) $$`.execute(db);
  await sql`
    create function preau_audit_write(p_organization_id text, p_base_id text, p_operation text, p_object_kind text, p_object_id text, p_changes jsonb)
    returns void language plpgsql as $$
    declare
      ctx jsonb := nullif(current_setting('preau.audit', true), '')::jsonb;
      kind text := coalesce(ctx ->> 'k', 'system');
      actor text := ctx ->> 'id';
      actor_name text;
    begin
      -- A row of no organisation (a bank entry no one was found for, in the operator's queue) is the instance's, not an organisation's record.
      if p_organization_id is null then return; end if;
      if kind in ('account', 'operator_support') then
        select u.name into actor_name from "user" u where u.id = actor;
      elsif kind = 'api_token' then
        select t.name into actor_name from api_tokens t where t.id = actor;
      end if;
      insert into audit_log (organization_id, base_id, actor_kind, actor_id, actor_name, support_grant_id, action, operation, object_kind, object_id, changes, ip, user_agent)
      values (p_organization_id, coalesce(p_base_id, case when ctx ->> 'o' = p_organization_id then ctx ->> 'b' end), kind, actor, actor_name, ctx ->> 's',
        coalesce(ctx ->> 'a', 'system'), p_operation, p_object_kind, p_object_id, p_changes, ctx ->> 'ip', ctx ->> 'ua');
    end $$`.execute(db);

  /*
   * Arguments: the object's kind, its id columns (comma-separated), the secret columns (named when
   * changed, never valued), the book-keeping columns (a change of only these is no entry).
   */
  await sql`
    create function preau_audit_row() returns trigger language plpgsql as $$
    declare
      old_row jsonb := case when tg_op <> 'INSERT' then to_jsonb(old) end;
      new_row jsonb := case when tg_op <> 'DELETE' then to_jsonb(new) end;
      row_data jsonb := coalesce(new_row, old_row);
      id_columns text[] := string_to_array(tg_argv[1], ',');
      secret text[] := coalesce(string_to_array(nullif(tg_argv[2], ''), ','), '{}');
      quiet text[] := coalesce(string_to_array(nullif(tg_argv[3], ''), ','), '{}') || array['organization_id'];
      changed text[];
      organization text := case when tg_table_name = 'organization' then row_data ->> 'id' else row_data ->> 'organization_id' end;
      base text := case when tg_table_name = 'school_bases' then row_data ->> 'id' else row_data ->> 'base_id' end;
      object_id text;
      changes jsonb;
    begin
      -- A pupil's erasure writes its own entry, without the erased data (preau_audit_erase).
      if current_setting('preau.audit_erasure', true) = 'on' then return null; end if;
      -- The rows of a base being loaded (or going with a load that failed) are recorded by the load
      -- (its hosting_loads row, with the rows per part) and by the base's switch: not one entry each.
      if tg_table_name <> 'school_bases' and base is not null and tg_op <> 'UPDATE'
        and not exists (select 1 from school_bases b where b.id = base and b.state <> 'loading') then
        return null;
      end if;
      if tg_op = 'UPDATE' then
        select coalesce(array_agg(key), '{}') into changed from jsonb_each(new_row) where value is distinct from old_row -> key and key <> all (quiet);
        if cardinality(changed) = 0 then return null; end if;
        old_row := old_row - (array(select k from jsonb_object_keys(old_row) k where k <> all (changed)));
        new_row := new_row - (array(select k from jsonb_object_keys(new_row) k where k <> all (changed)));
      else
        changed := array(select k from jsonb_object_keys(row_data) k where k <> all (quiet));
        old_row := old_row - quiet;
        new_row := new_row - quiet;
      end if;
      changes := jsonb_strip_nulls(jsonb_build_object(
        'before', preau_audit_short(old_row - secret),
        'after', preau_audit_short(new_row - secret),
        'secrets', case when changed && secret then to_jsonb(array(select unnest(changed) intersect select unnest(secret))) end));
      select string_agg(row_data ->> c, '/') into object_id from unnest(id_columns) c;
      perform preau_audit_write(organization, base, lower(tg_op), tg_argv[0], object_id, changes);
      return null;
    end $$`.execute(db);
  /* Tables written by the thousand: one entry per statement and organisation, with how many rows. */
  await sql`
    create function preau_audit_statement() returns trigger language plpgsql as $$
    declare
      counted record;
    begin
      for counted in execute format(
        'select organization_id, count(*) as n from %s group by organization_id',
        case when tg_op = 'DELETE' then 'old_rows' else 'new_rows' end)
      loop
        perform preau_audit_write(counted.organization_id, null, 'summary', tg_argv[0], null,
          jsonb_build_object('operation', lower(tg_op), 'rows', counted.n));
      end loop;
      return null;
    end $$`.execute(db);

  for (const [table, kind, ids, secret, quiet] of ROW_AUDITED) {
    await sql`create trigger audit_changes after insert or update or delete on ${sql.table(table)} for each row
      execute function preau_audit_row(${sql.lit(kind)}, ${sql.lit(ids)}, ${sql.lit(secret)}, ${sql.lit(quiet)})`.execute(db);
  }
  for (const [table, kind] of STATEMENT_AUDITED) {
    for (const operation of ['insert', 'update', 'delete'] as const) {
      const transition = operation === 'delete' ? sql`old table as old_rows` : sql`new table as new_rows`;
      await sql`create trigger ${sql.raw(`audit_${operation}s`)} after ${sql.raw(operation)} on ${sql.table(table)}
        referencing ${transition} for each statement execute function preau_audit_statement(${sql.lit(kind)})`.execute(db);
    }
  }
}

/** Table, object kind, id columns, secret columns, book-keeping columns: one entry per row changed. */
const ROW_AUDITED: [string, string, string, string, string][] = [
  ['organization', 'organization', 'id', '', ''],
  ['audit_settings', 'audit_settings', 'organization_id', '', 'updated_at'],
  ['base_rollover_settings', 'base_rollover_settings', 'organization_id', '', 'updated_at'],
  ['member', 'member', 'id', '', ''],
  ['invitation', 'invitation', 'id', '', 'updated_at'],
  ['invitation_teams', 'invitation_team', 'invitation_id,team_id', '', ''],
  ['school_bases', 'base', 'id', '', 'updated_at'],
  ['base_profiles', 'base_profile', 'base_id,member_id', '', 'warned_on'],
  ['periods', 'period', 'id', '', 'updated_at'],
  ['classes', 'class', 'id', '', 'updated_at'],
  ['pupils', 'pupil', 'id', '', 'updated_at,search_last_first,search_first_last'],
  ['teachers', 'teacher', 'id', '', 'updated_at'],
  ['disciplines', 'discipline', 'id', '', 'updated_at'],
  ['api_tokens', 'api_token', 'id', 'token_hash', 'last_used_at'],
  ['lsu_imports', 'lsu_import', 'id', 'upload_key', 'heartbeat_at,bytes_read,bilans_processed'],
  ['base_files', 'base_file', 'id', 'storage_key', ''],
  ['base_documents', 'base_document', 'id', '', 'updated_at'],
  ['base_letters', 'base_letter', 'id', '', ''],
  ['pupil_photos', 'pupil_photo', 'pupil_id', '', 'updated_at'],
  ['pupil_photo_zip_previews', 'pupil_photo_zip_preview', 'id', 'storage_key', ''],
  ['resumable_uploads', 'upload', 'id', 'storage_key,s3_parts', 'received_bytes'],
  ['teams', 'team', 'id', '', ''],
  ['team_members', 'team_member', 'team_id,member_id', '', 'warned_on'],
  ['team_products', 'team_product', 'id', '', ''],
  ['support_grants', 'support_access', 'id', '', ''],
  ['hosting_credentials', 'hosting_credentials', 'organization_id', 'password_hash', ''],
  ['organization_storage_quotas', 'storage_quota', 'organization_id', '', 'updated_at'],
  ['billing_addresses', 'billing_address', 'id', '', 'updated_at'],
  ['billing_balances', 'billing_balance', 'organization_id', '', 'updated_at'],
  ['billing_documents', 'billing_document', 'id', 'pdf_key,paid_pdf_key', 'sort_at'],
  ['billing_exports', 'billing_export', 'id', 'storage_key', ''],
  ['billing_payments', 'billing_payment', 'id', '', ''],
  ['billing_products', 'billing_product', 'id', '', ''],
  ['billing_reminders', 'billing_reminder', 'id', 'code_hash', ''],
  ['billing_renewals', 'billing_renewal', 'id', '', ''],
];

/** Table, object kind: written by the thousand, one entry per statement and organisation. */
const STATEMENT_AUDITED: [string, string][] = [
  ['billing_document_lines', 'billing_document_lines'],
  ['billing_balance_ledger', 'billing_ledger_entries'],
  ['billing_payment_decisions', 'billing_payment_decisions'],
];
