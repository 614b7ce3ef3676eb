import { sql, type Kysely } from 'kysely';
import type { BillingCustomer } from '@preau/contracts';
import type { Database } from '../../db/schema.ts';
import type { Clock } from '../../shared/clock.ts';
import { parisDate } from './billing-calendar.ts';

/** Every organisation as a customer: its running products, next renewal, what it owes and how much is late (operators). */
export async function listCustomers(db: Kysely<Database>, now: Clock): Promise<{ items: BillingCustomer[] }> {
  const today = parisDate(now());
  const rows = await db
    .selectFrom('organization as o')
    .select([
      'o.id',
      'o.name',
      'o.hosting_number',
      sql<number>`(select count(*) from billing_products p where p.organization_id = o.id and p.ended_on is null)`.as('product_count'),
      sql<string | null>`(select min(p.renewal_date)::text from billing_products p where p.organization_id = o.id and p.ended_on is null)`.as('next_renewal'),
      sql<number>`(select coalesce(sum(greatest(d.gross_cents - d.credited_cents - d.paid_cents, 0)), 0) from billing_documents d where d.organization_id = o.id and d.kind = 'invoice' and d.state = 'finalized')`.as('due'),
      sql<number>`(select count(*) from billing_documents d where d.organization_id = o.id and d.kind = 'invoice' and d.state = 'finalized' and d.payment_status in ('unpaid', 'partially_paid') and d.due_date < ${today})`.as('overdue'),
    ])
    .orderBy('o.name')
    .execute();
  return {
    items: rows.map((r) => ({ organizationId: r.id, name: r.name, hostingNumber: r.hosting_number, productCount: Number(r.product_count), nextRenewalDate: r.next_renewal, amountDueCents: Number(r.due), overdueCount: Number(r.overdue) })),
  };
}
