import { sql, type CreateTableBuilder, type Kysely } from 'kysely';

/**
 * School bases (one school, one school year), the base profiles of organisation members, and a base's
 * structure: periods, classes, pupils, teachers, disciplines. Every structure row carries its
 * organisation and base; a composite foreign key keeps the pair consistent with `school_bases`.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Kysely's migration convention: migrations never use the app's table types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('school_bases')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organization.id').onDelete('cascade'))
    .addColumn('uai', 'char(8)', (c) => c.notNull().check(sql`uai ~ '^[0-9]{7}[A-Z]$'`))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('degree', 'text', (c) => c.notNull().check(sql`degree in ('ecole', 'college')`))
    .addColumn('school_year', 'text', (c) =>
      c
        .notNull()
        .check(
          sql`school_year ~ '^[0-9]{4}-[0-9]{4}$' and substr(school_year, 6, 4)::int = substr(school_year, 1, 4)::int + 1`,
        ),
    )
    .addColumn('state', 'text', (c) =>
      c
        .notNull()
        .defaultTo('empty')
        .check(sql`state in ('empty', 'loading', 'in_service', 'stopped', 'archived')`),
    )
    .addColumn('accepted_versions', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{10.0,1.0}'::text[]`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('school_bases_organization_uai_year_unique', ['organization_id', 'uai', 'school_year'])
    // Target of the (base_id, organization_id) foreign keys below.
    .addUniqueConstraint('school_bases_id_organization_unique', ['id', 'organization_id'])
    .execute();

  await db.schema
    .createTable('base_profiles')
    .addColumn('base_id', 'text', (c) => c.notNull())
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('member_id', 'text', (c) => c.notNull().references('member.id').onDelete('cascade'))
    .addColumn('profile', 'text', (c) =>
      c.notNull().check(sql`profile in ('direction', 'secretariat', 'teacher', 'read_only')`),
    )
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('base_profiles_pkey', ['base_id', 'member_id'])
    .$call(belongsToBase('base_profiles'))
    .execute();
  await db.schema.createIndex('base_profiles_member_idx').on('base_profiles').column('member_id').execute();

  await db.schema
    .createTable('periods')
    .$call(structureColumns)
    .addColumn('school_year', 'text', (c) => c.notNull())
    .addColumn('index', 'integer', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull().check(sql`count between 1 and 12`))
    .addColumn('start_date', 'date', (c) => c.notNull())
    .addColumn('end_date', 'date', (c) => c.notNull())
    .addCheckConstraint('periods_index_check', sql`index between 1 and count`)
    .addCheckConstraint('periods_dates_check', sql`start_date <= end_date`)
    .addUniqueConstraint('periods_base_count_index_unique', ['base_id', 'count', 'index'])
    .$call(belongsToBase('periods'))
    .execute();

  await db.schema
    .createTable('classes')
    .$call(structureColumns)
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('national_id', 'text')
    .addColumn('data_source', 'text', (c) =>
      c.notNull().defaultTo('editor_import').check(sql`data_source in ('editor_import', 'manual_entry')`),
    )
    .addColumn('assessment_mode', 'text', (c) =>
      c.notNull().defaultTo('grades').check(sql`assessment_mode in ('grades', 'positioning')`),
    )
    .addUniqueConstraint('classes_base_code_unique', ['base_id', 'code'])
    // Target of pupils' (class_id, base_id) foreign key: a pupil's class is in the pupil's base.
    .addUniqueConstraint('classes_id_base_unique', ['id', 'base_id'])
    .$call(belongsToBase('classes'))
    .execute();
  await db.schema
    .createIndex('classes_base_national_id_unique')
    .on('classes')
    .columns(['base_id', 'national_id'])
    .unique()
    .where(sql.ref('national_id'), 'is not', null)
    .execute();

  await db.schema
    .createTable('pupils')
    .$call(structureColumns)
    .addColumn('national_id', 'text', (c) => c.notNull())
    .addColumn('last_name', 'text', (c) => c.notNull())
    .addColumn('first_name', 'text', (c) => c.notNull())
    .addColumn('birth_date', 'date')
    .addColumn('class_id', 'text', (c) => c.notNull())
    .addUniqueConstraint('pupils_base_national_id_unique', ['base_id', 'national_id'])
    .addForeignKeyConstraint('pupils_class_fkey', ['class_id', 'base_id'], 'classes', ['id', 'base_id'])
    .$call(belongsToBase('pupils'))
    .execute();
  await db.schema.createIndex('pupils_class_idx').on('pupils').column('class_id').execute();

  await db.schema
    .createTable('teachers')
    .$call(structureColumns)
    .addColumn('civility', 'text', (c) => c.notNull().check(sql`civility in ('M', 'MME')`))
    .addColumn('last_name', 'text', (c) => c.notNull())
    .addColumn('first_name', 'text', (c) => c.notNull())
    .addColumn('sts_id', 'text')
    .$call(belongsToBase('teachers'))
    .execute();
  await db.schema
    .createIndex('teachers_base_sts_id_unique')
    .on('teachers')
    .columns(['base_id', 'sts_id'])
    .unique()
    .where(sql.ref('sts_id'), 'is not', null)
    .execute();

  await db.schema
    .createTable('disciplines')
    .$call(structureColumns)
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addUniqueConstraint('disciplines_base_code_unique', ['base_id', 'code'])
    .$call(belongsToBase('disciplines'))
    .execute();
}

/** A table being created, its columns untyped like the rest of this migration. */
type AnyTable = CreateTableBuilder<string, string>;

/** Id, organisation, base and timestamps shared by every structure table. */
function structureColumns(table: AnyTable): AnyTable {
  return table
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('base_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`));
}

/** The (base_id, organization_id) foreign key to `school_bases`, deleting the rows with their base. */
function belongsToBase(table: string): (builder: AnyTable) => AnyTable {
  return (builder) =>
    builder.addForeignKeyConstraint(
      `${table}_base_fkey`,
      ['base_id', 'organization_id'],
      'school_bases',
      ['id', 'organization_id'],
      (fk) => fk.onDelete('cascade'),
    );
}
