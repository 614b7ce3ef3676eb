import type { UpdateBillingProvider } from '@preau/contracts';

/** The provider form's values, flat; the postal lines typed one per line. */
export interface ProviderFormValues {
  companyName: string;
  lines: string;
  postalCode: string;
  city: string;
  country: string;
  siren: string;
  siret: string;
  vatNumber: string;
  iban: string;
  bic: string;
  invoiceFooter: string;
  paymentTermsDays: number | string;
  contactEmail: string;
  invoicePattern: string;
  creditNotePattern: string;
  proFormaPattern: string;
}

/** The form's fields by the server's path of each (field errors come back by path). */
export const PROVIDER_FIELD_PATHS: Record<string, keyof ProviderFormValues> = {
  companyName: 'companyName', 'address/lines': 'lines', 'address/postalCode': 'postalCode', 'address/city': 'city', 'address/country': 'country',
  siren: 'siren', siret: 'siret', vatNumber: 'vatNumber', iban: 'iban', bic: 'bic', invoiceFooter: 'invoiceFooter',
  paymentTermsDays: 'paymentTermsDays', contactEmail: 'contactEmail',
  'numberPatterns/invoice': 'invoicePattern', 'numberPatterns/creditNote': 'creditNotePattern', 'numberPatterns/proForma': 'proFormaPattern',
};

/** The form filled with the stored identity, or the defaults of a first setting. */
export function providerToForm(settings: UpdateBillingProvider | null): ProviderFormValues {
  return {
    companyName: settings?.companyName ?? '',
    lines: settings?.address.lines.join('\n') ?? '',
    postalCode: settings?.address.postalCode ?? '',
    city: settings?.address.city ?? '',
    country: settings?.address.country ?? 'FR',
    siren: settings?.siren ?? '',
    siret: settings?.siret ?? '',
    vatNumber: settings?.vatNumber ?? '',
    iban: settings?.iban ?? '',
    bic: settings?.bic ?? '',
    invoiceFooter: settings?.invoiceFooter ?? '',
    paymentTermsDays: settings?.paymentTermsDays ?? 30,
    contactEmail: settings?.contactEmail ?? '',
    invoicePattern: settings?.numberPatterns.invoice ?? 'F{YYYY}-{NNNNNN}',
    creditNotePattern: settings?.numberPatterns.creditNote ?? 'AV{YYYY}-{NNNNNN}',
    proFormaPattern: settings?.numberPatterns.proForma ?? 'PF{YYYY}-{NNNNNN}',
  };
}

const compact = (value: string): string => value.replace(/\s+/g, '').toUpperCase();

/** What the server receives. */
export function formToProvider(values: ProviderFormValues): UpdateBillingProvider {
  const vat = compact(values.vatNumber);
  const footer = values.invoiceFooter.trim();
  return {
    companyName: values.companyName.trim(),
    address: {
      lines: values.lines.split('\n').map((line) => line.trim()).filter((line) => line !== ''),
      postalCode: values.postalCode.trim(),
      city: values.city.trim(),
      country: values.country.trim().toUpperCase(),
    },
    siren: values.siren.replace(/\s+/g, ''),
    siret: values.siret.replace(/\s+/g, ''),
    vatNumber: vat === '' ? null : vat,
    iban: values.iban.trim(),
    bic: compact(values.bic),
    invoiceFooter: footer === '' ? null : footer,
    paymentTermsDays: Number(values.paymentTermsDays),
    contactEmail: values.contactEmail.trim(),
    numberPatterns: { invoice: values.invoicePattern.trim(), creditNote: values.creditNotePattern.trim(), proForma: values.proFormaPattern.trim() },
  };
}
