export type * from './types.ts';
// The engine's entry point `checkLsu(source: ByteSource, options?: CheckOptions): Promise<LsuReport>`
// is exported from here once written (see packages/lsu/README.md).
