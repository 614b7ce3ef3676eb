export type * from './types.ts';
export { checkLsu, SUPPORTED_VERSIONS, DEFAULT_ACCEPTED_VERSIONS } from './check.ts';
export { readBilanXml } from './read-bilan-xml.ts';
export { labelsOfBilan } from './labels.ts';
