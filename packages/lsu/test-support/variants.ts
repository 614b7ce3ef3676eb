/** All one-rule-broken (and boundary-valid) variants of a small, feature-complete file of a version. */
import path from 'node:path';
import { buildLsuDocument } from './generate.ts';
import { familyOf, type LsuGeneratorOptions, type LsuVersion } from './options.ts';
import type { LsuVariant } from './variant-kit.ts';
import { buildVariantsOf } from './variants-from-model.ts';
import { materialize } from './xml-node.ts';
import { readXsd, type XsdModel } from './xsd-model.ts';

export const ALL_VERSIONS: readonly LsuVersion[] = ['10.0', '7.0', '3.0', '1.0b', '1.0'];

/** Path of the XSD of a version under the shared `lsu` directory. */
export function xsdPathOf(lsuDir: string, version: LsuVersion): string {
  return familyOf(version) === 'college' ? path.join(lsuDir, 'college', `lsu-college-${version}.xsd`) : path.join(lsuDir, 'ecole', `lsu-ecole-${version}.xsd`);
}

/** Options of the small document every variant starts from: every optional construct appears at least once. */
export function variantBaseOptions(version: LsuVersion): LsuGeneratorOptions {
  return { version, seed: 11, pupils: familyOf(version) === 'college' ? 2 : 3, periods: 2, pupilsPerDivision: 1, cycleBilans: true };
}

/** Reads every XSD of a family once. */
export function readFamilyModels(lsuDir: string, version: LsuVersion): { model: XsdModel; others: XsdModel[] } {
  const family = ALL_VERSIONS.filter((v) => familyOf(v) === familyOf(version));
  return { model: readXsd(xsdPathOf(lsuDir, version)), others: family.filter((v) => v !== version).map((v) => readXsd(xsdPathOf(lsuDir, v))) };
}

/** Derives the variants of a version from its XSD and the base document. */
export function buildVariants(version: LsuVersion, lsuDir: string): LsuVariant[] {
  const { model, others } = readFamilyModels(lsuDir, version);
  return buildVariantsOf(model, others, materialize(buildLsuDocument(variantBaseOptions(version))));
}
