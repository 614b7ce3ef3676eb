/**
 * Renewals: the lines a product's next period is billed with, pro forma for chosen products and
 * their conversion into the renewal invoice, and the daily run that invoices renewals ahead of time
 * (auto-renew), applies the renewal warranty on the date, or ends the product.
 *
 * A product's renewal is invoiced once: a `billing_renewals` row per product and renewal date,
 * written in the transaction that issues the invoice, makes a retried or concurrent run harmless.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { BillingDocument, CreateProForma, Locale, RenewalRecord } from '@preau/contracts';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../shared/app-error.ts';
import type { Clock } from '../../shared/clock.ts';
import { addDays, addPeriods, parisDate } from './billing-calendar.ts';
import type { RenewalOutcome } from './billing.tables.ts';
import { createDocumentsRepository } from './documents.repository.ts';
import type { DocumentsService, NewLine } from './documents.service.ts';
import { productsWithItems, type ProductWithItem } from './products.repository.ts';
import { productLabel } from './products.service.ts';
import { payFromBalanceWhenCovered } from '../payments/balance.service.ts';

/** The line billing `product`'s period starting at its renewal date. */
export function renewalLine(product: ProductWithItem, locale: Locale): NewLine {
  const periodEnd = addDays(addPeriods(product.renewal_date, product.period, 1), -1);
  return { label: productLabel(product, locale), quantity: 1, unitPriceCents: product.price_cents, vatRateBp: product.vat_rate_bp, productId: product.id, periodStart: product.renewal_date, periodEnd };
}

export interface RenewalRunReport {
  date: string;
  invoiced: number;
  warrantyInvoiced: number;
  ended: number;
  renewed: number;
  problems: number;
}

const INVOICED: RenewalOutcome[] = ['invoiced', 'warranty_invoiced'];

export function createRenewalsService({ db, now, documents, leadDays }: { db: Kysely<Database>; now: Clock; documents: DocumentsService; leadDays: number }) {
  async function renewalInvoiced(trx: Kysely<Database> | Transaction<Database>, productId: string, renewalDate: string): Promise<boolean> {
    const row = await trx.selectFrom('billing_renewals').select('outcome').where('product_id', '=', productId).where('renewal_date', '=', renewalDate).executeTakeFirst();
    return row !== undefined && INVOICED.includes(row.outcome);
  }

  /** Records what was decided for a renewal; a problem recorded earlier gives way to the outcome reached now. */
  async function record(trx: Kysely<Database> | Transaction<Database>, product: ProductWithItem, outcome: RenewalOutcome, documentId: string | null): Promise<void> {
    await trx
      .insertInto('billing_renewals')
      .values({ id: randomUUID(), organization_id: product.organization_id, product_id: product.id, renewal_date: product.renewal_date, outcome, document_id: documentId })
      .onConflict((oc) => oc.columns(['product_id', 'renewal_date']).doUpdateSet({ outcome, document_id: documentId }).where('billing_renewals.outcome', 'not in', INVOICED))
      .execute();
  }

  /** Issues the renewal invoice of one product (its own transaction), unless its renewal is invoiced already. */
  async function invoiceRenewal(organizationId: string, productId: string, outcome: 'invoiced' | 'warranty_invoiced'): Promise<'done' | 'skipped' | RenewalOutcome> {
    try {
      return await documents.issuing(organizationId, async (trx) => {
        const product = await productsWithItems(trx, organizationId).where('p.id', '=', productId).forUpdate('p').executeTakeFirst();
        if (!product || product.ended_on !== null || (await renewalInvoiced(trx, product.id, product.renewal_date))) return { result: 'skipped' as const, issued: [] };
        const locale = await organizationLocale(trx, organizationId);
        const address = await documents.usableAddress(trx, organizationId, product.address_id);
        const id = await documents.insertDraft(trx, organizationId, { kind: 'invoice', source: outcome === 'invoiced' ? 'renewal' : 'warranty', currency: product.currency, locale, addressId: address.id, userId: null }, [renewalLine(product, locale)]);
        await documents.issueInTransaction(trx, organizationId, id, null);
        if (outcome === 'invoiced') await payFromBalanceWhenCovered(trx, organizationId, id, parisDate(now()));
        await record(trx, product, outcome, id);
        return { result: 'done' as const, issued: [id] };
      });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const problem: RenewalOutcome = error.code === 'billing.provider_missing' ? 'no_provider' : 'no_address';
      const product = await productsWithItems(db, organizationId).where('p.id', '=', productId).executeTakeFirst();
      if (product) await record(db, product, problem, null);
      return problem;
    }
  }

  return {
    /** The renewal decisions about the organisation's products, latest first. */
    async records(organizationId: string, locale: Locale): Promise<{ items: RenewalRecord[] }> {
      const rows = await db
        .selectFrom('billing_renewals as r')
        .innerJoin('billing_products as p', 'p.id', 'r.product_id')
        .innerJoin('billing_catalogue_items as c', 'c.id', 'p.catalogue_item_id')
        .leftJoin('school_bases as b', 'b.id', 'p.base_id')
        .leftJoin('billing_documents as d', 'd.id', 'r.document_id')
        .select(['r.product_id', 'r.renewal_date', 'r.outcome', 'r.document_id', 'r.created_at', 'd.number', 'c.label_fr', 'c.label_en', 'b.name as base_name'])
        .where('r.organization_id', '=', organizationId)
        .orderBy('r.renewal_date', 'desc')
        .orderBy('r.created_at', 'desc')
        .limit(500)
        .execute();
      return {
        items: rows.map((r) => ({ productId: r.product_id, productLabel: productLabel(r, locale), renewalDate: r.renewal_date, outcome: r.outcome, documentId: r.document_id, documentNumber: r.number, at: r.created_at.toISOString() })),
      };
    },

    /** A pro forma for renewing the chosen products (its own series, no accounting value). */
    async createProForma(organizationId: string, input: CreateProForma, userId: string, locale: Locale): Promise<BillingDocument> {
      const id = await documents.issuing(organizationId, async (trx) => {
        const products = await productsWithItems(trx, organizationId).where('p.id', 'in', input.productIds).orderBy('p.renewal_date').execute();
        if (products.length !== input.productIds.length) throw new AppError('bad_request', 'product.not_found');
        const ended = products.find((p) => p.ended_on !== null);
        if (ended) throw new AppError('conflict', 'product.ended', { label: productLabel(ended, locale) });
        if (new Set(products.map((p) => p.currency)).size > 1) throw new AppError('bad_request', 'billing_document.currency_mixed');
        const address = await documents.usableAddress(trx, organizationId, input.addressId ?? products[0]!.address_id);
        const draftId = await documents.insertDraft(trx, organizationId, { kind: 'pro_forma', source: 'manual', currency: products[0]!.currency, locale, addressId: address.id, userId }, products.map((p) => renewalLine(p, locale)));
        await documents.issueInTransaction(trx, organizationId, draftId, userId);
        return { result: draftId, issued: [draftId] };
      });
      return documents.view(organizationId, id);
    },

    /**
     * Turns a pro forma into the renewal invoice of its products, at the prices it quoted: refused
     * when it was converted already or when a product's renewal has been invoiced meanwhile.
     */
    async convertProForma(organizationId: string, proFormaId: string, userId: string): Promise<BillingDocument> {
      const invoiceId = await documents.issuing(organizationId, async (trx) => {
        const repository = createDocumentsRepository(trx);
        const proForma = await repository.find(organizationId, proFormaId, { forUpdate: true });
        if (!proForma || proForma.state === 'draft') throw new AppError('not_found', 'billing_document.not_found');
        if (proForma.kind !== 'pro_forma') throw new AppError('conflict', 'billing_document.not_pro_forma', { number: proForma.number ?? '' });
        if (proForma.converted_invoice_id) throw new AppError('conflict', 'pro_forma.already_converted', { number: proForma.number ?? '' });
        const lines = await repository.lines(organizationId, proFormaId);
        const productIds = lines.map((l) => l.product_id).filter((id): id is string => id !== null);
        const products = productIds.length === 0 ? [] : await productsWithItems(trx, organizationId).where('p.id', 'in', productIds).forUpdate('p').execute();
        for (const line of lines) {
          const product = products.find((p) => p.id === line.product_id);
          if (!product) continue;
          // The quote was for the renewal starting on its line's period start.
          if (product.renewal_date !== line.period_start || (await renewalInvoiced(trx, product.id, product.renewal_date))) {
            throw new AppError('conflict', 'pro_forma.already_invoiced', { label: line.label });
          }
        }
        const id = await documents.insertDraft(
          trx,
          organizationId,
          { kind: 'invoice', source: 'pro_forma', currency: proForma.currency, locale: proForma.locale, addressId: proForma.address_id, userId },
          lines.map((l) => ({ label: l.label, quantity: l.quantity, unitPriceCents: l.unit_price_cents, vatRateBp: l.vat_rate_bp, productId: l.product_id, periodStart: l.period_start, periodEnd: l.period_end })),
        );
        await documents.issueInTransaction(trx, organizationId, id, userId, proForma.customer ?? undefined);
        for (const product of products) await record(trx, product, 'invoiced', id);
        await repository.markConverted(organizationId, proFormaId, id);
        return { result: id, issued: [id] };
      });
      return documents.view(organizationId, invoiceId);
    },

    /**
     * The daily run for `date` (default today in Paris), idempotent:
     * - auto-renewing products whose renewal date is within `leadDays` get their renewal invoice;
     * - on or after the renewal date, an invoiced renewal moves the product to its next period; one
     *   not invoiced is invoiced under the renewal warranty when the product has it, else the
     *   product ends on that date.
     */
    async run(date: string = parisDate(now())): Promise<RenewalRunReport> {
      const report: RenewalRunReport = { date, invoiced: 0, warrantyInvoiced: 0, ended: 0, renewed: 0, problems: 0 };
      const horizon = addDays(date, leadDays);
      const due = await db
        .selectFrom('billing_products as p')
        .select(['p.id', 'p.organization_id', 'p.renewal_date', 'p.auto_renew', 'p.renewal_warranty'])
        .where('p.ended_on', 'is', null)
        .where('p.renewal_date', '<=', horizon)
        .orderBy('p.renewal_date')
        .orderBy('p.id')
        .execute();
      for (const product of due) {
        const reached = product.renewal_date <= date;
        if (!reached) {
          if (!product.auto_renew || (await renewalInvoiced(db, product.id, product.renewal_date))) continue;
          const outcome = await invoiceRenewal(product.organization_id, product.id, 'invoiced');
          if (outcome === 'done') report.invoiced += 1;
          else if (outcome !== 'skipped') report.problems += 1;
          continue;
        }
        let invoiced = await renewalInvoiced(db, product.id, product.renewal_date);
        if (!invoiced && (product.auto_renew || product.renewal_warranty)) {
          const outcome = await invoiceRenewal(product.organization_id, product.id, product.auto_renew ? 'invoiced' : 'warranty_invoiced');
          if (outcome === 'done') report[product.auto_renew ? 'invoiced' : 'warrantyInvoiced'] += 1;
          else if (outcome !== 'skipped') report.problems += 1;
          invoiced = outcome === 'done' || outcome === 'skipped';
        }
        await db.transaction().execute(async (trx) => {
          const locked = await productsWithItems(trx, product.organization_id).where('p.id', '=', product.id).forUpdate('p').executeTakeFirst();
          if (!locked || locked.ended_on !== null || locked.renewal_date !== product.renewal_date) return;
          if (invoiced && (await renewalInvoiced(trx, locked.id, locked.renewal_date))) {
            await trx.updateTable('billing_products').set({ renewal_date: addPeriods(locked.renewal_date, locked.period, 1) }).where('organization_id', '=', locked.organization_id).where('id', '=', locked.id).execute();
            report.renewed += 1;
          } else if (!locked.auto_renew && !locked.renewal_warranty) {
            await trx.updateTable('billing_products').set({ ended_on: locked.renewal_date }).where('organization_id', '=', locked.organization_id).where('id', '=', locked.id).execute();
            await record(trx, locked, 'ended', null);
            report.ended += 1;
          }
        });
      }
      return report;
    },
  };
}
export type RenewalsService = ReturnType<typeof createRenewalsService>;

/** The language documents are written in: the organisation's legal owner's, French by default. */
async function organizationLocale(trx: Transaction<Database>, organizationId: string): Promise<Locale> {
  const row = await trx
    .selectFrom('member')
    .innerJoin('user', 'user.id', 'member.user_id')
    .select('user.locale')
    .where('member.organization_id', '=', organizationId)
    .where('member.role', '=', 'owner')
    .orderBy('member.created_at')
    .limit(1)
    .executeTakeFirst();
  return row?.locale === 'en' ? 'en' : 'fr';
}
