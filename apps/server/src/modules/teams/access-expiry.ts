import { sql, type Kysely } from 'kysely';
import type { Locale } from '@preau/contracts';
import type { Database } from '../../db/schema.ts';
import type { Clock } from '../../shared/clock.ts';
import { addDays } from '../../shared/paris-calendar.ts';
import { accessDay } from '../effective-access/effective-access.ts';
import { renderMail } from '../mail/mail.templates.ts';
import type { Mailer } from '../mail/mailer.ts';
import { accessEndingMail } from './access-expiry.mails.ts';

export interface AccessExpiryDeps {
  db: Kysely<Database>;
  mailer: Pick<Mailer, 'send'>;
  publicUrl: string;
  now: Clock;
  log: { error: (object: object, message: string) => void };
}

/** Days before a grant or team membership ends that its team leader (or the managers) are told. */
export const ENDING_NOTICE_DAYS = 7;

/**
 * The daily upkeep of access that ends: tells a team's leader (the organisation's legal owners and
 * administrators for a team without one, and for a grant of one's own) a week before someone's place
 * ends, then removes what ended. The access layer already ignores what ended (effective-access.ts):
 * removal only tidies. Idempotent: a notice is sent once (`warned_on`), a removal happens once.
 */
export function createAccessExpiry(deps: AccessExpiryDeps) {
  const { db } = deps;
  const url = (organizationId: string) => `${deps.publicUrl.replace(/\/+$/, '')}/organizations/${encodeURIComponent(organizationId)}`;

  async function managers(organizationId: string): Promise<{ email: string; locale: Locale }[]> {
    return db.selectFrom('member').innerJoin('user', 'user.id', 'member.user_id').select(['user.email', 'user.locale'])
      .where('member.organization_id', '=', organizationId).where('member.role', 'in', ['owner', 'admin']).execute();
  }

  async function tell(recipients: { email: string; locale: Locale }[], vars: Parameters<typeof accessEndingMail.fr>[0]): Promise<void> {
    for (const to of recipients) {
      try {
        await deps.mailer.send({ to: to.email, ...renderMail(accessEndingMail, to.locale, vars) });
      } catch (error) {
        deps.log.error({ err: error }, 'an access-ending e-mail could not be sent');
      }
    }
  }

  return {
    async run(): Promise<{ warned: number; removed: number }> {
      const today = accessDay(deps.now());
      const horizon = addDays(today, ENDING_NOTICE_DAYS);
      let warned = 0;

      const endingPlaces = await db.selectFrom('team_members as tm')
        .innerJoin('teams as t', 't.id', 'tm.team_id')
        .innerJoin('organization as o', 'o.id', 'tm.organization_id')
        .innerJoin('member as m', 'm.id', 'tm.member_id')
        .innerJoin('user as u', 'u.id', 'm.user_id')
        .leftJoin('member as lm', 'lm.id', 't.leader_member_id')
        .leftJoin('user as lu', 'lu.id', 'lm.user_id')
        .select(['tm.team_id', 'tm.member_id', 'tm.organization_id', 'tm.ends_on', 't.name as team_name', 'o.name as organization_name', 'u.name as member_name', 'lu.email as leader_email', 'lu.locale as leader_locale'])
        .where('tm.warned_on', 'is', null)
        .where(sql<boolean>`tm.ends_on > ${today}::date and tm.ends_on <= ${horizon}::date`)
        .limit(1000)
        .execute();
      for (const place of endingPlaces) {
        const marked = await db.updateTable('team_members').set({ warned_on: today })
          .where('team_id', '=', place.team_id).where('member_id', '=', place.member_id).where('warned_on', 'is', null).executeTakeFirst();
        if (marked.numUpdatedRows === 0n) continue;
        const recipients = place.leader_email !== null && place.leader_locale !== null ? [{ email: place.leader_email, locale: place.leader_locale }] : await managers(place.organization_id);
        await tell(recipients, { organizationName: place.organization_name, what: place.team_name, memberName: place.member_name, endsOn: place.ends_on ?? horizon, url: url(place.organization_id) });
        warned += 1;
      }

      const endingGrants = await db.selectFrom('base_profiles as bp')
        .innerJoin('school_bases as b', 'b.id', 'bp.base_id')
        .innerJoin('organization as o', 'o.id', 'bp.organization_id')
        .innerJoin('member as m', 'm.id', 'bp.member_id')
        .innerJoin('user as u', 'u.id', 'm.user_id')
        .select(['bp.base_id', 'bp.member_id', 'bp.organization_id', 'bp.ends_on', 'b.name as base_name', 'o.name as organization_name', 'u.name as member_name'])
        .where('bp.warned_on', 'is', null)
        .where(sql<boolean>`bp.ends_on > ${today}::date and bp.ends_on <= ${horizon}::date`)
        .limit(1000)
        .execute();
      for (const grant of endingGrants) {
        const marked = await db.updateTable('base_profiles').set({ warned_on: today })
          .where('base_id', '=', grant.base_id).where('member_id', '=', grant.member_id).where('warned_on', 'is', null).executeTakeFirst();
        if (marked.numUpdatedRows === 0n) continue;
        await tell(await managers(grant.organization_id), { organizationName: grant.organization_name, what: grant.base_name, memberName: grant.member_name, endsOn: grant.ends_on ?? horizon, url: url(grant.organization_id) });
        warned += 1;
      }

      const places = await db.deleteFrom('team_members').where(sql<boolean>`ends_on <= ${today}::date`).executeTakeFirst();
      const grants = await db.deleteFrom('base_profiles').where(sql<boolean>`ends_on <= ${today}::date`).executeTakeFirst();
      // A leader whose place ended leads no more.
      await db.updateTable('teams').set({ leader_member_id: null })
        .where('leader_member_id', 'is not', null)
        .where(({ not, exists, selectFrom }) => not(exists(selectFrom('team_members as tm').select('tm.member_id').whereRef('tm.team_id', '=', 'teams.id').whereRef('tm.member_id', '=', 'teams.leader_member_id'))))
        .execute();
      return { warned, removed: Number(places.numDeletedRows + grants.numDeletedRows) };
    },
  };
}
