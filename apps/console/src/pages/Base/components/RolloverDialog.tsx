import { useState } from 'react';
import { Alert, Button, Group, Modal, Select, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { Base, RolloverPlan } from '@preau/contracts';
import { useRollover, useRolloverPlan } from '../../../api/base-rollover.ts';
import { FormAlert } from '../../../components/FormAlert.tsx';
import { PageLoader } from '../../../components/PageStatus.tsx';
import { useErrorText } from '../../../i18n/errors.ts';

const LEAVES = '';

/**
 * "Move on to next year": what next year's base receives, and where each class's pupils go (Préau's
 * proposal, which the direction changes), confirmed once; then next year's base opens.
 */
export function RolloverDialog({ base }: { base: Base }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const plan = useRolloverPlan(base.id, open);
  return (
    <>
      <Button size="xs" variant="light" onClick={() => setOpen(true)}>{t('rollover.open')}</Button>
      <Modal opened={open} onClose={() => setOpen(false)} size="xl" title={t('rollover.title', { year: plan.data?.nextSchoolYear ?? '' })}>
        {plan.data ? <RolloverForm base={base} plan={plan.data} onDone={() => setOpen(false)} /> : plan.isError ? <FormAlert message={t('rollover.planError')} /> : <PageLoader />}
      </Modal>
    </>
  );
}

function RolloverForm({ base, plan, onDone }: { base: Base; plan: RolloverPlan; onDone: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const navigate = useNavigate();
  const rollover = useRollover(base.id, base.organizationId);
  const [targets, setTargets] = useState<Record<string, string>>(() => Object.fromEntries(plan.classes.map((c) => [c.classId, c.proposedTarget ?? LEAVES])));
  const options = [{ value: LEAVES, label: t('rollover.leaves') }, ...plan.classes.map((c) => ({ value: c.code, label: c.code }))];
  const carried = plan.classes.filter((c) => targets[c.classId] !== LEAVES).reduce((sum, c) => sum + c.pupils, 0);
  const { counts } = plan;

  if (plan.existingNextBaseId) {
    return (
      <Stack>
        <Alert color="yellow">{t('rollover.exists', { year: plan.nextSchoolYear })}</Alert>
        <Group justify="flex-end">
          <Button onClick={() => { onDone(); void navigate({ to: '/bases/$baseId', params: { baseId: plan.existingNextBaseId ?? '' } }); }}>{t('rollover.openNext')}</Button>
        </Group>
      </Stack>
    );
  }
  return (
    <Stack>
      <Text size="sm">{t('rollover.intro', { year: plan.nextSchoolYear, current: base.schoolYear })}</Text>
      <SimpleGrid cols={{ base: 2, sm: 5 }}>
        {(['periods', 'classes', 'teachers', 'disciplines', 'profiles'] as const).map((kind) => (
          <div key={kind}><Text size="xs" c="dimmed">{t(`rollover.counts.${kind}`)}</Text><Text fw={500}>{counts[kind]}</Text></div>
        ))}
      </SimpleGrid>
      <Table.ScrollContainer minWidth={480} mah={360}>
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('rollover.classThisYear')}</Table.Th>
              <Table.Th>{t('rollover.pupils')}</Table.Th>
              <Table.Th>{t('rollover.classNextYear')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {plan.classes.map((c) => (
              <Table.Tr key={c.classId}>
                <Table.Td>{c.code} <Text span size="xs" c="dimmed">{c.label}</Text></Table.Td>
                <Table.Td>{c.pupils}</Table.Td>
                <Table.Td>
                  <Select size="xs" data={options} value={targets[c.classId] ?? LEAVES} allowDeselect={false} aria-label={t('rollover.classNextYearOf', { code: c.code })}
                    onChange={(value) => setTargets((current) => ({ ...current, [c.classId]: value ?? LEAVES }))} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Text size="sm">{t('rollover.summary', { carried, leaving: counts.pupils - carried })}</Text>
      <Alert color="blue">{t('rollover.archiveNotice', { current: base.schoolYear })}</Alert>
      <FormAlert message={rollover.error ? errorText(rollover.error) : null} />
      <Group justify="flex-end">
        <Button variant="default" onClick={onDone}>{t('common.cancel')}</Button>
        {/* Awaited rather than an onSuccess callback: this base, archived, drops the dialog before such a callback would run. */}
        <Button loading={rollover.isPending}
          onClick={() => void rollover
            .mutateAsync({ classes: plan.classes.map((c) => ({ classId: c.classId, target: targets[c.classId] === LEAVES ? null : (targets[c.classId] ?? null) })) })
            .then((result) => { onDone(); return navigate({ to: '/bases/$baseId', params: { baseId: result.baseId } }); }, () => undefined)}>
          {t('rollover.confirm', { year: plan.nextSchoolYear })}
        </Button>
      </Group>
    </Stack>
  );
}
