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
