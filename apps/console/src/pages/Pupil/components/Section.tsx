import type { ReactNode } from 'react';
import { Stack, Title } from '@mantine/core';

/** A titled part of a bilan's content. */
export function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Stack gap={4}>
      <Title order={4} size="h6">{title}</Title>
      {children}
    </Stack>
  );
}
