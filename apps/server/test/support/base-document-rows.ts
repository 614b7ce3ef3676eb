// A document and a letter of a base, each with its stored object, inserted straight into the
// database and the data folder, for the route-by-route tests (access, hostile input).
import { createHash, randomUUID } from 'node:crypto';
import path from 'node:path';
import { Readable } from 'node:stream';
import { createLocalStorage } from '../../src/modules/storage/local-storage.ts';
import type { TestApp } from './test-app.ts';

const PDF = Buffer.from('%PDF-1.4\n%%EOF\n');

/** A pupil of the base, in a class of its own. */
async function insertPupil(t: TestApp, organizationId: string, baseId: string): Promise<string> {
  const classId = randomUUID();
  const scope = { organization_id: organizationId, base_id: baseId };
  await t.db.insertInto('classes').values({ id: classId, ...scope, code: `D${classId.slice(0, 8)}`, label: 'Classe' }).execute();
  const id = randomUUID();
  await t.db.insertInto('pupils').values({ id, ...scope, national_id: id.slice(0, 20), last_name: 'Élève', first_name: 'Documenté', class_id: classId }).execute();
  return id;
}

/** A base file of `kind` about a new pupil, its object in the application's data folder. */
async function insertFile(t: TestApp, organizationId: string, baseId: string, kind: 'document' | 'letter'): Promise<{ fileId: string; pupilId: string }> {
  const pupilId = await insertPupil(t, organizationId, baseId);
  const fileId = randomUUID();
  const key = `bases/${baseId}/${kind}/${fileId}`;
  await createLocalStorage(path.join(t.config.dataDir, 'objects')).put(key, Readable.from([PDF]));
  await t.db
    .insertInto('base_files')
    .values({ id: fileId, organization_id: organizationId, base_id: baseId, kind, storage_key: key, content_type: 'application/pdf', size_bytes: PDF.length, sha256: createHash('sha256').update(PDF).digest('hex'), pupil_id: pupilId, class_id: null, created_by_user_id: null })
    .execute();
  return { fileId, pupilId };
}

/** A document about a new pupil of the base, visible to every profile. */
export async function insertBaseDocument(t: TestApp, organizationId: string, baseId: string): Promise<string> {
  const { fileId } = await insertFile(t, organizationId, baseId, 'document');
  const id = randomUUID();
  await t.db
    .insertInto('base_documents')
    .values({ id, organization_id: organizationId, base_id: baseId, file_id: fileId, title: 'PAP', category: 'plan', visible_to: ['secretariat', 'teacher', 'read_only'], file_name: 'pap.pdf', created_by_user_id: null })
    .execute();
  return id;
}

/** A letter to the family of a new pupil of the base. */
export async function insertBaseLetter(t: TestApp, organizationId: string, baseId: string): Promise<string> {
  const { fileId, pupilId } = await insertFile(t, organizationId, baseId, 'letter');
  const id = randomUUID();
  await t.db
    .insertInto('base_letters')
    .values({ id, organization_id: organizationId, base_id: baseId, file_id: fileId, pupil_id: pupilId, template: 'information', language: 'fr', fields: JSON.stringify({ subject: 'Sortie', text: 'Départ à 8 h.' }), created_by_user_id: null })
    .execute();
  return id;
}
