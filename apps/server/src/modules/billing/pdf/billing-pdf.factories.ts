// Test and bench factories: a realistic billing document for the PDF renderer, its totals computed by
// the billing module's own rule so the figures printed agree with each other.
import { documentTotals, type VatRateBp } from '../money.ts';
import type { BillingPdfInput } from './billing-pdf.ts';

export interface PdfLineSpec {
  label: string;
  quantity: number;
  unitPriceCents: number;
  vatRateBp: VatRateBp;
  periodStart?: string;
  periodEnd?: string;
}

/** Three lines at two VAT rates: what a school's yearly invoice usually holds. */
export const TYPICAL_LINES: PdfLineSpec[] = [
  {
    label: 'Hébergement Préau – collège, abonnement annuel',
    quantity: 1,
    unitPriceCents: 123_456,
    vatRateBp: 2000,
    periodStart: '2026-09-01',
    periodEnd: '2027-08-31',
  },
  { label: 'Formation des équipes (demi-journée)', quantity: 2, unitPriceCents: 35_000, vatRateBp: 2000 },
  { label: 'Guide imprimé « Bien démarrer »', quantity: 3, unitPriceCents: 1_990, vatRateBp: 550 },
];

/** A French invoice to pay, with `lines` priced and summed; `overrides` replace whole fields. */
export function makeBillingPdfInput(overrides: Partial<BillingPdfInput> = {}, lines: PdfLineSpec[] = TYPICAL_LINES): BillingPdfInput {
  const totals = documentTotals(lines);
  return {
    kind: 'invoice',
    variant: 'due',
    locale: 'fr',
    number: 'F2026-000042',
    issueDate: '2026-12-03',
    dueDate: '2027-01-02',
    currency: 'EUR',
    provider: {
      companyName: 'Préau SAS',
      address: { lines: ['12 rue des Écoles', 'Bâtiment B'], postalCode: '75005', city: 'Paris', country: 'FR' },
      siren: '732829320',
      siret: '73282932000074',
      vatNumber: 'FR44732829320',
      iban: 'FR7630006000011234567890189',
      bic: 'AGRIFRPP',
      invoiceFooter: 'Pénalités de retard : trois fois le taux légal. Indemnité forfaitaire pour frais de recouvrement : 40 €.',
      contactEmail: 'facturation@preau.example',
    },
    customer: {
      name: 'Collège Jean Moulin',
      address: { lines: ['3 avenue de la République'], postalCode: '69003', city: 'Lyon', country: 'FR' },
      siret: '19690001600019',
      vatNumber: null,
      serviceCode: 'SERV-ECO-12',
      purchaseOrder: 'BC-2026-118',
      email: 'gestion@college-jean-moulin.example',
    },
    lines: lines.map((line, index) => ({
      label: line.label,
      quantity: line.quantity,
      unitPriceCents: line.unitPriceCents,
      vatRateBp: line.vatRateBp,
      netCents: totals.lines[index]!.netCents,
      vatCents: totals.lines[index]!.vatCents,
      periodStart: line.periodStart ?? null,
      periodEnd: line.periodEnd ?? null,
    })),
    vat: totals.vat,
    netCents: totals.netCents,
    vatCents: totals.vatCents,
    grossCents: totals.grossCents,
    paymentReference: 'PREAU-F2026-000042',
    creditedInvoiceNumber: null,
    paidOn: null,
    ...overrides,
  };
}
