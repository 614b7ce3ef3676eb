import { List, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { child, displayRef, type ContentNode } from './content-tree.ts';
import { refsOf, type ContentLabels } from './labels.ts';

/** Disciplines (collège) or domains (école) of a periodic bilan: positioning, averages, appreciation. */
export function AcquisTable({ list, labels }: { list: ContentNode; labels: ContentLabels }) {
  const { t, i18n } = useTranslation();
  const domain = (code: string | undefined) => (code && i18n.exists(`lsu.domain.${code}`) ? t(`lsu.domain.${code}`) : code);
  const subject = (node: ContentNode) => {
    if (node.attributes['code-domaine']) return domain(node.attributes['code-domaine']);
    const ref = node.attributes['discipline-ref'] ?? '';
    return labels.discipline(ref) ?? displayRef(ref);
  };
  const programme = (node: ContentNode) => refsOf(node.attributes['element-programme-refs']).map((ref) => labels.programmeElement(ref) ?? displayRef(ref));
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table verticalSpacing="xs" withTableBorder withColumnBorders>
        <Table.Thead>
          <Table.Tr>
            <Table.Th w="25%">{t('pupil.subject')}</Table.Th>
            <Table.Th w="22%">{t('pupil.result')}</Table.Th>
            <Table.Th>{t('pupil.appreciation')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {list.children.map((acquis, k) => (
            <Table.Tr key={k}>
              <Table.Td>
                <Text size="sm" fw={600}>{subject(acquis)}</Text>
                {acquis.attributes['enseignant-refs'] && (
                  <Text size="xs" c="dimmed">{t('pupil.teachers', { refs: refsOf(acquis.attributes['enseignant-refs']).map((ref) => labels.teacher(ref) ?? displayRef(ref)).join(', ') })}</Text>
                )}
                <ProgrammeElements labels={programme(acquis)} />
                {child(acquis, 'sous-domaines')?.children.map((sub, s) => (
                  <Stack gap={0} key={s} mt={4}>
                    <Text size="xs">
                      {domain(sub.attributes['code-domaine'])}
                      {sub.attributes.positionnement ? ` : ${t('pupil.positioning', { value: sub.attributes.positionnement })}` : ''}
                    </Text>
                    <ProgrammeElements labels={programme(sub)} />
                  </Stack>
                ))}
              </Table.Td>
              <Table.Td><Result acquis={acquis} /></Table.Td>
              <Table.Td><Text size="sm">{child(acquis, 'appreciation')?.text ?? '—'}</Text></Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** The programme elements worked on, as the file names them. */
function ProgrammeElements({ labels }: { labels: string[] }) {
  const { t } = useTranslation();
  if (labels.length === 0) return null;
  return (
    <List size="xs" spacing={0} mt={2} aria-label={t('pupil.programmeElements')} c="dimmed">
      {labels.map((label, k) => <List.Item key={k}>{label}</List.Item>)}
    </List>
  );
}

/** Positioning, the pupil's and the class's averages, or why there is no mark. */
function Result({ acquis }: { acquis: ContentNode }) {
  const { t } = useTranslation();
  const a = acquis.attributes;
  const lines: string[] = [];
  if (a.positionnement) lines.push(t('pupil.positioning', { value: a.positionnement }));
  if (a['moyenne-eleve']) lines.push(t('pupil.average', { value: a['moyenne-eleve'] }));
  if (a['moyenne-structure']) lines.push(t('pupil.classAverage', { value: a['moyenne-structure'] }));
  if (a['statut-evaluation-eleve']) lines.push(t(`lsu.evaluationStatus.${a['statut-evaluation-eleve']}`));
  if (a['non-evalue'] === 'true' || a['eleve-non-note'] === 'true') lines.push(t('lsu.evaluationStatus.1'));
  if (lines.length === 0) return <Text size="sm" c="dimmed">—</Text>;
  return <Stack gap={0}>{lines.map((line) => <Text size="sm" key={line}>{line}</Text>)}</Stack>;
}
