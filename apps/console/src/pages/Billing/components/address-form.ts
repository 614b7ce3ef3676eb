import type { BillingAddress, BillingAddressInput } from '@preau/contracts';

/** The address form's values: the postal lines typed one per line. */
export interface AddressFormValues {
  name: string;
  lines: string;
  postalCode: string;
  city: string;
  country: string;
  siret: string;
  vatNumber: string;
  serviceCode: string;
  purchaseOrder: string;
  email: string;
  isDefault: boolean;
}

/** The form's fields by the server's path of each (field errors come back by path). */
export const ADDRESS_FIELD_PATHS: Record<string, keyof AddressFormValues> = {
  name: 'name', 'address/lines': 'lines', 'address/postalCode': 'postalCode', 'address/city': 'city', 'address/country': 'country',
  siret: 'siret', vatNumber: 'vatNumber', serviceCode: 'serviceCode', purchaseOrder: 'purchaseOrder', email: 'email', isDefault: 'isDefault',
};

/** An empty form, in France. */
export const EMPTY_ADDRESS: AddressFormValues = {
  name: '', lines: '', postalCode: '', city: '', country: 'FR', siret: '', vatNumber: '', serviceCode: '', purchaseOrder: '', email: '', isDefault: false,
};

/** The form filled with an address to edit. */
export function addressToForm(address: BillingAddress): AddressFormValues {
  return {
    name: address.name, lines: address.address.lines.join('\n'), postalCode: address.address.postalCode, city: address.address.city,
    country: address.address.country, siret: address.siret ?? '', vatNumber: address.vatNumber ?? '', serviceCode: address.serviceCode ?? '',
    purchaseOrder: address.purchaseOrder ?? '', email: address.email ?? '', isDefault: address.isDefault,
  };
}

const orNull = (value: string): string | null => (value.trim() === '' ? null : value.trim());
/** Identifiers as people write them (`732 829 320 00074`, `fr 44 …`): spaces dropped, letters upper-cased. */
const compact = (value: string): string | null => orNull(value.replace(/\s+/g, '').toUpperCase());

/** What the server receives. */
export function formToAddress(values: AddressFormValues): BillingAddressInput {
  return {
    name: values.name.trim(),
    address: {
      lines: values.lines.split('\n').map((line) => line.trim()).filter((line) => line !== ''),
      postalCode: values.postalCode.trim(),
      city: values.city.trim(),
      country: values.country.trim().toUpperCase(),
    },
    siret: compact(values.siret),
    vatNumber: compact(values.vatNumber),
    serviceCode: orNull(values.serviceCode),
    purchaseOrder: orNull(values.purchaseOrder),
    email: orNull(values.email),
    isDefault: values.isDefault,
  };
}
