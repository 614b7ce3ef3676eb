// camt.053 statements written for tests: the provider's account, one entry per transfer.

export const PROVIDER_IBAN = 'FR7630006000011234567890189';
export const CAMT053 = 'urn:iso:std:iso:20022:tech:xsd:camt.053.001.08';

export interface Transfer {
  amount: string;
  currency?: string;
  direction?: 'CRDT' | 'DBIT';
  date?: string;
  servicerRef?: string;
  /** Structured creditor reference. */
  reference?: string;
  /** Free remittance text. */
  text?: string;
  payerName?: string;
  payerIban?: string;
  status?: string;
}

let counter = 0;

/** A unique bank reference for an entry. */
export function bankRef(): string {
  counter += 1;
  return `ASR-${Date.now().toString(36)}-${counter}`;
}

export function entryXml(t: Transfer): string {
  const ref = t.servicerRef ?? bankRef();
  return `<Ntry>
      <Amt Ccy="${t.currency ?? 'EUR'}">${t.amount}</Amt>
      <CdtDbtInd>${t.direction ?? 'CRDT'}</CdtDbtInd>
      <Sts><Cd>${t.status ?? 'BOOK'}</Cd></Sts>
      <BookgDt><Dt>${t.date ?? '2026-12-03'}</Dt></BookgDt>
      <ValDt><Dt>${t.date ?? '2026-12-03'}</Dt></ValDt>
      <AcctSvcrRef>${ref}</AcctSvcrRef>
      <BkTxCd><Domn><Cd>PMNT</Cd></Domn></BkTxCd>
      <NtryDtls><TxDtls>
        <Refs><EndToEndId>NOTPROVIDED</EndToEndId></Refs>
        <RltdPties>${t.payerName ? `<Dbtr><Pty><Nm>${t.payerName}</Nm></Pty></Dbtr>` : ''}${t.payerIban ? `<DbtrAcct><Id><IBAN>${t.payerIban}</IBAN></Id></DbtrAcct>` : ''}</RltdPties>
        <RmtInf>${t.text ? `<Ustrd>${t.text}</Ustrd>` : ''}${t.reference ? `<Strd><CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry></Tp><Ref>${t.reference}</Ref></CdtrRefInf></Strd>` : ''}</RmtInf>
      </TxDtls></NtryDtls>
    </Ntry>`;
}

/** A camt.053 statement of `transfers` on `iban`. */
export function camt053(transfers: readonly Transfer[], options: { iban?: string; namespace?: string; messageId?: string } = {}): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="${options.namespace ?? CAMT053}">
  <BkToCstmrStmt>
    <GrpHdr><MsgId>${options.messageId ?? bankRef()}</MsgId><CreDtTm>2026-12-03T18:00:00</CreDtTm></GrpHdr>
    <Stmt>
      <Id>STMT-${bankRef()}</Id>
      <Acct><Id><IBAN>${options.iban ?? PROVIDER_IBAN}</IBAN></Id><Ccy>EUR</Ccy></Acct>
      ${transfers.map(entryXml).join('\n      ')}
    </Stmt>
  </BkToCstmrStmt>
</Document>
`;
}
