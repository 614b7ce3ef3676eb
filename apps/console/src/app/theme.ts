import { createTheme, PasswordInput } from '@mantine/core';

/**
 * Préau's Mantine theme: a calm teal, readable sizes; the labels Mantine would write in English (the
 * password field's show/hide button) come in the console's language.
 */
export function createConsoleTheme(passwordToggleLabel: string) {
  return createTheme({
    primaryColor: 'teal',
    defaultRadius: 'md',
    fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
    components: {
      PasswordInput: PasswordInput.extend({ defaultProps: { visibilityToggleButtonProps: { 'aria-label': passwordToggleLabel } } }),
    },
  });
}
