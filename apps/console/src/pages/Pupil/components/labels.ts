import type { TFunction } from 'i18next';
import type { BilanLabels, PersonLabel, PupilBilan } from '@preau/contracts';
import type { GuessedLabels } from '../../../api/lsu-imports.ts';
import { contentOf, type ContentNode } from './content-tree.ts';

/** Readable names for the IDs a bilan's content refers to; undefined when neither the file nor the base names one. */
export interface ContentLabels {
  discipline: (ref: string) => string | undefined;
  teacher: (ref: string) => string | undefined;
  programmeElement: (ref: string) => string | undefined;
  /** The group's title, with its EPI's after a dash. */
  epiGroup: (ref: string) => string | undefined;
  /** The code of the group's EPI theme (national nomenclature), when the file gave it. */
  epiTheme: (ref: string) => string | undefined;
  /** The group's title, with its accompaniment's after a dash. */
  accompanimentGroup: (ref: string) => string | undefined;
  schoolHead: (ref: string) => string | undefined;
  director: (ref: string) => string | undefined;
  digitalCommon: (ref: string) => string | undefined;
}

/** The entry of `id` in a label map (own keys only: a file may name an ID `constructor`). */
function own<T>(map: Record<string, T>, id: string): T | undefined {
  return Object.hasOwn(map, id) ? map[id] : undefined;
}

/** "Mme DUPONT Claire": civilité as the language writes it, nom in capitals, prénom. */
export function personName(person: PersonLabel, t: TFunction): string {
  const civility = person.civility === 'MME' || person.civility === 'M' ? t(`pupil.civility.${person.civility}`) : person.civility;
  return [civility, person.lastName.toLocaleUpperCase('fr'), person.firstName].filter(Boolean).join(' ');
}

const titled = (title: string, of: string | undefined) => (of ? `${title} — ${of}` : title);

/** The bilan's own labels (what its file declared), then the base's guess for disciplines and teachers. */
export function contentLabels(labels: BilanLabels, guessed: GuessedLabels, t: TFunction): ContentLabels {
  return {
    discipline: (ref) => own(labels.disciplines, ref)?.label || guessed.discipline(ref),
    teacher: (ref) => {
      const person = own(labels.teachers, ref) ?? guessed.teacher(ref);
      return person ? personName(person, t) : undefined;
    },
    programmeElement: (ref) => own(labels.programmeElements, ref) || undefined,
    epiGroup: (ref) => {
      const group = own(labels.epiGroups, ref);
      return group && titled(group.title, group.epi);
    },
    epiTheme: (ref) => own(labels.epiGroups, ref)?.theme,
    accompanimentGroup: (ref) => {
      const group = own(labels.accompanimentGroups, ref);
      return group && titled(group.title, group.accompaniment);
    },
    schoolHead: (ref) => own(labels.schoolHeads, ref) || undefined,
    director: (ref) => {
      const person = own(labels.directors, ref);
      return person && personName(person, t);
    },
    digitalCommon: (ref) => own(labels.digitalCommons, ref) || undefined,
  };
}

/** The IDs of an IDREFS value, each once (a file may repeat one). */
export function refsOf(value: string | undefined): string[] {
  return [...new Set(value?.split(/\s+/).filter(Boolean))];
}

/** Whether a bilan names a discipline or teacher its file gave no label for (the base's guess is then needed). */
export function needsGuess(bilan: PupilBilan): boolean {
  const missing = (node: ContentNode): boolean =>
    refsOf(node.attributes['discipline-ref']).some((ref) => !own(bilan.labels.disciplines, ref)) ||
    ['enseignant-refs', 'prof-princ-refs'].some((name) => refsOf(node.attributes[name]).some((ref) => !own(bilan.labels.teachers, ref))) ||
    node.children.some(missing);
  return missing(contentOf(bilan));
}
