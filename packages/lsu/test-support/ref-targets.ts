/**
 * What each IDREF(S) attribute must point at. The XSDs only say "xs:IDREF"; the kinds come from the
 * format's documentation (REPORT.md §3.8). `discipline/@id-lv` is undocumented: left out on purpose.
 */
export const REF_TARGETS: Record<string, string> = {
  'eleve-ref': 'eleve',
  'periode-ref': 'periode',
  'responsable-etab-ref': 'responsable-etab',
  'prof-princ-refs': 'enseignant',
  'enseignant-refs': 'enseignant',
  'enseignant-ref': 'enseignant',
  'discipline-ref': 'discipline',
  'discipline-refs': 'discipline',
  'element-programme-refs': 'element-programme',
  'comp-num-commun-refs': 'competences-numeriques-commun',
  'epi-ref': 'epi',
  'epi-groupe-ref': 'epi-groupe',
  'acc-perso-ref': 'acc-perso',
  'acc-perso-groupe-ref': 'acc-perso-groupe',
  'classe-ref': 'classe',
  'directeur-ref': 'directeur',
};
