import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { CreateProduct, Locale, Product, UpdateAllProducts, UpdateProduct } from '@preau/contracts';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../shared/app-error.ts';
import { addPeriods, isCalendarDate } from './billing-calendar.ts';
import { productsWithItems, type ProductWithItem } from './products.repository.ts';

/** A product's label in `locale`: its catalogue item's, with the base it hosts. */
export function productLabel(product: Pick<ProductWithItem, 'label_fr' | 'label_en' | 'base_name'>, locale: Locale): string {
  const label = locale === 'en' ? product.label_en : product.label_fr;
  return product.base_name ? `${label} – ${product.base_name}` : label;
}

export function productOf(row: ProductWithItem, locale: Locale = 'fr'): Product {
  return {
    id: row.id,
    catalogueItemId: row.catalogue_item_id,
    code: row.code,
    label: productLabel(row, locale),
    kind: row.kind,
    period: row.period,
    priceCents: row.price_cents,
    currency: row.currency,
    vatRateBp: row.vat_rate_bp,
    baseId: row.base_id,
    baseName: row.base_name,
    startDate: row.start_date,
    renewalDate: row.renewal_date,
    autoRenew: row.auto_renew,
    renewalWarranty: row.renewal_warranty,
    addressId: row.address_id,
    endedOn: row.ended_on,
  };
}

/** The products an organisation holds: the operator adds them, the customer sets how they renew. */
export function createProductsService({ db }: { db: Kysely<Database> }) {
  async function read(organizationId: string, id: string, locale: Locale): Promise<Product> {
    const row = await productsWithItems(db, organizationId).where('p.id', '=', id).executeTakeFirst();
    if (!row) throw new AppError('not_found', 'product.not_found');
    return productOf(row, locale);
  }

  async function assertAddress(organizationId: string, addressId: string | null | undefined): Promise<void> {
    if (!addressId) return;
    const address = await db.selectFrom('billing_addresses').select(['id', 'archived_at']).where('organization_id', '=', organizationId).where('id', '=', addressId).executeTakeFirst();
    if (!address) throw new AppError('bad_request', 'billing_address.not_found');
    if (address.archived_at) throw new AppError('conflict', 'billing_address.archived');
  }

  return {
    read,
    async list(organizationId: string, locale: Locale): Promise<{ items: Product[] }> {
      const rows = await productsWithItems(db, organizationId).orderBy('p.ended_on', (o) => o.desc().nullsFirst()).orderBy('p.renewal_date').orderBy('p.id').execute();
      return { items: rows.map((row) => productOf(row, locale)) };
    },

    /** A product for the organisation (operator): from an active catalogue item, on one of its bases. */
    async create(organizationId: string, input: CreateProduct, locale: Locale): Promise<Product> {
      const item = await db.selectFrom('billing_catalogue_items').select(['id', 'period', 'archived_at']).where('id', '=', input.catalogueItemId).executeTakeFirst();
      if (!item) throw new AppError('bad_request', 'catalogue_item.not_found');
      if (item.archived_at) throw new AppError('conflict', 'catalogue_item.archived');
      if (input.baseId) {
        const base = await db.selectFrom('school_bases').select('id').where('organization_id', '=', organizationId).where('id', '=', input.baseId).executeTakeFirst();
        if (!base) throw new AppError('bad_request', 'product.base_not_found');
      }
      await assertAddress(organizationId, input.addressId);
      const renewalDate = input.renewalDate ?? addPeriods(input.startDate, item.period, 1);
      if (!isCalendarDate(input.startDate) || !isCalendarDate(renewalDate) || renewalDate <= input.startDate) throw new AppError('bad_request', 'product.dates');
      const id = randomUUID();
      await db
        .insertInto('billing_products')
        .values({ id, organization_id: organizationId, catalogue_item_id: item.id, base_id: input.baseId ?? null, start_date: input.startDate, renewal_date: renewalDate, auto_renew: input.autoRenew ?? true, renewal_warranty: input.renewalWarranty ?? false, address_id: input.addressId ?? null, ended_on: null })
        .execute();
      return read(organizationId, id, locale);
    },

    async update(organizationId: string, id: string, input: UpdateProduct, locale: Locale): Promise<Product> {
      await read(organizationId, id, locale);
      await assertAddress(organizationId, input.addressId);
      await db
        .updateTable('billing_products')
        .set({
          ...(input.autoRenew !== undefined ? { auto_renew: input.autoRenew } : {}),
          ...(input.renewalWarranty !== undefined ? { renewal_warranty: input.renewalWarranty } : {}),
          ...(input.addressId !== undefined ? { address_id: input.addressId } : {}),
        })
        .where('organization_id', '=', organizationId)
        .where('id', '=', id)
        .execute();
      return read(organizationId, id, locale);
    },

    /** The renewal switches of every running product at once. */
    async updateAll(organizationId: string, input: UpdateAllProducts, locale: Locale): Promise<{ items: Product[] }> {
      await db
        .updateTable('billing_products')
        .set({
          ...(input.autoRenew !== undefined ? { auto_renew: input.autoRenew } : {}),
          ...(input.renewalWarranty !== undefined ? { renewal_warranty: input.renewalWarranty } : {}),
        })
        .where('organization_id', '=', organizationId)
        .where('ended_on', 'is', null)
        .execute();
      const rows = await productsWithItems(db, organizationId).orderBy('p.ended_on', (o) => o.desc().nullsFirst()).orderBy('p.renewal_date').orderBy('p.id').execute();
      return { items: rows.map((row) => productOf(row, locale)) };
    },
  };
}
export type ProductsService = ReturnType<typeof createProductsService>;
