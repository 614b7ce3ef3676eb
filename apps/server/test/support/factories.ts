// Test factories: people, an organisation with one signed-in person per role (built through the real
// API, members straight through the repository: faster than invitations), school bases, and an
// application with an organisation ready (createOrganizationApp).
import { randomUUID } from 'node:crypto';
import { uaiCheckLetter, type Base, type CreateBase, type Organization, type Role } from '@preau/contracts';
import { defaultSwitches } from '../../src/modules/members/member-rules.ts';
import { createMembersRepository } from '../../src/modules/members/members.repository.ts';
import { signUp, type Agent } from './agent.ts';
import { createTestApp, type TestApp, type TestAppOptions } from './test-app.ts';

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

let uaiCounter = 0;

/** A fresh valid UAI (7 digits and a letter), different on every call. */
export function nextUai(): string {
  uaiCounter += 1;
  const digits = String(1_000_000 + uaiCounter).slice(-7);
  return `${digits}${uaiCheckLetter(digits)}`;
}

/** Creates a base through the API as `agent` (an owner or administrator) and, unless `empty`, puts it in service. */
export async function makeBase(
  agent: Agent,
  organizationId: string,
  input: Partial<CreateBase> & { empty?: boolean } = {},
): Promise<Base> {
  const { empty, ...fields } = input;
  const body: CreateBase = { uai: nextUai(), name: 'Collège Jean Moulin', degree: 'college', schoolYear: '2025-2026', ...fields };
  const created = await agent.post(`/api/organizations/${organizationId}/bases`, body);
  if (created.statusCode !== 201) throw new Error(`create base failed: ${created.statusCode} ${created.body}`);
  const base = created.json<Base>();
  if (empty) return base;
  const started = await agent.post(`/api/bases/${base.id}/put-in-service`);
  if (started.statusCode !== 200) throw new Error(`put in service failed: ${started.statusCode} ${started.body}`);
  return started.json<Base>();
}

/** A test application with one organisation and its people (see makeOrganization); `close` ends the application. */
export type OrganizationApp<Label extends string> = OrganizationFixture<Label> & { t: TestApp; close(): Promise<void> };

/** The fixture most test files start from: a fresh application and an organisation with the given roles. */
export async function createOrganizationApp<Roles extends { owner: 'owner' } & Record<string, Role>>(
  roles: Roles,
  options: TestAppOptions & { name?: string } = {},
): Promise<OrganizationApp<keyof Roles & string>> {
  const { name, ...appOptions } = options;
  const t = await createTestApp(appOptions);
  const fixture = await makeOrganization(t, roles, name === undefined ? {} : { name });
  return { ...fixture, t, close: () => t.close() };
}
