import { Button, Group, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { HostingBase } from '@preau/contracts';
import { useHostingBaseTransition } from '../../../api/hosting.ts';
import { FormAlert } from '../../../components/FormAlert.tsx';
import { useErrorText } from '../../../i18n/errors.ts';
import { BaseStateBadge } from '../../Bases/components/BaseStateBadge.tsx';

/** The organisation's bases with their console actions, then the bases a load replaced (*Bases précédemment activées*). */
export function HostingBasesTable({ bases }: { bases: HostingBase[] }) {
  const { t } = useTranslation();
  const transition = useHostingBaseTransition();
  const errorText = useErrorText();
  const active = bases.filter((b) => b.replacedAt === null);
  const previous = bases.filter((b) => b.replacedAt !== null);
  const act = (baseId: string, name: 'stop' | 'put-in-service' | 'switch-back') => transition.mutate({ baseId, transition: name });
  const busy = (baseId: string) => transition.isPending && transition.variables.baseId === baseId;

  const rows = (list: HostingBase[], replaced: boolean) =>
    list.map((b) => (
      <Table.Tr key={b.id}>
        <Table.Td>{b.uai}</Table.Td>
        <Table.Td>{b.name}</Table.Td>
        <Table.Td>{b.schoolYear}</Table.Td>
        <Table.Td><BaseStateBadge state={b.state} /></Table.Td>
        <Table.Td>
          <Group gap="xs">
            {replaced && <Button size="xs" variant="light" loading={busy(b.id)} onClick={() => act(b.id, 'switch-back')}>{t('hostingFiles.switchBack')}</Button>}
            {!replaced && b.state === 'in_service' && <Button size="xs" variant="light" color="red" loading={busy(b.id)} onClick={() => act(b.id, 'stop')}>{t('hostingFiles.stop')}</Button>}
            {!replaced && (b.state === 'stopped' || b.state === 'empty') && <Button size="xs" variant="light" loading={busy(b.id)} onClick={() => act(b.id, 'put-in-service')}>{t('hostingFiles.putInService')}</Button>}
          </Group>
        </Table.Td>
      </Table.Tr>
    ));
  const head = (
    <Table.Thead>
      <Table.Tr>
        <Table.Th>{t('bases.uai')}</Table.Th>
        <Table.Th>{t('fields.name')}</Table.Th>
        <Table.Th>{t('bases.schoolYear')}</Table.Th>
        <Table.Th>{t('hosting.state')}</Table.Th>
        <Table.Th />
      </Table.Tr>
    </Table.Thead>
  );

  return (
    <>
      <Title order={2} size="h4">{t('hosting.basesTitle')}</Title>
      <FormAlert message={transition.isError ? errorText(transition.error) : null} />
      {active.length === 0 ? <Text size="sm" c="dimmed">{t('hosting.noBases')}</Text> : <Table>{head}<Table.Tbody>{rows(active, false)}</Table.Tbody></Table>}
      {previous.length > 0 && (
        <>
          <Title order={2} size="h4">{t('hostingFiles.previousTitle')}</Title>
          <Text size="sm" c="dimmed">{t('hostingFiles.previousIntro')}</Text>
          <Table>{head}<Table.Tbody>{rows(previous, true)}</Table.Tbody></Table>
        </>
      )}
    </>
  );
}
