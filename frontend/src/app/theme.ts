/** The app's Mantine theme, tuned so text passes WCAG AA contrast (axe "color-contrast"). */
import { type CSSVariablesResolver, createTheme, Modal, Notification } from "@mantine/core";

export const theme = createTheme({
  // blue.8 under white text is 5.0:1; the "light" variants use blue.9 text on a pale tint.
  primaryColor: "blue",
  primaryShade: { light: 8, dark: 6 },
  defaultRadius: "sm",
  fontFamily: "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif",
  // The close buttons are icons: axe ("button-name") and screen readers need a name.
  components: {
    Modal: Modal.extend({ defaultProps: { closeButtonProps: { "aria-label": "Close" } } }),
    Notification: Notification.extend({
      defaultProps: { closeButtonProps: { "aria-label": "Close" } },
    }),
  },
});

/** Mantine's default dimmed text (gray.6, 3.3:1 on white) is too faint: gray.7 is 8:1. */
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: { "--mantine-color-dimmed": "var(--mantine-color-gray-7)" },
  dark: {},
});
