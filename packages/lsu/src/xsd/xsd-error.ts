/** Why a schema is refused: a stable code, the line in the XSD file and what the message names. */
export class XsdError extends Error {
  constructor(
    readonly code: string,
    readonly line: number,
    readonly params: Record<string, string | number> = {},
  ) {
    super(`${code} at line ${line}${Object.keys(params).length ? ` ${JSON.stringify(params)}` : ''}`);
    this.name = 'XsdError';
  }
}
