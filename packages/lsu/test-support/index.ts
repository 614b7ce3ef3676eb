/** Test support for the LSU engine: file generator, one-rule-broken variants, xmllint runner. */
export { buildLsuDocument, generateLsu, generateLsuBuffer, writeLsuFile } from './generate.ts';
export { familyOf, schemaVersionOf, type CollegeVersion, type EcoleVersion, type LsuGeneratorOptions, type LsuVersion } from './options.ts';
export { collectBytes, writeBytes, type LsuEncoding } from './encode.ts';
export type { LsuShape } from './shapes.ts';
export { createRandom, type Random } from './random.ts';
export { LSU_NS, el, materialize, serialize, type XmlNode } from './xml-node.ts';
export { ALL_VERSIONS, buildVariants, readFamilyModels, variantBaseOptions, xsdPathOf } from './variants.ts';
export { annotate, type LsuVariant, type Site, type VariantExpectation } from './variant-kit.ts';
export { REF_TARGETS } from './ref-targets.ts';
export { childDecls, complexOf, readXsd, resolveSimple, type XsdModel } from './xsd-model.ts';
export { hasXmllint, validateWithXmllint, type XmllintVerdict } from './xmllint.ts';
export { mutateTree } from './tree-mutations.ts';
export { toBytes } from './variant-kit.ts';
export { NEXT_COLLEGE_VERSION, nextSchemaFrom, toNextVersionDocument } from './next-version.ts';
