/**
 * How each family's declarations read as labels (`LsuLabels`): the attribute names are the same in
 * every version of a family, so the collège versions share one set and the école revisions another.
 */
import { KEPT_TEXT, type LabelRule, type LabelRules } from '../schema/dsl.ts';
import { collapse } from '../schema/lexical.ts';
import type { LsuEpiGroupLabel, LsuPersonLabel } from '../types.ts';

/** Kinds the collège labels read (the EPIs and accompaniments name their groups). */
export const COLLEGE_LABEL_KINDS = [
  'discipline', 'element-programme', 'epi', 'epi-groupe', 'acc-perso', 'acc-perso-groupe', 'responsable-etab', 'competences-numeriques-commun',
];

/** Kinds the école labels read. */
export const ECOLE_LABEL_KINDS = ['element-programme', 'directeur'];

/** `civilite`, `nom`, `prenom`, the optional ones only when not blank. */
function person(a: Record<string, string>): LsuPersonLabel {
  const label: LsuPersonLabel = { lastName: (a.nom ?? '').trim() };
  const civility = a.civilite?.trim();
  const firstName = a.prenom?.trim();
  if (civility) label.civility = civility;
  if (firstName) label.firstName = firstName;
  return label;
}

const teachers: LabelRule<LsuPersonLabel> = { kind: 'enseignant', project: person };
const programmeElements: LabelRule<string> = { kind: 'element-programme', project: (a) => (a.libelle ?? '').trim() };

/** The title of the element a group refers to by `attribute`, if any. */
const titleOf = (a: Record<string, string>, attribute: string, lookup: (id: string) => Record<string, string> | undefined): string | undefined =>
  lookup(collapse(a[attribute] ?? ''))?.intitule?.trim();

export const collegeLabels: LabelRules = {
  disciplines: { kind: 'discipline', project: (a) => ({ code: (a.code ?? '').trim(), label: (a.libelle ?? '').trim() }) },
  teachers,
  programmeElements,
  epiGroups: {
    kind: 'epi-groupe',
    project(a, lookup) {
      const label: LsuEpiGroupLabel = { title: (a.intitule ?? '').trim() };
      const epi = lookup(collapse(a['epi-ref'] ?? ''));
      const title = epi?.intitule?.trim();
      const theme = epi?.thematique?.trim();
      if (title !== undefined) label.epi = title;
      if (theme) label.theme = theme;
      return label;
    },
  },
  accompanimentGroups: {
    kind: 'acc-perso-groupe',
    project(a, lookup) {
      const accompaniment = titleOf(a, 'acc-perso-ref', lookup);
      return accompaniment === undefined ? { title: (a.intitule ?? '').trim() } : { title: (a.intitule ?? '').trim(), accompaniment };
    },
  },
  schoolHeads: { kind: 'responsable-etab', project: (a) => (a.libelle ?? '').trim() },
  digitalCommons: { kind: 'competences-numeriques-commun', project: (a) => (a[KEPT_TEXT] ?? '').trim() },
};

export const ecoleLabels: LabelRules = {
  teachers,
  programmeElements,
  directors: { kind: 'directeur', project: person },
};
