/**
 * "Who reaches what, and why": a member's products, and a product's people (a base, or billing),
 * each with every reason (role, billing switch, a grant of their own, a team). Read from the same
 * tables and the same in-force rule as the access layer (effective-access.ts).
 */
import { sql, type Kysely } from 'kysely';
import type { AccessSource, MemberAccess, MemberProductAccess, ProductAccessEntry, Role } from '@preau/contracts';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../shared/app-error.ts';
import type { Clock } from '../../shared/clock.ts';
import { accessDay, PROFILE_STRENGTH } from './effective-access.ts';

const MANAGERS: readonly Role[] = ['owner', 'admin'];

interface GrantRow {
  member_id: string;
  base_id: string | null;
  right: string;
  source: 'direct' | 'team';
  team_id: string | null;
  team_name: string | null;
  colour: string | null;
  ends_on: string | null;
}

/** Rights from strongest to weakest: `all` (a manager's), the base profiles, then billing's. */
const RIGHT_STRENGTH: readonly string[] = ['all', ...PROFILE_STRENGTH, 'manage', 'read'];
const strongest = (rights: readonly string[]) => [...rights].sort((a, b) => RIGHT_STRENGTH.indexOf(a) - RIGHT_STRENGTH.indexOf(b))[0] ?? 'read';

export function createAccessViews(db: Kysely<Database>, now: Clock) {
  /** Grants in force of the organisation (optionally of one member, or on one base, or on billing), direct and through teams. */
  async function grants(organizationId: string, filter: { memberId?: string; baseId?: string; billing?: boolean }): Promise<GrantRow[]> {
    const today = accessDay(now());
    const member = filter.memberId === undefined ? sql`true` : sql`x.member_id = ${filter.memberId}`;
    const base = filter.baseId === undefined ? sql`true` : sql`x.base_id = ${filter.baseId}`;
    const kind = filter.billing === undefined ? sql`true` : filter.billing ? sql`x.base_id is null` : sql`x.base_id is not null`;
    const { rows } = await sql<GrantRow>`
      select * from (
        select bp.member_id, bp.base_id, bp.profile as right, 'direct' as source, null as team_id, null as team_name, null as colour, bp.ends_on::text as ends_on
          from base_profiles bp
          where bp.organization_id = ${organizationId} and (bp.ends_on is null or bp.ends_on > ${today}::date)
        union all
        select tm.member_id, tp.base_id, coalesce(tp.base_profile, tp.billing_right), 'team', t.id, t.name, t.colour, tm.ends_on::text
          from team_members tm
          join teams t on t.id = tm.team_id
          join team_products tp on tp.team_id = tm.team_id
          where tm.organization_id = ${organizationId} and (tm.ends_on is null or tm.ends_on > ${today}::date)
      ) x where ${member} and ${base} and ${kind}`.execute(db);
    return rows;
  }

  function sourceOf(row: GrantRow): AccessSource {
    if (row.source === 'direct') return { kind: 'direct', endsOn: row.ends_on };
    return { kind: 'team', teamId: row.team_id ?? '', teamName: row.team_name ?? '', colour: row.colour ?? '#868e96', endsOn: row.ends_on };
  }

  async function members(organizationId: string, memberIds?: readonly string[]) {
    let query = db.selectFrom('member as m').innerJoin('user as u', 'u.id', 'm.user_id')
      .select(['m.id', 'u.name', 'u.email', 'm.role', 'm.billing_rights'])
      .where('m.organization_id', '=', organizationId);
    if (memberIds) query = memberIds.length === 0 ? query.where(sql<boolean>`false`) : query.where('m.id', 'in', memberIds);
    return query.orderBy(sql`lower(u.name)`).orderBy('m.id').execute();
  }

  /** People reaching a product: managers (and billing collaborators) by role, then grants; grouped by member. */
  async function productAccess(organizationId: string, rows: GrantRow[], billing: boolean): Promise<ProductAccessEntry[]> {
    const everyone = await members(organizationId);
    const entries: ProductAccessEntry[] = [];
    for (const m of everyone) {
      const sources: ProductAccessEntry['sources'] = [];
      if (MANAGERS.includes(m.role)) sources.push({ right: billing ? 'manage' : 'all', source: { kind: 'role', role: m.role } });
      else if (billing && m.role === 'collaborator' && m.billing_rights) sources.push({ right: 'manage', source: { kind: 'billing_switch' } });
      for (const row of rows.filter((r) => r.member_id === m.id)) sources.push({ right: row.right, source: sourceOf(row) });
      if (sources.length === 0) continue;
      entries.push({ memberId: m.id, name: m.name, email: m.email, role: m.role, right: strongest(sources.map((s) => s.right)), sources });
    }
    return entries;
  }

  return {
    /** Every product member `memberId` reaches, the right and why. */
    async memberAccess(organizationId: string, memberId: string): Promise<MemberAccess> {
      const [member] = await members(organizationId, [memberId]);
      if (!member) throw new AppError('not_found', 'member.not_found');
      const rows = await grants(organizationId, { memberId });
      const bases = await db.selectFrom('school_bases').select(['id', 'name', 'school_year'])
        .where('organization_id', '=', organizationId).orderBy('school_year', 'desc').orderBy('name').execute();
      const items: MemberProductAccess[] = [];
      const manager = MANAGERS.includes(member.role);
      for (const base of bases) {
        const sources: MemberProductAccess['sources'] = manager ? [{ right: 'all', source: { kind: 'role', role: member.role } }] : [];
        for (const row of rows.filter((r) => r.base_id === base.id)) sources.push({ right: row.right, source: sourceOf(row) });
        if (sources.length > 0) items.push({ product: { kind: 'base', baseId: base.id, baseName: base.name, schoolYear: base.school_year }, right: strongest(sources.map((s) => s.right)), sources });
      }
      const billing: MemberProductAccess['sources'] = [];
      if (manager) billing.push({ right: 'manage', source: { kind: 'role', role: member.role } });
      else if (member.role === 'collaborator' && member.billing_rights) billing.push({ right: 'manage', source: { kind: 'billing_switch' } });
      for (const row of rows.filter((r) => r.base_id === null)) billing.push({ right: row.right, source: sourceOf(row) });
      if (billing.length > 0) items.push({ product: { kind: 'billing' }, right: strongest(billing.map((s) => s.right)), sources: billing });
      return { memberId: member.id, name: member.name, role: member.role, items };
    },

    /** Everyone who reaches the base, their strongest right and why. */
    async baseAccess(organizationId: string, baseId: string): Promise<ProductAccessEntry[]> {
      return productAccess(organizationId, await grants(organizationId, { baseId }), false);
    },

    /** Everyone who reaches the organisation's billing, their right and why. */
    async billingAccess(organizationId: string): Promise<ProductAccessEntry[]> {
      return productAccess(organizationId, await grants(organizationId, { billing: true }), true);
    },
  };
}

export type AccessViews = ReturnType<typeof createAccessViews>;

