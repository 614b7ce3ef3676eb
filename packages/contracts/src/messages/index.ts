export * from './format.ts';
export * from './errors.ts';
export * from './fields.ts';
export * from './csv.ts';
export * from './catalogue.ts';
