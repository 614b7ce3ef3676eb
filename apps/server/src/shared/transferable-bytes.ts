/**
 * `parts` joined in a buffer of their own, which can be handed to another thread (transferred):
 * unlike `Buffer.concat`, whose result may be a slice of Node's shared pool of small buffers.
 */
export function joinTransferable(parts: readonly Uint8Array[]): Buffer {
  let length = 0;
  for (const part of parts) length += part.byteLength;
  // Not zeroed first: every byte is written just below.
  const joined = Buffer.allocUnsafeSlow(length);
  let at = 0;
  for (const part of parts) {
    joined.set(part, at);
    at += part.byteLength;
  }
  return joined;
}

/**
 * Detaches a buffer of no use, once per thread, before the thread's hot code is compiled. V8
 * compiles typed-array reads without a detached check for as long as no buffer of the thread was
 * ever detached (its "ArrayBufferDetaching" protector); the first transfer then throws away every
 * function compiled that way, at once. In the parse worker that first transfer was the first batch of
 * rows of the first real import: the engine ran unoptimised while V8 compiled it all again.
 */
export function detachOnceBeforeCompiling(): void {
  const spare = new ArrayBuffer(1);
  structuredClone(spare, { transfer: [spare] });
}
