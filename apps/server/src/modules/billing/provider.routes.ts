import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { BillingProviderSchema, UpdateBillingProviderSchema } from '@preau/contracts';
import { requireUser } from '../../http/session.ts';
import type { ProviderService } from './provider.service.ts';

/** GET/PUT /api/operator/billing/provider: the provider's legal identity, an operator's to set. */
export function registerProviderRoutes(app: FastifyInstance, { providerService }: { providerService: ProviderService }): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.get('/api/operator/billing/provider', {
    config: { action: 'billing.provider.read' },
    schema: { tags: ['billing'], summary: "The provider's identity printed on billing documents", response: { 200: BillingProviderSchema } },
    handler: () => providerService.read(),
  });
  r.put('/api/operator/billing/provider', {
    config: { action: 'billing.provider.update' },
    schema: { tags: ['billing'], summary: "Set the provider's identity (checked SIREN, SIRET, VAT number, IBAN, BIC, number patterns)", body: UpdateBillingProviderSchema, response: { 200: BillingProviderSchema } },
    handler: (request) => providerService.update(request.body, requireUser(request).id),
  });
}
