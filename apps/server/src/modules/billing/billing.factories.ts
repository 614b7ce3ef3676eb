// A provider identity every check accepts (SIREN, SIRET, VAT number, IBAN and BIC with valid keys), for tests and benchmarks.
import type { UpdateBillingProvider } from '@preau/contracts';

export const SAMPLE_PROVIDER_IDENTITY: UpdateBillingProvider = {
  companyName: 'Hébergement scolaire SAS',
  address: { lines: ['12 rue des Écoles'], postalCode: '75005', city: 'Paris', country: 'FR' },
  siren: '732829320',
  siret: '73282932000074',
  vatNumber: 'FR44732829320',
  iban: 'FR76 3000 6000 0112 3456 7890 189',
  bic: 'AGRIFRPP',
  invoiceFooter: 'Pénalités de retard : trois fois le taux légal. Indemnité forfaitaire pour frais de recouvrement : 40 €.',
  paymentTermsDays: 30,
  contactEmail: 'facturation@hebergement.example',
  numberPatterns: { invoice: 'F{YYYY}-{NNNNNN}', creditNote: 'A{YYYY}-{NNNNNN}', proForma: 'PF{YYYY}-{NNNNNN}' },
};
