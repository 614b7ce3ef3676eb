export type * from './types.ts';
export { checkLsu, SUPPORTED_VERSIONS, DEFAULT_ACCEPTED_VERSIONS } from './check.ts';
export { readBilanXml } from './read-bilan-xml.ts';
export { labelsOfBilan } from './labels.ts';
export { acceptWithRuleSets } from './rules/index.ts';
export type { RuleSet } from './schema/dsl.ts';
export { compileLsuSchema, type CompiledSchema, type XsdWarning } from './xsd/compile-xsd.ts';
export { XsdError } from './xsd/xsd-error.ts';
