import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { BaseProfile, SearchHit } from '@preau/contracts';
import type { Database } from '../../db/schema.ts';
import { basesWithProfilesSql } from '../effective-access/effective-access.ts';

/** Which of the organisation's bases a kind of result may come from, for one caller. */
export type BaseReach =
  | { kind: 'all' }
  | { kind: 'profiles'; memberId: string; profiles: readonly BaseProfile[]; today: string }
  | { kind: 'none' };

/** Results per kind. */
const LIMIT = 6;
/** Pupils whose names share the query's first three letters, read at most, per name order, for typos. */
const CLOSE_CANDIDATES = 500;
/** The greatest character: every text starting with `p` sorts (collation "C") before `p` followed by it. */
const LAST_CHARACTER = String.fromCodePoint(0x10ffff);

/**
 * SQL for the organisation's search. Every text is compared folded (`preau_fold`: no accents, lower
 * case; migration 20261207010000): it matches when it holds the query (prefix or anywhere, the query's
 * `%`, `_` and `\` taken literally), or when one of its words is close to the query (pg_trgm's word
 * similarity, for typos). Best first: texts that start with the query, then the closest ones.
 */
export function createSearchRepository(db: Kysely<Database>) {
  return {
    async people(organizationId: string, q: string, options: { includeExternals: boolean; callerMemberId: string }): Promise<SearchHit[]> {
      const text = sql`u.name || ' ' || u.email`;
      const externals = options.includeExternals ? sql`true` : sql`(m.role <> 'external' or m.id = ${options.callerMemberId})`;
      return hits(sql`
        select m.id, null as "baseId", u.name as title, u.email as detail, ${rank(text, q)} as rank, u.name as sort
        from member m join "user" u on u.id = m.user_id
        where m.organization_id = ${organizationId} and ${externals} and ${matches(text, q)}`);
    },

    async teams(organizationId: string, q: string): Promise<SearchHit[]> {
      const text = sql`t.name || ' ' || t.description`;
      return hits(sql`
        select t.id, null as "baseId", t.name as title, nullif(t.description, '') as detail, ${rank(text, q)} as rank, t.name as sort
        from teams t where t.organization_id = ${organizationId} and ${matches(text, q)}`);
    },

    async bases(organizationId: string, q: string, reach: BaseReach): Promise<SearchHit[]> {
      if (reach.kind === 'none') return [];
      const text = sql`b.name || ' ' || b.uai`;
      return hits(sql`
        select b.id, null as "baseId", b.name as title, b.uai || ' · ' || b.school_year as detail, ${rank(text, q)} as rank, b.name as sort
        from school_bases b
        where b.organization_id = ${organizationId} and ${reaches(sql.ref('b.id'), reach)} and ${matches(text, q)}`);
    },

    /**
     * Pupils, in two tiers so that a short query on a large organisation stays fast (migration
     * 20261207010000 says why it takes stored columns and ranges): first those whose name (last then
     * first, or first then last) or national id starts with the query, read in index order and cut at
     * the limit; then, only when those do not fill the list, those among the names sharing the query's
     * first three letters that have a word close to it (a typo after the third letter).
     */
    async pupils(organizationId: string, q: string, reach: BaseReach): Promise<SearchHit[]> {
      if (reach.kind === 'none') return [];
      const folded = sql<string>`preau_fold(${q})`;
      const inScope = sql`p.organization_id = ${organizationId} and ${reaches(sql.ref('p.base_id'), reach)}`;
      const startingWith = (column: string, prefix: RawBuilder<string>, limit: number, extra: RawBuilder<boolean> = sql`true`) => {
        const text = sql.ref(`p.${column}`);
        return sql`(select p.id, ${text} as text from pupils p
          where ${inScope} and ${extra} and ${text} >= (${prefix} collate "C") and ${text} < ((${prefix} || ${LAST_CHARACTER}) collate "C")
          order by ${text} limit ${limit})`;
      };
      const notFilled = sql<boolean>`(select count(*) from starting) < ${LIMIT}`;
      const threeLetters = sql<string>`left(${folded}, 3)`;
      const { rows } = await sql<SearchHit>`
        with starting as (
          select id from ${startingWith('search_last_first', folded, LIMIT)} a
          union select id from ${startingWith('search_first_last', folded, LIMIT)} b
          union select id from ${startingWith('national_id', sql<string>`upper(${folded})`, LIMIT)} c
        ),
        close as (
          select id from (
            ${startingWith('search_last_first', threeLetters, CLOSE_CANDIDATES, notFilled)}
            union all ${startingWith('search_first_last', threeLetters, CLOSE_CANDIDATES, notFilled)}
          ) candidates
          where ${folded} <% text and id not in (select id from starting)
          order by word_similarity(${folded}, text) desc, id limit ${LIMIT}
        ),
        -- Materialised: a few rows, ranked apart (else the planner may walk every pupil in the sort's order).
        found as materialized (
          select p.id, p.base_id as "baseId", p.last_name || ' ' || p.first_name as title, p.national_id || ' · ' || b.name || ' ' || b.school_year as detail,
            ${rank(sql`p.last_name || ' ' || p.first_name || ' ' || p.national_id`, q)} as rank
          from (select id from starting union select id from close) ids
            join pupils p on p.id = ids.id
            join school_bases b on b.id = p.base_id and b.organization_id = p.organization_id
        )
        select id, "baseId", title, detail from found order by rank desc, title, id
        limit ${LIMIT}`.execute(db);
      return rows;
    },

    async imports(organizationId: string, q: string, reach: BaseReach): Promise<SearchHit[]> {
      if (reach.kind === 'none') return [];
      const text = sql`i.file_name || ' ' || coalesce(i.editor, '')`;
      return hits(sql`
        select i.id, i.base_id as "baseId", i.file_name as title, concat_ws(' · ', i.editor, b.name, to_char(i.created_at at time zone 'Europe/Paris', 'YYYY-MM-DD')) as detail,
          ${rank(text, q)} as rank, i.file_name as sort
        from lsu_imports i join school_bases b on b.id = i.base_id and b.organization_id = i.organization_id
        where i.organization_id = ${organizationId} and ${reaches(sql.ref('i.base_id'), reach)} and ${matches(text, q)}`);
    },

    /** Finalised invoices and credit notes (drafts have no number), by number: no accents, no typos, a part of it. */
    async invoices(organizationId: string, q: string): Promise<SearchHit[]> {
      const text = sql`lower(d.number)`;
      return hits(sql`
        select d.id, null as "baseId", d.number as title, to_char(d.issue_date, 'YYYY-MM-DD') as detail,
          case when ${text} like ${pattern(q, 'start')} then 1 else 0 end as rank, d.number as sort
        from billing_documents d
        where d.organization_id = ${organizationId} and d.number is not null and ${text} like ${pattern(q, 'anywhere')}`);
    },
  };

  async function hits(query: RawBuilder<unknown>): Promise<SearchHit[]> {
    const { rows } = await sql<SearchHit>`select id, "baseId", title, detail from (${query}) found order by rank desc, sort, id limit ${LIMIT}`.execute(db);
    return rows;
  }
}

/** The query folded like the texts, as a `like` pattern: the text starts with it, or holds it anywhere. */
function pattern(q: string, where: 'start' | 'anywhere'): RawBuilder<string> {
  const literal = sql`replace(replace(replace(preau_fold(${q}), '\\', '\\\\'), '%', '\\%'), '_', '\\_')`;
  return where === 'start' ? sql<string>`${literal} || '%'` : sql<string>`'%' || ${literal} || '%'`;
}

function matches(text: RawBuilder<unknown>, q: string): RawBuilder<boolean> {
  return sql<boolean>`(preau_fold(${text}) like ${pattern(q, 'anywhere')} or preau_fold(${q}) <% preau_fold(${text}))`;
}

/** 2 for a text starting with the query, then its closest word's similarity (0 to 1). */
function rank(text: RawBuilder<unknown>, q: string): RawBuilder<number> {
  return sql<number>`(case when preau_fold(${text}) like ${pattern(q, 'start')} then 2 else 0 end + word_similarity(preau_fold(${q}), preau_fold(${text})))`;
}

function reaches(baseId: RawBuilder<unknown>, reach: BaseReach): RawBuilder<boolean> {
  if (reach.kind === 'all') return sql<boolean>`true`;
  if (reach.kind === 'none') return sql<boolean>`false`;
  return sql<boolean>`${baseId} in (${basesWithProfilesSql(reach.memberId, reach.profiles, reach.today)})`;
}
