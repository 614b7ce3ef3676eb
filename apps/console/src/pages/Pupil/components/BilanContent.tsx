import { List, SimpleGrid, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../../i18n/format.ts';
import { AcquisTable, type IgnoredResults } from './AcquisTable.tsx';
import { BilanGroups, BilanPeople, DigitalSkills } from './BilanParts.tsx';
import { child, childrenNamed, textOf, type ContentNode } from './content-tree.ts';
import type { ContentLabels } from './labels.ts';
import { NotKept } from './NotKept.tsx';
import { Section } from './Section.tsx';

/** What Préau did not keep of a bilan, as its alerts said. */
export interface IgnoredParts extends IgnoredResults {
  modalities: boolean;
}

const VIE_SCOLAIRE = ['nb-retards', 'nb-abs-justifiees', 'nb-abs-injustifiees', 'nb-heures-manquees'] as const;

/** A stored bilan made readable: who signs, disciplines, appreciations, projects, vie scolaire, socle, parcours. */
export function BilanContent({ content, labels, ignored }: { content: ContentNode; labels: ContentLabels; ignored: IgnoredParts }) {
  const { t } = useTranslation();
  const format = useFormat();
  // "label : value" in French, "label: value" in English.
  const colon = t('common.colon');
  const acquis = child(content, 'liste-acquis');
  const general = textOf(content, 'acquis-conseils') ?? textOf(content, 'appreciation-generale');
  const synthesis = textOf(content, 'synthese');
  const vie = child(content, 'vie-scolaire');
  const socle = child(content, 'socle');
  const parcours = childrenNamed(child(content, 'liste-parcours'), 'parcours');
  const modalites = childrenNamed(child(content, 'modalites-accompagnement'), 'modalite-accompagnement');
  const complement = child(content, 'enseignement-complement');
  const regional = child(content, 'langue-culture-regionale');

  return (
    <Stack gap="md">
      <BilanPeople content={content} labels={labels} />
      {acquis && <Section title={t('pupil.acquis')}><AcquisTable list={acquis} labels={labels} ignored={ignored} /></Section>}
      {general && <Section title={t('pupil.generalAppreciation')}><Text size="sm">{general}</Text></Section>}
      {synthesis && <Section title={t('pupil.synthesis')}><Text size="sm">{synthesis}</Text></Section>}
      <BilanGroups content={content} labels={labels} />
      <DigitalSkills content={content} labels={labels} />
      {vie && (
        <Section title={t('pupil.vieScolaire')}>
          <SimpleGrid cols={{ base: 2, sm: 4 }} component="dl" m={0}>
            {VIE_SCOLAIRE.filter((k) => vie.attributes[k] !== undefined).map((k) => (
              <Stack gap={0} key={k}>
                <Text component="dt" size="xs" c="dimmed">{t(`pupil.vie.${k}`)}</Text>
                <Text component="dd" m={0} size="sm" fw={600}>{format.number(vie.attributes[k] ?? '')}</Text>
              </Stack>
            ))}
          </SimpleGrid>
          {textOf(vie, 'commentaire') && <Text size="sm" mt="xs">{textOf(vie, 'commentaire')}</Text>}
        </Section>
      )}
      {socle && (
        <Section title={t('pupil.socle')}>
          <List size="sm" spacing={2}>
            {socle.children.map((d, k) => (
              <List.Item key={k}>
                {format.code('socleDomain', d.attributes.code)}{colon}{d.attributes.positionnement === undefined ? '—' : format.code('socleLevel', d.attributes.positionnement)}
              </List.Item>
            ))}
          </List>
        </Section>
      )}
      {complement && (
        <Section title={t('pupil.complement')}>
          <Text size="sm">{format.code('complement', complement.attributes.code)}{complement.attributes.positionnement ? `${colon}${format.code('complementLevel', complement.attributes.positionnement)}` : ''}</Text>
        </Section>
      )}
      {regional && (
        <Section title={t('pupil.regional')}>
          <Text size="sm">{format.code('regionalLanguage', regional.attributes.code)}{regional.attributes.positionnement ? `${colon}${format.code('regionalLevel', regional.attributes.positionnement)}` : ''}</Text>
        </Section>
      )}
      {parcours.length > 0 && (
        <Section title={t('pupil.parcours')}>
          <List size="sm" spacing={2}>
            {parcours.map((p, k) => <List.Item key={k}><b>{format.code('parcours', p.attributes.code)}</b>{colon}{p.text}</List.Item>)}
          </List>
        </Section>
      )}
      {modalites.length > 0 && (
        <Section title={t('pupil.modalites')}>
          <List size="sm" spacing={2}>
            {modalites.map((m, k) => {
              const text = `${format.code('accompaniment', m.attributes.code)}${m.children[0]?.text ? `${colon}${m.children[0].text}` : ''}`;
              return <List.Item key={k}>{ignored.modalities ? <NotKept>{text}</NotKept> : text}</List.Item>;
            })}
          </List>
        </Section>
      )}
    </Stack>
  );
}
