import type { BillingProvider, FieldCode, UpdateBillingProvider } from '@preau/contracts';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { AppError, type FieldMessages } from '../../shared/app-error.ts';
import type { Clock } from '../../shared/clock.ts';
import { isBic, isSiren, isSiret, isVatNumber, normalizedIban } from './identifiers.ts';
import { isNumberPattern } from './numbering.ts';
import { createProviderRepository } from './provider.repository.ts';

/** The provider's identity: read by operators (and later printed on documents), set by an operator. */
export function createProviderService({ db, now }: { db: Kysely<Database>; now: Clock }) {
  const provider = createProviderRepository(db);

  async function read(): Promise<BillingProvider> {
    const found = await provider.find();
    return found ? { configured: true, settings: found.settings, updatedAt: found.updatedAt.toISOString() } : { configured: false, settings: null, updatedAt: null };
  }

  return {
    read,

    /** Checks every identifier at once (400 naming each wrong field), then saves the whole identity. */
    async update(input: UpdateBillingProvider, userId: string): Promise<BillingProvider> {
      const fields: Record<string, { code: FieldCode; params?: Record<string, string> }> = {};
      if (!isSiren(input.siren)) fields['/siren'] = { code: 'siren.invalid' };
      if (!isSiret(input.siret)) fields['/siret'] = { code: 'siret.invalid' };
      else if (!input.siret.startsWith(input.siren)) fields['/siret'] = { code: 'siret.siren_mismatch', params: { siren: input.siren } };
      if (input.vatNumber !== null && !isVatNumber(input.vatNumber)) fields['/vatNumber'] = { code: 'vat_number.invalid' };
      const iban = normalizedIban(input.iban);
      if (iban === undefined) fields['/iban'] = { code: 'iban.invalid' };
      if (!isBic(input.bic)) fields['/bic'] = { code: 'bic.invalid' };
      for (const [series, pattern] of Object.entries(input.numberPatterns)) {
        if (!isNumberPattern(pattern)) fields[`/numberPatterns/${series}`] = { code: 'number_pattern.invalid', params: { year: '{YYYY}', number: '{NNNNNN}' } };
      }
      if (Object.keys(fields).length > 0) throw new AppError('validation_failed', 'validation_failed', {}, { fields: fields as FieldMessages });
      await provider.save({ ...input, iban: iban! }, userId, now());
      return read();
    },
  };
}
export type ProviderService = ReturnType<typeof createProviderService>;
