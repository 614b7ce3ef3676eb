import { useState } from 'react';
import { Anchor, Button, Card, Group, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { can } from '@preau/contracts';
import { useTranslation } from 'react-i18next';
import { letterFileUrl, useLetters } from '../../api/base-documents.ts';
import { useBase } from '../../app/base-scope.tsx';
import { useErrorText } from '../../i18n/errors.ts';
import { useFormat } from '../../i18n/format.ts';
import { FormAlert } from '../FormAlert.tsx';
import { GenerateLetterDialog } from './GenerateLetterDialog.tsx';

/** A pupil's letters to their family (newest first), each opened or downloaded as its PDF; "Générer une lettre". */
export function LettersPanel({ pupilId, pupilName }: { pupilId: string; pupilName: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const errorText = useErrorText();
  const base = useBase();
  const allowed = can(base, 'baseLetters.manage');
  const letters = useLetters(base.id, pupilId, allowed);
  const [generating, setGenerating] = useState(false);
  if (!allowed) return null;

  return (
    <Card withBorder component="section" aria-labelledby="letters-title">
      <Stack>
        <Group justify="space-between">
          <Title order={2} size="h3" id="letters-title">{t('letters.title')}</Title>
          <Button variant="light" onClick={() => setGenerating(true)}>{t('letters.generate')}</Button>
        </Group>
        {letters.isPending && <Loader size="sm" aria-label={t('common.loading')} />}
        <FormAlert message={letters.isError ? errorText(letters.error) : null} />
        {letters.data?.length === 0 && <Text c="dimmed">{t('letters.empty')}</Text>}
        {letters.data && letters.data.length > 0 && (
          <Table striped aria-label={t('letters.title')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('letters.template')}</Table.Th>
                <Table.Th>{t('documents.fields.date')}</Table.Th>
                <Table.Th>{t('letters.author')}</Table.Th>
                <Table.Th>{t('common.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {letters.data.map((letter) => (
                <Table.Tr key={letter.id}>
                  <Table.Td>{`${t(`letters.templates.${letter.template}`)}${letter.template === 'information' && letter.fields.subject ? ` · ${letter.fields.subject}` : ''}`}</Table.Td>
                  <Table.Td>{format.date(letter.createdAt)}</Table.Td>
                  <Table.Td>{letter.createdBy ?? '—'}</Table.Td>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      <Anchor size="sm" href={letterFileUrl(base.id, letter.id, true)} target="_blank" rel="noopener">{t('documents.preview')}</Anchor>
                      <Anchor size="sm" href={letterFileUrl(base.id, letter.id)} download>{t('documents.download')}</Anchor>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
      {generating && <GenerateLetterDialog owner={{ pupilId }} ownerName={pupilName} onClose={() => setGenerating(false)} />}
    </Card>
  );
}
