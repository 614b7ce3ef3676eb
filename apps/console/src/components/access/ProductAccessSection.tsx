import { Paper, Text, Title } from '@mantine/core';
import type { ProductAccessEntry } from '@preau/contracts';
import { ProductAccessTable } from './ProductAccessTable.tsx';

/** A page's "who has access" section: its title, what it lists, and the table of people and reasons. */
export function ProductAccessSection({ id, title, intro, query }: {
  id: string;
  title: string;
  intro: string;
  query: { isPending: boolean; data: ProductAccessEntry[] | undefined; error: unknown };
}) {
  return (
    <Paper withBorder p="md" component="section" aria-labelledby={id}>
      <Title order={2} size="h4" mb={4} id={id}>{title}</Title>
      <Text size="sm" c="dimmed" mb="sm">{intro}</Text>
      <ProductAccessTable label={title} query={query} />
    </Paper>
  );
}
