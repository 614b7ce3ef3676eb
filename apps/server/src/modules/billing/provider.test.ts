import type { UpdateBillingProvider } from '@preau/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, makePerson, type Agent, type TestApp } from '../../../test/support/index.ts';
import { createOperatorsRepository } from '../operators/operators.repository.ts';
import { SAMPLE_PROVIDER_IDENTITY as IDENTITY } from './billing.factories.ts';


describe("the provider's identity", () => {
  let t: TestApp;
  let operator: Agent;
  beforeAll(async () => {
    t = await createTestApp();
    operator = await makePerson(t);
    await createOperatorsRepository(t.db).grant(operator.user!.id);
  });
  afterAll(() => t?.close());

  it('is unset until an operator sets it, then read back with the IBAN in its electronic form', async () => {
    expect(await (await operator.get('/api/operator/billing/provider')).json()).toEqual({ configured: false, settings: null, updatedAt: null });
    const saved = await operator.put('/api/operator/billing/provider', IDENTITY);
    expect(saved.statusCode).toBe(200);
    const body = (await saved.json()) as { configured: boolean; settings: UpdateBillingProvider };
    expect(body).toMatchObject({ configured: true, settings: { ...IDENTITY, iban: 'FR7630006000011234567890189' } });
    expect(await (await operator.get('/api/operator/billing/provider')).json()).toEqual(body);
  });

  it('names every wrong identifier at once, in the reader’s language, and keeps what was saved', async () => {
    const wrong = { ...IDENTITY, siren: '732829321', siret: '44306184100047', vatNumber: 'FR45732829320', iban: 'FR76 3000 6000 0112 3456 7890 188', bic: 'AGRI12PP', numberPatterns: { ...IDENTITY.numberPatterns, invoice: 'F-{NNNNNN}' } };
    const response = await operator.request({ method: 'PUT', url: '/api/operator/billing/provider', body: wrong, headers: { 'accept-language': 'en' } });
    expect(response.statusCode).toBe(400);
    const { error } = (await response.json()) as { error: { code: string; fields: Record<string, { code: string; message: string }> } };
    expect(error.code).toBe('validation_failed');
    expect(Object.fromEntries(Object.entries(error.fields).map(([field, problem]) => [field, problem.code]))).toEqual({
      '/siren': 'siren.invalid', '/siret': 'siret.siren_mismatch', '/vatNumber': 'vat_number.invalid', '/iban': 'iban.invalid', '/bic': 'bic.invalid', '/numberPatterns/invoice': 'number_pattern.invalid',
    });
    expect(error.fields['/siret']?.message).toBe('The SIRET must begin with the SIREN 732829321.');
    const kept = (await (await operator.get('/api/operator/billing/provider')).json()) as { settings: UpdateBillingProvider };
    expect(kept.settings.siren).toBe(IDENTITY.siren);
  });
});
