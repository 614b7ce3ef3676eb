import { Box, Container, Group, Paper, Title } from '@mantine/core';
import { Outlet } from '@tanstack/react-router';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { AnchorLink } from './links.tsx';
import { MAIN_CONTENT_ID, SkipLink } from './SkipLink.tsx';

/** Frame of the pages reachable without a session: a title and one centred card. */
export function PublicLayout() {
  return (
    <Container size="sm" py="xl">
      <SkipLink />
      <Group justify="space-between" mb="lg">
        <AnchorLink to="/" underline="never" c="inherit">
          <Title order={2} component="p">Préau</Title>
        </AnchorLink>
        <LanguageSwitch />
      </Group>
      <Paper withBorder shadow="sm" p="xl" component="main" id={MAIN_CONTENT_ID} tabIndex={-1}>
        <Box>
          <Outlet />
        </Box>
      </Paper>
    </Container>
  );
}
