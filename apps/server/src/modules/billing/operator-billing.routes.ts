import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Kysely } from 'kysely';
import { Type } from 'typebox';
import {
  BillingAddressListSchema,
  BillingCustomerBaseListSchema,
  BillingCustomerListSchema,
  BillingDocumentPageSchema,
  BillingDocumentSchema,
  BillingDocumentsQuerySchema,
  CatalogueItemInputSchema,
  CatalogueItemSchema,
  CatalogueListSchema,
  CreateCreditNoteSchema,
  CreateDraftInvoiceSchema,
  CreateProductSchema,
  DocumentPdfQuerySchema,
  IdParamSchema,
  ProductListSchema,
  ProductSchema,
  RecordPaymentSchema,
  RenewalRecordListSchema,
  RenewalRunReportSchema,
} from '@preau/contracts';
import type { Database } from '../../db/schema.ts';
import { answerLocale } from '../../http/answer-locale.ts';
import { requireUser } from '../../http/session.ts';
import { AppError } from '../../shared/app-error.ts';
import { createBasesRepository } from '../bases/bases.repository.ts';
import type { AddressesService } from './addresses.service.ts';
import { FileSchema, pdfAnswer } from './billing.routes.ts';
import type { CatalogueService } from './catalogue.service.ts';
import { listCustomers } from './customers.ts';
import type { DocumentPdfs } from './document-pdfs.ts';
import { createDocumentsRepository } from './documents.repository.ts';
import type { DocumentsService } from './documents.service.ts';
import type { ProductsService } from './products.service.ts';
import type { RenewalsService } from './renewals.service.ts';
import type { Clock } from '../../shared/clock.ts';

export interface OperatorBillingRoutesDeps {
  db: Kysely<Database>;
  now: Clock;
  catalogueService: CatalogueService;
  documentsService: DocumentsService;
  addressesService: AddressesService;
  productsService: ProductsService;
  documentPdfs: DocumentPdfs;
  renewalsService: RenewalsService;
}

const tags = ['billing', 'operator'];

/** The provider's side of billing: catalogue, customers, their products and documents (operators only). */
export function registerOperatorBillingRoutes(app: FastifyInstance, deps: OperatorBillingRoutesDeps): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const { catalogueService, documentsService, productsService } = deps;
  const base = '/api/operator/billing';
  const documents = createDocumentsRepository(deps.db);
  const bases = createBasesRepository(deps.db);

  /** The organisation of a document, for operator routes keyed by the document alone. */
  async function organizationOf(docId: string): Promise<string> {
    const organizationId = await documents.findOrganizationUnscoped(docId);
    if (!organizationId) throw new AppError('not_found', 'billing_document.not_found');
    return organizationId;
  }

  async function customerExists(orgId: string): Promise<string> {
    const row = await deps.db.selectFrom('organization').select('id').where('id', '=', orgId).executeTakeFirst();
    if (!row) throw new AppError('not_found', 'not_found');
    return orgId;
  }

  r.get(`${base}/catalogue`, {
    config: { action: 'billing.operator.read' },
    schema: { tags, summary: 'The catalogue (active items first)', response: { 200: CatalogueListSchema } },
    handler: () => catalogueService.list(),
  });
  r.post(`${base}/catalogue`, {
    config: { action: 'billing.operator.manage' },
    schema: { tags, summary: 'Add a catalogue item', body: CatalogueItemInputSchema, response: { 201: CatalogueItemSchema } },
    handler: async (request, reply) => reply.code(201).send(await catalogueService.create(request.body)),
  });
  const ItemParams = Type.Object({ itemId: IdParamSchema });
  r.put(`${base}/catalogue/:itemId`, {
    config: { action: 'billing.operator.manage' },
    schema: { tags, summary: 'Change a catalogue item (renewals from now on use its new price)', params: ItemParams, body: CatalogueItemInputSchema, response: { 200: CatalogueItemSchema } },
    handler: (request) => catalogueService.update(request.params.itemId, request.body),
  });
  r.post(`${base}/catalogue/:itemId/archive`, {
    config: { action: 'billing.operator.manage' },
    schema: { tags, summary: 'Archive a catalogue item (no new product from it)', params: ItemParams, response: { 200: CatalogueItemSchema } },
    handler: (request) => catalogueService.archive(request.params.itemId),
  });

  r.get(`${base}/customers`, {
    config: { action: 'billing.operator.read' },
    schema: { tags, summary: 'Customers with their products, next renewal and what they owe', response: { 200: BillingCustomerListSchema } },
    handler: () => listCustomers(deps.db, deps.now),
  });
  const CustomerParams = Type.Object({ orgId: IdParamSchema });
  r.get(`${base}/customers/:orgId/products`, {
    config: { action: 'billing.operator.read' },
    schema: { tags, summary: "A customer's products", params: CustomerParams, response: { 200: ProductListSchema } },
    handler: async (request) => productsService.list(await customerExists(request.params.orgId), answerLocale(request)),
  });
  r.post(`${base}/customers/:orgId/products`, {
    config: { action: 'billing.operator.manage' },
    schema: { tags, summary: 'Give a customer a product from the catalogue', params: CustomerParams, body: CreateProductSchema, response: { 201: ProductSchema } },
    handler: async (request, reply) => reply.code(201).send(await productsService.create(await customerExists(request.params.orgId), request.body, answerLocale(request))),
  });
  r.get(`${base}/customers/:orgId/addresses`, {
    config: { action: 'billing.operator.read' },
    schema: { tags, summary: "A customer's billing addresses", params: CustomerParams, response: { 200: BillingAddressListSchema } },
    handler: async (request) => deps.addressesService.list(await customerExists(request.params.orgId)),
  });
  r.get(`${base}/customers/:orgId/bases`, {
    config: { action: 'billing.operator.read' },
    schema: { tags, summary: "A customer's school bases, for the product form (newest school year first)", params: CustomerParams, response: { 200: BillingCustomerBaseListSchema } },
    handler: async (request) => {
      const rows = await bases.listBaseSummaries(await customerExists(request.params.orgId));
      return { items: rows.map((row) => ({ id: row.id, name: row.name, schoolYear: row.school_year, state: row.state })) };
    },
  });
  r.get(`${base}/customers/:orgId/documents`, {
    config: { action: 'billing.operator.read' },
    schema: { tags, summary: "A customer's documents, drafts included", params: CustomerParams, querystring: BillingDocumentsQuerySchema, response: { 200: BillingDocumentPageSchema } },
    handler: async (request) => documentsService.history(await customerExists(request.params.orgId), request.query, { includeDrafts: true }),
  });
  r.get(`${base}/customers/:orgId/renewals`, {
    config: { action: 'billing.operator.read' },
    schema: { tags, summary: "What the renewal runs decided for a customer's products, latest first", params: CustomerParams, response: { 200: RenewalRecordListSchema } },
    handler: async (request) => deps.renewalsService.records(await customerExists(request.params.orgId), answerLocale(request)),
  });
  r.post(`${base}/renewals/run`, {
    config: { action: 'billing.operator.manage' },
    schema: { tags, summary: "Run today's renewals now (the daily job does it every hour; a second run changes nothing)", response: { 200: RenewalRunReportSchema } },
    handler: () => deps.renewalsService.run(),
  });
  r.post(`${base}/customers/:orgId/invoices`, {
    config: { action: 'billing.operator.manage' },
    schema: { tags, summary: 'Draft an invoice by hand', params: CustomerParams, body: CreateDraftInvoiceSchema, response: { 201: BillingDocumentSchema } },
    handler: async (request, reply) => reply.code(201).send(await documentsService.createDraftInvoice(await customerExists(request.params.orgId), request.body, requireUser(request).id)),
  });

  const DocParams = Type.Object({ docId: IdParamSchema });
  r.get(`${base}/documents/:docId`, {
    config: { action: 'billing.operator.read' },
    schema: { tags, summary: 'A billing document, drafts included', params: DocParams, response: { 200: BillingDocumentSchema } },
    handler: async (request) => documentsService.view(await organizationOf(request.params.docId), request.params.docId),
  });
  r.delete(`${base}/documents/:docId`, {
    config: { action: 'billing.operator.manage' },
    schema: { tags, summary: 'Delete a draft (an issued document is never deleted)', params: DocParams },
    handler: async (request, reply) => {
      await documentsService.deleteDraft(await organizationOf(request.params.docId), request.params.docId);
      return reply.code(204).send();
    },
  });
  r.post(`${base}/documents/:docId/finalize`, {
    config: { action: 'billing.operator.manage' },
    schema: { tags, summary: 'Finalise a draft: its number, frozen content and stored PDF', params: DocParams, response: { 200: BillingDocumentSchema } },
    handler: async (request) => documentsService.finalize(await organizationOf(request.params.docId), request.params.docId, requireUser(request).id),
  });
  r.post(`${base}/documents/:docId/credit-notes`, {
    config: { action: 'billing.operator.manage' },
    schema: { tags, summary: 'Issue a credit note on an invoice (all that remains, or chosen lines)', params: DocParams, body: CreateCreditNoteSchema, response: { 201: BillingDocumentSchema } },
    handler: async (request, reply) => reply.code(201).send(await documentsService.createCreditNote(await organizationOf(request.params.docId), request.params.docId, request.body, requireUser(request).id)),
  });
  r.post(`${base}/documents/:docId/payments`, {
    config: { action: 'billing.operator.manage' },
    schema: { tags, summary: 'Record a payment received by hand', params: DocParams, body: RecordPaymentSchema, response: { 200: BillingDocumentSchema } },
    handler: async (request) => documentsService.recordPayment(await organizationOf(request.params.docId), request.params.docId, request.body, requireUser(request).id),
  });
  r.get(`${base}/documents/:docId/pdf`, {
    config: { action: 'billing.operator.read' },
    schema: { tags, summary: 'The stored PDF of an issued document', params: DocParams, querystring: DocumentPdfQuerySchema, response: { 200: FileSchema } },
    handler: async (request, reply) => {
      const pdf = await deps.documentPdfs.open(await organizationOf(request.params.docId), request.params.docId, request.query.version ?? 'original');
      return pdfAnswer(reply, pdf, request.query.disposition);
    },
  });
}
