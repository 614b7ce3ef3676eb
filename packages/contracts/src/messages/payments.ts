/**
 * Payments: bank statements, matching, the prepaid balance. Errors of the API, and the plain words a
 * customer and an operator read about each transfer (`payment_decision.*`, with the transfer's amount
 * and date, the invoice's number and what went to the invoice and to the balance, all formatted) and
 * each movement of the balance (`balance_ledger.*`).
 */
import type { LocalizedMessage } from './format.ts';

export const PAYMENT_ERROR_MESSAGES = {
  'statement.malformed': {
    fr: 'Relevé refusé, ligne {{line}}, colonne {{column}} : le fichier XML est mal formé ({{detailMessage}}). Rien n’a été enregistré.',
    en: 'Statement refused, line {{line}}, column {{column}}: the XML file is malformed ({{detailMessage}}). Nothing was stored.',
  },
  'statement.foreign': {
    fr: 'Relevé refusé : ce fichier n’est pas un relevé ISO 20022 camt.053 ni camt.054 (trouvé : « {{namespace}} »). Rien n’a été enregistré.',
    en: 'Statement refused: this file is neither an ISO 20022 camt.053 nor a camt.054 statement (found: “{{namespace}}”). Nothing was stored.',
  },
  'statement.unknown_account': {
    fr: 'Relevé refusé, ligne {{line}} : le compte {{iban}} n’est pas celui du prestataire (IBAN des réglages de facturation). Rien n’a été enregistré.',
    en: 'Statement refused, line {{line}}: account {{iban}} is not the provider’s (the IBAN of the billing settings). Nothing was stored.',
  },
  'statement.negative_amount': {
    fr: 'Relevé refusé, ligne {{line}} : montant négatif (le sens d’une écriture se lit dans CdtDbtInd). Rien n’a été enregistré.',
    en: 'Statement refused, line {{line}}: negative amount (an entry’s direction is given by CdtDbtInd). Nothing was stored.',
  },
  'statement.bad_amount': {
    fr: 'Relevé refusé, ligne {{line}} : montant « {{amount}} » illisible ou nul. Rien n’a été enregistré.',
    en: 'Statement refused, line {{line}}: amount “{{amount}}” is unreadable or zero. Nothing was stored.',
  },
  'statement.bad_entry': {
    fr: 'Relevé refusé, ligne {{line}} : {{field}} manque ou n’est pas valable. Rien n’a été enregistré.',
    en: 'Statement refused, line {{line}}: {{field}} is missing or invalid. Nothing was stored.',
  },
  'statement.duplicate_entry': {
    fr: 'Relevé refusé, ligne {{line}} : cette écriture répète celle de la ligne {{first}} (mêmes références bancaires). Rien n’a été enregistré.',
    en: 'Statement refused, line {{line}}: this entry repeats the one on line {{first}} (same bank references). Nothing was stored.',
  },
  'statement.unkeyed_entry': {
    fr: 'Relevé refusé, ligne {{line}} : l’écriture n’a ni AcctSvcrRef, ni NtryRef, ni EndToEndId ; elle ne pourrait pas être reconnue à un second import. Rien n’a été enregistré.',
    en: 'Statement refused, line {{line}}: the entry has no AcctSvcrRef, NtryRef or EndToEndId; a second import could not recognise it. Nothing was stored.',
  },
  'statement.too_large': { fr: 'Relevé refusé : le fichier dépasse {{max}} octets.', en: 'Statement refused: the file is over {{max}} bytes.' },
  'bank_entry.not_found': { fr: 'Écriture bancaire introuvable.', en: 'Bank entry not found.' },
  'bank_entry.target': { fr: 'Choisissez une facture ou le solde d’une organisation, pas les deux.', en: 'Choose an invoice or an organisation’s balance, not both.' },
  'bank_entry.not_unmatched': { fr: 'Cette écriture est déjà affectée.', en: 'This entry is already assigned.' },
  'bank_entry.currency': {
    fr: 'Cette écriture est en {{currency}} : elle ne peut aller ni sur une facture d’une autre devise, ni sur un solde prépayé en euros.',
    en: 'This entry is in {{currency}}: it can go neither on an invoice in another currency nor on a prepaid balance in euros.',
  },
  'balance.insufficient': {
    fr: 'Le solde prépayé ({{balanceCents}}) ne couvre pas {{amountCents}} : rien n’a été payé.',
    en: 'The prepaid balance ({{balanceCents}}) does not cover {{amountCents}}: nothing was paid.',
  },
  'credit_refund.not_credit_note': {
    fr: 'Seul un avoir émis peut être remboursé sur le solde prépayé.',
    en: 'Only an issued credit note can be refunded to the prepaid balance.',
  },
  'credit_refund.already_refunded': {
    fr: 'L’avoir {{number}} a déjà été remboursé sur le solde prépayé.',
    en: 'Credit note {{number}} has already been refunded to the prepaid balance.',
  },
  'credit_refund.currency': {
    fr: 'L’avoir {{number}} est en {{currency}} : le solde prépayé est en euros.',
    en: 'Credit note {{number}} is in {{currency}}: the prepaid balance is in euros.',
  },
  'credit_refund.nothing_paid': {
    fr: 'L’avoir {{number}} n’a rien à rembourser : la facture {{invoice}} n’a pas été payée au-delà de ce qu’elle demande encore.',
    en: 'Credit note {{number}} has nothing to refund: invoice {{invoice}} was not paid beyond what it still asks.',
  },
  'balance.currency': {
    fr: 'La facture {{number}} est en {{currency}} : le solde prépayé, en euros, ne peut pas la payer.',
    en: 'Invoice {{number}} is in {{currency}}: the prepaid balance, in euros, cannot pay it.',
  },
} as const satisfies Record<string, LocalizedMessage>;

export const PAYMENT_TEXT_MESSAGES = {
  // What is wrong with a statement's XML (the detail of `statement.malformed`), by the tokenizer's code.
  'statement_xml.encoding_unsupported': {
    fr: 'encodage « {{found}} » non pris en charge ; attendu : UTF-8, UTF-16, ISO-8859-1, ISO-8859-15 ou windows-1252',
    en: 'unsupported encoding “{{found}}”; expected UTF-8, UTF-16, ISO-8859-1, ISO-8859-15 or windows-1252',
  },
  'statement_xml.encoding_mismatch': {
    fr: 'l’encodage déclaré (« {{found}} ») n’est pas celui du fichier',
    en: 'the declared encoding (“{{found}}”) is not the file’s',
  },
  'statement_xml.encoding_invalid': {
    fr: 'octet 0x{{byte}} invalide en {{encoding}} : le fichier n’est pas encodé comme il le déclare',
    en: 'byte 0x{{byte}} is invalid in {{encoding}}: the file is not encoded as it says',
  },
  'statement_xml.no_root': { fr: 'fichier vide ou sans élément racine', en: 'empty file or no root element' },
  'statement_xml.truncated': { fr: 'fin de fichier inattendue : le fichier est tronqué', en: 'unexpected end of file: the file is truncated' },
  'statement_xml.truncated_in': {
    fr: 'fin de fichier inattendue, élément <{{open}}> non fermé : le fichier est tronqué',
    en: 'unexpected end of file, <{{open}}> not closed: the file is truncated',
  },
  'statement_xml.token_too_long': { fr: 'jeton XML de plus de {{max}} octets', en: 'XML token longer than {{max}} bytes' },
  'statement_xml.reference_invalid': {
    fr: 'référence « {{found}} » invalide ; seules &lt; &gt; &amp; &quot; &apos; et les références de caractère sont admises',
    en: 'invalid reference “{{found}}”; only &lt; &gt; &amp; &quot; &apos; and character references are allowed',
  },
  'statement_xml.cdata_end_in_text': { fr: 'la suite « ]]> » est interdite dans le texte', en: 'the sequence “]]>” is not allowed in text' },
  'statement_xml.char_invalid': { fr: 'caractère interdit en XML (U+{{code}})', en: 'character not allowed in XML (U+{{code}})' },
  'statement_xml.text_after_root': { fr: 'texte après la fin de l’élément racine', en: 'text after the end of the root element' },
  'statement_xml.text_before_root': { fr: 'texte avant l’élément racine', en: 'text before the root element' },
  'statement_xml.second_root': { fr: 'second élément racine', en: 'a second root element' },
  'statement_xml.name_invalid': { fr: 'nom d’élément invalide', en: 'invalid element name' },
  'statement_xml.name_invalid_found': { fr: 'nom d’élément invalide (« {{found}} »)', en: 'invalid element name (“{{found}}”)' },
  'statement_xml.tag_malformed': {
    fr: 'balise <{{name}}> mal formée : « > », « /> » ou un attribut après une espace attendu',
    en: 'malformed tag <{{name}}>: expected “>”, “/>” or an attribute after a space',
  },
  'statement_xml.attribute_malformed': { fr: 'attribut « {{name}} » mal formé : attendu nom="valeur"', en: 'malformed attribute “{{name}}”: expected name="value"' },
  'statement_xml.attribute_duplicate': { fr: 'attribut « {{name}} » répété dans la même balise', en: 'attribute “{{name}}” repeated in the same tag' },
  'statement_xml.attribute_lt': { fr: 'caractère « < » interdit dans une valeur d’attribut', en: 'character “<” not allowed in an attribute value' },
  'statement_xml.end_tag_unexpected': { fr: 'balise fermante </{{name}}> sans balise ouvrante', en: 'end tag </{{name}}> without a start tag' },
  'statement_xml.tag_mismatch': { fr: 'balise fermante </{{name}}> trouvée ; attendu : </{{expected}}>', en: 'end tag </{{name}}> found; expected </{{expected}}>' },
  'statement_xml.declaration_misplaced': { fr: 'la déclaration <?xml …?> doit être au tout début du fichier', en: 'the <?xml …?> declaration must be at the very start of the file' },
  'statement_xml.declaration_invalid': { fr: 'déclaration XML invalide', en: 'invalid XML declaration' },
  'statement_xml.comment_double_hyphen': { fr: 'la suite « -- » est interdite dans un commentaire', en: 'the sequence “--” is not allowed in a comment' },
  'statement_xml.pi_malformed': { fr: 'instruction de traitement <?…?> mal formée', en: 'malformed processing instruction <?…?>' },
  'statement_xml.doctype_forbidden': {
    fr: 'déclaration DOCTYPE refusée (les entités ne sont jamais résolues)',
    en: 'DOCTYPE declaration refused (entities are never resolved)',
  },
  'statement_xml.markup_invalid': { fr: 'balise « <! » inconnue', en: 'unknown “<!” markup' },
  'statement_xml.other': { fr: 'erreur {{problem}}', en: 'error {{problem}}' },
  'payment_decision.invoice_paid': {
    fr: 'Votre virement de {{amountCents}} du {{date}} a réglé la facture {{number}}.',
    en: 'Your transfer of {{amountCents}} on {{date}} paid invoice {{number}}.',
  },
  'payment_decision.invoice_partially_paid': {
    fr: 'Votre virement de {{amountCents}} du {{date}} a réglé une partie de la facture {{number}} ; le reste est toujours dû.',
    en: 'Your transfer of {{amountCents}} on {{date}} paid part of invoice {{number}}; the rest is still due.',
  },
  'payment_decision.invoice_paid_surplus': {
    fr: 'Votre virement de {{amountCents}} du {{date}} a réglé la facture {{number}} ({{invoiceCents}}) ; le surplus de {{balanceCents}} est sur votre solde prépayé.',
    en: 'Your transfer of {{amountCents}} on {{date}} paid invoice {{number}} ({{invoiceCents}}); the surplus of {{balanceCents}} is on your prepaid balance.',
  },
  'payment_decision.invoice_paid_by_payer': {
    fr: 'Votre virement de {{amountCents}} du {{date}} ne portait pas la référence d’une facture ouverte ; venant d’un compte qui vous a déjà servi à payer, il a réglé la facture {{number}}, la seule de ce montant.',
    en: 'Your transfer of {{amountCents}} on {{date}} did not carry the reference of an open invoice; coming from an account you have paid from before, it paid invoice {{number}}, the only one of that amount.',
  },
  'payment_decision.invoice_closed_to_balance': {
    fr: 'Votre virement de {{amountCents}} du {{date}} portait la référence de la facture {{number}}, déjà réglée ou annulée : il est sur votre solde prépayé.',
    en: 'Your transfer of {{amountCents}} on {{date}} carried the reference of invoice {{number}}, already paid or cancelled: it is on your prepaid balance.',
  },
  'payment_decision.balance_top_up': {
    fr: 'Votre virement de {{amountCents}} du {{date}} a alimenté votre solde prépayé.',
    en: 'Your transfer of {{amountCents}} on {{date}} topped up your prepaid balance.',
  },
  'payment_decision.parked_on_balance': {
    fr: 'Votre virement de {{amountCents}} du {{date}} ne correspondait à aucune facture ouverte (référence ancienne ou absente) : il est sur votre solde prépayé, d’où vous pouvez payer vos factures.',
    en: 'Your transfer of {{amountCents}} on {{date}} fitted no open invoice (old or missing reference): it is on your prepaid balance, from which you can pay your invoices.',
  },
  'payment_decision.unmatched_reference': {
    fr: 'Le virement de {{amountCents}} du {{date}} porte une référence inconnue : il attend d’être affecté par le prestataire.',
    en: 'The transfer of {{amountCents}} on {{date}} carries an unknown reference: it awaits assignment by the provider.',
  },
  'payment_decision.unmatched_currency': {
    fr: 'Le virement de {{amountCents}} du {{date}} n’est pas dans la devise attendue : il attend d’être traité par le prestataire.',
    en: 'The transfer of {{amountCents}} on {{date}} is not in the expected currency: it awaits handling by the provider.',
  },
  'payment_decision.unmatched_amount': {
    fr: 'Le virement de {{amountCents}} du {{date}} n’a pas de référence et vient d’un compte inconnu : il attend d’être affecté par le prestataire.',
    en: 'The transfer of {{amountCents}} on {{date}} has no reference and comes from an unknown account: it awaits assignment by the provider.',
  },
  'payment_decision.unmatched_payer': {
    fr: 'Le virement de {{amountCents}} du {{date}} vient d’un compte qui a payé pour plusieurs organisations, sans facture qui lui corresponde seule : il attend d’être affecté par le prestataire.',
    en: 'The transfer of {{amountCents}} on {{date}} comes from an account that paid for several organisations, with no single fitting invoice: it awaits assignment by the provider.',
  },
  'payment_decision.debit_ignored': {
    fr: 'Débit de {{amountCents}} du {{date}} : sans effet sur les factures.',
    en: 'Debit of {{amountCents}} on {{date}}: no effect on invoices.',
  },
  'payment_decision.assigned_invoice': {
    fr: 'Le virement de {{amountCents}} du {{date}} a été affecté par le prestataire à la facture {{number}} ({{invoiceCents}} réglés, {{balanceCents}} sur le solde prépayé).',
    en: 'The transfer of {{amountCents}} on {{date}} was assigned by the provider to invoice {{number}} ({{invoiceCents}} paid, {{balanceCents}} to the prepaid balance).',
  },
  'payment_decision.assigned_balance': {
    fr: 'Le virement de {{amountCents}} du {{date}} a été affecté par le prestataire à votre solde prépayé.',
    en: 'The transfer of {{amountCents}} on {{date}} was assigned by the provider to your prepaid balance.',
  },
  'balance_ledger.top_up': { fr: 'Virement sur le solde', en: 'Transfer to the balance' },
  'balance_ledger.surplus': { fr: 'Surplus du paiement de la facture {{number}}', en: 'Surplus of the payment of invoice {{number}}' },
  'balance_ledger.parked': { fr: 'Virement sans facture correspondante', en: 'Transfer without a fitting invoice' },
  'balance_ledger.credit_refund': { fr: 'Avoir {{number}} remboursé sur le solde', en: 'Credit note {{number}} refunded to the balance' },
  'balance_ledger.invoice_payment': { fr: 'Paiement de la facture {{number}}', en: 'Payment of invoice {{number}}' },
  'balance_ledger.payout': { fr: 'Remboursement par virement {{note}}', en: 'Paid back by transfer {{note}}' },
} as const satisfies Record<string, LocalizedMessage>;
