import { useState } from 'react';
import { Button, Group, Modal, Text } from '@mantine/core';
import type { Base } from '@preau/contracts';
import { useTranslation } from 'react-i18next';
import { useChangeBaseState } from '../../../api/bases.ts';
import { FormAlert } from '../../../components/FormAlert.tsx';
import { useErrorText } from '../../../i18n/errors.ts';

/** "Put in service" or "Stop" for a base, each confirmed in a dialog. */
export function BaseStateActions({ base }: { base: Base }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const change = useChangeBaseState();
  const [open, setOpen] = useState(false);
  const transition = base.state === 'in_service' ? 'stop' : base.state === 'empty' || base.state === 'stopped' ? 'put-in-service' : undefined;
  if (!transition) return null;
  const label = t(transition === 'stop' ? 'bases.stop' : 'bases.putInService');
  return (
    <>
      <Button size="xs" variant={transition === 'stop' ? 'outline' : 'filled'} color={transition === 'stop' ? 'red' : undefined}
        onClick={() => { change.reset(); setOpen(true); }} aria-label={`${label} : ${base.name}`}>
        {label}
      </Button>
      <Modal opened={open} onClose={() => setOpen(false)} title={label}>
        <Text mb="md">{t(transition === 'stop' ? 'bases.stopConfirm' : 'bases.putInServiceConfirm', { name: base.name, year: base.schoolYear })}</Text>
        <FormAlert message={change.error ? errorText(change.error) : null} />
        <Group justify="flex-end">
          <Button variant="default" onClick={() => setOpen(false)}>{t('common.cancel')}</Button>
          <Button color={transition === 'stop' ? 'red' : undefined} loading={change.isPending}
            onClick={() => change.mutate({ baseId: base.id, transition }, { onSuccess: () => setOpen(false) })}>
            {t('bases.confirm')}
          </Button>
        </Group>
      </Modal>
    </>
  );
}
