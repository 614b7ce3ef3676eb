// Pupil photos through the API: real images made by sharp, refused files that leave nothing behind,
// ZIPs matched by national id and by name with their traps (bomb, `../`, unknown pupils). The upload,
// serve and delete path runs on both storage drivers: the data folder and a real S3-compatible server
// (s3rver, in this process).
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yazl from 'yazl';
import type { PhotoZipApplyResult, PhotoZipPreview, Pupil, PupilPhoto, SchoolClass } from '@preau/contracts';
import { createOrganizationApp, eventually, makeBase, startS3Server, type Agent, type OrganizationApp, type TestS3Server } from '../../../test/support/index.ts';
import { createBaseFiles } from '../base-files/base-files.service.ts';
import { createStorage } from '../storage/create-storage.ts';
import { sweepPupilPhotos } from './photo-zip-sweep.ts';
import type { ObjectStorage } from '../storage/storage.ts';

const MB = 1024 * 1024;
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const errorOf = (response: { statusCode: number; json: () => unknown }) => [response.statusCode, (response.json() as { error?: { code: string } }).error?.code];

const picture = (format: 'jpeg' | 'png' | 'webp' | 'gif', width = 600, height = 800) =>
  sharp({ create: { width, height, channels: 3, background: { r: 190, g: 140, b: 100 } } })[format]().toBuffer();

/** A multipart body with one file part named `file`. */
function multipart(bytes: Buffer, fileName: string, contentType: string): { body: Buffer; headers: Record<string, string> } {
  const boundary = '----preau-test-boundary';
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: ${contentType}\r\n\r\n`;
  return { body: Buffer.concat([Buffer.from(head), bytes, Buffer.from(`\r\n--${boundary}--\r\n`)]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** A ZIP of `entries` (name → bytes), compressed. */
function zipOf(entries: [string, Buffer][]): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const [name, bytes] of entries) {
    if (name.endsWith('/')) zip.addEmptyDirectory(name);
    else zip.addBuffer(bytes, name);
  }
  zip.end();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c)).on('end', () => resolve(Buffer.concat(chunks))).on('error', reject);
  });
}

/** Renames an entry in place (same length): yazl refuses to write the names an attacker would. */
function renameInZip(zip: Buffer, from: string, to: string): Buffer {
  return Buffer.from(zip.toString('latin1').split(from).join(to), 'latin1');
}

/** Makes the directory declare `declared` inflated bytes for `name` (a lying header, as a crafted bomb has). */
function lieAboutSize(zip: Buffer, name: string, declared: number): Buffer {
  const copy = Buffer.from(zip);
  for (let at = copy.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])); at >= 0; at = copy.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), at + 4)) {
    const nameLength = copy.readUInt16LE(at + 28);
    if (copy.subarray(at + 46, at + 46 + nameLength).toString('utf8') === name) copy.writeUInt32LE(declared, at + 24);
  }
  return copy;
}

async function keys(storage: ObjectStorage, prefix: string): Promise<string[]> {
  const found: string[] = [];
  for await (const object of storage.list(prefix)) found.push(object.key);
  return found.sort();
}

let s3: TestS3Server;
beforeAll(async () => {
  s3 = await startS3Server('preau-photos');
});
afterAll(() => s3?.close());

interface School {
  fixture: OrganizationApp<'owner' | 'secretary' | 'teacher'>;
  storage: ObjectStorage;
  baseId: string;
  pupils: Record<'lea' | 'hugo' | 'camille1' | 'camille2', Pupil>;
}

/** An application with a base in service, a class, four pupils (two of the same name), a secretariat and a teacher. */
async function openSchool(driver: 'local' | 's3'): Promise<School> {
  const fixture = await createOrganizationApp(
    { owner: 'owner', secretary: 'collaborator', teacher: 'collaborator' },
    { config: { photoMaxBytes: 1 * MB, photoZipMaxBytes: 8 * MB }, ...(driver === 's3' ? { storage: s3.storage } : {}) },
  );
  const owner = fixture.people.owner.agent;
  const base = await makeBase(owner, fixture.organization.id);
  for (const [label, profile] of [['secretary', 'secretariat'], ['teacher', 'teacher']] as const) {
    expect((await owner.put(`/api/bases/${base.id}/profiles/${fixture.people[label].memberId}`, { profile })).statusCode).toBe(200);
  }
  const sixA = (await owner.post(`/api/bases/${base.id}/classes`, { code: '6A', label: 'Sixième A' })).json<SchoolClass>();
  const pupil = async (nationalId: string, lastName: string, firstName: string) =>
    (await owner.post(`/api/bases/${base.id}/pupils`, { nationalId, lastName, firstName, classId: sixA.id })).json<Pupil>();
  const pupils = {
    lea: await pupil('1000001', 'Martin', 'Léa'),
    hugo: await pupil('1000002', "D'Alembert-Ferré", 'Hugo'),
    camille1: await pupil('1000003', 'Durand', 'Camille'),
    camille2: await pupil('1000004', 'Durand', 'Camille'),
  };
  return { fixture, storage: driver === 's3' ? s3.storage : await createStorage(fixture.t.config), baseId: base.id, pupils };
}

const photoUrl = (school: School, pupil: Pupil) => `/api/bases/${school.baseId}/pupils/${pupil.id}/photo`;
const putPhoto = (agent: Agent, url: string, bytes: Buffer, contentType = 'image/jpeg') => agent.request({ method: 'PUT', url, body: bytes, headers: { 'content-type': contentType } });

/** Rows and objects that hold photos: what a refused request must leave as it was. */
async function stored(school: School) {
  const { db } = school.fixture.t;
  const files = await db.selectFrom('base_files').select(({ fn }) => fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const photos = await db.selectFrom('pupil_photos').select(({ fn }) => fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return { files: Number(files.n), photos: Number(photos.n), objects: await keys(school.storage, 'bases/') };
}

describe.each(['local', 's3'] as const)('pupil photos on the %s storage driver', (driver) => {
  let school: School;
  beforeAll(async () => {
    school = await openSchool(driver);
  });
  afterAll(() => school.fixture.close());

  it('stores a JPEG, PNG or WebP photo (its real type read from its bytes), serves it with its thumbnail, and deletes it', async () => {
    const { owner, secretary, teacher } = school.fixture.people;
    const url = photoUrl(school, school.pupils.lea);
    expect(errorOf(await owner.agent.get(url))).toEqual([404, 'photo.not_found']);

    for (const format of ['jpeg', 'png', 'webp'] as const) {
      const saved = await putPhoto(secretary.agent, url, await picture(format), `image/${format}`);
      expect(saved.statusCode, saved.body).toBe(200);
      expect(saved.json<PupilPhoto>()).toMatchObject({ pupilId: school.pupils.lea.id, width: 600, height: 800 });
    }
    // A PNG named .jpg, sent as multipart with a JPEG type: kept for what it is (a PNG re-encoded).
    const renamed = multipart(await picture('png', 300, 400), 'photo.jpg', 'image/jpeg');
    const replaced = await secretary.agent.request({ method: 'PUT', url, body: renamed.body, headers: renamed.headers });
    expect(replaced.json<PupilPhoto>()).toMatchObject({ width: 300, height: 400 });
    // Replacing removed the earlier files: one photo, two files, two objects.
    expect(await stored(school)).toMatchObject({ files: 2, photos: 1 });
    await eventually(async () => (await stored(school)).objects.length === 2 || undefined, { what: 'the replaced photo objects are removed' });

    const image = await teacher.agent.get(url);
    expect(image.statusCode).toBe(200);
    expect(image.headers['content-type']).toBe('image/jpeg');
    expect(image.headers['cache-control']).toBe('private, no-cache');
    expect(image.headers.etag).toBe(`"${sha256(image.rawPayload)}"`);
    expect(await sharp(image.rawPayload).metadata()).toMatchObject({ format: 'jpeg', width: 300, height: 400 });
    const again = await teacher.agent.request({ url, headers: { 'if-none-match': String(image.headers.etag) } });
    expect(again.statusCode).toBe(304);
    const thumbnail = await teacher.agent.get(`${url}/thumbnail`);
    expect(thumbnail.headers['content-type']).toBe('image/webp');
    expect(thumbnail.headers.etag).toBe(`"${sha256(thumbnail.rawPayload)}"`);
    expect(await sharp(thumbnail.rawPayload).metadata()).toMatchObject({ format: 'webp', width: 120, height: 160 });
    expect((await teacher.agent.get(`/api/bases/${school.baseId}/photos`)).json<{ items: PupilPhoto[] }>().items.map((p) => p.pupilId)).toEqual([school.pupils.lea.id]);

    // A teacher sees photos, never changes them.
    expect(errorOf(await putPhoto(teacher.agent, url, await picture('jpeg')))).toEqual([403, 'forbidden']);
    expect(errorOf(await teacher.agent.delete(url))).toEqual([403, 'forbidden']);

    expect((await secretary.agent.delete(url)).statusCode).toBe(204);
    expect(errorOf(await owner.agent.get(url))).toEqual([404, 'photo.not_found']);
    expect(errorOf(await owner.agent.get(`${url}/thumbnail`))).toEqual([404, 'photo.not_found']);
    await eventually(async () => (await stored(school)).objects.length === 0 || undefined, { what: 'the deleted photo objects are removed' });
    expect(await stored(school)).toEqual({ files: 0, photos: 0, objects: [] });
  });

  it('refuses what is not a JPEG, PNG or WebP photo, or too large, or damaged, leaving nothing stored', async () => {
    const owner = school.fixture.people.owner.agent;
    const url = photoUrl(school, school.pupils.hugo);
    const before = await stored(school);
    const text = multipart(Buffer.from('Ceci est un texte, pas une photo.\n'.repeat(20)), 'photo.jpg', 'image/jpeg');
    expect(errorOf(await owner.request({ method: 'PUT', url, body: text.body, headers: text.headers }))).toEqual([415, 'photo.not_an_image']);
    expect(errorOf(await putPhoto(owner, url, await picture('gif', 40, 40), 'image/jpeg'))).toEqual([415, 'photo.unsupported_type']);
    expect(errorOf(await putPhoto(owner, url, (await picture('jpeg', 1600, 1600)).subarray(0, 3000)))).toEqual([422, 'photo.unreadable']);
    const huge = Buffer.concat([await picture('jpeg'), Buffer.alloc(1 * MB)]);
    expect(errorOf(await putPhoto(owner, url, huge))).toEqual([413, 'photo.too_large']);
    const hugeInParts = multipart(huge, 'big.jpg', 'image/jpeg');
    expect(errorOf(await owner.request({ method: 'PUT', url, body: hugeInParts.body, headers: hugeInParts.headers }))).toEqual([413, 'photo.too_large']);
    // Sent without a length (chunked): counted as it arrives.
    expect(errorOf(await owner.request({ method: 'PUT', url, body: Readable.from([huge.subarray(0, MB / 2), huge.subarray(MB / 2)]), headers: { 'content-type': 'image/jpeg' } }))).toEqual([413, 'photo.too_large']);
    expect(errorOf(await owner.request({ method: 'PUT', url, body: Readable.from([hugeInParts.body]), headers: hugeInParts.headers }))).toEqual([413, 'photo.too_large']);
    expect(errorOf(await owner.request({ method: 'PUT', url, body: Buffer.alloc(0), headers: { 'content-type': 'image/jpeg' } }))).toEqual([400, 'photo.no_file']);
    expect(errorOf(await putPhoto(owner, `/api/bases/${school.baseId}/pupils/unknown/photo`, await picture('jpeg')))).toEqual([404, 'pupil.not_found']);
    expect(errorOf(await owner.get(`/api/bases/${school.baseId}/pupils/unknown/photo`))).toEqual([404, 'pupil.not_found']);
    expect(await stored(school)).toEqual(before);
  });

  it("goes with its pupil: deleting the pupil removes the photo's rows and objects", async () => {
    const owner = school.fixture.people.owner.agent;
    const { camille2 } = school.pupils;
    expect((await putPhoto(owner, photoUrl(school, camille2), await picture('webp'))).statusCode).toBe(200);
    expect(await stored(school)).toMatchObject({ files: 2, photos: 1 });
    expect((await owner.delete(`/api/bases/${school.baseId}/pupils/${camille2.id}`)).statusCode).toBe(204);
    expect(await stored(school)).toMatchObject({ files: 0, photos: 0 });
    // The rows went by cascade, their objects to the deletion queue in the same transaction; drained here
    // rather than waiting for the application's half-minute drain.
    await createBaseFiles({ db: school.fixture.t.db, storage: school.storage, defaultQuotaBytes: null }).drainDeletions();
    expect((await stored(school)).objects).toEqual([]);
  });
});

describe('ZIPs of pupil photos', () => {
  let school: School;
  beforeAll(async () => {
    school = await openSchool('local');
  });
  afterAll(() => school.fixture.close());

  const preview = (agent: Agent, zip: Buffer) => agent.request({ method: 'POST', url: `/api/bases/${school.baseId}/photos/zip-preview`, body: zip, headers: { 'content-type': 'application/zip' } });

  it('previews which entries match a pupil by national id or NOM_Prénom and why others do not, then applies the matched ones', async () => {
    const { secretary, teacher } = school.fixture.people;
    const jpeg = await picture('jpeg');
    const bomb = Buffer.alloc(6 * MB); // zeros: a few kilobytes once compressed, six times the photo limit inflated
    const sneaky = Buffer.alloc(3 * MB);
    let zip = await zipOf([
      ['photos/', Buffer.alloc(0)],
      ['photos/1000001.JPG', jpeg], // national id, any case of extension
      ["photos/d_alembert_ferre_HUGO.png", await picture('png')], // NOM_Prénom without accents, case or punctuation
      ['photos/DURAND_Camille.jpg', jpeg], // two pupils bear this name
      ['photos/INCONNU_Paul.jpg', jpeg],
      ['photos/notes.jpg', Buffer.from('pas une image '.repeat(100))],
      ['photos/animation.jpg', await picture('gif', 30, 30)],
      ['photos/MARTIN_Lea.jpg', jpeg], // Léa again, by name: the first entry won
      ['bomb.jpg', bomb],
      ['liar.jpg', sneaky],
      ['__/evil.jpg', jpeg],
      ['nested.zip', await zipOf([['1000003.jpg', jpeg]])],
      ['__MACOSX/photos/._1000001.JPG', Buffer.from('resource fork')],
    ]);
    zip = lieAboutSize(renameInZip(zip, '__/evil.jpg', '../evil.jpg'), 'liar.jpg', 1000);

    expect(errorOf(await preview(teacher.agent, zip))).toEqual([403, 'forbidden']);
    const answer = await preview(secretary.agent, zip);
    expect(answer.statusCode, answer.body).toBe(200);
    const shown = answer.json<PhotoZipPreview>();
    expect(shown.entries.map((e) => [e.name, e.status === 'matched' ? `${e.matchedBy} ${e.pupil?.nationalId}` : e.reason])).toEqual([
      ['photos/', 'directory'],
      ['photos/1000001.JPG', 'national_id 1000001'],
      ['photos/d_alembert_ferre_HUGO.png', 'name 1000002'],
      ['photos/DURAND_Camille.jpg', 'ambiguous_name'],
      ['photos/INCONNU_Paul.jpg', 'unknown_pupil'],
      ['photos/notes.jpg', 'not_an_image'],
      ['photos/animation.jpg', 'unsupported_type'],
      ['photos/MARTIN_Lea.jpg', 'duplicate_pupil'],
      ['bomb.jpg', 'too_large'],
      ['liar.jpg', 'unreadable'], // declared 1,000 bytes, inflated far more: refused on the bytes counted
      ['../evil.jpg', 'unsafe_path'],
      ['nested.zip', 'nested_archive'],
      ['__MACOSX/photos/._1000001.JPG', 'hidden_file'],
    ]);
    expect(shown).toMatchObject({ matched: 2, ignored: 11 });
    expect(await keys(school.storage, 'uploads/photo-zips/')).toEqual([`uploads/photo-zips/${shown.previewId}.zip`]);
    expect(await stored(school)).toMatchObject({ files: 0, photos: 0 });

    const applied = await secretary.agent.post(`/api/bases/${school.baseId}/photos/zip-apply`, { previewId: shown.previewId });
    expect(applied.json<PhotoZipApplyResult>()).toEqual({ applied: 2, replaced: 0, ignored: 11, failed: [] });
    const photos = (await teacher.agent.get(`/api/bases/${school.baseId}/photos`)).json<{ items: PupilPhoto[] }>().items;
    expect(photos.map((p) => p.pupilId).sort()).toEqual([school.pupils.lea.id, school.pupils.hugo.id].sort());
    expect((await stored(school)).objects).toHaveLength(4);
    expect(await keys(school.storage, 'uploads/photo-zips/')).toEqual([]);
    // A preview is applied once.
    expect(errorOf(await secretary.agent.post(`/api/bases/${school.baseId}/photos/zip-apply`, { previewId: shown.previewId }))).toEqual([404, 'photo_zip.preview_not_found']);

    // Sent again: both pupils already have a photo, which the new ones replace.
    const second = (await preview(secretary.agent, await zipOf([['1000001.jpg', jpeg], ['1000002.webp', await picture('webp')]]))).json<PhotoZipPreview>();
    expect(second.entries.map((e) => e.pupil?.hasPhoto)).toEqual([true, true]);
    expect((await secretary.agent.post(`/api/bases/${school.baseId}/photos/zip-apply`, { previewId: second.previewId })).json<PhotoZipApplyResult>()).toMatchObject({ applied: 2, replaced: 2 });
    await eventually(async () => (await stored(school)).objects.length === 4 || undefined, { what: 'the replaced photo objects are removed' });
  });

  it('refuses what is not a ZIP, too large or with too many bytes in all, storing nothing', async () => {
    const owner = school.fixture.people.owner.agent;
    const before = await stored(school);
    expect(errorOf(await preview(owner, Buffer.from('not a zip at all')))).toEqual([422, 'photo_zip.not_a_zip']);
    expect(errorOf(await preview(owner, Buffer.alloc(9 * MB, 1)))).toEqual([413, 'photo_zip.too_large']);
    const unannounced = multipart(Buffer.alloc(9 * MB, 1), 'big.zip', 'application/zip');
    expect(errorOf(await owner.request({ method: 'POST', url: `/api/bases/${school.baseId}/photos/zip-preview`, body: Readable.from([unannounced.body]), headers: unannounced.headers }))).toEqual([413, 'photo_zip.too_large']);
    // Entries under the photo limit each, but past the archive's cap (8 MB) once inflated together.
    const many = await zipOf(Array.from({ length: 10 }, (_, i): [string, Buffer] => [`${i}.jpg`, Buffer.alloc(1 * MB - 10)]));
    const answer = (await preview(owner, many)).json<PhotoZipPreview>();
    expect(answer.entries.filter((e) => e.reason === 'archive_limit').length).toBeGreaterThan(0);
    expect(errorOf(await owner.post(`/api/bases/${school.baseId}/photos/zip-apply`, { previewId: 'unknown' }))).toEqual([404, 'photo_zip.preview_not_found']);
    expect(await stored(school)).toEqual(before);
  });

  it('sweeps expired previews with their ZIP, ZIPs no preview names, and photo files no photo row names', async () => {
    const owner = school.fixture.people.owner.agent;
    const { db } = school.fixture.t;
    const waiting = (await preview(owner, await zipOf([['1000003.jpg', await picture('jpeg')]]))).json<PhotoZipPreview>();
    await school.storage.put('uploads/photo-zips/left-by-a-crash.zip', Readable.from([Buffer.from('PK')]));
    // A thumbnail whose photo never committed (as a process stopped in between would leave it).
    const { photoFileId, thumbnailFileId } = await db.selectFrom('pupil_photos').select(['photo_file_id as photoFileId', 'thumbnail_file_id as thumbnailFileId']).where('pupil_id', '=', school.pupils.lea.id).executeTakeFirstOrThrow();
    await db.deleteFrom('pupil_photos').where('pupil_id', '=', school.pupils.lea.id).execute();
    const deps = { db, storage: school.storage };
    expect(await sweepPupilPhotos({ ...deps, now: () => new Date() })).toEqual({ expired: 0, orphans: 0, strayFiles: 0 });
    const later = new Date(Date.now() + 25 * 3600_000);
    const previews = (await db.selectFrom('pupil_photo_zip_previews').select('id').execute()).length; // this one, and the earlier test's
    expect(await sweepPupilPhotos({ ...deps, now: () => later })).toEqual({ expired: previews, orphans: 1, strayFiles: 2 });
    expect(await keys(school.storage, 'uploads/photo-zips/')).toEqual([]);
    expect(await db.selectFrom('base_files').select('id').where('id', 'in', [photoFileId, thumbnailFileId]).execute()).toEqual([]);
    expect(errorOf(await owner.post(`/api/bases/${school.baseId}/photos/zip-apply`, { previewId: waiting.previewId }))).toEqual([404, 'photo_zip.preview_not_found']);
  });

  it("stops at the organisation's storage quota: the ZIP's photos past it are listed as failed, a single upload is refused", async () => {
    const { owner } = school.fixture.people;
    const files = createBaseFiles({ db: school.fixture.t.db, storage: school.storage, defaultQuotaBytes: null });
    const orgId = school.fixture.organization.id;
    await files.setQuota(orgId, (await files.usage(orgId)).usedBytes + 1000, owner.userId);
    const before = await stored(school);
    const shown = (await preview(owner.agent, await zipOf([['1000001.jpg', await picture('jpeg')], ['1000002.jpg', await picture('png')]]))).json<PhotoZipPreview>();
    const applied = (await owner.agent.post(`/api/bases/${school.baseId}/photos/zip-apply`, { previewId: shown.previewId })).json<PhotoZipApplyResult>();
    expect(applied).toEqual({ applied: 0, replaced: 0, ignored: 0, failed: [{ name: '1000001.jpg', reason: 'quota_exceeded' }, { name: '1000002.jpg', reason: 'quota_exceeded' }] });
    expect(errorOf(await putPhoto(owner.agent, photoUrl(school, school.pupils.hugo), await picture('jpeg')))).toEqual([413, 'storage.quota_exceeded']);
    // A thumbnail stored before its photo was refused goes with it (its object through the deletion queue).
    const after = await stored(school);
    expect({ files: after.files, photos: after.photos }).toEqual({ files: before.files, photos: before.photos });
    // A thumbnail stored before its photo was refused goes with it (its object through the deletion queue).
    await eventually(async () => (await stored(school)).objects.every((key) => before.objects.includes(key)) || undefined, { what: 'nothing is left of the refused photos' });
    await files.setQuota(orgId, undefined, owner.userId);
  });
});
