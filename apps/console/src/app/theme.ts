import { Anchor, createTheme, Drawer, Modal, NavLink, PasswordInput } from '@mantine/core';

/**
 * Préau's Mantine theme: a calm teal, readable sizes; the labels Mantine would write in English (the
 * password field's show/hide button, the close button of dialogs and side panels) come in the console's language.
 */
export function createConsoleTheme(passwordToggleLabel: string, closeLabel: string) {
  return createTheme({
    primaryColor: 'teal',
    // The darkest teal: white on it, and it on white, read at WCAG AA contrast (axe scans every page).
    primaryShade: 9,
    defaultRadius: 'md',
    fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
    components: {
      // Links inside sentences are told from the text by more than their colour.
      Anchor: Anchor.extend({ defaultProps: { underline: 'always' } }),
      // The current page in the navigation: white on the darkest teal (the light tint fails AA contrast).
      NavLink: NavLink.extend({ defaultProps: { variant: 'filled' } }),
      Modal: Modal.extend({ defaultProps: { closeButtonProps: { 'aria-label': closeLabel } } }),
      Drawer: Drawer.extend({ defaultProps: { closeButtonProps: { 'aria-label': closeLabel } } }),
      PasswordInput: PasswordInput.extend({ defaultProps: { visibilityToggleButtonProps: { 'aria-label': passwordToggleLabel } } }),
    },
  });
}
