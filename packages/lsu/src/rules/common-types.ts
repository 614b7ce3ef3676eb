/** Simple types shared by the LSU rule sets of both families. */
import { NON_BLANK, type SimpleType } from '../schema/dsl.ts';

export const LSU_NAMESPACE = 'urn:fr:edu:scolarite:lsun:bilans:import';

export { NON_BLANK };

/** A non-blank string of 1 to `max` characters, named `Chaine<max>` in the ministry's schemas. */
export function chaine(max: number): SimpleType {
  return { name: `Chaine${max}`, base: 'string', minLength: 1, maxLength: max, patterns: [NON_BLANK] };
}

/** A string restricted to a list of values. */
export function oneOf(name: string, values: string[]): SimpleType {
  return { name, base: 'string', enumeration: values };
}

/** A positive integer restricted by a one-character pattern such as `[1-4]`. */
export function digit(name: string, pattern: string, base: 'positiveInteger' | 'nonNegativeInteger' = 'positiveInteger'): SimpleType {
  return { name, base, patterns: [pattern] };
}

export const T = {
  string: { name: 'xs:string', base: 'string' },
  int: { name: 'xs:int', base: 'int' },
  positiveInteger: { name: 'xs:positiveInteger', base: 'positiveInteger' },
  boolean: { name: 'xs:boolean', base: 'boolean' },
  date: { name: 'xs:date', base: 'date' },
  dateTime: { name: 'xs:dateTime', base: 'dateTime' },
  ID: { name: 'xs:ID', base: 'ID' },
  IDREF: { name: 'xs:IDREF', base: 'IDREF' },
  IDREFS: { name: 'xs:IDREFS', base: 'IDREFS' },
  Chaine10: chaine(10),
  Chaine40: chaine(40),
  Chaine50: chaine(50),
  Chaine100: chaine(100),
  Chaine150: chaine(150),
  Chaine300: chaine(300),
  Chaine600: chaine(600),
  Chaine1000: chaine(1000),
  Chaine1500: chaine(1500),
  ChaineEmptyWithMax600: { name: 'ChaineEmptyWithMax600', base: 'string', minLength: 0, maxLength: 600, patterns: [NON_BLANK] },
  ChaineEmptyWithMax100: { name: 'ChaineEmptyWithMax100', base: 'string', maxLength: 100 },
  NomPrenom: { name: 'NomPrenom', base: 'string', minLength: 1, maxLength: 100 },
  Millesime: { name: 'Millesime', base: 'string', length: 4 },
  CodeUai: { name: 'CodeUai', base: 'string', length: 8 },
  Civilite: oneOf('Civilite', ['M', 'MME']),
  CodeDomaineSocle: oneOf('CodeDomaineSocle', ['CPD_FRA', 'CPD_ETR', 'CPD_SCI', 'CPD_ART', 'MET_APP', 'FRM_CIT', 'SYS_NAT', 'REP_MND']),
  PositionnementAcquis: digit('PositionnementAcquis', '[1-4]'),
  PositionnementSocle: digit('PositionnementSocle', '[0-4]', 'nonNegativeInteger'),
} satisfies Record<string, SimpleType>;
