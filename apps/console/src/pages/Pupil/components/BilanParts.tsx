import { List, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { nomenclatureLabel } from '@preau/contracts';
import { useFormat } from '../../../i18n/format.ts';
import { child, childrenNamed, displayRef, textOf, type ContentNode } from './content-tree.ts';
import { refsOf, type ContentLabels } from './labels.ts';
import { Section } from './Section.tsx';

/** A pupil's EPI and personalised-support groups, by their titles in the file, with the comment on each. */
export function BilanGroups({ content, labels }: { content: ContentNode; labels: ContentLabels }) {
  const { t } = useTranslation();
  const format = useFormat();
  // A national theme by its label; a school's own theme (collège 10.0 \`epis-thematiques\`) is left out rather than shown as a code.
  const epiTheme = (ref: string) => {
    const theme = nomenclatureLabel('epiTheme', labels.epiTheme(ref), format.locale);
    return theme === undefined ? undefined : t('pupil.epiTheme', { theme });
  };
  const groups = [
    { title: t('pupil.epis'), items: childrenNamed(child(content, 'epis-eleve'), 'epi-eleve'), ref: 'epi-groupe-ref', name: labels.epiGroup, detail: epiTheme },
    { title: t('pupil.accompaniment'), items: childrenNamed(child(content, 'acc-persos-eleve'), 'acc-perso-eleve'), ref: 'acc-perso-groupe-ref', name: labels.accompanimentGroup, detail: () => undefined },
  ];
  return groups.filter((g) => g.items.length > 0).map((g) => (
    <Section title={g.title} key={g.ref}>
      <List size="sm" spacing={2}>
        {g.items.map((item, k) => {
          const ref = item.attributes[g.ref] ?? '';
          const comment = textOf(item, 'commentaire');
          const detail = g.detail(ref);
          return (
            <List.Item key={k} data-ref={ref}>
              <b>{g.name(ref) ?? displayRef(ref)}</b>{comment ? `${t('common.colon')}${comment}` : ''}
              {detail && <Text size="sm" c="dimmed" component="span" display="block" data-epi-theme>{detail}</Text>}
            </List.Item>
          );
        })}
      </List>
    </Section>
  ));
}

/** Digital skills: the class's common appraisal as the file wrote it, the pupil's, and the levels reached. */
export function DigitalSkills({ content, labels }: { content: ContentNode; labels: ContentLabels }) {
  const { t } = useTranslation();
  const format = useFormat();
  const skills = child(content, 'competences-numeriques');
  if (!skills) return null;
  const common = refsOf(skills.attributes['comp-num-commun-refs']).map((ref) => labels.digitalCommon(ref)).filter(Boolean);
  const own = textOf(skills, 'appreciation-num');
  const levels = childrenNamed(skills, 'competence-num');
  return (
    <Section title={t('pupil.digital')}>
      <Stack gap={2}>
        {common.map((text, k) => <Text size="sm" key={k}>{t('pupil.digitalCommon', { text })}</Text>)}
        {own && <Text size="sm">{own}</Text>}
        {levels.length > 0 && (
          <List size="sm" spacing={0} aria-label={t('pupil.digitalLevels')}>
            {levels.map((c, k) => (
              <List.Item key={k}>{t('pupil.digitalLevel', { skill: format.code('digitalSkill', c.attributes.code), level: format.code('digitalLevel', c.attributes.niveau) })}</List.Item>
            ))}
          </List>
        )}
      </Stack>
    </Section>
  );
}

/** Who signs for the bilan: head of school or director, main teachers, the teachers of an école bilan. */
export function BilanPeople({ content, labels }: { content: ContentNode; labels: ContentLabels }) {
  const { t } = useTranslation();
  const a = content.attributes;
  const names = (value: string | undefined, name: (ref: string) => string | undefined) => refsOf(value).map((ref) => name(ref) ?? displayRef(ref)).join(', ');
  const lines: string[] = [];
  if (a['responsable-etab-ref']) lines.push(t('pupil.schoolHead', { name: names(a['responsable-etab-ref'], labels.schoolHead) }));
  if (a['directeur-ref']) lines.push(t('pupil.director', { name: names(a['directeur-ref'], labels.director) }));
  if (a['prof-princ-refs']) lines.push(t('pupil.mainTeachers', { names: names(a['prof-princ-refs'], labels.teacher), count: refsOf(a['prof-princ-refs']).length }));
  if (a['enseignant-refs']) lines.push(t('pupil.teachers', { refs: names(a['enseignant-refs'], labels.teacher), count: refsOf(a['enseignant-refs']).length }));
  if (lines.length === 0) return null;
  return <Stack gap={0}>{lines.map((line) => <Text size="sm" c="dimmed" key={line}>{line}</Text>)}</Stack>;
}
