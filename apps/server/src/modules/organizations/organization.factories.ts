// Test factories: an organisation with one signed-in person per role, built through the real API
// (sign-up, create) and, for the members, straight through the repository (faster than invitations).
import { randomUUID } from 'node:crypto';
import type { Organization, Role } from '@preau/contracts';
import type { TestApp } from '../../../test/support/index.ts';
import { signUp, type Agent } from '../../../test/support/index.ts';
import { defaultSwitches } from '../members/member-rules.ts';
import { createMembersRepository } from '../members/members.repository.ts';

/** A signed-in person and their membership. */
export interface Person {
  agent: Agent;
  userId: string;
  email: string;
  name: string;
  memberId: string;
  role: Role;
}

/** An organisation and its people, keyed by a label chosen by the test. */
export interface OrganizationFixture<Label extends string> {
  organization: Organization;
  people: Record<Label, Person>;
}

/** A signed-up account that belongs to no organisation yet. */
export async function makePerson(t: TestApp, input: { name?: string; locale?: 'fr' | 'en' } = {}): Promise<Agent> {
  return signUp(t.app, input);
}

/**
 * Creates an organisation owned by `people.owner` (signed up here) and adds one account per other
 * label with the given role. Labels name people in the test (`{ owner: 'owner', ext: 'external' }`).
 */
export async function makeOrganization<Roles extends { owner: 'owner' } & Record<string, Role>>(
  t: TestApp,
  roles: Roles,
  options: { name?: string; locales?: Partial<Record<keyof Roles & string, 'fr' | 'en'>> } = {},
): Promise<OrganizationFixture<keyof Roles & string>> {
  type Label = keyof Roles & string;
  const ownerAgent = await signUp(t.app, { name: 'Owner Person', locale: options.locales?.['owner' as Label] ?? 'fr' });
  const response = await ownerAgent.post('/api/organizations', { name: options.name ?? 'Organisation under test' });
  if (response.statusCode !== 201) throw new Error(`create organisation failed: ${response.statusCode} ${response.body}`);
  const organization = response.json<Organization>();
  const members = createMembersRepository(t.db);
  const people = {} as Record<Label, Person>;
  for (const label of Object.keys(roles) as Label[]) {
    const role = roles[label] as Role;
    const agent =
      label === 'owner' ? ownerAgent : await signUp(t.app, { name: `${label} person`, locale: options.locales?.[label] ?? 'fr' });
    const user = agent.user!;
    const existing = await members.findMemberByUser(organization.id, user.id);
    const memberId =
      existing?.id ??
      (await members.insertMember(organization.id, { id: randomUUID(), userId: user.id, role, ...defaultSwitches(role) })).id;
    people[label] = { agent, userId: user.id, email: user.email, name: user.name, memberId, role };
  }
  return { organization, people };
}
