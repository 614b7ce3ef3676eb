/**
 * ISO 20022 bank-to-customer statements (camt.053) and notifications (camt.054), read streaming with
 * the project's byte tokenizer (`@preau/lsu/xml`: DOCTYPE refused, entities never resolved). Only
 * what matching needs is kept, and handed over in batches as the file is read; the first problem
 * stops the reading with its line (the caller, one transaction, keeps nothing).
 */
import { createHash } from 'node:crypto';
import { isMessageCode, type MessageParams } from '@preau/contracts';
import { TextNeed, XmlTokenizer, type TagToken, type TextToken, type XmlSink } from '@preau/lsu/xml';
import { AppError } from '../../shared/app-error.ts';
import { isCalendarDate } from '../billing/billing-calendar.ts';
import { normalizedIban } from '../billing/identifiers.ts';
import { parseCreditorReference } from './creditor-reference.ts';
import type { StatementKind } from './payments.tables.ts';

const NAMESPACE = /^urn:iso:std:iso:20022:tech:xsd:(camt\.05[34])\.001\.[0-9]{2}$/;
const BODY_OF: Record<StatementKind, string> = { 'camt.053': 'BkToCstmrStmt', 'camt.054': 'BkToCstmrDbtCdtNtfctn' };
const REPORT_OF: Record<StatementKind, string> = { 'camt.053': 'Stmt', 'camt.054': 'Ntfctn' };
const AMOUNT = /^([0-9]{1,13})(?:\.([0-9]{1,5}))?$/;
/** The elements whose text is read; the others' (containers, whitespace) is never decoded. */
const TEXT_OF = new Set(['MsgId', 'Id', 'IBAN', 'Amt', 'CdtDbtInd', 'RvslInd', 'Sts', 'Cd', 'Dt', 'DtTm', 'AcctSvcrRef', 'NtryRef', 'EndToEndId', 'Nm', 'Ref', 'Ustrd']);

/** One movement of the account as matching sees it: a transaction of a batch booking is one of its own. */
export interface StatementEntry {
  /** Line of the entry (`<Ntry>`) in the file. */
  line: number;
  /** The bank's references that make it unique: a second import finds it again. */
  key: string;
  direction: 'credit' | 'debit';
  amountCents: number;
  currency: string;
  bookingDate: string;
  /** False for a pending or reversed entry: recorded, never matched. */
  booked: boolean;
  payerName: string | null;
  payerIban: string | null;
  /** A valid ISO 11649 reference found in the structured or free remittance information. */
  reference: string | null;
  remittance: string | null;
}

/** What the file says of itself; the entries go to the caller as they are read. */
export interface StatementHeader {
  kind: StatementKind;
  messageId: string;
  statementRef: string | null;
  accountIban: string;
}

export interface ParsedStatement extends StatementHeader {
  /** How many entries the file holds (a split batch booking counts each of its transactions). */
  entryCount: number;
  sha256: string;
}

interface TxFields {
  amount?: string;
  currency?: string;
  indicator?: string;
  endToEndId?: string;
  servicerRef?: string;
  payerName?: string;
  payerIban?: string;
  structuredRef?: string;
  remittance: string[];
}

interface EntryFields extends TxFields {
  line: number;
  entryRef?: string;
  status?: string;
  reversal?: string;
  bookingDate?: string;
  txs: TxFields[];
}

class StatementSink implements XmlSink {
  textNeed = TextNeed.None;
  kind: StatementKind | undefined;
  messageId: string | undefined;
  statementRef: string | undefined;
  readonly accounts: { iban: string | undefined; line: number }[] = [];
  /** Entries read and not yet handed over. */
  readonly entries: StatementEntry[] = [];
  entryCount = 0;
  problem: AppError | undefined;
  private readonly path: string[] = [];
  private chars = '';
  private entry: EntryFields | undefined;
  private tx: TxFields | undefined;
  private readonly seen = new Map<string, number>();

  constructor(private readonly accountIban: string) {}

  startElement(tok: TagToken): void {
    if (this.problem) return;
    const colon = tok.name.indexOf(':');
    const name = colon < 0 ? tok.name : tok.name.slice(colon + 1);
    if (this.path.length === 0) {
      const declaration = colon < 0 ? 'xmlns' : `xmlns:${tok.name.slice(0, colon)}`;
      let namespace = '';
      for (let k = 0; k < tok.attrCount; k++) if (tok.attrNames[k] === declaration) namespace = tok.attrValues[k]!;
      const kind = NAMESPACE.exec(namespace)?.[1] as StatementKind | undefined;
      if (name !== 'Document' || !kind) return this.refuse(new AppError('unprocessable', 'statement.foreign', { namespace: namespace || name }));
      this.kind = kind;
    } else if (this.path.length === 1 && name !== BODY_OF[this.kind!]) {
      return this.refuse(new AppError('unprocessable', 'statement.foreign', { namespace: name }));
    }
    this.path.push(name);
    this.chars = '';
    this.textNeed = TEXT_OF.has(name) ? TextNeed.String : TextNeed.None;
    const depth = this.path.length;
    if (depth === 3 && name === REPORT_OF[this.kind!]) this.accounts.push({ iban: undefined, line: tok.line });
    else if (depth === 4 && name === 'Ntry' && this.path[2] === REPORT_OF[this.kind!]) this.entry = { line: tok.line, remittance: [], txs: [] };
    else if (this.entry && name === 'TxDtls' && this.path[depth - 2] === 'NtryDtls') {
      this.tx = { remittance: [] };
      this.entry.txs.push(this.tx);
    } else if (name === 'Amt' && this.entry) {
      const target = this.tx ?? this.entry;
      // A transaction's amount: its own `Amt`, else the one in `AmtDtls/TxAmt`.
      if (this.tx && this.path[depth - 2] !== 'TxDtls' && this.path[depth - 2] !== 'TxAmt') return;
      if (!this.tx && depth !== 5) return;
      for (let k = 0; k < tok.attrCount; k++) if (tok.attrNames[k] === 'Ccy') target.currency = tok.attrValues[k];
    }
  }

  text(_tok: TextToken, value: string | null): void {
    if (value !== null) this.chars += value;
  }

  endElement(): void {
    this.textNeed = TextNeed.None;
    if (this.problem) return;
    const path = this.path;
    const depth = path.length;
    const name = path[depth - 1]!;
    const parent = path[depth - 2];
    const value = this.chars === '' ? '' : this.chars.trim();
    this.chars = '';
    if (this.tx) this.txField(this.tx, name, parent, value);
    else if (this.entry) this.entryField(this.entry, depth, name, parent, value);
    else if (depth === 4 && name === 'MsgId' && parent === 'GrpHdr') this.messageId = value;
    else if (depth === 4 && name === 'Id' && path[2] === REPORT_OF[this.kind!]) this.statementRef ??= value;
    else if (depth === 6 && name === 'IBAN' && parent === 'Id' && path[3] === 'Acct' && path[2] === REPORT_OF[this.kind!]) this.account(value);
    if (name === 'TxDtls') this.tx = undefined;
    if (name === 'Ntry' && depth === 4 && this.entry) {
      this.finishEntry(this.entry);
      this.entry = undefined;
    }
    path.pop();
  }

  /** The statement's account, refused at once when it is not the provider's. */
  private account(value: string): void {
    const account = this.accounts[this.accounts.length - 1]!;
    account.iban = value;
    if (normalizedIban(value) !== this.accountIban) this.refuse(new AppError('unprocessable', 'statement.unknown_account', { iban: value, line: account.line }));
  }

  private txField(tx: TxFields, name: string, parent: string | undefined, value: string): void {
    switch (name) {
      case 'Amt':
        if (parent === 'TxDtls' || parent === 'TxAmt') tx.amount ??= value;
        break;
      case 'CdtDbtInd':
        if (parent === 'TxDtls') tx.indicator = value;
        break;
      case 'EndToEndId':
        if (parent === 'Refs') tx.endToEndId = value;
        break;
      case 'AcctSvcrRef':
        if (parent === 'Refs') tx.servicerRef = value;
        break;
      case 'Nm':
        if (parent === 'Dbtr' || (parent === 'Pty' && this.path[this.path.length - 3] === 'Dbtr')) tx.payerName = value;
        break;
      case 'IBAN':
        if (parent === 'Id' && this.path[this.path.length - 3] === 'DbtrAcct') tx.payerIban = value;
        break;
      case 'Ref':
        if (parent === 'CdtrRefInf') tx.structuredRef = value;
        break;
      case 'Ustrd':
        if (parent === 'RmtInf') tx.remittance.push(value);
        break;
    }
  }

  private entryField(entry: EntryFields, depth: number, name: string, parent: string | undefined, value: string): void {
    if (depth === 5) {
      if (name === 'Amt') entry.amount = value;
      else if (name === 'CdtDbtInd') entry.indicator = value;
      else if (name === 'RvslInd') entry.reversal = value;
      else if (name === 'Sts') entry.status ??= value;
      else if (name === 'AcctSvcrRef') entry.servicerRef = value;
      else if (name === 'NtryRef') entry.entryRef = value;
    } else if (depth === 6 && name === 'Cd' && parent === 'Sts') entry.status = value;
    else if (depth === 6 && parent === 'BookgDt' && (name === 'Dt' || name === 'DtTm')) entry.bookingDate = value.slice(0, 10);
  }

  /** Booking dates already found real: a statement's entries share a few (the check builds two Date objects). */
  private readonly bookingDates = new Set<string>();

  private isBookingDate(date: string): boolean {
    if (this.bookingDates.has(date)) return true;
    if (!isCalendarDate(date)) return false;
    if (this.bookingDates.size >= 1000) this.bookingDates.clear();
    this.bookingDates.add(date);
    return true;
  }

  private finishEntry(entry: EntryFields): void {
    const line = entry.line;
    const amountCents = this.amount(entry.amount, line);
    if (amountCents === undefined) return;
    if (!entry.currency || !/^[A-Z]{3}$/.test(entry.currency)) return this.refuse(new AppError('unprocessable', 'statement.bad_entry', { line, field: 'Amt/@Ccy' }));
    if (entry.indicator !== 'CRDT' && entry.indicator !== 'DBIT') return this.refuse(new AppError('unprocessable', 'statement.bad_entry', { line, field: 'CdtDbtInd' }));
    if (!entry.bookingDate || !this.isBookingDate(entry.bookingDate)) return this.refuse(new AppError('unprocessable', 'statement.bad_entry', { line, field: 'BookgDt' }));
    const booked = (entry.status ?? 'BOOK') === 'BOOK' && entry.reversal !== 'true';
    // A batch booking of several transactions, each with its amount: each is a payment of its own.
    const split = entry.txs.length > 1 && entry.txs.every((tx) => tx.amount !== undefined);
    const parts = split ? entry.txs : [entry.txs[0] ?? { remittance: [] }];
    let splitTotal = 0;
    parts.forEach((tx, index) => {
      if (this.problem) return;
      const cents = split ? this.amount(tx.amount, line) : amountCents;
      if (cents === undefined) return;
      splitTotal += cents;
      const direction = (split && tx.indicator ? tx.indicator : entry.indicator) === 'DBIT' ? 'debit' : 'credit';
      const key = split
        ? tx.servicerRef ? `A:${tx.servicerRef}` : `${this.entryKey(entry, amountCents)}#${index + 1}`
        : this.entryKey(entry, amountCents, tx.endToEndId);
      if (!key) return this.refuse(new AppError('unprocessable', 'statement.unkeyed_entry', { line }));
      const first = this.seen.get(key);
      if (first !== undefined) return this.refuse(new AppError('unprocessable', 'statement.duplicate_entry', { line, first }));
      this.seen.set(key, line);
      this.entryCount += 1;
      const remittance = [...tx.remittance, ...(split ? [] : entry.remittance)].join(' ').trim();
      const iban = tx.payerIban ? (normalizedIban(tx.payerIban) ?? tx.payerIban.replace(/\s+/g, '').toUpperCase()) : null;
      this.entries.push({
        line,
        key,
        direction,
        amountCents: cents,
        currency: entry.currency!,
        bookingDate: entry.bookingDate!,
        booked,
        payerName: tx.payerName ?? null,
        payerIban: iban,
        reference: referenceIn(tx.structuredRef, remittance),
        remittance: remittance || null,
      });
    });
    if (split && !this.problem && splitTotal !== amountCents) this.refuse(new AppError('unprocessable', 'statement.bad_entry', { line, field: 'TxDtls/Amt' }));
  }

  private entryKey(entry: EntryFields, amountCents: number, endToEndId?: string): string | undefined {
    if (entry.servicerRef) return `A:${entry.servicerRef}`;
    const other = entry.entryRef ?? (endToEndId && endToEndId !== 'NOTPROVIDED' ? endToEndId : undefined);
    return other ? `R:${other}:${entry.bookingDate}:${amountCents}` : undefined;
  }

  private amount(text: string | undefined, line: number): number | undefined {
    if (text === undefined) return void this.refuse(new AppError('unprocessable', 'statement.bad_entry', { line, field: 'Amt' }));
    if (text.startsWith('-')) return void this.refuse(new AppError('unprocessable', 'statement.negative_amount', { line }));
    const match = AMOUNT.exec(text);
    const decimals = (match?.[2] ?? '').padEnd(2, '0');
    if (!match || /[^0]/.test(decimals.slice(2)) || Number(match[1]) * 100 + Number(decimals.slice(0, 2)) === 0) {
      return void this.refuse(new AppError('unprocessable', 'statement.bad_amount', { line, amount: text }));
    }
    return Number(match[1]) * 100 + Number(decimals.slice(0, 2));
  }

  private refuse(problem: AppError): void {
    this.problem ??= problem;
  }

  fatal(code: string, line: number, column: number, params: Record<string, string | number>): void {
    // The detail is a message of the catalogue: each reader sees it in their language.
    this.refuse(new AppError('unprocessable', 'statement.malformed', { ...xmlProblem(code, params), line, column }));
  }

  /** The header as read so far (a valid file gives it before its first entry). */
  header(): StatementHeader {
    return { kind: this.kind!, messageId: this.messageId ?? '', statementRef: this.statementRef ?? null, accountIban: this.accountIban };
  }

  /** The statement once the file has ended, or its first problem. */
  result(): StatementHeader & { entryCount: number } {
    if (this.problem) throw this.problem;
    if (!this.kind) throw new AppError('unprocessable', 'statement.foreign', { namespace: '' });
    const unnamed = this.accounts.find((account) => account.iban === undefined);
    if (unnamed) throw new AppError('unprocessable', 'statement.unknown_account', { iban: '?', line: unnamed.line });
    if (!this.messageId) throw new AppError('unprocessable', 'statement.bad_entry', { line: 1, field: 'GrpHdr/MsgId' });
    return { ...this.header(), entryCount: this.entryCount };
  }
}

/** The catalogue message (`statement_xml.*`) of the tokenizer's problem `code`, with its parameters. */
function xmlProblem(code: string, params: Record<string, string | number>): MessageParams & { detailMessage: string } {
  const name = code.replace(/^xml\./, '');
  // Two problems name a part only when there is one: a text of its own each way.
  if (name === 'truncated') return params.open ? { detailMessage: 'statement_xml.truncated_in', open: params.open } : { detailMessage: 'statement_xml.truncated' };
  if (name === 'name_invalid') return params.found ? { detailMessage: 'statement_xml.name_invalid_found', found: params.found } : { detailMessage: 'statement_xml.name_invalid' };
  const detail = `statement_xml.${name}`;
  return isMessageCode(detail) ? { ...params, detailMessage: detail } : { detailMessage: 'statement_xml.other', problem: code };
}

/** The ISO 11649 reference a payer gave: the structured one, else one written in the free text. */
function referenceIn(structured: string | undefined, remittance: string): string | null {
  if (structured) {
    const parsed = parseCreditorReference(structured);
    if (parsed) return parsed;
  }
  // Written by hand among other words: the longest piece that checks is the reference.
  for (const match of remittance.matchAll(/RF\s?[0-9]{2}(?:\s?[A-Z0-9]){1,21}/gi)) {
    const compact = match[0].replace(/\s+/g, '');
    for (let length = compact.length; length >= 5; length--) {
      const parsed = parseCreditorReference(compact.slice(0, length));
      if (parsed) return parsed;
    }
  }
  return null;
}

/**
 * Reads a camt.053 or camt.054 file as it arrives, for the provider's account `accountIban`
 * (electronic form), handing its entries to `onEntries` in file order, in batches of about
 * `batchSize`: one call at a time, the next batch being read while a call runs. Throws an AppError
 * locating the first problem, once no call runs any more: malformed XML, another kind of file,
 * another account, a negative or malformed amount, an entry without bank references or twice in the
 * file, a file over `maxBytes`. Entries before the problem may have been handed over.
 */
export async function readStatement(
  chunks: AsyncIterable<Uint8Array>,
  options: { accountIban: string; maxBytes: number; batchSize: number },
  onEntries: (entries: StatementEntry[], header: StatementHeader) => Promise<void>,
): Promise<ParsedStatement> {
  const sink = new StatementSink(options.accountIban);
  const tokenizer = new XmlTokenizer(sink);
  const hash = createHash('sha256');
  let running: Promise<void> = Promise.resolve();
  /** Starts the next call once the running one has ended, for each full batch (`rest`: and what is left). */
  const handOver = async (rest: boolean) => {
    while (sink.entries.length >= options.batchSize || (rest && sink.entries.length > 0)) {
      await running;
      running = onEntries(sink.entries.splice(0, options.batchSize), sink.header());
      // Awaited before the next call or at the end; a failure meanwhile is not an unhandled rejection.
      running.catch(() => undefined);
    }
  };
  let size = 0;
  try {
    for await (const chunk of chunks) {
      size += chunk.byteLength;
      if (size > options.maxBytes) throw new AppError('payload_too_large', 'statement.too_large', { max: options.maxBytes });
      hash.update(chunk);
      tokenizer.feed(chunk);
      if (sink.problem) break;
      await handOver(false);
    }
    if (!sink.problem) tokenizer.end();
    const header = sink.result();
    await handOver(true);
    await running;
    return { ...header, sha256: hash.digest('hex') };
  } catch (error) {
    await running.catch(() => undefined);
    throw error;
  }
}
