import type { ByteSource, CheckOptions, LsuReport } from './types.ts';

/** Schema versions the engine has a rule set for. */
export const SUPPORTED_VERSIONS: readonly string[] = ['1.0', '2.0', '3.0', '4.0', '5.0', '6.0', '7.0', '10.0'];
/** Versions accepted when the caller does not say: collège 10.0 and école 1.0. */
export const DEFAULT_ACCEPTED_VERSIONS: readonly string[] = ['10.0', '1.0'];

/** Checks an LSU file read as a stream of bytes (placeholder until the engine lands). */
export async function checkLsu(source: ByteSource, options: CheckOptions = {}): Promise<LsuReport> {
  let bytesRead = 0;
  for await (const chunk of source) bytesRead += chunk.byteLength;
  void options;
  return { verdict: 'error', classes: [], counts: { periodic: 0, cycle: 0, pupils: 0 }, errors: [], errorCount: 0, bytesRead };
}
