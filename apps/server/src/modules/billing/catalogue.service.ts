import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { CatalogueItem, CatalogueItemInput } from '@preau/contracts';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../shared/app-error.ts';
import type { Clock } from '../../shared/clock.ts';
import type { BillingCatalogueItemsTable } from './billing.tables.ts';

type CatalogueRow = Selectable<BillingCatalogueItemsTable>;

function itemOf(row: CatalogueRow): CatalogueItem {
  return { id: row.id, code: row.code, labelFr: row.label_fr, labelEn: row.label_en, kind: row.kind, priceCents: row.price_cents, currency: row.currency, vatRateBp: row.vat_rate_bp, period: row.period, archived: row.archived_at !== null };
}

/** The operator's catalogue (instance level): what products are made of. A price change applies to renewals from then on. */
export function createCatalogueService({ db, now }: { db: Kysely<Database>; now: Clock }) {
  async function read(id: string): Promise<CatalogueItem> {
    const row = await db.selectFrom('billing_catalogue_items').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw new AppError('not_found', 'catalogue_item.not_found');
    return itemOf(row);
  }

  async function assertCodeFree(code: string, exceptId?: string): Promise<void> {
    let query = db.selectFrom('billing_catalogue_items').select('id').where('code', '=', code);
    if (exceptId) query = query.where('id', '<>', exceptId);
    if (await query.executeTakeFirst()) throw new AppError('conflict', 'catalogue_item.code_taken', { code });
  }

  const columnsOf = (input: CatalogueItemInput) => ({
    code: input.code, label_fr: input.labelFr, label_en: input.labelEn, kind: input.kind, price_cents: input.priceCents, currency: input.currency ?? 'EUR', vat_rate_bp: input.vatRateBp, period: input.period,
  });

  return {
    read,
    async list(): Promise<{ items: CatalogueItem[] }> {
      const rows = await db.selectFrom('billing_catalogue_items').selectAll().orderBy('archived_at', (o) => o.desc().nullsFirst()).orderBy('code').execute();
      return { items: rows.map(itemOf) };
    },
    async create(input: CatalogueItemInput): Promise<CatalogueItem> {
      await assertCodeFree(input.code);
      const id = randomUUID();
      await db.insertInto('billing_catalogue_items').values({ id, ...columnsOf(input), archived_at: null }).execute();
      return read(id);
    },
    async update(id: string, input: CatalogueItemInput): Promise<CatalogueItem> {
      await read(id);
      await assertCodeFree(input.code, id);
      await db.updateTable('billing_catalogue_items').set(columnsOf(input)).where('id', '=', id).execute();
      return read(id);
    },
    /** No new product from it; the products holding it still renew at its price. */
    async archive(id: string): Promise<CatalogueItem> {
      await read(id);
      await db.updateTable('billing_catalogue_items').set({ archived_at: now() }).where('id', '=', id).where('archived_at', 'is', null).execute();
      return read(id);
    },
  };
}
export type CatalogueService = ReturnType<typeof createCatalogueService>;
