/**
 * The XSD subset the LSU schemas use, as an allow-list of constructs and of their attributes.
 * Anything else (xs:any, xs:import, xs:redefine, substitutionGroup, complexContent, key/keyref…)
 * is refused with the construct and its line, before anything is compiled.
 */
import { XsdError } from './xsd-error.ts';
import { XSD_NAMESPACE, type XsdNode } from './xsd-tree.ts';

const FACET = ['value'];
const OCCURS = ['minOccurs', 'maxOccurs'];

/** Construct → attributes it may carry (`id` is always allowed). */
const ALLOWED: Record<string, readonly string[]> = {
  schema: ['targetNamespace', 'elementFormDefault', 'attributeFormDefault', 'version'],
  element: ['name', 'type', ...OCCURS],
  complexType: ['name', 'mixed'],
  simpleContent: [],
  extension: ['base'],
  sequence: OCCURS,
  choice: OCCURS,
  all: OCCURS,
  attribute: ['name', 'type', 'use', 'default', 'fixed'],
  simpleType: ['name'],
  restriction: ['base'],
  list: ['itemType'],
  enumeration: FACET,
  pattern: FACET,
  length: FACET,
  minLength: FACET,
  maxLength: FACET,
  minInclusive: FACET,
  maxInclusive: FACET,
  minExclusive: FACET,
  maxExclusive: FACET,
  totalDigits: FACET,
  fractionDigits: FACET,
  unique: ['name'],
  selector: ['xpath'],
  field: ['xpath'],
  annotation: [],
};

/** Attribute values the engine's semantics rely on. */
const REQUIRED_VALUES: Record<string, Record<string, string>> = {
  schema: { elementFormDefault: 'qualified', attributeFormDefault: 'unqualified' },
  complexType: { mixed: 'false' },
};

/** Throws XsdError on the first construct outside the subset, in document order. */
export function assertSupportedSubset(node: XsdNode): void {
  if (node.uri !== XSD_NAMESPACE) throw new XsdError('xsd.unsupported', node.line, { construct: node.name });
  const allowed = ALLOWED[node.name];
  if (!allowed) throw new XsdError('xsd.unsupported', node.line, { construct: `xs:${node.name}` });
  for (const [attribute, value] of Object.entries(node.attrs)) {
    if (attribute !== 'id' && !allowed.includes(attribute)) throw new XsdError('xsd.unsupported', node.line, { construct: `xs:${node.name}/@${attribute}` });
    const required = REQUIRED_VALUES[node.name]?.[attribute];
    if (required !== undefined && value !== required) {
      throw new XsdError('xsd.unsupported', node.line, { construct: `xs:${node.name}/@${attribute}="${value}"` });
    }
  }
  if (node.name === 'schema' && node.attrs.elementFormDefault === undefined) {
    throw new XsdError('xsd.unsupported', node.line, { construct: 'xs:schema without elementFormDefault="qualified"' });
  }
  // Annotations are documentation: their content is not read.
  if (node.name === 'annotation') return;
  for (const child of node.children) assertSupportedSubset(child);
}
