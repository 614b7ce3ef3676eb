// Test factories for school bases: created and put in service through the real API.
import { uaiCheckLetter, type Base, type CreateBase } from '@preau/contracts';
import type { Agent } from '../../../test/support/index.ts';

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
