import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';

type Executor = Kysely<Database> | Transaction<Database>;

/** The columns a product is shown and renewed with: its own, its catalogue item's and its base's name. */
export function productsWithItems(db: Executor, organizationId: string) {
  return db
    .selectFrom('billing_products as p')
    .innerJoin('billing_catalogue_items as c', 'c.id', 'p.catalogue_item_id')
    .leftJoin('school_bases as b', (join) => join.onRef('b.id', '=', 'p.base_id').onRef('b.organization_id', '=', 'p.organization_id'))
    .select([
      'p.id', 'p.organization_id', 'p.catalogue_item_id', 'p.base_id', 'p.start_date', 'p.renewal_date', 'p.auto_renew', 'p.renewal_warranty', 'p.address_id', 'p.ended_on',
      'c.code', 'c.label_fr', 'c.label_en', 'c.kind', 'c.period', 'c.price_cents', 'c.currency', 'c.vat_rate_bp', 'b.name as base_name',
    ])
    .where('p.organization_id', '=', organizationId);
}

export type ProductWithItem = Awaited<ReturnType<ReturnType<typeof productsWithItems>['executeTakeFirstOrThrow']>>;
