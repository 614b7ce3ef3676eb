/**
 * Which pupil a photo's file name names: the pupil's national id (INE or SIECLE id, any case), or
 * `NOM_Prénom` compared without case, accents or punctuation (`DE LA FONTAINE_Jean-Marc`,
 * `de_la_fontaine_jean_marc` and `De-La-Fontaine_Jean Marc` are the same name).
 */
import type { PhotoZipReason } from '@preau/contracts';

export interface MatchablePupil {
  id: string;
  nationalId: string;
  lastName: string;
  firstName: string;
}

export type PupilMatch<P> = { pupil: P; by: 'national_id' | 'name' } | { pupil: null; reason: Extract<PhotoZipReason, 'unknown_pupil' | 'ambiguous_name'> };

const LIGATURES: Record<string, string> = { œ: 'oe', æ: 'ae', ß: 'ss' };

/** Lower case, no accents, ligatures spelt out, every run of other characters one space. */
export function foldName(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[œæß]/g, (c) => LIGATURES[c] ?? c)
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

const nameKey = (lastName: string, firstName: string) => `${foldName(lastName)}|${foldName(firstName)}`;

/** A function from a file name's stem to the pupil it names among `pupils`, or why none. */
export function createPupilMatcher<P extends MatchablePupil>(pupils: readonly P[]): (stem: string) => PupilMatch<P> {
  const byNationalId = new Map(pupils.map((p) => [p.nationalId.toUpperCase(), p]));
  const byName = new Map<string, P[]>();
  for (const pupil of pupils) {
    const key = nameKey(pupil.lastName, pupil.firstName);
    byName.set(key, [...(byName.get(key) ?? []), pupil]);
  }
  return (stem) => {
    const id = byNationalId.get(stem.trim().toUpperCase());
    if (id) return { pupil: id, by: 'national_id' };
    // The name may hold underscores itself (DE_LA_FONTAINE_Jean): every split is tried.
    const found = new Set<P>();
    for (let at = stem.indexOf('_'); at >= 0; at = stem.indexOf('_', at + 1)) {
      for (const pupil of byName.get(nameKey(stem.slice(0, at), stem.slice(at + 1))) ?? []) found.add(pupil);
    }
    const [only, ...others] = found;
    if (only && others.length === 0) return { pupil: only, by: 'name' };
    return { pupil: null, reason: found.size > 1 ? 'ambiguous_name' : 'unknown_pupil' };
  };
}
