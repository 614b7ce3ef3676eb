import { sql, type Kysely } from 'kysely';

/**
 * A base accepts only the LSU versions of its degree, built in or added to its family
 * (`lsu_schema_versions`): new bases get their family's current version
 * (set by the bases repository), and existing ones drop the other family's versions the former
 * default (`{10.0,1.0}`, left for rows tests write by hand) gave every base. The update crosses
 * organisations, so it runs in the system scope of row-level security (decision 0006).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations work on any schema.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`select set_config('preau.tenant', '*', true)`.execute(db);
  await sql`
    update school_bases set accepted_versions = array(
      select version from unnest(accepted_versions) as version
      where (degree = 'college' and version in ('3.0', '7.0', '10.0')) or (degree = 'ecole' and version = '1.0')
        or exists (select 1 from lsu_schema_versions added where added.family = school_bases.degree and version = any(added.versions))
    )`.execute(db);
  await sql`
    update school_bases set accepted_versions = case degree when 'college' then '{10.0}'::text[] else '{1.0}'::text[] end
    where cardinality(accepted_versions) = 0`.execute(db);
}
