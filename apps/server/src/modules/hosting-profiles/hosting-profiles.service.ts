/**
 * Profiles files (`<uai>-<year>.preau-profils`, docs/hosting-files.md): generated beside a base file
 * on a local Préau, they carry the base's users (e-mail, name, role, profile on the base; never a
 * password); in the hosting console they recover them. The preview says, for each, whether they are
 * a member already (their profile granted), will be invited (the profile given on accepting), or are
 * a conflict left to a person; applying does it in one transaction, and again changes nothing.
 */
import type { Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import { BASE_PROFILES, HOSTING_NUMBER_PATTERN, ROLES, type BaseProfile, type RecoveryEntry, type RecoveryReport, type Role } from '@preau/contracts';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../shared/app-error.ts';
import type { Clock } from '../../shared/clock.ts';
import { accessDay } from '../effective-access/effective-access.ts';
import { CONTAINER_FORMAT_VERSION, fileError, HostingFileError, readContainer, writeContainer } from '../hosting-files/container.ts';
import type { InvitationsService } from '../invitations/invitations.service.ts';
import { createHostingProfilesRepository } from './hosting-profiles.repository.ts';

export const PROFILES_FILE_FORMAT = 'preau-profils';
const PROFILES_PART = 'profiles';
const PROFILE_COLUMNS = ['email', 'name', 'role', 'profile', 'ends_on'] as const;
/** More users than a school has; a larger file is refused. */
const MAX_USERS = 10_000;
const UAI = /^[0-9]{7}[A-Z]$/;
const SCHOOL_YEAR = /^([0-9]{4})-([0-9]{4})$/;
const DATE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;
const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,253}$/;

interface FileUser {
  email: string;
  name: string;
  role: Role;
  profile: string | null;
  endsOn: string | null;
}

export interface HostingProfilesDeps {
  db: Kysely<Database>;
  now: Clock;
  source: { instance: string; preauVersion: string };
  invitations: Pick<InvitationsService, 'inviteIntoBase'>;
}

export function createHostingProfiles(deps: HostingProfilesDeps) {
  const repository = createHostingProfilesRepository(deps.db);

  /** What recovering the file's users would do (or, `apply`, did) in the organisation. */
  async function recover(organizationId: string, input: AsyncIterable<Buffer>, apply: boolean): Promise<RecoveryReport> {
    const hostingNumber = await repository.hostingNumber(organizationId);
    const file = await readProfilesFile(input);
    if (file.hostingNumber !== hostingNumber) throw new AppError('unprocessable', 'hosting_file.other_hosting_number', { hostingNumber: file.hostingNumber });
    const base = await repository.findBaseOfYear(organizationId, file.uai, file.schoolYear);
    if (!base) throw new AppError('unprocessable', 'hosting_profiles.base_missing', { uai: file.uai, schoolYear: file.schoolYear });
    const at = deps.now();
    const today = accessDay(at);
    const emails = file.users.map((u) => u.email);
    const [members, accounts, pending] = await Promise.all([
      repository.membersByEmail(organizationId, base.id, emails),
      repository.accountsByEmail(emails),
      repository.pendingInvitations(organizationId, emails, at),
    ]);
    const memberOf = new Map(members.map((m) => [m.email, m]));
    const grants: { memberId: string; profile: BaseProfile; endsOn: string | null }[] = [];
    const invitees: { email: string; role: Role; profile: BaseProfile | null; endsOn: string | null }[] = [];
    const entries: RecoveryEntry[] = file.users.map((user) => {
      const entry = (outcome: RecoveryEntry['outcome'], accountName: string | null = null): RecoveryEntry => ({ email: user.email, name: user.name, role: user.role, profile: user.profile, outcome, accountName });
      // A profile that ended before today is not given again.
      const inForce = user.endsOn === null || user.endsOn > today;
      const profile = user.profile === null || !inForce ? null : (BASE_PROFILES as readonly string[]).includes(user.profile) ? (user.profile as BaseProfile) : undefined;
      if (profile === undefined) return entry('conflict_profile');
      const accountName = accounts.get(user.email);
      if (accountName !== undefined && fold(accountName) !== fold(user.name)) return entry('conflict_name', accountName);
      const member = memberOf.get(user.email);
      if (member) {
        if (profile === null || member.profile === profile) return entry('ready');
        grants.push({ memberId: member.member_id, profile, endsOn: user.endsOn });
        return entry('grant');
      }
      if (pending.has(user.email)) return entry('invited');
      // A legal owner comes back as an administrator: legal ownership is given by a legal owner, not by a file.
      invitees.push({ email: user.email, role: user.role === 'owner' ? 'admin' : user.role, profile, endsOn: profile === null ? null : user.endsOn });
      return entry('invite');
    });
    if (apply && (grants.length > 0 || invitees.length > 0)) {
      await deps.invitations.inviteIntoBase(organizationId, base.id, invitees, async (trx) => {
        const tx = createHostingProfilesRepository(trx);
        for (const grant of grants) await tx.grantProfile(organizationId, base.id, grant.memberId, grant.profile, grant.endsOn);
      });
    }
    const count = (outcome: RecoveryEntry['outcome']) => entries.filter((e) => e.outcome === outcome).length;
    return {
      base: { id: base.id, uai: base.uai, schoolYear: base.school_year, name: base.name },
      applied: apply,
      counts: { ready: count('ready'), grant: count('grant'), invite: count('invite'), invited: count('invited'), conflicts: count('conflict_name') + count('conflict_profile') },
      entries,
    };
  }

  return {
    /** The profiles file of a base for the hosting provider that gave `hostingNumber`. */
    async openProfilesFile(organizationId: string, baseId: string, hostingNumber: string): Promise<{ fileName: string; stream: Readable }> {
      if (!new RegExp(HOSTING_NUMBER_PATTERN).test(hostingNumber)) {
        throw new AppError('validation_failed', 'validation_failed', {}, { fields: { '/hostingNumber': { code: 'validation_failed' } } });
      }
      const base = await repository.findBase(organizationId, baseId);
      if (!base) throw new AppError('not_found', 'base.not_found');
      const users = await repository.baseUsers(organizationId, baseId, accessDay(deps.now()));
      const head = {
        format: PROFILES_FILE_FORMAT, formatVersion: CONTAINER_FORMAT_VERSION, createdAt: deps.now().toISOString(), source: deps.source,
        base: { uai: base.uai, schoolYear: base.school_year, hostingNumber },
      };
      async function* rows(): AsyncGenerator<unknown[]> {
        for (const user of users) yield [user.email, user.name, user.role, user.profile, user.ends_on];
      }
      return { fileName: `${base.uai}-${base.school_year}.${PROFILES_FILE_FORMAT}`, stream: writeContainer(head, [{ name: PROFILES_PART, columns: PROFILE_COLUMNS, rows: rows() }]) };
    },

    preview: (organizationId: string, input: AsyncIterable<Buffer>) => recover(organizationId, input, false),
    apply: (organizationId: string, input: AsyncIterable<Buffer>) => recover(organizationId, input, true),
  };
}

export type HostingProfiles = ReturnType<typeof createHostingProfiles>;

/** Names compared without case, accents or extra spaces. */
function fold(name: string): string {
  return name.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** Reads and checks a profiles file: its head (school, year, hosting number) and its users, each row checked. */
async function readProfilesFile(input: AsyncIterable<Buffer>): Promise<{ uai: string; schoolYear: string; hostingNumber: string; users: FileUser[] }> {
  let head: { uai: string; schoolYear: string; hostingNumber: string } | undefined;
  const users = new Map<string, FileUser>();
  let columnsChecked = false;
  try {
    for await (const event of readContainer(input, PROFILES_FILE_FORMAT)) {
      if (event.kind === 'head') {
        const base = event.head.base as Record<string, unknown> | undefined;
        const year = typeof base?.schoolYear === 'string' ? SCHOOL_YEAR.exec(base.schoolYear) : null;
        if (!base || typeof base.uai !== 'string' || !UAI.test(base.uai) || !year || Number(year[2]) !== Number(year[1]) + 1 || typeof base.hostingNumber !== 'string') throw unreadable();
        head = { uai: base.uai, schoolYear: year[0], hostingNumber: base.hostingNumber };
      } else if (event.kind === 'part') {
        if (event.name !== PROFILES_PART || event.columns.join() !== PROFILE_COLUMNS.join()) throw unreadable();
        columnsChecked = true;
      } else if (event.kind === 'rows') {
        for (const [index, row] of event.rows.entries()) {
          const user = toUser(row);
          if (!user) throw fileError(new AppError('unprocessable', 'hosting_file.row_invalid', { part: PROFILES_PART, row: event.firstRow + index }), { part: PROFILES_PART, row: event.firstRow + index });
          if (!users.has(user.email)) users.set(user.email, user);
          if (users.size > MAX_USERS) throw new AppError('unprocessable', 'hosting_profiles.too_many', { max: MAX_USERS });
        }
      }
    }
  } catch (error) {
    // The container's own "not a base file" names the wrong kind of file here.
    if (error instanceof HostingFileError && error.code === 'hosting_file.unreadable') throw unreadable();
    throw error;
  }
  if (!head || !columnsChecked) throw unreadable();
  return { ...head, users: [...users.values()] };
}

function toUser(row: unknown[]): FileUser | undefined {
  const [email, name, role, profile, endsOn] = row;
  if (typeof email !== 'string' || !EMAIL.test(email.trim()) || email.length > 254) return undefined;
  if (typeof name !== 'string' || name.trim() === '' || name.length > 120 || /\p{Cc}/u.test(name)) return undefined;
  if (typeof role !== 'string' || !(ROLES as readonly string[]).includes(role)) return undefined;
  if (profile !== null && (typeof profile !== 'string' || profile.length > 40)) return undefined;
  if (endsOn !== null && (typeof endsOn !== 'string' || !DATE.test(endsOn))) return undefined;
  return { email: email.trim().toLowerCase(), name: name.trim(), role: role as Role, profile, endsOn };
}

function unreadable(): AppError {
  return new AppError('unprocessable', 'hosting_profiles.unreadable');
}
