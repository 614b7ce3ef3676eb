/**
 * ISO 20022 bank-to-customer statements (camt.053) and notifications (camt.054), read streaming with
 * the project's byte tokenizer (`@preau/lsu/xml`: DOCTYPE refused, entities never resolved). Only
 * what matching needs is kept; the first problem stops the reading with its line, and the caller
 * stores nothing.
 */
import { createHash } from 'node:crypto';
import { renderMessage as renderXmlMessage } from '@preau/lsu/messages';
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

export interface ParsedStatement {
  kind: StatementKind;
  messageId: string;
  statementRef: string | null;
  accountIban: string;
  entries: StatementEntry[];
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
  textNeed = TextNeed.String;
  kind: StatementKind | undefined;
  messageId: string | undefined;
  statementRef: string | undefined;
  readonly accounts: { iban: string | undefined; line: number }[] = [];
  readonly entries: StatementEntry[] = [];
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
    if (this.problem) return;
    const depth = this.path.length;
    const name = this.path[depth - 1]!;
    const value = this.chars.trim();
    this.chars = '';
    const inside = (...names: string[]) => names.every((n, i) => this.path[depth - names.length + i] === n);
    if (depth === 4 && inside('GrpHdr', 'MsgId')) this.messageId = value;
    else if (depth === 4 && name === 'Id' && this.path[2] === REPORT_OF[this.kind!]) this.statementRef ??= value;
    else if (depth === 6 && inside('Acct', 'Id', 'IBAN') && this.path[2] === REPORT_OF[this.kind!]) this.accounts[this.accounts.length - 1]!.iban = value;
    else if (this.tx) this.txField(this.tx, name, value, inside);
    else if (this.entry) this.entryField(this.entry, depth, name, value, inside);
    if (name === 'TxDtls') this.tx = undefined;
    if (name === 'Ntry' && depth === 4 && this.entry) {
      this.finishEntry(this.entry);
      this.entry = undefined;
    }
    this.path.pop();
  }

  private txField(tx: TxFields, name: string, value: string, inside: (...names: string[]) => boolean): void {
    if (name === 'Amt' && (inside('TxDtls', 'Amt') || inside('TxAmt', 'Amt'))) tx.amount ??= value;
    else if (inside('TxDtls', 'CdtDbtInd')) tx.indicator = value;
    else if (inside('Refs', 'EndToEndId')) tx.endToEndId = value;
    else if (inside('Refs', 'AcctSvcrRef')) tx.servicerRef = value;
    else if (inside('Dbtr', 'Nm') || inside('Dbtr', 'Pty', 'Nm')) tx.payerName = value;
    else if (inside('DbtrAcct', 'Id', 'IBAN')) tx.payerIban = value;
    else if (inside('CdtrRefInf', 'Ref')) tx.structuredRef = value;
    else if (inside('RmtInf', 'Ustrd')) tx.remittance.push(value);
  }

  private entryField(entry: EntryFields, depth: number, name: string, value: string, inside: (...names: string[]) => boolean): void {
    if (depth === 5) {
      if (name === 'Amt') entry.amount = value;
      else if (name === 'CdtDbtInd') entry.indicator = value;
      else if (name === 'RvslInd') entry.reversal = value;
      else if (name === 'Sts') entry.status ??= value;
      else if (name === 'AcctSvcrRef') entry.servicerRef = value;
      else if (name === 'NtryRef') entry.entryRef = value;
    } else if (inside('Sts', 'Cd') && depth === 6) entry.status = value;
    else if (depth === 6 && (inside('BookgDt', 'Dt') || inside('BookgDt', 'DtTm'))) entry.bookingDate = value.slice(0, 10);
  }

  private finishEntry(entry: EntryFields): void {
    const line = entry.line;
    const amountCents = this.amount(entry.amount, line);
    if (amountCents === undefined) return;
    if (!entry.currency || !/^[A-Z]{3}$/.test(entry.currency)) return this.refuse(new AppError('unprocessable', 'statement.bad_entry', { line, field: 'Amt/@Ccy' }));
    if (entry.indicator !== 'CRDT' && entry.indicator !== 'DBIT') return this.refuse(new AppError('unprocessable', 'statement.bad_entry', { line, field: 'CdtDbtInd' }));
    if (!entry.bookingDate || !isCalendarDate(entry.bookingDate)) return this.refuse(new AppError('unprocessable', 'statement.bad_entry', { line, field: 'BookgDt' }));
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
    this.refuse(new AppError('unprocessable', 'statement.malformed', { line, column, detail: renderXmlMessage(code, params, 'fr') }));
  }

  /** The statement once the file has ended, or its first problem. */
  result(): Omit<ParsedStatement, 'sha256'> {
    if (this.problem) throw this.problem;
    if (!this.kind) throw new AppError('unprocessable', 'statement.foreign', { namespace: '' });
    for (const account of this.accounts) {
      const iban = account.iban ? normalizedIban(account.iban) : undefined;
      if (iban !== this.accountIban) throw new AppError('unprocessable', 'statement.unknown_account', { iban: account.iban ?? '?', line: account.line });
    }
    if (!this.messageId) throw new AppError('unprocessable', 'statement.bad_entry', { line: 1, field: 'GrpHdr/MsgId' });
    return { kind: this.kind, messageId: this.messageId, statementRef: this.statementRef ?? null, accountIban: this.accountIban, entries: this.entries };
  }
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
 * (electronic form). Throws an AppError locating the first problem: malformed XML, another kind of
 * file, another account, a negative or malformed amount, an entry without bank references or twice
 * in the file, a file over `maxBytes`.
 */
export async function readStatement(chunks: AsyncIterable<Uint8Array>, options: { accountIban: string; maxBytes: number }): Promise<ParsedStatement> {
  const sink = new StatementSink(options.accountIban);
  const tokenizer = new XmlTokenizer(sink);
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of chunks) {
    size += chunk.byteLength;
    if (size > options.maxBytes) throw new AppError('payload_too_large', 'statement.too_large', { max: options.maxBytes });
    hash.update(chunk);
    tokenizer.feed(chunk);
    if (sink.problem) break;
  }
  if (!sink.problem) tokenizer.end();
  return { ...sink.result(), sha256: hash.digest('hex') };
}
