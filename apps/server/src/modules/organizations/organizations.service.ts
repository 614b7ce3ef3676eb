import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Organization } from '@preau/contracts';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../shared/app-error.ts';
import type { CapabilityRules, Membership } from '../../shared/caller.ts';
import { systemClock, type Clock } from '../../shared/clock.ts';
import { createMembersRepository } from '../members/members.repository.ts';
import { defaultSwitches } from '../members/member-rules.ts';
import { randomOrganizationCodes, type OrganizationCodeGenerators } from './organization-codes.ts';
import { createOrganizationsRepository, type OrganizationWithRoleRow } from './organizations.repository.ts';

export interface OrganizationsServiceDeps {
  db: Kysely<Database>;
  /** Hosting number and support code generators; random unless a test forces collisions. */
  codes?: OrganizationCodeGenerators;
  capabilities: CapabilityRules;
  /** Today decides which team places are in force (they may end on a date). */
  now?: Clock;
  newId?: () => string;
}

// Odds of a collision are tiny (10^12 hosting numbers); many in a row means something is wrong.
const MAX_CODE_ATTEMPTS = 20;

/** Creating, listing, reading and renaming organisations. */
export function createOrganizationsService(deps: OrganizationsServiceDeps) {
  const codes = deps.codes ?? randomOrganizationCodes;
  const newId = deps.newId ?? randomUUID;
  const now = deps.now ?? systemClock;
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
          return toOrganization({ ...row, role: 'owner', billing_rights: true, premium_support: false }, deps.capabilities);
        }
        throw new AppError('internal', 'organization.codes_exhausted');
      });
    },

    /** The organisations `userId` belongs to, with their role in each. */
    async listMyOrganizations(userId: string): Promise<Organization[]> {
      const rows = await organizations.listOrganizationsOfUser(userId, now());
      return rows.map((row) => toOrganization(row, deps.capabilities));
    },

    /** One organisation as the caller sees it (a member, or the support inside a granted access). */
    async getOrganization(organizationId: string, caller: Membership): Promise<Organization> {
      const row = await organizations.findOrganization(organizationId);
      if (!row) throw new AppError('not_found', 'organization.not_found');
      return toOrganization({ ...row, role: caller.role, billing_rights: caller.billingRights }, deps.capabilities, caller);
    },

    /** Renames the organisation (the access table lets only owners and administrators here). */
    async renameOrganization(organizationId: string, caller: Membership, name: string): Promise<Organization> {
      await organizations.renameOrganization(organizationId, cleanName(name));
      return this.getOrganization(organizationId, caller);
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

/**
 * The organisation as the caller sees it: their role and what it lets them do (with the billing right
 * their teams give, and without what the support never does), and the support access they act under.
 */
function toOrganization(row: OrganizationWithRoleRow, rules: CapabilityRules, caller?: Membership): Organization {
  const support = caller?.support;
  return {
    id: row.id,
    name: row.name,
    hostingNumber: row.hosting_number,
    supportCode: row.support_code,
    premiumSupportCode: row.premium_support ? row.premium_support_code : null,
    createdAt: row.created_at.toISOString(),
    myRole: row.role,
    capabilities: support ? rules.support(support.write) : rules.organization(row.role, row.billing_rights, caller ? (caller.teamBilling ?? null) : (row.team_billing ?? null)),
    support: support ? { grantId: support.grantId, write: support.write, endsAt: support.endsAt.toISOString() } : null,
  };
}
