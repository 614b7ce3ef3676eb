import { useEffect } from 'react';
import { Text } from '@mantine/core';
import { useBase } from '../../api/bases.ts';
import { rememberOrganization } from '../../api/organizations.ts';

/**
 * The base a page is about, as a line above its title (school, UAI, school year); also makes the
 * base's organisation the current one in the header and navigation.
 */
export function BaseContext({ baseId }: { baseId: string }) {
  const { data: base } = useBase(baseId);
  useEffect(() => {
    if (base) rememberOrganization(base.organizationId);
  }, [base]);
  if (!base) return null;
  return <Text c="dimmed" size="sm" fw={500}>{`${base.name} · ${base.uai} · ${base.schoolYear}`}</Text>;
}
