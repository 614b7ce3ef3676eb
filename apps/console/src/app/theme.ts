import { createTheme } from '@mantine/core';

/** Préau's Mantine theme: a calm teal, readable sizes. */
export const theme = createTheme({
  primaryColor: 'teal',
  defaultRadius: 'md',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
});
