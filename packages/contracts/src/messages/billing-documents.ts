/**
 * The words printed on billing documents (invoices, credit notes, pro forma) in the PDF kept as the
 * legal original. Amounts, dates and rates arrive already formatted for the locale, as strings.
 */
import type { LocalizedMessage } from './format.ts';

export const BILLING_DOCUMENT_MESSAGES = {
  'billing_pdf.invoice_title': { fr: 'Facture', en: 'Invoice' },
  'billing_pdf.credit_note_title': { fr: 'Avoir', en: 'Credit note' },
  'billing_pdf.pro_forma_title': { fr: 'Facture pro forma', en: 'Pro forma invoice' },
  /** Printed under the title of a pro forma and, large and light, across each of its pages. */
  'billing_pdf.pro_forma_notice': { fr: 'Pro forma – sans valeur comptable', en: 'Pro forma – no accounting value' },
  'billing_pdf.number': { fr: 'N° {{number}}', en: 'No. {{number}}' },
  'billing_pdf.issue_date': { fr: "Date d'émission : {{date}}", en: 'Issue date: {{date}}' },
  'billing_pdf.due_date': { fr: "Date d'échéance : {{date}}", en: 'Due date: {{date}}' },
  'billing_pdf.credited_invoice': { fr: 'Avoir sur la facture {{number}}', en: 'Credit note for invoice {{number}}' },

  'billing_pdf.siren': { fr: 'SIREN : {{siren}}', en: 'SIREN: {{siren}}' },
  'billing_pdf.siret': { fr: 'SIRET : {{siret}}', en: 'SIRET: {{siret}}' },
  'billing_pdf.vat_number': { fr: 'N° de TVA intracommunautaire : {{vatNumber}}', en: 'VAT number: {{vatNumber}}' },
  'billing_pdf.email': { fr: 'E-mail : {{email}}', en: 'Email: {{email}}' },
  'billing_pdf.customer_heading': { fr: 'Adresse de facturation', en: 'Billing address' },
  /** The code of the public-sector service to bill (Chorus Pro). */
  'billing_pdf.service_code': { fr: 'Code service : {{code}}', en: 'Service code: {{code}}' },
  'billing_pdf.purchase_order': { fr: 'Bon de commande : {{number}}', en: 'Purchase order: {{number}}' },

  'billing_pdf.column_label': { fr: 'Désignation', en: 'Description' },
  'billing_pdf.column_quantity': { fr: 'Qté', en: 'Qty' },
  'billing_pdf.column_unit_price': { fr: 'Prix unit. HT', en: 'Net unit price' },
  'billing_pdf.column_vat_rate': { fr: 'TVA', en: 'VAT' },
  'billing_pdf.column_net': { fr: 'Montant HT', en: 'Net amount' },
  /** The period a line covers, under its label. */
  'billing_pdf.line_period': { fr: 'du {{start}} au {{end}}', en: 'from {{start}} to {{end}}' },

  'billing_pdf.vat_column_rate': { fr: 'Taux de TVA', en: 'VAT rate' },
  'billing_pdf.vat_column_base': { fr: 'Base HT', en: 'Net amount' },
  'billing_pdf.vat_column_amount': { fr: 'TVA', en: 'VAT' },
  'billing_pdf.total_net': { fr: 'Total HT', en: 'Total excl. VAT' },
  'billing_pdf.total_vat': { fr: 'TVA', en: 'VAT' },
  'billing_pdf.total_gross': { fr: 'Total TTC', en: 'Total incl. VAT' },

  'billing_pdf.to_pay': { fr: 'À payer : {{amount}} au plus tard le {{date}}', en: 'To pay: {{amount}} by {{date}}' },
  'billing_pdf.payment_reference': {
    fr: 'Référence à indiquer sur votre virement : {{reference}}',
    en: 'Reference to quote on your transfer: {{reference}}',
  },
  'billing_pdf.iban': { fr: 'IBAN : {{iban}}', en: 'IBAN: {{iban}}' },
  'billing_pdf.bic': { fr: 'BIC : {{bic}}', en: 'BIC: {{bic}}' },
  'billing_pdf.account_holder': { fr: 'Titulaire du compte : {{name}}', en: 'Account holder: {{name}}' },
  'billing_pdf.paid_on': { fr: 'Acquittée le {{date}}', en: 'Paid on {{date}}' },

  'billing_pdf.page': { fr: 'Page {{page}} / {{pages}}', en: 'Page {{page}} of {{pages}}' },
} as const satisfies Record<string, LocalizedMessage>;
