/** Namespace declarations in scope, and the foreign attributes the schema tolerates. */

const XSI = 'http://www.w3.org/2001/XMLSchema-instance';
const XSI_ALLOWED = new Set(['schemaLocation', 'noNamespaceSchemaLocation']);

/** Stack of namespace declarations of the open elements. */
export class NamespaceScopes {
  private readonly scopes: { prefix: string; uri: string; depth: number }[] = [];

  /** Records `xmlns` or `xmlns:p` (the attribute name) declared on an element at `depth`. */
  declare(attribute: string, uri: string, depth: number): void {
    this.scopes.push({ prefix: attribute === 'xmlns' ? '' : attribute.slice(6), uri, depth });
  }

  /** Forgets the declarations of elements at `depth` and deeper. */
  leave(depth: number): void {
    const scopes = this.scopes;
    while (scopes.length > 0 && scopes[scopes.length - 1]!.depth >= depth) scopes.pop();
  }

  /** Namespace of a prefix ('' for the default namespace); undefined when unbound. */
  resolve(prefix: string): string | undefined {
    for (let i = this.scopes.length - 1; i >= 0; i--) if (this.scopes[i]!.prefix === prefix) return this.scopes[i]!.uri;
    if (prefix === 'xml') return 'http://www.w3.org/XML/1998/namespace';
    return prefix === '' ? '' : undefined;
  }

  /** Namespace declarations and `xsi:schemaLocation`-like attributes, allowed on any element. */
  isAllowedForeign(name: string): boolean {
    if (name === 'xmlns' || name.startsWith('xmlns:')) return true;
    const colon = name.indexOf(':');
    if (colon < 0) return false;
    return this.resolve(name.slice(0, colon)) === XSI && XSI_ALLOWED.has(name.slice(colon + 1));
  }
}
