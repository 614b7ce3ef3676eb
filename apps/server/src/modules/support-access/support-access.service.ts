import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { CreateSupportGrant, OperatorSupportGrant, SupportAction, SupportCustomer, SupportGrant } from '@preau/contracts';
import type { Database } from '../../db/schema.ts';
import { runInTenantScope } from '../../db/tenant-scope.ts';
import { AppError } from '../../shared/app-error.ts';
import type { Membership, SupportCaller } from '../../shared/caller.ts';
import type { Clock } from '../../shared/clock.ts';
import { renderMail, type MailTemplate } from '../mail/mail.templates.ts';
import type { Mailer } from '../mail/mailer.ts';
import { supportEndedMail, supportFirstUseMail, supportGrantedMail, type SupportAccessVars } from './support-access.mails.ts';
import { createSupportAccessRepository, type SupportGrantRow } from './support-access.repository.ts';

export interface SupportAccessServiceDeps {
  db: Kysely<Database>;
  mailer: Pick<Mailer, 'send'>;
  publicUrl: string;
  now: Clock;
  log: { error: (object: object, message: string) => void };
  newId?: () => string;
}

const HOUR_MS = 3600_000;

/**
 * Temporary support access: an organisation's managers grant the provider's support an access for
 * a chosen time (1 hour to 30 days), read-only unless they allow changes, and may revoke it; every
 * legal owner is told when it is granted, first used, and ends. The access layer asks
 * `findSupportAccess` for an operator who is not a member, and records each request they make.
 */
export function createSupportAccessService(deps: SupportAccessServiceDeps) {
  const { db, now } = deps;
  const newId = deps.newId ?? randomUUID;
  const repository = createSupportAccessRepository(db);

  async function tellOwners(organizationId: string, template: MailTemplate<SupportAccessVars>, vars: Omit<SupportAccessVars, 'url' | 'organizationName'>): Promise<void> {
    const organization = await db.selectFrom('organization').select('name').where('id', '=', organizationId).executeTakeFirst();
    const url = `${deps.publicUrl.replace(/\/+$/, '')}/organizations/${encodeURIComponent(organizationId)}`;
    for (const owner of await repository.listOwners(organizationId)) {
      try {
        await deps.mailer.send({ to: owner.email, ...renderMail(template, owner.locale, { ...vars, organizationName: organization?.name ?? '', url }) });
      } catch (error) {
        deps.log.error({ err: error, organizationId }, 'a support access e-mail could not be sent');
      }
    }
  }

  return {
    async list(organizationId: string): Promise<SupportGrant[]> {
      const at = now();
      return (await repository.listGrants(organizationId)).map((row) => toGrant(row, at));
    },

    async grant(organizationId: string, caller: Membership, input: CreateSupportGrant): Promise<SupportGrant> {
      const at = now();
      const grantedBy = await db.selectFrom('user').select('name').where('id', '=', caller.userId).executeTakeFirst();
      const id = newId();
      const reason = input.reason.trim();
      const endsAt = new Date(at.getTime() + input.durationHours * HOUR_MS);
      await repository.insertGrant({ id, organization_id: organizationId, reason, write: input.write, granted_by_user_id: caller.userId, granted_by_name: grantedBy?.name ?? '', created_at: at, ends_at: endsAt });
      await tellOwners(organizationId, supportGrantedMail, { reason, write: input.write, endsAt, who: grantedBy?.name ?? '' });
      const row = await repository.findGrant(organizationId, id);
      if (!row) throw grantNotFound();
      return toGrant(row, at);
    },

    async revoke(organizationId: string, caller: Membership, grantId: string): Promise<SupportGrant> {
      const at = now();
      const row = await repository.findGrant(organizationId, grantId);
      if (!row) throw grantNotFound();
      const by = await db.selectFrom('user').select('name').where('id', '=', caller.userId).executeTakeFirst();
      if (!(await repository.revokeGrant(organizationId, grantId, at, by?.name ?? ''))) throw new AppError('conflict', 'support_access.not_active');
      await tellOwners(organizationId, supportEndedMail, { reason: row.reason, write: row.write, endsAt: at, who: by?.name ?? '' });
      const revoked = await repository.findGrant(organizationId, grantId);
      if (!revoked) throw grantNotFound();
      return toGrant(revoked, at);
    },

    async actions(organizationId: string, grantId: string): Promise<SupportAction[]> {
      if (!(await repository.findGrant(organizationId, grantId))) throw grantNotFound();
      const rows = await repository.listActions(organizationId, grantId);
      return rows.map((r) => ({ at: r.at.toISOString(), operatorName: r.operator_name, method: r.method, route: r.route, path: r.path, status: r.status }));
    },

    /** The access layer's question: may operator `userId` enter the organisation now, and how? */
    async findSupportAccess(organizationId: string, userId: string): Promise<SupportCaller | undefined> {
      const row = await repository.findRunningGrantForOperator(organizationId, userId, now());
      return row && { grantId: row.id, write: row.write, endsAt: row.ends_at, operatorName: row.name };
    },

    /** Records a request the support made; the first one of an access is told to the legal owners. */
    async recordAction(action: { organizationId: string; userId: string; support: SupportCaller; method: string; route: string; path: string; status: number }): Promise<void> {
      const at = now();
      const { organizationId, support } = action;
      await repository.insertAction({
        id: newId(), grant_id: support.grantId, organization_id: organizationId, operator_user_id: action.userId, operator_name: support.operatorName,
        method: action.method, route: action.route, path: action.path.slice(0, 2000), status: action.status, at,
      });
      if (await repository.markFirstUse(organizationId, support.grantId, at)) {
        const grant = await repository.findGrant(organizationId, support.grantId);
        if (grant) await tellOwners(organizationId, supportFirstUseMail, { reason: grant.reason, write: grant.write, endsAt: grant.ends_at, who: support.operatorName });
      }
    },

    /** Tells the legal owners of every access that ended by itself; returns how many. Idempotent. */
    async notifyEnded(): Promise<number> {
      const at = now();
      let told = 0;
      for (const row of await repository.listEndedUnnotified(at)) {
        const first = await runInTenantScope(row.organization_id, () => repository.markEndNotified(row.organization_id, row.id, at));
        if (!first) continue;
        await tellOwners(row.organization_id, supportEndedMail, { reason: row.reason, write: false, endsAt: row.ends_at, who: '' });
        told += 1;
      }
      return told;
    },

    /** The operator's Support page: accesses running now, across customers. */
    async runningGrants(): Promise<OperatorSupportGrant[]> {
      return (await repository.listRunningGrants(now())).map(toOperatorGrant);
    },

    /** The operator's search: customers by support code, premium code, hosting number or name. */
    async searchCustomers(q: string): Promise<SupportCustomer[]> {
      const query = q.trim();
      if (query.length < 2) return [];
      const [rows, running] = await Promise.all([repository.searchCustomers(query), repository.listRunningGrants(now())]);
      return rows.map((row) => {
        const grant = running.find((g) => g.organization_id === row.id);
        return {
          organizationId: row.id,
          name: row.name,
          hostingNumber: row.hosting_number,
          supportCode: row.support_code,
          premiumSupportCode: row.premium_support ? row.premium_support_code : null,
          activeGrant: grant ? toOperatorGrant(grant) : null,
        };
      });
    },
  };
}

export type SupportAccessService = ReturnType<typeof createSupportAccessService>;

function grantNotFound(): AppError {
  return new AppError('not_found', 'support_access.not_found');
}

function toGrant(row: SupportGrantRow, at: Date): SupportGrant {
  const status = row.revoked_at ? 'revoked' : row.ends_at <= at ? 'ended' : 'active';
  return {
    id: row.id,
    reason: row.reason,
    write: row.write,
    grantedBy: row.granted_by_name,
    createdAt: row.created_at.toISOString(),
    endsAt: row.ends_at.toISOString(),
    revokedAt: row.revoked_at?.toISOString() ?? null,
    revokedBy: row.revoked_by_name,
    firstUsedAt: row.first_used_at?.toISOString() ?? null,
    status,
    actionCount: row.action_count,
  };
}

function toOperatorGrant(row: { id: string; organization_id: string; name: string; support_code: string; reason: string; write: boolean; ends_at: Date }): OperatorSupportGrant {
  return { grantId: row.id, organizationId: row.organization_id, organizationName: row.name, supportCode: row.support_code, reason: row.reason, write: row.write, endsAt: row.ends_at.toISOString() };
}
