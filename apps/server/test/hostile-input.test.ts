// Hostile input, route by route: every registered route is called by a caller it lets in (the
// organisation's legal owner, also an operator of the instance, on a base in service) with a request
// built from the route's schema, then broken one way at a time: NUL bytes, control characters, empty,
// whitespace-only and huge strings, wrong types, out-of-range numbers and cursors, malformed path ids
// and URLs, missing and wrong content types, malformed JSON, multipart and CSV bodies, odd headers.
// Cases come from the route registry, so a new route is exercised without editing this file. No
// answer may be a 5xx, every 4xx has the one error shape, a string no field accepts is refused, and
// no refused request leaves a file in the data folder.
import { randomUUID } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TSchema } from 'typebox';
import { Value } from 'typebox/value';
import { uaiCheckLetter } from '@preau/contracts';
import type { RegisteredRoute } from '../src/http/access.ts';
import { createBasesRepository } from '../src/modules/bases/bases.repository.ts';
import { createInvitationsRepository } from '../src/modules/invitations/invitations.repository.ts';
import { defaultSwitches } from '../src/modules/members/member-rules.ts';
import { createMembersRepository } from '../src/modules/members/members.repository.ts';
import { createOperatorsRepository } from '../src/modules/operators/operators.repository.ts';
import { insertBaseDocument, insertBaseLetter } from './support/base-document-rows.ts';
import { insertBillingAddress, insertBillingExport, insertCatalogueItem, insertIssuedInvoice, insertProduct } from './support/billing-rows.ts';
import { createAgent, createTestApp, eventually, hostingAgent, makeOrganization, type Agent, type TestApp } from './support/index.ts';

/** The parts of a JSON schema this file reads to build and break requests. */
interface JsonSchema {
  type?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  anyOf?: JsonSchema[];
  const?: unknown;
  items?: JsonSchema;
  format?: string;
  minimum?: number;
  minItems?: number;
  minProperties?: number;
  pattern?: string;
}

/** One broken request. `mustRefuse`: its input breaks a rule of every field, so the answer must be a 4xx. */
interface Probe {
  label: string;
  method: string;
  url: string;
  headers?: Record<string, string>;
  payload?: string | Buffer;
  mustRefuse?: boolean;
  /** A CSV whose lines may not be taken: answered 4xx, or a report that creates and changes nothing. */
  csvRefused?: boolean;
}

/** A JSON token written as is (JSON.stringify cannot write 1e400). */
class RawJson {
  constructor(readonly text: string) {}
}

/** String values no text field accepts (`true`), and odd ones it may accept (`false`). */
const STRING_CASES: [label: string, value: string, refused: boolean][] = [
  ['a NUL byte', 'ab\u0000cd', true],
  ['only a NUL byte', '\u0000', true],
  ['a control character', 'ab\u0007cd', true],
  ['an escape sequence', '\u001b[2Jx', true],
  ['a C1 control character', 'ab\u0085cd', true],
  ['a line break', 'ab\ncd', true],
  ['an empty string', '', true],
  ['spaces only', '   ', true],
  ['no-break and ideographic spaces only', '\u00a0\u3000', true],
  ['a 100,000-character string', 'x'.repeat(100_000), true],
  ['a lone surrogate', 'ab\ud800cd', false],
  ['a right-to-left override', 'ab\u202ecd', false],
  ['quotes and SQL', "x' OR '1'='1", false],
];
/** Values of the wrong type for any field (JSON bodies only). */
const TYPE_CASES: [label: string, value: unknown][] = [
  ['a number', 12345],
  ['a boolean', true],
  ['null', null],
  ['an object', { $gt: '' }],
  ['an array', ['a', 'b']],
  ['a nested array', [[[]]]],
];
/** Numbers out of any range a field takes. */
const NUMBER_CASES: [label: string, value: unknown][] = [
  ['-1', -1],
  ['0', 0],
  ['1e308', 1e308],
  ['-1e308', -1e308],
  ['1e400 (Infinity)', new RawJson('1e400')],
  ['a fraction', 1.5],
  ['2^53 + 1', new RawJson('9007199254740993')],
  ['a numeric string', '12'],
  ['a string', 'twelve'],
];
/** Raw URL segments standing for a path id. */
const PATH_CASES: [label: string, segment: string, refused: boolean][] = [
  ['a NUL byte', '%00', true],
  ['a NUL byte inside', `${'a'.repeat(8)}%00b`, true],
  ['a control character', 'a%07b', true],
  ['a C1 control character', 'a%C2%85b', true],
  ['spaces', '%20%20', true],
  ['a tab', '%09', true],
  ['a malformed escape', '%E0%A4%A', true],
  ['an invalid UTF-8 byte', '%FF', true],
  ['120 characters', 'x'.repeat(120), true],
  ['65 characters', 'x'.repeat(65), true],
  // Dot segments, encoded or not, are resolved as URLs are: the request may land on another route.
  ['dots', '..', false],
  ['encoded dots', '%2E%2E', false],
  ['an encoded slash', 'a%2Fb', true],
  ['an accented letter', '%C3%A9t%C3%A9', true],
  ['quotes and SQL', "%27%20OR%20%271%27%3D%271", true],
];
/** Query-string cases besides the string cases: a repeated key and numbers out of range. */
const QUERY_NUMBER_CASES: [label: string, value: string][] = [
  ['-1', '-1'],
  ['0', '0'],
  ['1e308', '1e308'],
  ['a fraction', '1.5'],
  ['NaN', 'NaN'],
  ['Infinity', 'Infinity'],
  ['2^53 + 1', '9007199254740993'],
];
const cursorOf = (json: string) => Buffer.from(json).toString('base64url');
/** Paging cursors that name no page (the reported one is `{"o":1e308}`). */
const CURSOR_CASES: [label: string, value: string][] = [
  ['ordinal 1e308', 'eyJvIjoxZTMwOH0'],
  ['ordinal -1', cursorOf('{"o":-1}')],
  ['ordinal 1.5', cursorOf('{"o":1.5}')],
  ['ordinal 2^31', cursorOf('{"o":2147483648}')],
  ['ordinal 2^53 + 1', cursorOf('{"o":9007199254740993}')],
  ['ordinal as a string', cursorOf('{"o":"1"}')],
  ['no ordinal', cursorOf('{}')],
  ['JSON null', cursorOf('null')],
  ['not JSON', cursorOf('not json')],
  ['not base64', '!!!'],
];

const PASSWORD = 'correct horse battery staple';
const CSV_OK = 'code;libelle\n6A;Sixième A\n';
const BOUNDARY = 'hostile-boundary';

describe('hostile input', () => {
  let t: TestApp;
  let owner: Agent;
  let identity: Agent | undefined;
  /** A hosting console session of A, for the hosting routes; renewed after signing out. */
  let hosting: Agent | undefined;
  let orgA: string;
  let baseA: string;
  let manageBase: string;
  const ids: Record<string, string> = {};
  /** Ids of imports accepted with 202: their files are the job's to remove. */
  const acceptedImports = new Set<string>();
  /** The data folder's object storage: uploads wait under `uploads/lsu/`, puts being written in `.partial/`. */
  const objectsDir = () => path.join(t.config.dataDir, 'objects');

  beforeAll(async () => {
    t = await createTestApp({ mailMode: 'outbox' });
    const a = await makeOrganization(t, { owner: 'owner' });
    const c = await makeOrganization(t, { owner: 'owner' });
    owner = a.people.owner.agent;
    orgA = a.organization.id;
    await createOperatorsRepository(t.db).grant(owner.user!.id);
    baseA = await insertBase(orgA);
    manageBase = await insertBase(orgA);
    const scope = { organization_id: orgA, base_id: baseA };
    const row = async (table: 'periods' | 'classes' | 'pupils' | 'teachers' | 'disciplines', values: Record<string, unknown>) => {
      const id = randomUUID();
      await t.db.insertInto(table).values({ id, ...scope, ...values } as never).execute();
      return id;
    };
    ids.classId = await row('classes', { code: 'C1', label: 'Classe' });
    ids.pupilId = await row('pupils', { national_id: '1200001', last_name: 'Élève', first_name: 'Un', class_id: ids.classId });
    ids.periodId = await row('periods', { school_year: '2025-2026', count: 3, index: 1, start_date: '2025-09-01', end_date: '2025-11-30' });
    ids.teacherId = await row('teachers', { civility: 'MME', last_name: 'Prof', first_name: 'Une' });
    ids.disciplineId = await row('disciplines', { code: 'D1', label: 'Discipline' });
    const members = createMembersRepository(t.db);
    const spare = async () => {
      const userId = randomUUID();
      await t.db.insertInto('user').values({ id: userId, name: 'Spare', email: `spare-${userId}@example.test` }).execute();
      return (await members.insertMember(orgA, { id: randomUUID(), userId, role: 'collaborator', ...defaultSwitches('collaborator') })).id;
    };
    ids.memberId = await spare();
    ids.profiledMemberId = await spare();
    await createBasesRepository(t.db).upsertProfile(orgA, baseA, ids.profiledMemberId, 'read_only');
    const invitations = createInvitationsRepository(t.db);
    const invite = (organizationId: string, email: string) =>
      invitations.upsertPendingInvitation(organizationId, { id: randomUUID(), email, role: 'collaborator', invitedByUserId: owner.user!.id, expiresAt: new Date(Date.now() + 86_400_000), now: new Date() });
    ids.invitationId = await invite(orgA, `invitee-${randomUUID()}@example.test`);
    ids.myInvitationId = await invite(c.organization.id, owner.user!.email);
    ids.importId = randomUUID();
    ids.uploadId = randomUUID();
    await t.db
      .insertInto('lsu_imports')
      .values({ id: ids.importId, organization_id: orgA, base_id: baseA, school_year: '2025-2026', mode: 'manual', file_name: 'f.xml', file_size: 1, submitted_by: 'Someone', submitted_by_user_id: null, api_token_id: null, job_id: null, editor: null, application: null, source_kind: null, schema_version: null, heartbeat_at: null, started_at: null, finished_at: null, state: 'done' })
      .execute();
    ids.loadId = randomUUID();
    await t.db.insertInto('hosting_loads').values({ id: ids.loadId, organization_id: orgA, file_name: 'f.preau-base', state: 'failed', started_at: new Date(), heartbeat_at: new Date(), finished_at: new Date() }).execute();
    ids.eventId = randomUUID();
    await t.db.insertInto('hosting_migration_events').values({ id: ids.eventId, organization_id: orgA, uai: null, school_year: null, base_id: null, step: 'photos', outcome: 'failed', detail: '{}', error_code: 'hosting_annex.unreadable', session_id: randomUUID(), ip_address: null, session_started_at: new Date() }).execute();
    ids.tokenId = randomUUID();
    await t.db.insertInto('api_tokens').values({ id: ids.tokenId, organization_id: orgA, base_id: baseA, name: 'Spare', token_hash: randomUUID(), created_by_user_id: null }).execute();
    ids.docId = await insertIssuedInvoice(t.db, orgA);
    ids.addressId = await insertBillingAddress(t.db, orgA);
    ids.itemId = await insertCatalogueItem(t.db);
    ids.productId = await insertProduct(t.db, orgA, ids.itemId);
    ids.entryId = randomUUID();
    ids.exportId = await insertBillingExport(t.db, orgA, owner.user!.id);
    ids.documentId = await insertBaseDocument(t, orgA, baseA);
    ids.letterId = await insertBaseLetter(t, orgA, baseA);
    ids.teamId = randomUUID();
    await t.db.insertInto('teams').values({ id: ids.teamId, organization_id: orgA, name: 'Spare team', colour: '#123456', leader_member_id: null }).execute();
    await t.db.insertInto('team_members').values({ team_id: ids.teamId, organization_id: orgA, member_id: ids.memberId, ends_on: null }).execute();
    ids.grantId = randomUUID();
    await t.db.insertInto('support_grants').values({ id: ids.grantId, organization_id: orgA, reason: 'Spare', write: false, granted_by_user_id: null, granted_by_name: 'Owner', created_at: new Date(Date.now() - 7_200_000), ends_at: new Date(Date.now() - 3_600_000), revoked_at: null, revoked_by_name: null, first_used_at: null, end_notified_at: null }).execute();
    ids.outboxId = (await owner.get('/api/dev/outbox')).json<{ items: { id: string }[] }>().items[0]!.id;
  });
  afterAll(() => t?.close());

  let baseCount = 0;
  async function insertBase(organizationId: string): Promise<string> {
    const id = randomUUID();
    baseCount += 1;
    await t.db
      .insertInto('school_bases')
      .values({ id, organization_id: organizationId, uai: `${String(baseCount).padStart(7, '0')}A`, name: `Base ${baseCount}`, degree: 'college', school_year: '2025-2026', state: 'in_service' })
      .execute();
    return id;
  }

  /** The route's parameters filled with ids of organisation A (its base in service). */
  function templateParams(route: RegisteredRoute): Record<string, string> {
    const params: Record<string, string> = {};
    for (const name of [...route.url.matchAll(/:([A-Za-z0-9_]+)|\*/g)].map((m) => m[1] ?? '*')) {
      if (name === 'orgId') params[name] = orgA;
      // Management routes may stop the base: they get one of their own.
      else if (name === 'baseId') params[name] = route.action === 'base.manage' ? manageBase : baseA;
      else if (name === 'kind') params[name] = 'classes';
      else if (name === 'memberId') params[name] = route.url.startsWith('/api/bases/') ? ids.profiledMemberId! : ids.memberId!;
      else if (name === 'invitationId') params[name] = route.url.startsWith('/api/organizations/') ? ids.invitationId! : ids.myInvitationId!;
      else if (name === 'id' && route.url.startsWith('/api/dev/outbox/')) params[name] = ids.outboxId!;
      else if (name === '*' && route.url.startsWith('/api/docs/')) params[name] = 'index.html';
      else if (ids[name] !== undefined) params[name] = ids[name];
      else throw new Error(`${route.method} ${route.url}: the hostile-input test cannot fill "${name}"; teach templateParams about it`);
    }
    return params;
  }

  /** Values for fields whose schema alone does not say what a valid one is. */
  function namedSample(name: string, agent: Agent): unknown {
    const user = agent.user!;
    const samples: Record<string, unknown> = {
      email: user.email,
      emails: [`invitee-${randomUUID()}@example.test`],
      password: user.password,
      currentPassword: user.password,
      newPassword: `${PASSWORD} again`,
      uai: `0751234${uaiCheckLetter('0751234')}`,
      schoolYear: '2025-2026',
      year: '2025-2026',
      nationalId: '1200002',
      classId: ids.classId,
      code: 'Z9',
      phone: '+33 1 23 45 67 89',
      stsId: '12',
      token: 'sample-token',
      callbackURL: '/',
      redirectTo: '/',
      cursor: cursorOf('{"o":0}'),
      fileName: 'sample.xml',
      startDate: '2025-09-01',
      endDate: '2025-11-30',
      birthDate: '2014-05-06',
      country: 'FR',
      siren: '732829320',
      siret: '73282932000074',
      vatNumber: 'FR44732829320',
      iban: 'FR7630006000011234567890189',
      bic: 'AGRIFRPP',
      contactEmail: 'billing@example.test',
      invoice: 'F{YYYY}-{NNNNNN}',
      creditNote: 'A{YYYY}-{NNNNNN}',
      proForma: 'PF{YYYY}-{NNNNNN}',
      sha256: 'a'.repeat(64),
      receivedOn: '2026-12-01',
      date: '2026-12-01',
      days: [7, 15, 30],
      renewalDate: '2027-01-01',
      productIds: [ids.productId],
      catalogueItemId: ids.itemId,
      uploadId: ids.uploadId,
      colour: '#1c7ed6',
      memberIds: [ids.memberId],
      leaderMemberId: ids.memberId,
      endsOn: '2099-01-01',
      baseId: baseA,
      durationHours: 1,
      hostingNumber: '123456789012',
    };
    return samples[name];
  }

  /** Values for fields whose name other routes give another shape (`code`: a class's, or an SMS code), by the field's pattern. */
  const PATTERN_SAMPLES: Record<string, string> = { '^[0-9]{6}$': '123456' };

  /** A valid value of `schema` (required properties only, for objects). */
  function sampleOf(schema: JsonSchema, name: string, agent: Agent): unknown {
    const byPattern = schema.pattern === undefined ? undefined : PATTERN_SAMPLES[schema.pattern];
    if (byPattern !== undefined) return byPattern;
    const named = namedSample(name, agent);
    if (named !== undefined) return named;
    if ('const' in schema) return schema.const;
    if (schema.anyOf) return sampleOf(schema.anyOf.find((s) => s.type !== 'null') ?? schema.anyOf[0]!, name, agent);
    switch (schema.type) {
      case 'object': {
        // Required properties, then optional ones while the schema asks for more (`minProperties`).
        const keys = [...(schema.required ?? [])];
        for (const key of Object.keys(schema.properties ?? {})) if (keys.length < (schema.minProperties ?? 0) && !keys.includes(key)) keys.push(key);
        return Object.fromEntries(keys.map((key) => [key, sampleOf(schema.properties?.[key] ?? {}, key, agent)]));
      }
      case 'array':
        return Array.from({ length: Math.max(1, schema.minItems ?? 1) }, () => sampleOf(schema.items ?? {}, name, agent));
      case 'integer':
      case 'number':
        return Math.max(1, schema.minimum ?? 1);
      case 'boolean':
        return true;
      case 'null':
        return null;
      case 'string':
      case undefined:
      default:
        return schema.format === 'date' ? '2025-09-01' : schema.format === 'date-time' ? new Date().toISOString() : 'Sample';
    }
  }

  /** The request's parts built from the route's schema, checked against it. */
  function template(route: RegisteredRoute, agent: Agent): { params: Record<string, string>; query: Record<string, unknown>; body: unknown } {
    const schema = (route.schema ?? {}) as { querystring?: TSchema; body?: TSchema };
    const params = templateParams(route);
    const query = schema.querystring ? (sampleOf(schema.querystring as JsonSchema, '', agent) as Record<string, unknown>) : {};
    const body = schema.body ? sampleOf(schema.body as JsonSchema, '', agent) : undefined;
    for (const [part, value, partSchema] of [['query', query, schema.querystring], ['body', body, schema.body]] as const) {
      if (partSchema && !Value.Check(partSchema, value)) {
        throw new Error(`${route.method} ${route.url}: the sample ${part} ${JSON.stringify(value)} does not fit its schema; teach namedSample about it`);
      }
    }
    return { params, query, body };
  }

  function urlOf(route: RegisteredRoute, params: Record<string, string>, query: Record<string, unknown> | string): string {
    let url = route.url;
    for (const [name, value] of Object.entries(params)) url = url.replace(name === '*' ? '*' : `:${name}`, value);
    const search = typeof query === 'string' ? query : searchOf(query).toString();
    return search ? `${url}?${search}` : url;
  }

  const encodeParams = (params: Record<string, string>) => Object.fromEntries(Object.entries(params).map(([k, v]) => [k, k === '*' ? v : encodeURIComponent(v)]));
  const json = (value: unknown) => JSON.stringify(value, (_key, v: unknown) => (v instanceof RawJson ? `\u0000raw:${v.text}\u0000` : v)).replace(/"\\u0000raw:([^\\]*)\\u0000"/g, '$1');

  /** The raw body a route's template sends when its schema declares none (uploads). */
  function rawTemplateBody(route: RegisteredRoute): { headers: Record<string, string>; payload: string } | undefined {
    if (route.url.includes('/structure-imports/')) return { headers: { 'content-type': 'text/csv' }, payload: CSV_OK };
    if (route.url.endsWith('/lsu-imports') && route.method === 'POST') return { headers: { 'content-type': 'application/xml' }, payload: '<?xml version="1.0"?><x/>' };
    return undefined;
  }

  /** Every broken request of one route. */
  function probesOf(route: RegisteredRoute, agent: Agent): Probe[] {
    const { params, query, body } = template(route, agent);
    const schema = (route.schema ?? {}) as { querystring?: JsonSchema; body?: JsonSchema };
    const method = route.method;
    const raw = rawTemplateBody(route);
    const jsonBody = body === undefined ? undefined : { headers: { 'content-type': 'application/json' }, payload: json(body) };
    const templateBody = raw ?? jsonBody;
    const base = { method, ...(templateBody ? { headers: templateBody.headers, payload: templateBody.payload } : {}) };
    const url = urlOf(route, encodeParams(params), query);
    const probes: Probe[] = [];

    for (const name of Object.keys(params)) {
      for (const [label, segment, refused] of PATH_CASES) {
        probes.push({ ...base, label: `path ${name}: ${label}`, url: urlOf(route, { ...encodeParams(params), [name]: segment }, query), mustRefuse: refused });
      }
    }
    for (const [name, fieldSchema] of Object.entries(schema.querystring?.properties ?? {})) {
      const variants: [string, string, boolean][] = [...STRING_CASES];
      if (isNumeric(fieldSchema)) variants.push(...QUERY_NUMBER_CASES.map(([label, value]): [string, string, boolean] => [label, value, false]));
      if (name === 'cursor') variants.push(...CURSOR_CASES.map(([label, value]): [string, string, boolean] => [`cursor with ${label}`, value, true]));
      for (const [label, value, refused] of variants) {
        probes.push({ ...base, label: `query ${name}: ${label}`, url: urlOf(route, encodeParams(params), { ...query, [name]: value }), mustRefuse: refused });
      }
      const repeated = searchOf(query);
      repeated.append(name, 'a');
      repeated.append(name, 'b');
      probes.push({ ...base, label: `query ${name}: given twice`, url: urlOf(route, encodeParams(params), repeated.toString()) });
    }
    if (schema.body?.type === 'object' && typeof body === 'object' && body !== null) {
      for (const [name, fieldSchema] of Object.entries(schema.body.properties ?? {})) {
        const array = fieldSchema.type === 'array';
        // Ajv reads a blank string as null where null is a value (a blank phone clears it).
        const blankIsNull = isNullable(fieldSchema);
        const variants: [string, unknown, boolean][] = STRING_CASES.map(([label, value, refused]) => [label, array ? [value] : value, refused && !(blankIsNull && value.trim() === '')]);
        variants.push(...TYPE_CASES.map(([label, value]): [string, unknown, boolean] => [label, value, false]));
        if (isNumeric(fieldSchema)) variants.push(...NUMBER_CASES.map(([label, value]): [string, unknown, boolean] => [label, value, false]));
        if (array) variants.push(['an empty array', [], false], ['10,000 items', Array.from({ length: 10_000 }, (_, i) => `item${i}@example.test`), false]);
        for (const [label, value, refused] of variants) {
          probes.push({ method, label: `body ${name}: ${label}`, url, headers: { 'content-type': 'application/json' }, payload: json({ ...body, [name]: value }), mustRefuse: refused });
        }
      }
      probes.push({ method, label: 'body: an unknown field with a NUL byte', url, headers: { 'content-type': 'application/json' }, payload: json({ ...body, extra: '\u0000' }) });
    }
    if (!['GET', 'HEAD'].includes(method)) probes.push(...bodyProbes(method, url, route));
    probes.push(...headerProbes({ ...base, url }));
    return probes;
  }

  /** Broken bodies: JSON, content types, multipart, and CSV on the structure imports. */
  function bodyProbes(method: string, url: string, route: RegisteredRoute): Probe[] {
    const probe = (label: string, contentType: string | undefined, payload: string | Buffer, extra: Partial<Probe> = {}): Probe => ({
      method,
      url,
      label,
      headers: contentType === undefined ? {} : { 'content-type': contentType },
      payload,
      ...extra,
    });
    const multipart = (head: string, content: string, end = `\r\n--${BOUNDARY}--\r\n`) => `--${BOUNDARY}\r\n${head}\r\n\r\n${content}${end}`;
    const probes = [
      probe('malformed JSON', 'application/json', '{"name":'),
      probe('JSON null', 'application/json', 'null'),
      probe('a JSON array', 'application/json', '[]'),
      probe('a JSON string', 'application/json', '"x"'),
      probe('a JSON number out of range', 'application/json', '1e400'),
      probe('deeply nested JSON', 'application/json', `${'['.repeat(100_000)}${']'.repeat(100_000)}`),
      probe('a __proto__ key', 'application/json', '{"__proto__":{"polluted":true}}'),
      probe('an empty JSON body', 'application/json', ''),
      probe('JSON in UTF-16', 'application/json; charset=utf-16', Buffer.from('{"a":1}', 'utf16le')),
      probe('a body over the limit', 'application/json', JSON.stringify({ name: 'x'.repeat(1_100_000) })),
      probe('no content type', undefined, 'plain bytes'),
      probe('text/plain', 'text/plain', 'hello'),
      probe('XML', 'application/xml', '<a/>'),
      probe('a form', 'application/x-www-form-urlencoded', 'name=%00'),
      probe('a made-up content type', 'application/x-hostile', '\u0000'),
      probe('multipart without a boundary', 'multipart/form-data', multipart('Content-Disposition: form-data; name="file"; filename="a.xml"', '<a/>')),
      probe('multipart with an empty boundary', 'multipart/form-data; boundary=', '--\r\n\r\n'),
      probe('multipart cut short', `multipart/form-data; boundary=${BOUNDARY}`, multipart('Content-Disposition: form-data; name="file"; filename="a.xml"', '<a/>', '')),
      probe('multipart with no part', `multipart/form-data; boundary=${BOUNDARY}`, `--${BOUNDARY}--\r\n`),
      probe('multipart with garbage', `multipart/form-data; boundary=${BOUNDARY}`, '\u0000\u0001garbage'),
      probe('multipart with a NUL byte in the file name', `multipart/form-data; boundary=${BOUNDARY}`, multipart('Content-Disposition: form-data; name="file"; filename="a\u0000b.xml"\r\nContent-Type: application/xml', '<a/>')),
      probe('multipart with a 300-character file name', `multipart/form-data; boundary=${BOUNDARY}`, multipart(`Content-Disposition: form-data; name="file"; filename="${'n'.repeat(300)}.xml"\r\nContent-Type: application/xml`, '<a/>')),
      probe('multipart with an empty file', `multipart/form-data; boundary=${BOUNDARY}`, multipart('Content-Disposition: form-data; name="file"; filename="a.xml"\r\nContent-Type: application/xml', '')),
      probe('multipart with a field and no file', `multipart/form-data; boundary=${BOUNDARY}`, multipart('Content-Disposition: form-data; name="note"', '\u0000')),
      probe('multipart with two files', `multipart/form-data; boundary=${BOUNDARY}`, `${multipart('Content-Disposition: form-data; name="file"; filename="a.xml"', '<a/>', '\r\n')}${multipart('Content-Disposition: form-data; name="file"; filename="b.xml"', '<b/>')}`),
    ];
    if (route.url.includes('/structure-imports/')) probes.push(...csvProbes(probe));
    return probes;
  }

  /** Structure CSVs: quoting errors are a 4xx naming the line; cells no field accepts are refused. */
  function csvProbes(probe: (label: string, contentType: string | undefined, payload: string | Buffer, extra?: Partial<Probe>) => Probe): Probe[] {
    const csv = (label: string, payload: string | Buffer, extra: Partial<Probe>) => probe(`CSV ${label}`, 'text/csv', payload, extra);
    const goodLines = Array.from({ length: 3000 }, (_, i) => `K${i};Classe ${i}`).join('\n');
    return [
      csv('with a stray quote', 'code;libelle\n6A;Classe "A"\n', { mustRefuse: true }),
      csv('with an unclosed quote', 'code;libelle\n"6A;Classe A\n7A;B\n', { mustRefuse: true }),
      csv('with a quote in the header', 'co"de;libelle\n6A;A\n', { mustRefuse: true }),
      csv('with a stray quote after 3,000 good lines', `code;libelle\n${goodLines}\n6A;Classe "A"\n`, { mustRefuse: true }),
      csv('with a NUL byte in a cell', 'code;libelle\n6\u0000A;Classe\n', { csvRefused: true }),
      csv('with a control character in a cell', 'code;libelle\n6A;Classe\u0007\n', { csvRefused: true }),
      csv('with a C1 control character in a cell', 'code;libelle\n6A;Classe\u0085A\n', { csvRefused: true }),
      csv('with a blank cell', 'code;libelle\n6A;   \n', { csvRefused: true }),
      csv('with a cell of no-break spaces', 'code;libelle\n6A;\u00a0\u00a0\n', { csvRefused: true }),
      csv('with a 200,000-character cell', `code;libelle\n6A;${'x'.repeat(200_000)}\n`, { csvRefused: true }),
      csv('with a NUL byte in the header', 'co\u0000de;libelle\n6A;A\n', { mustRefuse: true }),
      csv('that is empty', '', { mustRefuse: true }),
      csv('that is only a BOM', '\ufeff', { mustRefuse: true }),
      csv('in UTF-16', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(CSV_OK, 'utf16le')]), { mustRefuse: true }),
      csv('of random bytes', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)), {}),
      csv('mixing UTF-8 and Windows-1252', Buffer.concat([Buffer.from('code;libelle\n6A;Sixième\n'), Buffer.from([0x37, 0x41, 0x3b, 0xe9, 0x0a])]), {}),
      csv('with 100,000 delimiters on a line', `code;libelle\n${';'.repeat(100_000)}\n`, { csvRefused: true }),
      csv('with carriage returns only', 'code;libelle\r6A;A\r', {}),
      csv('over 5 MB', `code;libelle\n${'6A;Classe\n'.repeat(530_000)}`, { mustRefuse: true }),
      probe('CSV sent as JSON', 'application/json', JSON.stringify({ csv: CSV_OK }), { mustRefuse: true }),
    ];
  }

  /** Odd headers on the route's template request. */
  function headerProbes(request: Omit<Probe, 'label'>): Probe[] {
    const withHeader = (label: string, headers: Record<string, string>): Probe => ({ ...request, label, headers: { ...request.headers, ...headers } });
    return [
      withHeader('a garbage session cookie', { cookie: 'preau.session_token=%ZZ%00' }),
      withHeader('a 4,000-character session cookie', { cookie: `preau.session_token=${'a'.repeat(4000)}` }),
      withHeader('a garbage Accept-Language', { 'accept-language': ';;q=x,*;q=NaN,\u00e9' }),
      withHeader('a bearer token with spaces', { authorization: 'Bearer a b c' }),
      withHeader('a garbage CSRF header', { 'x-csrf-token': '\u00e9\u00e9' }),
      withHeader('a null Origin', { origin: 'null' }),
    ];
  }

  let addressCount = 0;
  /** A client address of its own: better-auth limits identity requests per address. */
  const nextAddress = () => `10.${(addressCount += 1) >> 16}.${(addressCount >> 8) & 255}.${addressCount & 255}`;

  /** The agent that sends a route's probes: identity routes get an account of their own, renewed after a success. */
  async function agentFor(route: RegisteredRoute): Promise<Agent> {
    if (route.url.startsWith('/api/hosting/') && route.action === 'hosting.session') return (hosting ??= await hostingAgentOfA());
    if (!route.url.startsWith('/api/auth/')) return owner;
    if (identity) return identity;
    const agent = createAgent(t.app);
    const account = { email: `identity-${randomUUID()}@example.test`, password: PASSWORD, name: 'Identity Probe' };
    for (const step of ['sign-up', 'sign-in'] as const) {
      const response = await agent.request({ method: 'POST', url: `/api/auth/${step}/email`, body: account, remoteAddress: nextAddress() });
      if (response.statusCode !== 200) throw new Error(`${step} of the identity account: ${response.statusCode} ${response.body}`);
    }
    agent.user = { id: '', ...account };
    identity = agent;
    return identity;
  }

  /** A browser holding a hosting console session of A. */
  async function hostingAgentOfA(): Promise<Agent> {
    const agent = await hostingAgent(t, orgA);
    // No account: the samples a body takes from the caller's account are made up.
    agent.user = { id: '', email: `hosting-${randomUUID()}@example.test`, name: 'Hosting Probe', password: PASSWORD };
    return agent;
  }

  /** What is wrong with an answer, if anything. */
  function problemOf(probe: Probe, response: { statusCode: number; body: string; headers: Record<string, unknown> }): string | undefined {
    const status = response.statusCode;
    if (status >= 500) return `answered ${status}`;
    if (probe.mustRefuse && (status < 400 || status >= 500)) return `was not refused (${status})`;
    if (probe.csvRefused && status < 400) {
      const counts = (JSON.parse(response.body) as { counts?: { create: number; change: number } }).counts;
      if (!counts || counts.create + counts.change > 0) return `took a line no field accepts (${status} ${response.body.slice(0, 200)})`;
    }
    if (status < 400 || probe.method === 'HEAD') return undefined;
    try {
      const body = JSON.parse(response.body) as { error?: { code?: unknown; message?: unknown } };
      const keys = Object.keys(body ?? {});
      if (keys.length !== 1 || typeof body.error?.code !== 'string' || typeof body.error.message !== 'string') {
        return `answered ${status} ${response.body.slice(0, 200)}, not {"error":{"code","message"}}`;
      }
    } catch {
      return `answered ${status} ${String(response.headers['content-type'])} ${response.body.slice(0, 200)}, not JSON`;
    }
    return undefined;
  }

  /**
   * Uploads in the object storage's folder, as paths relative to it (the accepted imports' uploads left
   * out); with `partial`, puts being written too (other features write there in the background: a
   * request's transient puts are looked for once all are answered).
   */
  async function importFiles(partial = false): Promise<string[]> {
    const entries = [];
    for (const dir of partial ? ['uploads', '.partial'] : ['uploads']) entries.push(...(await readdir(path.join(objectsDir(), dir), { recursive: true, withFileTypes: true }).catch(() => [])));
    return entries
      .filter((entry) => entry.isFile())
      .map((entry) => path.relative(objectsDir(), path.join(entry.parentPath, entry.name)))
      .filter((name) => !acceptedImports.has(path.basename(name).split('.')[0] ?? ''));
  }

  it('answers every broken request of every route with a 4xx of the one error shape, never a 5xx, and leaves no file behind', async () => {
    const routes = t.app.registeredRoutes;
    expect(routes.length).toBeGreaterThan(20);
    const failures: string[] = [];
    let sent = 0;
    for (const route of routes) {
      for (const probe of probesOf(route, await agentFor(route))) {
        const agent = await agentFor(route);
        const before = new Set(await importFiles());
        const where = `${route.method} ${route.url} with ${probe.label}`;
        const response = await answerWithin(
          agent.request({
            method: probe.method as 'GET',
            url: probe.url,
            headers: probe.headers ?? {},
            remoteAddress: nextAddress(),
            ...(probe.payload !== undefined ? { body: probe.payload } : {}),
          }),
        );
        sent += 1;
        if (!response) {
          failures.push(`${where}: no answer within ${ANSWER_WITHIN_MS / 1000} s`);
          continue;
        }
        if (response.statusCode === 202 && route.url.endsWith('/lsu-imports')) acceptedImports.add(response.json<{ id: string }>().id);
        if (route.url.startsWith('/api/auth/') && response.statusCode < 300) identity = undefined;
        if (route.url === '/api/hosting/sign-out' && response.statusCode < 300) hosting = undefined;
        const problem = problemOf(probe, response);
        const left = (await importFiles()).filter((name) => !before.has(name));
        if (problem) failures.push(`${where}: ${problem}`);
        if (left.length > 0) failures.push(`${where}: left ${left.join(', ')} in the storage`);
      }
    }
    expect(sent).toBeGreaterThan(1000);
    expect(failures).toEqual([]);
    await eventually(async () => ((await importFiles(true)).length === 0 ? true : undefined), { what: 'no upload nor partial put left', timeoutMs: 10_000 });
  }, 600_000);

  it('keeps answering after a CSV with a stray quote, whose line it names', async () => {
    const url = `/api/bases/${baseA}/structure-imports/classes/preview`;
    const stray = await owner.request({ method: 'POST', url, headers: { 'content-type': 'text/csv' }, body: 'code;libelle\n6A;Classe "A"\n' });
    expect([stray.statusCode, stray.json<{ error: { code: string; params: unknown } }>().error]).toMatchObject([422, { code: 'structure_import.malformed', params: { line: 2 } }]);
    expect((await t.app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
    const good = await owner.request({ method: 'POST', url, headers: { 'content-type': 'text/csv' }, body: 'code;libelle\nQ9;Classe Q9\n' });
    expect([good.statusCode, good.json<{ counts: unknown }>().counts]).toEqual([200, { create: 1, change: 0, unchanged: 0, refuse: 0 }]);
  });

  it("answers Fastify's own refusals in the one error shape", async () => {
    const cases: [url: string, method: string, status: number, code: string, headers?: Record<string, string>][] = [
      ['/api/bases/%E0%A4%A', 'GET', 400, 'bad_request'],
      ['/%E0%A4%A', 'GET', 400, 'bad_request'],
      [`/api/bases/${'x'.repeat(200)}`, 'GET', 414, 'uri_too_long'],
      [`/api/bases/${'x'.repeat(200)}/classes`, 'POST', 414, 'uri_too_long'],
      ['/api/nothing-here', 'GET', 404, 'not_found'],
      // A method no route of the path has is a 404, like an unknown path.
      ['/api/health', 'PUT', 404, 'not_found'],
      ['/api/health', 'PROPFIND', 404, 'not_found'],
      ['/api/me', 'PATCH', 400, 'bad_request', { 'content-type': 'application/json', 'content-length': '300' }],
    ];
    const failures: string[] = [];
    for (const [url, method, status, code, headers = {}] of cases) {
      const payload = headers['content-length'] ? '{"name":"Someone"}' : undefined;
      const response = await owner.request({ method: method as 'GET', url, headers: { 'accept-language': 'en', ...headers }, ...(payload ? { body: payload } : {}) });
      const body = response.json<{ error?: { code?: string; message?: string } }>();
      if (response.statusCode !== status || body.error?.code !== code || typeof body.error.message !== 'string' || body.error.message === code) {
        failures.push(`${method} ${url}: ${response.statusCode} ${response.body}`);
      }
    }
    expect(failures).toEqual([]);
  });
});

const ANSWER_WITHIN_MS = 20_000;

/** The answer, or undefined when none came in time (a request the server dropped). */
async function answerWithin<T>(answer: Promise<T>): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ANSWER_WITHIN_MS)));
  try {
    return await Promise.race([answer, late]);
  } finally {
    clearTimeout(timer);
  }
}

function searchOf(query: Record<string, unknown>): URLSearchParams {
  return new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, String(v)]));
}

/** Whether null is a value of the field (a blank string then reads as null). */
function isNullable(schema: JsonSchema): boolean {
  return schema.type === 'null' || (schema.anyOf ?? []).some(isNullable);
}

function isNumeric(schema: JsonSchema): boolean {
  return schema.type === 'integer' || schema.type === 'number' || (schema.anyOf ?? []).some(isNumeric);
}
