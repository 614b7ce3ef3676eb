import { sql, type CompiledQuery, type Insertable, type Kysely, type RawBuilder, type Selectable, type Transaction } from 'kysely';
import type { DocumentStatusFilter, UpdateBillingProvider } from '@preau/contracts';
import type { Database } from '../../db/schema.ts';
import type { BillingDocumentLinesTable, BillingDocumentsTable, BillingPaymentsTable, CustomerSnapshot, DocumentKind, VatRowJson } from './billing.tables.ts';
import { afterWordsBeginning, searchWords } from './search-words.ts';

export type DocumentRow = Selectable<BillingDocumentsTable>;
export type LineRow = Selectable<BillingDocumentLinesTable>;
export type PaymentRow = Selectable<BillingPaymentsTable>;

type Executor = Kysely<Database> | Transaction<Database>;

/** What issuing a draft writes on it, and the words the history will find it by. */
export interface IssuedValues {
  id: string;
  number: string;
  number_year: number;
  number_seq: number;
  issue_date: string;
  due_date: string | null;
  payment_reference: string;
  finalized_at: Date;
  finalized_by_user_id: string | null;
  net_cents: number;
  vat_cents: number;
  gross_cents: number;
  address_id: string | null;
  customer: CustomerSnapshot;
  provider: UpdateBillingProvider;
  vat_rows: VatRowJson[];
  words: readonly string[];
}

/** The history's filters, as the service has checked them. */
export interface DocumentFilters {
  status?: DocumentStatusFilter;
  kind?: DocumentKind;
  from?: string;
  to?: string;
  q?: string;
  /** Drafts are the operator's: customers never see them. */
  includeDrafts: boolean;
  /** Today (YYYY-MM-DD), for `overdue`. */
  today: string;
}

/** Where the previous page stopped: its last document's sort time (as PostgreSQL writes it: to the microsecond) and id. */
export interface HistoryCursor {
  at: string;
  id: string;
}

/** What a history row carries besides the document: the credited invoice's number, and its sort time for the next cursor. */
export type HistoryRow = DocumentRow & { credited_invoice_number: string | null; sort_key: string };

/** What a CSV row prints. */
/** A document's CSV record (its fields joined by `;`, without the record's end) and its place in the history. */
export interface CsvRow {
  id: string;
  record: string;
  sort_key: string;
}

/** What the CSV's text depends on besides the documents: the reader's labels, the decimal separator and today. */
export interface CsvFormat {
  kinds: Record<DocumentKind, string>;
  states: Record<DocumentRow['state'], string>;
  payments: Record<DocumentRow['payment_status'], string>;
  yesNo: [string, string];
  separator: ',' | '.';
  /** YYYY-MM-DD: an invoice due before it with something left to pay is overdue. */
  today: string;
}

/**
 * A document's CSV record, built by the database: the export then only joins records, and
 * node-postgres parses one string a row instead of seventeen fields (the export ran at 0.6× the
 * rate of COPY, its memory growing with the garbage of the rows). Columns: docs/billing-csv.md. The
 * rules are csv-stringify's, whose output this reproduces (documents.test.ts checks it): a field
 * is quoted when it holds `;`, `"`, CR or LF, its quotes doubled; text that a spreadsheet would run
 * as a formula (leading `=`, `+`, `-`, `@`, tab, CR) gets a leading `'`; amounts are exact decimals
 * from cents, credit notes negative.
 */
function csvRecordSql(format: CsvFormat) {
  const quoted = (field: RawBuilder<string>) => sql<string>`(case when ${field} ~ '[;"\r\n]' then '"' || replace(${field}, '"', '""') || '"' else ${field} end)`;
  const inert = (field: RawBuilder<string>) => sql<string>`(case when ${field} ~ '^[=+@\t\r-]' then '''' || ${field} else ${field} end)`;
  const amount = (cents: RawBuilder<string>) => sql<string>`(case when ${cents} < 0 then '-' else '' end || (abs(${cents}) / 100)::text || ${format.separator}::text || lpad((abs(${cents}) % 100)::text, 2, '0'))`;
  const day = (column: string) => sql<string>`coalesce(to_char(${sql.ref(column)}, 'YYYY-MM-DD'), '')`;
  const signed = (column: string) => sql<string>`(t.sign * ${sql.ref(column)})`;
  const due = sql<string>`t.due`;
  const label = <K extends string>(column: string, labels: Record<K, string>) =>
    sql<string>`(case ${sql.ref(column)} ${sql.join(Object.entries<string>(labels).map(([value, text]) => sql`when ${value} then ${text}::text`), sql` `)} else '' end)`;
  const fields = [
    quoted(sql`coalesce(d.number, '')`),
    label('d.kind', format.kinds),
    label('d.state', format.states),
    day('d.issue_date'),
    day('d.due_date'),
    quoted(inert(sql`t.customer_name`)),
    quoted(inert(sql`t.description`)),
    sql<string>`d.currency`,
    amount(signed('d.net_cents')),
    amount(signed('d.vat_cents')),
    amount(signed('d.gross_cents')),
    amount(sql`d.paid_cents`),
    amount(sql`d.credited_cents`),
    amount(due),
    sql<string>`(case when d.kind = 'invoice' then ${label('d.payment_status', format.payments)} else '' end)`,
    sql<string>`(case when ${due} > 0 and d.due_date < ${format.today}::date then ${format.yesNo[0]}::text else ${format.yesNo[1]}::text end)`,
    day('d.paid_on'),
  ];
  return sql<string>`concat_ws(';', ${sql.join(fields)})`;
}

/** Fewer documents than this hold a rare word: fetching them all from the words index beats walking the history. */
const RARE_WORD_DOCUMENTS = 12_000;

/**
 * SQL of billing documents, their lines and payments; every query names the organisation.
 * `rareWordDocuments`: see `RARE_WORD_DOCUMENTS` (tests set 0 to search by walking the history only).
 */
export function createDocumentsRepository(db: Executor, options: { rareWordDocuments?: number } = {}) {
  const rareWordDocuments = options.rareWordDocuments ?? RARE_WORD_DOCUMENTS;

  /** The filtered documents' CSV records (`record`), newest first. */
  async function csvRecords(organizationId: string, filters: DocumentFilters, format: CsvFormat) {
    return (
      filteredDocuments(db, organizationId, filters, await rareSearchWord(db, organizationId, filters, rareWordDocuments))
        // What the record uses more than once, computed once a row (`offset 0` keeps the planner
        // from copying these expressions into each place the record names them).
        .innerJoinLateral(
          () =>
            db
              .selectNoFrom([
                sql<string>`coalesce(d.customer->>'name', '')`.as('customer_name'),
                sql<string>`coalesce((select string_agg(l.label, ' · ' order by l.position) from billing_document_lines l where l.document_id = d.id), '')`.as('description'),
                sql<string>`(case when d.kind = 'credit_note' then -1 else 1 end)`.as('sign'),
                sql<string>`(case when d.kind = 'invoice' and d.state = 'finalized' then greatest(d.gross_cents - d.credited_cents - d.paid_cents, 0) else 0 end)`.as('due'),
              ])
              .offset(0)
              .as('t'),
          (join) => join.onTrue(),
        )
        .select(csvRecordSql(format).as('record'))
        .orderBy('d.sort_at', 'desc')
        .orderBy('d.id', 'desc')
    );
  }

  return {
    async find(organizationId: string, id: string, options: { forUpdate?: boolean } = {}): Promise<DocumentRow | undefined> {
      let query = db.selectFrom('billing_documents').selectAll().where('organization_id', '=', organizationId).where('id', '=', id);
      if (options.forUpdate) query = query.forUpdate();
      return query.executeTakeFirst();
    },

    /** The organisation of a document, whoever asks (the access layer's resolver, operator routes). */
    async findOrganizationUnscoped(id: string): Promise<string | undefined> {
      const row = await db.selectFrom('billing_documents').select('organization_id').where('id', '=', id).executeTakeFirst();
      return row?.organization_id;
    },

    async lines(organizationId: string, documentId: string): Promise<LineRow[]> {
      return db.selectFrom('billing_document_lines').selectAll().where('organization_id', '=', organizationId).where('document_id', '=', documentId).orderBy('position').execute();
    },

    async payments(organizationId: string, documentId: string): Promise<PaymentRow[]> {
      return db.selectFrom('billing_payments').selectAll().where('organization_id', '=', organizationId).where('document_id', '=', documentId).orderBy('received_on').orderBy('created_at').execute();
    },

    async creditNotesOf(organizationId: string, invoiceId: string): Promise<Pick<DocumentRow, 'id' | 'number' | 'gross_cents'>[]> {
      return db
        .selectFrom('billing_documents')
        .select(['id', 'number', 'gross_cents'])
        .where('organization_id', '=', organizationId)
        .where('credited_invoice_id', '=', invoiceId)
        .where('state', '<>', 'draft')
        .orderBy('finalized_at')
        .execute();
    },

    /** Net amount already credited per line of `invoiceId` by its issued credit notes. */
    async creditedNetByLine(organizationId: string, invoiceId: string): Promise<Map<string, number>> {
      const rows = await db
        .selectFrom('billing_document_lines as l')
        .innerJoin('billing_documents as d', 'd.id', 'l.document_id')
        .select(['l.credited_line_id', (eb) => eb.fn.sum<number>('l.net_cents').as('net')])
        .where('d.organization_id', '=', organizationId)
        .where('d.credited_invoice_id', '=', invoiceId)
        .where('d.state', '<>', 'draft')
        .groupBy('l.credited_line_id')
        .execute();
      return new Map(rows.filter((r) => r.credited_line_id !== null).map((r) => [r.credited_line_id!, Number(r.net)]));
    },

    async insertLines(lines: BillingDocumentLinesTable[]): Promise<void> {
      if (lines.length > 0) await db.insertInto('billing_document_lines').values(lines).execute();
    },

    async deleteDraft(organizationId: string, id: string): Promise<boolean> {
      const result = await db.deleteFrom('billing_documents').where('organization_id', '=', organizationId).where('id', '=', id).where('state', '=', 'draft').executeTakeFirst();
      return result.numDeletedRows > 0n;
    },

    /**
     * The documents `ids` with their lines (in order), locked until the transaction ends (in id
     * order, so two batches cannot deadlock): one round trip for what issuing them reads.
     */
    async findManyForIssue(organizationId: string, ids: readonly string[]): Promise<Array<DocumentRow & { lines: LineRow[] }>> {
      if (ids.length === 0) return [];
      return db
        .selectFrom('billing_documents as d')
        .selectAll('d')
        .select(sql<LineRow[]>`coalesce((select json_agg(l order by l.position) from billing_document_lines l where l.organization_id = d.organization_id and l.document_id = d.id), '[]')`.as('lines'))
        .where('d.organization_id', '=', organizationId)
        .where('d.id', 'in', ids)
        .orderBy('d.id')
        .forUpdate()
        .execute();
    },

    /**
     * Turns drafts into issued documents (the trigger freezes them from then on) and records the
     * words the history finds them by, in one statement; returns the documents issued.
     */
    async issueMany(organizationId: string, documents: readonly IssuedValues[]): Promise<DocumentRow[]> {
      if (documents.length === 0) return [];
      const { rows } = await sql<DocumentRow & { issued_words?: unknown }>`
        with issued as (
          update billing_documents d set
            state = 'finalized', number = x.number, number_year = x.number_year, number_seq = x.number_seq,
            issue_date = x.issue_date, due_date = x.due_date, payment_reference = x.payment_reference,
            finalized_at = x.finalized_at, finalized_by_user_id = x.finalized_by_user_id,
            net_cents = x.net_cents, vat_cents = x.vat_cents, gross_cents = x.gross_cents,
            address_id = x.address_id, customer = x.customer, provider = x.provider, vat_rows = x.vat_rows
          from jsonb_to_recordset(${JSON.stringify(documents)}::jsonb) as x(
            id text, number text, number_year integer, number_seq integer, issue_date date, due_date date,
            payment_reference text, finalized_at timestamptz, finalized_by_user_id text, net_cents bigint,
            vat_cents bigint, gross_cents bigint, address_id text, customer jsonb, provider jsonb, vat_rows jsonb, words jsonb)
          where d.organization_id = ${organizationId} and d.id = x.id and d.state = 'draft'
          returning d.*, x.words as issued_words
        ), words as (
          -- \`finalized_at\` is the document's \`sort_at\` from now on.
          insert into billing_document_words (organization_id, document_id, word, sort_at)
          select i.organization_id, i.id, w.word, i.finalized_at from issued i cross join lateral jsonb_array_elements_text(i.issued_words) as w(word)
        )
        select * from issued`.execute(db);
      return rows.map(({ issued_words: _words, ...row }) => row);
    },

    /** What was paid or credited against an invoice, and its state (the only columns that follow an issued invoice). */
    async settle(organizationId: string, id: string, values: Pick<DocumentRow, 'paid_cents' | 'credited_cents' | 'payment_status' | 'paid_on' | 'state'>): Promise<void> {
      await db.updateTable('billing_documents').set(values).where('organization_id', '=', organizationId).where('id', '=', id).execute();
    },

    async markConverted(organizationId: string, proFormaId: string, invoiceId: string): Promise<void> {
      await db.updateTable('billing_documents').set({ converted_invoice_id: invoiceId }).where('organization_id', '=', organizationId).where('id', '=', proFormaId).execute();
    },

    async insertPayment(payment: Insertable<BillingPaymentsTable>): Promise<void> {
      await db.insertInto('billing_payments').values(payment).execute();
    },

    /** Records the stored PDF of a document once: false when another process recorded one first. */
    async recordPdf(organizationId: string, id: string, version: 'original' | 'paid', stored: { key: string; sha256: string; size: number }): Promise<boolean> {
      const result = version === 'original'
        ? await db.updateTable('billing_documents').set({ pdf_key: stored.key, pdf_sha256: stored.sha256, pdf_size: stored.size }).where('organization_id', '=', organizationId).where('id', '=', id).where('pdf_key', 'is', null).executeTakeFirst()
        : await db.updateTable('billing_documents').set({ paid_pdf_key: stored.key, paid_pdf_sha256: stored.sha256, paid_pdf_size: stored.size }).where('organization_id', '=', organizationId).where('id', '=', id).where('paid_pdf_key', 'is', null).executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    /** Issued documents whose original PDF is not stored yet, oldest first, whatever their organisation (system scope). */
    async withoutOriginalPdf(limit: number): Promise<{ organization_id: string; id: string }[]> {
      return db.selectFrom('billing_documents').select(['organization_id', 'id']).where('pdf_key', 'is', null).where('state', '<>', 'draft').orderBy('finalized_at').limit(limit).execute();
    },

    /** One page of the history, newest first, after `cursor`. */
    async history(organizationId: string, filters: DocumentFilters, limit: number, cursor: HistoryCursor | undefined): Promise<HistoryRow[]> {
      let query = filteredDocuments(db, organizationId, filters, await rareSearchWord(db, organizationId, filters, rareWordDocuments))
        .leftJoin('billing_documents as credited', 'credited.id', 'd.credited_invoice_id')
        .selectAll('d')
        .select(['credited.number as credited_invoice_number', sql<string>`d.sort_at::text`.as('sort_key')]);
      if (cursor) query = query.where(sql<boolean>`(d.sort_at, d.id) < (${cursor.at}::timestamptz, ${cursor.id})`);
      return query
        .orderBy('d.sort_at', 'desc')
        .orderBy('d.id', 'desc')
        .limit(limit)
        .execute();
    },

    /**
     * One page of the CSV: each document's record as text, built by the database (`csvRecordSql`),
     * with the keyset cursor after it.
     */
    async csvPage(organizationId: string, filters: DocumentFilters, format: CsvFormat, limit: number, cursor: HistoryCursor | undefined): Promise<CsvRow[]> {
      let query = (await csvRecords(organizationId, filters, format)).select(['d.id', sql<string>`d.sort_at::text`.as('sort_key')]);
      if (cursor) query = query.where(sql<boolean>`(d.sort_at, d.id) < (${cursor.at}::timestamptz, ${cursor.id})`);
      return query.limit(limit).execute();
    },

    /** Every record of the CSV in one query, in the history's order, for a COPY: the statement and its parameters. */
    async csvQuery(organizationId: string, filters: DocumentFilters, format: CsvFormat): Promise<CompiledQuery> {
      return (await csvRecords(organizationId, filters, format)).compile();
    },

    /** Descriptions of documents (their lines' labels, in order), for the history. */
    async descriptions(organizationId: string, documentIds: readonly string[]): Promise<Map<string, string>> {
      if (documentIds.length === 0) return new Map();
      const rows = await db
        .selectFrom('billing_document_lines')
        .select(['document_id', sql<string>`string_agg(label, ' · ' order by position)`.as('description')])
        .where('organization_id', '=', organizationId)
        .where('document_id', 'in', documentIds)
        .groupBy('document_id')
        .execute();
      return new Map(rows.map((r) => [r.document_id, r.description]));
    },
  };
}

/** The words a text search looks for, unless it is a number's digits (or year and digits), found by equality. */
function textSearchWords(q: string | undefined): string[] | undefined {
  const text = q?.trim();
  if (!text || /^0*\d{1,9}$/.test(text) || /^\d{4}-0*\d{1,9}$/.test(text)) return undefined;
  return searchWords(text);
}

/**
 * The rarest word of a text search if fewer than `cap` words of the organisation begin with it
 * (counted in the word index, at most `cap` read per word), else undefined.
 *
 * Why ask first: the planner weighs walking the history (probing each document for the words) against
 * fetching a word's documents, and it assumes a word's documents are spread over the history. Numbers
 * are not: the beginning of a year's numbers (`f2026-00`, ten thousand documents in January) lies deep
 * down, and walking to it reads half the history (seconds at a million documents). Counting is cheap
 * (an index-only range, bounded), and the two shapes of `filteredDocuments` are each sure for their case.
 */
async function rareSearchWord(db: Executor, organizationId: string, filters: DocumentFilters, cap: number): Promise<string | undefined> {
  const words = textSearchWords(filters.q);
  if (!words || words.length === 0 || cap <= 0) return undefined;
  const { rows } = await sql<Record<string, number | string>>`select ${sql.join(
    words.map((word, k) => sql`(select count(*) from (select 1 from billing_document_words w where w.organization_id = ${organizationId} and w.word ~>=~ ${word} and w.word ~<~ ${afterWordsBeginning(word)} limit ${cap}) x)::int as ${sql.ref(`c${k}`)}`),
  )}`.execute(db);
  const counts = words.map((_, k) => Number(rows[0]![`c${k}`]));
  const rarest = counts.indexOf(Math.min(...counts));
  return counts[rarest]! < cap ? words[rarest] : undefined;
}

/**
 * The documents of the organisation that pass the filters (alias `d`). With `rareWord` (one of the
 * search's words, held by few documents), the documents come from the word index in the history's
 * order, `sort_at` read from the index: the joined documents are visited only until the page is full.
 */
export function filteredDocuments(db: Executor, organizationId: string, filters: DocumentFilters, rareWord?: string) {
  let query = (rareWord === undefined
    ? db.selectFrom('billing_documents as d')
    : db
      .selectFrom((sub) =>
        sub
          .selectFrom('billing_document_words as r')
          .select(['r.document_id', 'r.sort_at'])
          .where('r.organization_id', '=', organizationId)
          .where(sql<boolean>`r.word ~>=~ ${rareWord} and r.word ~<~ ${afterWordsBeginning(rareWord)}`)
          .groupBy(['r.document_id', 'r.sort_at'])
          .orderBy('r.sort_at', 'desc')
          .orderBy('r.document_id', 'desc')
          // Keeps the subquery whole: its rows come out sorted, and the equality on `sort_at` below tells
          // the planner that this is the page's order (no sort of the joined documents).
          .offset(0)
          .as('r'),
      )
      .innerJoin('billing_documents as d', (join) => join.onRef('d.id', '=', 'r.document_id').onRef('d.sort_at', '=', 'r.sort_at'))
  ).where('d.organization_id', '=', organizationId);
  if (!filters.includeDrafts) query = query.where('d.state', '<>', 'draft');
  if (filters.kind) query = query.where('d.kind', '=', filters.kind);
  // The issue date is the Paris date of the finalisation: the same bounds on `sort_at` let the history's
  // index start at the period instead of walking down to it (the planner cannot know they agree).
  if (filters.from) query = query.where('d.issue_date', '>=', filters.from).where('d.sort_at', '>=', sql<Date>`(${filters.from}::date::timestamp at time zone 'Europe/Paris')`);
  if (filters.to) query = query.where('d.issue_date', '<=', filters.to).where('d.sort_at', '<', sql<Date>`((${filters.to}::date + 1)::timestamp at time zone 'Europe/Paris')`);
  if (filters.q) {
    // A number, whole or its digits, is found through an index by equality; any other text word by
    // word in `billing_document_words`. Row-level security lets only leak-proof operators reach an
    // index (decision 0010): LIKE never does, the pattern operators' range (`~>=~`, `~<~`) does.
    // Each word is an `exists` probe of the words' primary key for the document at hand (the history
    // index walked: a common word's matches come early), except the rare word the documents come from.
    const q = filters.q.trim();
    const digits = /^0*(\d{1,9})$/.exec(q);
    const yearAndDigits = /^(\d{4})-0*(\d{1,9})$/.exec(q);
    if (digits) query = query.where('d.number_seq', '=', Number(digits[1]));
    else if (yearAndDigits) query = query.where('d.number_year', '=', Number(yearAndDigits[1])).where('d.number_seq', '=', Number(yearAndDigits[2]));
    else {
      const words = textSearchWords(q) ?? [];
      if (words.length === 0) query = query.where(sql<boolean>`false`);
      for (const word of words.filter((w) => w !== rareWord)) {
        query = query.where(({ exists, selectFrom }) =>
          exists(
            selectFrom('billing_document_words as w')
              .select(sql.lit(1).as('one'))
              .where('w.organization_id', '=', organizationId)
              .whereRef('w.document_id', '=', 'd.id')
              .where(sql<boolean>`w.word ~>=~ ${word} and w.word ~<~ ${afterWordsBeginning(word)}`),
          ),
        );
      }
    }
  }
  switch (filters.status) {
    case 'paid':
      query = query.where('d.payment_status', '=', 'paid').where('d.state', '=', 'finalized');
      break;
    case 'unpaid':
    case 'overdue':
      query = query.where('d.kind', '=', 'invoice').where('d.state', '=', 'finalized').where('d.payment_status', 'in', ['unpaid', 'partially_paid']);
      if (filters.status === 'overdue') query = query.where('d.due_date', '<', filters.today);
      break;
    case 'refunded':
      query = query.where('d.payment_status', '=', 'refunded');
      break;
    case 'cancelled':
      query = query.where('d.state', '=', 'void');
      break;
    case undefined:
      break;
  }
  return query;
}
