export * from './common.ts';
export * from './organizations.ts';
export * from './profile.ts';
export * from './lsu-imports.ts';
export * from './bases.ts';
export * from './base-structure.ts';
export * from './messages/index.ts';
export * from './identity.ts';
