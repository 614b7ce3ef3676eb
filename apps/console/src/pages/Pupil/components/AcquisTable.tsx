import { List, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../../i18n/format.ts';
import { child, displayRef, type ContentNode } from './content-tree.ts';
import { refsOf, type ContentLabels } from './labels.ts';
import { NotKept } from './NotKept.tsx';

/** What Préau did not keep of a bilan's results (the class is assessed the other way). */
export interface IgnoredResults {
  averages: boolean;
  positioning: boolean;
}

/** Disciplines (collège) or domains (école) of a periodic bilan: positioning, averages, appreciation. */
export function AcquisTable({ list, labels, ignored }: { list: ContentNode; labels: ContentLabels; ignored: IgnoredResults }) {
  const { t } = useTranslation();
  const format = useFormat();
  const domain = (code: string | undefined) => format.code('ecoleDomain', code);
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
                  <Text size="xs" c="dimmed">{t('pupil.teachers', { refs: refsOf(acquis.attributes['enseignant-refs']).map((ref) => labels.teacher(ref) ?? displayRef(ref)).join(', '), count: refsOf(acquis.attributes['enseignant-refs']).length })}</Text>
                )}
                <ProgrammeElements labels={programme(acquis)} />
                {child(acquis, 'sous-domaines')?.children.map((sub, s) => (
                  <Stack gap={0} key={s} mt={4}>
                    <Text size="xs">
                      {domain(sub.attributes['code-domaine'])}
                      {sub.attributes.positionnement ? `${t('common.colon')}${t('pupil.positioning', { value: sub.attributes.positionnement })}` : ''}
                    </Text>
                    <ProgrammeElements labels={programme(sub)} />
                  </Stack>
                ))}
              </Table.Td>
              <Table.Td><Result acquis={acquis} ignored={ignored} /></Table.Td>
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

/**
 * Positioning, the pupil's and the class's averages (written the language's way), or why there is no
 * mark; what Préau did not keep is struck through and says so.
 */
function Result({ acquis, ignored }: { acquis: ContentNode; ignored: IgnoredResults }) {
  const { t } = useTranslation();
  const format = useFormat();
  const a = acquis.attributes;
  const lines: { text: string; kept: boolean }[] = [];
  if (a.positionnement) lines.push({ text: t('pupil.positioning', { value: a.positionnement }), kept: !ignored.positioning });
  if (a['moyenne-eleve']) lines.push({ text: t('pupil.average', { value: format.number(a['moyenne-eleve']) }), kept: !ignored.averages });
  if (a['moyenne-structure']) lines.push({ text: t('pupil.classAverage', { value: format.number(a['moyenne-structure']) }), kept: !ignored.averages });
  if (a['statut-evaluation-eleve']) lines.push({ text: t(`lsu.evaluationStatus.${a['statut-evaluation-eleve']}`), kept: true });
  if (a['non-evalue'] === 'true' || a['eleve-non-note'] === 'true') lines.push({ text: t('lsu.evaluationStatus.1'), kept: true });
  if (lines.length === 0) return <Text size="sm" c="dimmed">—</Text>;
  return (
    <Stack gap={0}>
      {lines.map((line) => (line.kept ? <Text size="sm" key={line.text}>{line.text}</Text> : <NotKept key={line.text}>{line.text}</NotKept>))}
    </Stack>
  );
}
