import { sql, type Kysely } from 'kysely';

/**
 * A pupil's erasure and the audit log (issue 14): the log keeps the erasure's own entry, with counts
 * and no erased data, and nothing of the pupil besides. And a base file's load (issue 13) is one
 * entry (its `hosting_loads` row), not one per row it writes.
 * - `preau_audit_erase(organization, pupil ids)`: in the erasure's transaction, before its deletes:
 *   the row triggers stay silent for the rest of the transaction (their entries would hold the erased
 *   values), and the earlier entries about these pupils (their own, and those whose values name them:
 *   photos, documents, files) lose their values, `changes` becoming `{"erased": true}`;
 * - the append-only guard lets exactly that change through, and nothing else, while it runs.
 * Also: a row of no organisation (the operator's queue of unidentified bank entries) writes no entry.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations work on any schema.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create or replace function preau_audit_write(p_organization_id text, p_base_id text, p_operation text, p_object_kind text, p_object_id text, p_changes jsonb)
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
  await sql`
    create or replace function preau_audit_row() returns trigger language plpgsql as $$
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
  await sql`
    create or replace function preau_audit_guard() returns trigger language plpgsql as $$
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
}
