export * from './format.ts';
export * from './errors.ts';
export * from './catalogue.ts';
