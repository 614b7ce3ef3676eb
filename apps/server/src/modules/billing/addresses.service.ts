import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { BillingAddress, BillingAddressInput, FieldCode } from '@preau/contracts';
import type { Database } from '../../db/schema.ts';
import { AppError, type FieldMessages } from '../../shared/app-error.ts';
import type { Clock } from '../../shared/clock.ts';
import { createAddressesRepository, type AddressRow } from './addresses.repository.ts';
import { isSiret, isVatNumber } from './identifiers.ts';

function addressOf(row: AddressRow, used: boolean): BillingAddress {
  return {
    id: row.id,
    name: row.name,
    address: row.address,
    siret: row.siret,
    vatNumber: row.vat_number,
    serviceCode: row.service_code,
    purchaseOrder: row.purchase_order,
    email: row.email,
    isDefault: row.is_default,
    archived: row.archived_at !== null,
    used,
  };
}

/** 400 naming each wrong identifier (SIRET and VAT number are checked by their keys). */
function checkIdentifiers(input: BillingAddressInput): void {
  const fields: Record<string, { code: FieldCode }> = {};
  if (input.siret !== null && !isSiret(input.siret)) fields['/siret'] = { code: 'siret.invalid' };
  if (input.vatNumber !== null && !isVatNumber(input.vatNumber)) fields['/vatNumber'] = { code: 'vat_number.invalid' };
  if (Object.keys(fields).length > 0) throw new AppError('validation_failed', 'validation_failed', {}, { fields: fields as FieldMessages });
}

/**
 * An organisation's billing addresses: several, one default (the first one is), archived rather
 * than deleted once an issued document names them (the document keeps its own copy anyway).
 */
export function createAddressesService({ db, now }: { db: Kysely<Database>; now: Clock }) {
  const addresses = createAddressesRepository(db);

  async function read(organizationId: string, id: string): Promise<BillingAddress> {
    const row = await addresses.find(organizationId, id);
    if (!row) throw new AppError('not_found', 'billing_address.not_found');
    return addressOf(row, await addresses.isUsed(organizationId, id));
  }

  function columnsOf(input: BillingAddressInput) {
    return { name: input.name, address: JSON.stringify(input.address), siret: input.siret, vat_number: input.vatNumber, service_code: input.serviceCode, purchase_order: input.purchaseOrder, email: input.email };
  }

  return {
    async list(organizationId: string): Promise<{ items: BillingAddress[] }> {
      return { items: (await addresses.list(organizationId)).map((row) => addressOf(row, row.used)) };
    },

    async create(organizationId: string, input: BillingAddressInput): Promise<BillingAddress> {
      checkIdentifiers(input);
      const id = randomUUID();
      await db.transaction().execute(async (trx) => {
        const repository = createAddressesRepository(trx);
        const makeDefault = input.isDefault === true || (await repository.findDefault(organizationId)) === undefined;
        if (makeDefault) await repository.clearDefault(organizationId);
        await repository.insert({ id, organization_id: organizationId, ...columnsOf(input), is_default: makeDefault, archived_at: null });
      });
      return read(organizationId, id);
    },

    /** Changes an address; documents already issued keep the copy they printed. */
    async update(organizationId: string, id: string, input: BillingAddressInput): Promise<BillingAddress> {
      checkIdentifiers(input);
      await db.transaction().execute(async (trx) => {
        const repository = createAddressesRepository(trx);
        const row = await repository.find(organizationId, id);
        if (!row) throw new AppError('not_found', 'billing_address.not_found');
        if (input.isDefault === true && row.archived_at) throw new AppError('conflict', 'billing_address.archived');
        if (input.isDefault === true && !row.is_default) await repository.clearDefault(organizationId);
        await repository.update(organizationId, id, { ...columnsOf(input), ...(input.isDefault === true ? { is_default: true } : {}), updated_at: now() });
      });
      return read(organizationId, id);
    },

    async archive(organizationId: string, id: string): Promise<BillingAddress> {
      await db.transaction().execute(async (trx) => {
        const repository = createAddressesRepository(trx);
        const row = await repository.find(organizationId, id);
        if (!row) throw new AppError('not_found', 'billing_address.not_found');
        if (row.is_default) throw new AppError('conflict', 'billing_address.default_archived');
        await repository.update(organizationId, id, { archived_at: row.archived_at ?? now(), updated_at: now() });
        await repository.detachFromProducts(organizationId, id);
      });
      return read(organizationId, id);
    },

    /** Deletes an address no issued document names (409 `billing_address.in_use` otherwise: archive it). */
    async delete(organizationId: string, id: string): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const repository = createAddressesRepository(trx);
        const row = await repository.find(organizationId, id);
        if (!row) throw new AppError('not_found', 'billing_address.not_found');
        if (await repository.isUsed(organizationId, id)) throw new AppError('conflict', 'billing_address.in_use');
        await repository.detachFromProducts(organizationId, id);
        // Drafts naming it fall back to the default at finalisation.
        await trx.updateTable('billing_documents').set({ address_id: null }).where('organization_id', '=', organizationId).where('address_id', '=', id).where('state', '=', 'draft').execute();
        await repository.delete(organizationId, id);
        // Another active address takes over as the default.
        if (row.is_default) await repository.promoteOldestActive(organizationId);
      });
    },
  };
}
export type AddressesService = ReturnType<typeof createAddressesService>;
