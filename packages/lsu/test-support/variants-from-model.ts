/**
 * The one-rule-broken variants of any base document against any parsed XSD: what `buildVariants`
 * does for a shipped version, for a schema built in a test (a "next version" derived from 10.0).
 */
import { addForeignVariants, addRootVariants, addTextVariants } from './variants-document.ts';
import { addIdVariants, addReferenceVariants, addStructureVariants, addUniqueVariants, addValueVariants } from './variants-structure.ts';
import { annotate, toBytes, VariantList, type LsuVariant } from './variant-kit.ts';
import type { XmlNode } from './xml-node.ts';
import type { XsdModel } from './xsd-model.ts';

/** Variants of `base` (a materialised document valid against `model`); `others` lend foreign elements and attributes. */
export function buildVariantsOf(model: XsdModel, others: XsdModel[], base: XmlNode): LsuVariant[] {
  const sites = annotate(model, base);
  const list = new VariantList(base);
  list.add('valid:base', 'valid:base', 'valid', toBytes(base));
  addRootVariants(list, String(base.attrs.schemaVersion));
  addValueVariants(list, model, sites);
  addReferenceVariants(list, model, sites);
  addStructureVariants(list, sites);
  addUniqueVariants(list, sites);
  addIdVariants(list, sites);
  addForeignVariants(list, model, others, sites);
  addTextVariants(list, base);
  return list.items;
}
