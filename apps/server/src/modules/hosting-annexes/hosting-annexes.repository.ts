import { sql, type Kysely } from 'kysely';
import type { AnnexKind } from '@preau/contracts';
import type { Database } from '../../db/schema.ts';

/** A file of a base as an annex file carries it, with where its bytes are. */
export interface AnnexSourceRow {
  id: string;
  target: 'pupil' | 'class';
  pupil_id: string | null;
  national_id: string | null;
  last_name: string | null;
  first_name: string | null;
  birth_date: string | null;
  class_code: string | null;
  file_name: string | null;
  content_type: string;
  size_bytes: number;
  sha256: string;
  storage_key: string;
  details: Record<string, unknown>;
  created_at: Date;
}

/** A pupil of the completed base, with what matching needs. */
export interface PupilKeys {
  id: string;
  national_id: string | null;
  last_name: string;
  first_name: string;
  birth_date: string | null;
  class_code: string;
  has_photo: boolean;
}

export interface BaseOfYear {
  id: string;
  uai: string;
  school_year: string;
  name: string;
  state: string;
}

/** SQL of annex files: a base's photos, documents and letters (export), and what the completed base has (completion). */
export function createHostingAnnexesRepository(db: Kysely<Database>) {
  return {
    async findBase(organizationId: string, baseId: string): Promise<BaseOfYear | undefined> {
      return db.selectFrom('school_bases').select(['id', 'uai', 'school_year', 'name', 'state']).where('organization_id', '=', organizationId).where('id', '=', baseId).executeTakeFirst();
    },

    /** The active base of that school and year: not one a load replaced. */
    async findBaseOfYear(organizationId: string, uai: string, schoolYear: string): Promise<BaseOfYear | undefined> {
      return db.selectFrom('school_bases').select(['id', 'uai', 'school_year', 'name', 'state'])
        .where('organization_id', '=', organizationId).where('uai', '=', uai).where('school_year', '=', schoolYear)
        .where('replaced_at', 'is', null).where('state', '<>', 'loading')
        .executeTakeFirst();
    },

    async hostingNumber(organizationId: string): Promise<string | undefined> {
      return (await db.selectFrom('organization').select('hosting_number').where('id', '=', organizationId).executeTakeFirst())?.hosting_number;
    },

    /** The id of the load that wrote the base (the salt of its ids), when it came from a base file. */
    async loadOf(organizationId: string, baseId: string): Promise<string | undefined> {
      return (await db.selectFrom('hosting_loads').select('id').where('organization_id', '=', organizationId).where('base_id', '=', baseId).where('state', '=', 'done').executeTakeFirst())?.id;
    },

    /** The base's files of `kind`, with their pupil's or class's keys, in a stable order. */
    async sourceFiles(organizationId: string, baseId: string, kind: AnnexKind): Promise<AnnexSourceRow[]> {
      const pupilColumns = sql`p.id as pupil_id, p.national_id, p.last_name, p.first_name, p.birth_date::text as birth_date`;
      const fileColumns = sql`f.content_type, f.size_bytes::float8 as size_bytes, f.sha256, f.storage_key, f.created_at`;
      const query =
        kind === 'photos'
          ? sql<AnnexSourceRow>`
            select f.id, 'pupil' as target, ${pupilColumns}, c.code as class_code, null as file_name, ${fileColumns}, '{}'::jsonb as details
            from pupil_photos pp join base_files f on f.id = pp.photo_file_id join pupils p on p.id = pp.pupil_id join classes c on c.id = p.class_id
            where pp.organization_id = ${organizationId} and pp.base_id = ${baseId} order by f.id`
          : kind === 'documents'
            ? sql<AnnexSourceRow>`
            select f.id, case when f.pupil_id is null then 'class' else 'pupil' end as target, ${pupilColumns}, coalesce(pc.code, c.code) as class_code,
              d.file_name, ${fileColumns}, jsonb_build_object('title', d.title, 'category', d.category, 'visible_to', to_jsonb(d.visible_to)) as details
            from base_documents d join base_files f on f.id = d.file_id
              left join pupils p on p.id = f.pupil_id left join classes pc on pc.id = p.class_id left join classes c on c.id = f.class_id
            where d.organization_id = ${organizationId} and d.base_id = ${baseId} order by f.id`
            : sql<AnnexSourceRow>`
            select f.id, 'pupil' as target, ${pupilColumns}, c.code as class_code, null as file_name, ${fileColumns},
              jsonb_build_object('template', l.template, 'language', l.language, 'fields', l.fields) as details
            from base_letters l join base_files f on f.id = l.file_id join pupils p on p.id = l.pupil_id join classes c on c.id = p.class_id
            where l.organization_id = ${organizationId} and l.base_id = ${baseId} order by f.id`;
      return (await query.execute(db)).rows.map((row) => ({ ...row, size_bytes: Number(row.size_bytes) }));
    },

    async pupils(organizationId: string, baseId: string): Promise<PupilKeys[]> {
      return db.selectFrom('pupils as p').innerJoin('classes as c', 'c.id', 'p.class_id').leftJoin('pupil_photos as pp', 'pp.pupil_id', 'p.id')
        .select(['p.id', 'p.national_id', 'p.last_name', 'p.first_name', sql<string | null>`p.birth_date::text`.as('birth_date'), 'c.code as class_code'])
        .select(sql<boolean>`pp.pupil_id is not null`.as('has_photo'))
        .where('p.organization_id', '=', organizationId).where('p.base_id', '=', baseId)
        .execute();
    },

    async classes(organizationId: string, baseId: string): Promise<{ id: string; code: string }[]> {
      return db.selectFrom('classes').select(['id', 'code']).where('organization_id', '=', organizationId).where('base_id', '=', baseId).execute();
    },

    /** What the base's documents or letters already hold: `<pupil or class id>:<sha256>`. */
    async attached(organizationId: string, baseId: string, kind: 'documents' | 'courriers'): Promise<Set<string>> {
      const key = sql<string>`coalesce(f.pupil_id, f.class_id) || ':' || f.sha256`.as('key');
      const rows =
        kind === 'documents'
          ? await db.selectFrom('base_documents as x').innerJoin('base_files as f', 'f.id', 'x.file_id').select(key).where('x.organization_id', '=', organizationId).where('x.base_id', '=', baseId).execute()
          : await db.selectFrom('base_letters as x').innerJoin('base_files as f', 'f.id', 'x.file_id').select(key).where('x.organization_id', '=', organizationId).where('x.base_id', '=', baseId).execute();
      return new Set(rows.map((r) => r.key));
    },
  };
}
