import { Text } from '@mantine/core';
import { useBase } from '../../app/base-scope.tsx';

/** The base a page is about, as a line above its title (school, UAI, school year). */
export function BaseContext() {
  const base = useBase();
  return <Text c="dimmed" size="sm" fw={500}>{`${base.name} · ${base.uai} · ${base.schoolYear}`}</Text>;
}
