/**
 * The one polling helper of the tests: calls `probe` every `intervalMs` until it returns something
 * other than undefined, and returns that; throws `Timed out: <what>` after `timeoutMs`.
 */
export async function eventually<T>(probe: () => Promise<T | undefined>, options: { what: string; timeoutMs?: number; intervalMs?: number }): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out: ${options.what}`);
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 50));
  }
}
