/** An Alert whose title is in the text colour: Mantine's tinted titles fail AA contrast. */
import { Alert, type AlertProps } from "@mantine/core";

export function Notice(props: AlertProps) {
  return <Alert {...props} styles={{ title: { color: "var(--mantine-color-text)" } }} />;
}
