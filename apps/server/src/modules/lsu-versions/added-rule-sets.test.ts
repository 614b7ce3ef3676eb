// The added rule sets a process checks imports with: read once, read again only when the stored ids
// change (a version added by another process, e.g. the CLI, is seen at the next import).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileLsuSchema, storeRuleSet } from '@preau/lsu';
import { nextSchemaFrom } from '@preau/lsu/test-support';
import { createTestDatabase } from '../../../test/support/index.ts';
import type { DatabaseHandle } from '../../db/database.ts';
import { createAddedRuleSets } from './added-rule-sets.ts';
import { insertAddedVersion } from './lsu-versions.repository.ts';

const official10 = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../../../shared/lsu/college/lsu-college-10.0.xsd');

describe.skipIf(!existsSync(official10))('added rule sets', () => {
  let database: DatabaseHandle;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database?.close());

  it('keeps what it loaded while the stored ids stay the same, and reads them again once a version is stored', async () => {
    const added = createAddedRuleSets(database.db);
    const none = await added.current();
    expect(none).toMatchObject({ key: '', stored: [], ruleSets: [] });
    expect(await added.current()).toBe(none);

    const { rules } = compileLsuSchema(nextSchemaFrom(readFileSync(official10, 'utf8')));
    await insertAddedVersion(database.db, { id: rules.id, family: rules.family, versions: rules.versions, rules: storeRuleSet(rules), warnings: [], changes: [], previousId: 'college-10.0', sourceSha256: 'x' });
    const one = await added.current();
    expect(one.key).toBe('college-13.0');
    expect(one.ruleSets.map((r) => [r.id, r.versions])).toEqual([['college-13.0', ['13.0']]]);
    expect(await added.current()).toBe(one);
  });
});
