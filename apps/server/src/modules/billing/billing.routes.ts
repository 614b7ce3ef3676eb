import type { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  BillingAddressInputSchema,
  BillingAddressListSchema,
  BillingAddressSchema,
  BillingCsvQuerySchema,
  BillingDocumentPageSchema,
  BillingDocumentSchema,
  BillingDocumentsQuerySchema,
  BillingExportSchema,
  CreateProFormaSchema,
  DocumentPdfQuerySchema,
  IdParamSchema,
  ProductListSchema,
  ProductSchema,
  UpdateAllProductsSchema,
  UpdateProductSchema,
} from '@preau/contracts';
import { answerLocale } from '../../http/answer-locale.ts';
import { requireUser } from '../../http/session.ts';
import { AppError } from '../../shared/app-error.ts';
import type { AddressesService } from './addresses.service.ts';
import { parisDate } from './billing-calendar.ts';
import { billingCsvStream } from './billing-csv.ts';
import type { BillingExports } from './billing-exports.ts';
import { BILLING_PDF_CONTENT_TYPE, type DocumentPdfs, type OpenedPdf } from './document-pdfs.ts';
import { historyFilters } from './document-views.ts';
import type { DocumentsService } from './documents.service.ts';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { ProductsService } from './products.service.ts';
import type { RenewalsService } from './renewals.service.ts';
import type { Clock } from '../../shared/clock.ts';

export interface BillingRoutesDeps {
  db: Kysely<Database>;
  now: Clock;
  documentsService: DocumentsService;
  addressesService: AddressesService;
  productsService: ProductsService;
  renewalsService: RenewalsService;
  documentPdfs: DocumentPdfs;
  billingExports: BillingExports;
}

const OrgParams = Type.Object({ orgId: IdParamSchema });
/** A file answered as a stream (OpenAPI: a binary string). */
export const FileSchema = Type.Unsafe<Readable>({ type: 'string', format: 'binary', description: 'The file' });
const tags = ['billing'];

/** Answers a stored PDF, inline (opens in the browser) or as a download. */
export function pdfAnswer(reply: FastifyReply, pdf: OpenedPdf, disposition: 'inline' | 'attachment' = 'inline'): Readable {
  reply
    .type(BILLING_PDF_CONTENT_TYPE)
    .header('content-length', pdf.size)
    .header('content-disposition', `${disposition}; filename="${pdf.fileName}"`)
    .header('cache-control', 'private, no-store');
  return pdf.body;
}

/** A customer's billing: history, PDFs, CSV, products and their renewal, addresses, pro forma, exports. */
export function registerBillingRoutes(app: FastifyInstance, deps: BillingRoutesDeps): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const { documentsService, addressesService, productsService, renewalsService } = deps;
  const base = '/api/organizations/:orgId/billing';

  r.get(`${base}/documents`, {
    config: { action: 'billing.read' },
    schema: { tags, summary: 'Billing history, newest first, filtered and paged by cursor', params: OrgParams, querystring: BillingDocumentsQuerySchema, response: { 200: BillingDocumentPageSchema } },
    handler: (request) => documentsService.history(request.params.orgId, request.query, { includeDrafts: false }),
  });
  r.get(`${base}/documents.csv`, {
    config: { action: 'billing.read' },
    schema: { tags, summary: 'The filtered history as CSV (UTF-8 with BOM, `;` separated), streamed', params: OrgParams, querystring: BillingCsvQuerySchema, response: { 200: FileSchema } },
    handler: (request, reply) => {
      const { decimal, ...query } = request.query;
      const filters = historyFilters(query, false, parisDate(deps.now()));
      const body = billingCsvStream(deps.db, { organizationId: request.params.orgId, filters, decimal, locale: answerLocale(request) });
      reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="facturation-${parisDate(deps.now())}.csv"`).header('cache-control', 'private, no-store');
      return body;
    },
  });
  r.get(`${base}/documents/:docId`, {
    config: { action: 'billing.read' },
    schema: { tags, summary: 'A billing document with its lines, VAT, payments and credit notes', params: Type.Object({ orgId: IdParamSchema, docId: IdParamSchema }), response: { 200: BillingDocumentSchema } },
    handler: async (request) => {
      const document = await documentsService.view(request.params.orgId, request.params.docId);
      // Drafts are the operator's work in progress.
      if (document.state === 'draft') throw new AppError('not_found', 'billing_document.not_found');
      return document;
    },
  });
  r.get('/api/billing/documents/:docId/pdf', {
    config: { action: 'billing.read' },
    schema: { tags, summary: 'The stored PDF of an issued document (`version=paid`: the receipted one of a paid invoice)', params: Type.Object({ docId: IdParamSchema }), querystring: DocumentPdfQuerySchema, response: { 200: FileSchema } },
    handler: async (request, reply) => {
      const organizationId = request.membership!.organizationId;
      const pdf = await deps.documentPdfs.open(organizationId, request.params.docId, request.query.version ?? 'original');
      return pdfAnswer(reply, pdf, request.query.disposition);
    },
  });
  r.post(`${base}/documents/:docId/convert`, {
    config: { action: 'billing.manage' },
    schema: { tags, summary: 'Turn a pro forma into the renewal invoice of its products', params: Type.Object({ orgId: IdParamSchema, docId: IdParamSchema }), response: { 200: BillingDocumentSchema } },
    handler: (request) => renewalsService.convertProForma(request.params.orgId, request.params.docId, requireUser(request).id),
  });
  r.post(`${base}/pro-forma`, {
    config: { action: 'billing.manage' },
    schema: { tags, summary: 'A pro forma for renewing chosen products (own series, no accounting value)', params: OrgParams, body: CreateProFormaSchema, response: { 201: BillingDocumentSchema } },
    handler: async (request, reply) => reply.code(201).send(await renewalsService.createProForma(request.params.orgId, request.body, requireUser(request).id, answerLocale(request))),
  });

  r.post(`${base}/exports`, {
    config: { action: 'billing.manage' },
    schema: { tags, summary: 'E-mail the caller a link (valid 7 days) to the filtered history as CSV, written by a job', params: OrgParams, body: BillingCsvQuerySchema, response: { 202: BillingExportSchema } },
    handler: async (request, reply) => reply.code(202).send(await deps.billingExports.create(request.params.orgId, requireUser(request).id, request.body)),
  });
  r.get(`${base}/exports/:exportId/file`, {
    config: { action: 'billing.read' },
    schema: { tags, summary: 'The CSV file of an e-mailed export, for 7 days', params: Type.Object({ orgId: IdParamSchema, exportId: IdParamSchema }), response: { 200: FileSchema } },
    handler: async (request, reply) => {
      const file = await deps.billingExports.open(request.params.orgId, request.params.exportId);
      reply.type('text/csv; charset=utf-8').header('content-length', file.size).header('content-disposition', `attachment; filename="${file.fileName}"`).header('cache-control', 'private, no-store');
      return file.body;
    },
  });

  r.get(`${base}/products`, {
    config: { action: 'billing.read' },
    schema: { tags, summary: 'The products the organisation holds and how they renew', params: OrgParams, response: { 200: ProductListSchema } },
    handler: (request) => productsService.list(request.params.orgId, answerLocale(request)),
  });
  r.patch(`${base}/products`, {
    config: { action: 'billing.manage' },
    schema: { tags, summary: 'Switch auto-renew or the renewal warranty of every running product at once', params: OrgParams, body: UpdateAllProductsSchema, response: { 200: ProductListSchema } },
    handler: (request) => productsService.updateAll(request.params.orgId, request.body, answerLocale(request)),
  });
  r.patch(`${base}/products/:productId`, {
    config: { action: 'billing.manage' },
    schema: { tags, summary: "A product's auto-renew, renewal warranty and renewal address", params: Type.Object({ orgId: IdParamSchema, productId: IdParamSchema }), body: UpdateProductSchema, response: { 200: ProductSchema } },
    handler: (request) => productsService.update(request.params.orgId, request.params.productId, request.body, answerLocale(request)),
  });

  r.get(`${base}/addresses`, {
    config: { action: 'billing.read' },
    schema: { tags, summary: 'Billing addresses (the default first, archived last)', params: OrgParams, response: { 200: BillingAddressListSchema } },
    handler: (request) => addressesService.list(request.params.orgId),
  });
  r.post(`${base}/addresses`, {
    config: { action: 'billing.manage' },
    schema: { tags, summary: 'Add a billing address (the first one is the default)', params: OrgParams, body: BillingAddressInputSchema, response: { 201: BillingAddressSchema } },
    handler: async (request, reply) => reply.code(201).send(await addressesService.create(request.params.orgId, request.body)),
  });
  const AddressParams = Type.Object({ orgId: IdParamSchema, addressId: IdParamSchema });
  r.put(`${base}/addresses/:addressId`, {
    config: { action: 'billing.manage' },
    schema: { tags, summary: 'Change a billing address (issued documents keep their copy)', params: AddressParams, body: BillingAddressInputSchema, response: { 200: BillingAddressSchema } },
    handler: (request) => addressesService.update(request.params.orgId, request.params.addressId, request.body),
  });
  r.post(`${base}/addresses/:addressId/archive`, {
    config: { action: 'billing.manage' },
    schema: { tags, summary: 'Archive a billing address (no new document uses it)', params: AddressParams, response: { 200: BillingAddressSchema } },
    handler: (request) => addressesService.archive(request.params.orgId, request.params.addressId),
  });
  r.delete(`${base}/addresses/:addressId`, {
    config: { action: 'billing.manage' },
    schema: { tags, summary: 'Delete a billing address no issued document names', params: AddressParams },
    handler: async (request, reply) => {
      await addressesService.delete(request.params.orgId, request.params.addressId);
      return reply.code(204).send();
    },
  });
}
