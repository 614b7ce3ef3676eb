import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Organization } from '@preau/contracts';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../shared/app-error.ts';
import type { CapabilityRules } from '../../shared/caller.ts';
import { createMembersRepository } from '../members/members.repository.ts';
import { defaultSwitches } from '../members/member-rules.ts';
import { randomOrganizationCodes, type OrganizationCodeGenerators } from './organization-codes.ts';
import { createOrganizationsRepository, type OrganizationWithRoleRow } from './organizations.repository.ts';

export interface OrganizationsServiceDeps {
  db: Kysely<Database>;
  /** Hosting number and support code generators; random unless a test forces collisions. */
  codes?: OrganizationCodeGenerators;
  capabilities: CapabilityRules;
  newId?: () => string;
}

// Odds of a collision are tiny (10^12 hosting numbers); many in a row means something is wrong.
const MAX_CODE_ATTEMPTS = 20;

/** Creating, listing, reading and renaming organisations. */
export function createOrganizationsService(deps: OrganizationsServiceDeps) {
  const codes = deps.codes ?? randomOrganizationCodes;
  const newId = deps.newId ?? randomUUID;
  const organizations = createOrganizationsRepository(deps.db);

  return {
    /** Creates an organisation with `userId` as its legal owner; codes are retried on collision. */
    async createOrganization(userId: string, name: string): Promise<Organization> {
      return deps.db.transaction().execute(async (trx) => {
        const repository = createOrganizationsRepository(trx);
        for (let attempt = 0; attempt < MAX_CODE_ATTEMPTS; attempt += 1) {
          const row = await repository.insertOrganizationIfCodesFree({
            id: newId(),
            name: cleanName(name),
            hostingNumber: codes.hostingNumber(),
            supportCode: codes.supportCode(),
          });
          if (!row) continue;
          await createMembersRepository(trx).insertMember(row.id, {
            id: newId(),
            userId,
            role: 'owner',
            ...defaultSwitches('owner'),
          });
          return toOrganization({ ...row, role: 'owner', billing_rights: true }, deps.capabilities);
        }
        throw new AppError('internal', 'organization.codes_exhausted');
      });
    },

    /** The organisations `userId` belongs to, with their role in each. */
    async listMyOrganizations(userId: string): Promise<Organization[]> {
      const rows = await organizations.listOrganizationsOfUser(userId);
      return rows.map((row) => toOrganization(row, deps.capabilities));
    },

    /** One organisation as seen by its member `userId`. */
    async getOrganization(organizationId: string, userId: string): Promise<Organization> {
      const row = await organizations.findOrganizationForMember(organizationId, userId);
      if (!row) throw new AppError('not_found', 'organization.not_found');
      return toOrganization(row, deps.capabilities);
    },

    /** Renames the organisation (the access table lets only owners and administrators here). */
    async renameOrganization(organizationId: string, userId: string, name: string): Promise<Organization> {
      await organizations.renameOrganization(organizationId, cleanName(name));
      const row = await organizations.findOrganizationForMember(organizationId, userId);
      if (!row) throw new AppError('not_found', 'organization.not_found');
      return toOrganization(row, deps.capabilities);
    },
  };
}

export type OrganizationsService = ReturnType<typeof createOrganizationsService>;

function cleanName(name: string): string {
  const cleaned = name.trim().replace(/\s+/g, ' ');
  if (cleaned.length < 2) {
    const params = { min: 2 };
    throw new AppError('bad_request', 'organization.name_invalid', params, { fields: { '/name': { code: 'organization.name_invalid', params } } });
  }
  return cleaned;
}

/** The organisation as its member sees it: their role and what it lets them do. */
function toOrganization(row: OrganizationWithRoleRow, rules: CapabilityRules): Organization {
  return {
    id: row.id,
    name: row.name,
    hostingNumber: row.hosting_number,
    supportCode: row.support_code,
    createdAt: row.created_at.toISOString(),
    myRole: row.role,
    capabilities: rules.organization(row.role, row.billing_rights),
  };
}
